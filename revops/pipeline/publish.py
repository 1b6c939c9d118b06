"""Publishing the warehouse for readers: BI tools read a finished copy, never the file a build writes.

`revops build` and `run` build into the work file (warehouse/revops.duckdb). After a successful build the work
file is copied beside it under a temporary name and renamed over the published file
(warehouse/revops.published.duckdb) in one step (os.replace). A reader that has the published file open keeps
reading the build it opened (the rename does not touch the open file); a reader that opens it afterwards sees
the new build. Neither side waits for the other: a reader holds no lock on the work file, and a build never
writes the published file in place.

The copy is a byte copy of the checkpointed work file while revops holds DuckDB's lock on it (nothing writes it
meanwhile). A work file in a storage format newer than the one readers need (one written before this setting,
or with REVOPS_STORAGE_COMPATIBILITY=latest then changed back) is converted instead: DuckDB copies the database
into a new file of the wanted format.

`parquet` writes the marts as Parquet files, one per table or view, each by a temporary file and a rename, and
a manifest (table, rows, columns) last, for tools that prefer files or object storage.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from revops import settings
from revops.errors import RevopsError
from revops.warehouse import connect, existing, quote_identifier, quote_literal, storage_version

MARTS = "marts"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Published:
    """The published file, its size, how long publishing took, and whether the work file had to be converted."""

    path: Path
    size_bytes: int
    seconds: float
    converted: bool

    @property
    def note(self) -> str | None:
        """What to do about a work file that is converted on every publish (it stays in its newer format)."""
        if not self.converted:
            return None
        return (
            f"the work file is in a DuckDB storage format 1.x readers cannot open, so each publish converts it; "
            f"while no revops command runs, `cp {self.path} {self.path.with_name(_work_name(self.path))}` makes "
            "the readable copy the work file"
        )


def _work_name(published: Path) -> str:
    return published.name.replace(settings.PUBLISHED_SUFFIX + published.suffix, published.suffix)


@dataclass
class ParquetTable:
    table: str
    file: str
    rows: int
    columns: list[dict[str, str]] = field(default_factory=list)


def is_stale(work: Path) -> bool:
    """The published copy is missing or older than the work file (a build, a check or a quarantine since)."""
    published = settings.published_path(work)
    return not published.is_file() or published.stat().st_mtime_ns < work.stat().st_mtime_ns


def publish(work: Path) -> Published:
    """Copy the work file to the published path by an atomic rename. The caller holds `exclusive(work)`."""
    target = settings.published_path(work)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    started = time.perf_counter()
    try:
        con = connect(work)  # DuckDB's lock on the work file: no other process writes it during the copy
        try:
            con.execute("checkpoint")  # everything in the file itself, nothing left in the write-ahead log
            converted = not readable_as_wanted(storage_version(con))
            if converted:
                _convert(con, temp)
            else:
                shutil.copyfile(work, temp)
        finally:
            con.close()
        _sync(temp)
        os.replace(temp, target)
        _sync(target.parent)
    except OSError as exc:
        raise RevopsError(
            f"the build is done but could not be published to {target}: {exc}",
            hint="free disk space or fix the folder's permissions, then run `revops publish`",
        ) from exc
    finally:
        temp.unlink(missing_ok=True)
    return Published(target, target.stat().st_size, time.perf_counter() - started, converted)


def readable_as_wanted(tag: str | None) -> bool:
    """Whether a file tagged `tag` (e.g. 'v1.0.0+') is no newer than the format of settings.storage_compatibility."""
    wanted = settings.storage_compatibility()
    if wanted == "latest":
        return True
    found = _version(tag or "")
    return found is not None and found <= (_version(wanted) or ())


def _version(text: str) -> tuple[int, ...] | None:
    match = re.match(r"v(\d+)\.(\d+)\.(\d+)", text)
    return tuple(int(part) for part in match.groups()) if match else None


def _convert(con: duckdb.DuckDBPyConnection, temp: Path) -> None:
    """The whole work database copied by DuckDB into `temp`, written in the wanted storage format."""
    (source,) = con.execute("select current_database()").fetchone()
    wanted = quote_literal(settings.storage_compatibility())
    con.execute(f"attach {quote_literal(str(temp))} as revops_publish (storage_version {wanted})")
    try:
        con.execute(f"copy from database {quote_identifier(source)} to revops_publish")
    finally:
        con.execute("detach revops_publish")


def _sync(path: Path) -> None:
    """Flush a file (or a folder's entries, after a rename) to disk, so a crash leaves the old or the new copy."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def source_for_readers(work: Path) -> Path:
    """The published copy when there is one, else the work file (which must exist)."""
    published = settings.published_path(work)
    return published if published.is_file() else existing(work)


def parquet(work: Path, out: Path) -> list[ParquetTable]:
    """Every mart of the published warehouse (else the work file), read-only, as `out`/<table>.parquet, each
    written to a temporary name and renamed; then `out`/manifest.json (source, tables, rows, columns)."""
    source = source_for_readers(work)
    out.mkdir(parents=True, exist_ok=True)
    con = connect(source, read_only=True)
    try:
        tables = [_write_parquet(con, name, columns, out) for name, columns in _marts(con).items()]
    finally:
        con.close()
    manifest = {
        "source": str(source),
        "source_modified_at": datetime.fromtimestamp(source.stat().st_mtime).isoformat(timespec="seconds"),
        "written_at": datetime.now().isoformat(timespec="seconds"),
        "tables": [asdict(table) for table in tables],
    }
    _write_atomically(out / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return tables


def _marts(con: duckdb.DuckDBPyConnection) -> dict[str, list[dict[str, str]]]:
    """Each table and view of the marts schema, with its columns (name, DuckDB type) in order."""
    rows = con.execute(
        """select table_name, column_name, data_type from information_schema.columns
        where table_catalog = current_database() and table_schema = ?
        order by table_name, ordinal_position""",
        [MARTS],
    ).fetchall()
    marts: dict[str, list[dict[str, str]]] = {}
    for table, column, data_type in rows:
        marts.setdefault(table, []).append({"name": column, "type": data_type})
    return marts


def _write_parquet(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[dict[str, str]], out: Path
) -> ParquetTable:
    target = out / f"{table}.parquet"
    temp = out / f".{table}.parquet.{os.getpid()}.tmp"
    try:
        query = f"select * from {MARTS}.{quote_identifier(table)}"
        (rows,) = con.execute(f"copy ({query}) to {quote_literal(str(temp))} (format parquet)").fetchone()
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return ParquetTable(table, target.name, int(rows), columns)


def _write_atomically(target: Path, text: str) -> None:
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
