"""Land export files in the warehouse: `raw.<vendor>__<object>` text columns plus lineage, exactly once.

Each file is one transaction: its rows, its quarantined rows and its `audit.ingest_batches` record commit
together or not at all. Rows DuckDB cannot parse (wrong field count, undecodable bytes, oversized lines,
invalid JSON) go to `audit.quarantine` with their line and reason, so rows read = landed + quarantined.
File content is never pasted into SQL: paths and labels are bound parameters, identifiers are quoted.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from ingest import readers
from ingest.contracts import ExportContract, find_contract, load_contracts
from ingest.errors import FileRejectedError, RevopsError
from ingest.recognise import HeaderMapping, check_required, map_headers, recognise, recognise_by_name

RAW = "raw"
AUDIT = "audit"
MAX_LINE_BYTES = 2 << 20  # a longer line is quarantined as oversized (DuckDB sizes its read buffers on it)
LINEAGE = (
    ("_batch_id", "bigint"),
    ("_source_file", "varchar"),
    ("_source_row_number", "bigint"),
    ("_loaded_at", "timestamp"),
    ("_export_kind", "varchar"),
    ("_export_date", "date"),
    ("_extra_columns", "varchar"),
)
AUDIT_DDL = (
    f"create schema if not exists {AUDIT}",
    f"""create table if not exists {AUDIT}.ingest_batches (
        batch_id bigint primary key,
        source_file varchar not null,
        sha256 varchar not null,
        size_bytes bigint,
        file_format varchar,
        encoding varchar,
        source_name varchar,
        raw_table varchar,
        export_kind varchar,
        export_date date,
        rows_read bigint,
        rows_landed bigint,
        rows_quarantined bigint,
        extra_columns varchar,
        missing_optional_columns varchar,
        status varchar not null,
        message varchar,
        started_at timestamp,
        finished_at timestamp,
        duration_seconds double
    )""",
    f"""create table if not exists {AUDIT}.quarantine (
        batch_id bigint not null,
        source_file varchar not null,
        row_number bigint,
        column_name varchar,
        raw_text varchar,
        reason varchar not null,
        quarantined_at timestamp not null
    )""",
)
_DATE_IN_PATH = re.compile(r"(20\d\d|19\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def raw_table_ddl(contract: ExportContract, existing: set[str] | None = None) -> list[str]:
    """Create the raw table if missing, and add columns a newer contract declares. Never drop anything:
    staging views depend on these tables and batches are appended. `existing`: the table's current
    columns (None when the table does not exist)."""
    table = f"{RAW}.{quote_identifier(contract.table)}"
    columns = [(name, "varchar") for name in contract.columns] + list(LINEAGE)
    if existing is None:
        body = ",\n  ".join(f"{quote_identifier(name)} {kind}" for name, kind in columns)
        return [f"create table if not exists {table} (\n  {body}\n)"]
    return [
        f"alter table {table} add column if not exists {quote_identifier(name)} {kind}"
        for name, kind in columns
        if name not in existing
    ]


def configure_for_ingest(con: duckdb.DuckDBPyConnection) -> None:
    """Settings for landing, measured on a 1M-row, 349 MB export (benchmarks/ingest_single_file.py):

    - threads (REVOPS_INGEST_THREADS, default 2): numbering rows in file order keeps DuckDB's CSV parse on one
      thread; the rows stream from it to an insert on the other (see `_land`), so two threads overlap the two.
    - preserve_insertion_order off: every row carries its own `_source_row_number`, so the insert need not
      keep file order, which would make it buffer row groups.
    - memory_limit (REVOPS_INGEST_MEMORY_LIMIT, default 128MB): the file is streamed, so a low limit keeps
      peak memory well below the file's size; a higher one buys a little speed (see the benchmark).
    """
    threads = os.environ.get("REVOPS_INGEST_THREADS", "2")
    if threads.isdigit() and int(threads) > 0:
        con.execute(f"set threads = {int(threads)}")
    con.execute("set preserve_insertion_order = false")
    reset_memory_limit(con)


def reset_memory_limit(con: duckdb.DuckDBPyConnection) -> None:
    """Back to REVOPS_INGEST_MEMORY_LIMIT: each file starts there, whatever the previous one needed."""
    limit = os.environ.get("REVOPS_INGEST_MEMORY_LIMIT", "128MB")
    if limit.lower() not in ("", "none"):
        con.execute(f"set memory_limit = {quote_literal(limit)}")


_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30}


def _bytes_of(text: str) -> int | None:
    """'128MB', '3.8 MiB', '2GiB' in bytes; None when it is not a size."""
    match = re.fullmatch(r"\s*([\d.]+)\s*([A-Za-z]+)\s*", text)
    if not match or match.group(2).lower() not in _UNITS or match.group(1).count(".") > 1:
        return None
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def _out_of_memory(exc: duckdb.Error) -> bool:
    """DuckDB ran out of memory, directly or while reading the Arrow stream of numbered rows (then the
    error arrives wrapped, as an Invalid Input Error that quotes the Out of Memory Error)."""
    return isinstance(exc, duckdb.OutOfMemoryException) or "Out of Memory Error" in str(exc)


def raise_memory_limit(con: duckdb.DuckDBPyConnection) -> str | None:
    """Double DuckDB's memory limit for a file that did not fit (wide JSON records need more than CSV),
    up to REVOPS_INGEST_MEMORY_MAX (default a quarter of RAM). The new limit, or None at the ceiling."""
    cap = _bytes_of(os.environ.get("REVOPS_INGEST_MEMORY_MAX", "")) or (
        os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4
    )
    current = _bytes_of(con.execute("select current_setting('memory_limit')").fetchone()[0]) or cap
    wanted = min(current * 2, cap) // 2**10
    if wanted * 2**10 <= current * 1.01:  # at the ceiling (the setting reads back rounded)
        return None
    con.execute(f"set memory_limit = '{wanted}KiB'")
    return f"{wanted}KiB"


def ensure_schema(con: duckdb.DuckDBPyConnection, contracts: Iterable[ExportContract] | None = None) -> None:
    """Every contract's raw table exists (empty until landed), so a missing vendor builds as empty."""
    con.execute(f"create schema if not exists {RAW}")
    for statement in AUDIT_DDL:
        con.execute(statement)
    existing: dict[str, set[str]] = {}
    for table, column in con.execute(
        "select table_name, column_name from information_schema.columns where table_schema = $schema",
        {"schema": RAW},
    ).fetchall():
        existing.setdefault(table, set()).add(column)
    for contract in contracts or load_contracts():
        for statement in raw_table_ddl(contract, existing.get(contract.table)):
            con.execute(statement)


@dataclass
class BatchResult:
    source_file: str
    status: str  # landed | skipped_duplicate | rejected | ignored
    source_name: str | None = None
    raw_table: str | None = None
    batch_id: int | None = None
    rows_read: int = 0
    rows_landed: int = 0
    rows_quarantined: int = 0
    encoding: str | None = None
    extra_columns: list[str] = field(default_factory=list)
    missing_optional: list[str] = field(default_factory=list)
    message: str = ""
    seconds: float = 0.0


def export_date_of(label: str, fallback: date | None, path: Path) -> date:
    """The export's date: the last YYYY-MM-DD in its path or name, else --export-date, else the file's mtime."""
    matches = _DATE_IN_PATH.findall(label)
    if matches:
        year, month, day = matches[-1]
        return date(int(year), int(month), int(day))
    if fallback:
        return fallback
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date()


def _csv_reader_sql(prepared: readers.PreparedFile, rejects: str | None) -> str:
    columns = ", ".join(f"'c{i:04d}': 'VARCHAR'" for i in range(len(prepared.headers)))
    options = [
        f"columns={{{columns}}}",
        "header=true",
        f"delim={quote_literal(prepared.delimiter)}",
        "quote='\"'",
        "escape='\"'",
        "auto_detect=false",
        "strict_mode=true",
        "allow_quoted_nulls=false",
        f"max_line_size={MAX_LINE_BYTES}",
        f"buffer_size={2 * MAX_LINE_BYTES}",  # DuckDB's default (16 lines' worth, 32 MB) holds more memory
    ]
    options += (
        [f"store_rejects=true, rejects_table='{rejects}', rejects_scan='{rejects}_scan'"]
        if rejects
        else ["ignore_errors=true"]
    )
    return f"read_csv($path, {', '.join(options)})"


def _lines_reader_sql(rejects: str | None) -> str:
    errors = (
        f"store_rejects=true, rejects_table='{rejects}', rejects_scan='{rejects}_scan'"
        if rejects
        else "ignore_errors=true"
    )
    return (
        "read_csv($path, columns={'line': 'VARCHAR'}, header=false, delim=chr(1), quote='', escape='', "
        f"auto_detect=false, max_line_size={MAX_LINE_BYTES}, buffer_size={2 * MAX_LINE_BYTES}, {errors})"
    )


def _json_path(header: str) -> str:
    return "$." + ".".join('"' + part.replace('"', '\\"') + '"' for part in header.split("."))


@dataclass
class _Plan:
    """The SQL that lands one prepared file: numbered rows, the good ones and the quarantined ones."""

    numbered: Callable[[str | None], str]  # rows plus `_rn` (record ordinal); arg: rejects table or None
    values: list[str]  # one expression per raw column, in contract order
    extras: str
    good: str = "true"  # predicate for rows that land
    bad_reason: str | None = None  # quarantine reason for the rows that do not (None: every row lands)
    bad_text: str = ""
    parsed: str = ""  # columns computed once per landing row, for `values` to read (`expr as name`)
    uses_rejects: bool = True
    streamed: bool = True  # numbered on a reader connection and streamed to the insert (see `_land`)


def _plan(prepared: readers.PreparedFile, mapping: HeaderMapping) -> _Plan:
    contract = mapping.contract
    headers = prepared.headers
    if prepared.kind == "csv":
        refs = {column: f"c{index:04d}" for column, index in mapping.sources.items()}
        pairs = ", ".join(f"{quote_literal(name)}, c{i:04d}" for name, i in mapping.extras)
        plan = _Plan(
            numbered=lambda rejects: f"select *, row_number() over () as _rn from {_csv_reader_sql(prepared, rejects)}",
            values=[refs.get(column, "null") for column in contract.columns],
            extras=f"json_object({pairs})" if pairs else "null",
        )
        if prepared.replaced_characters:
            all_columns = ", ".join(f"c{i:04d}" for i in range(len(headers)))
            plan.good = f"not (concat_ws('', {all_columns}) like '%\ufffd%')"
            plan.bad_reason = f"'undecodable bytes in {prepared.encoding} text'"
            plan.bad_text = f"concat_ws({quote_literal(prepared.delimiter)}, {all_columns})"
        return plan
    if prepared.kind == "ndjson":
        mapped_top = sorted({headers[i] for i in mapping.sources.values() if "." not in headers[i]})
        patch = json.dumps(dict.fromkeys(mapped_top), ensure_ascii=False)
        mapped = [column for column in contract.columns if column in mapping.sources]
        paths = ", ".join(quote_literal(_json_path(headers[mapping.sources[column]])) for column in mapped)
        return _Plan(
            numbered=lambda rejects: f"select line, row_number() over () as _rn from {_lines_reader_sql(rejects)}",
            # one parse per record for every path (a call per column parses it again each time, and its
            # allocations needed 4x the memory)
            parsed=f"json_extract_string(line, [{paths}]) as _values" if mapped else "",
            values=[f"_values[{mapped.index(c) + 1}]" if c in mapping.sources else "null" for c in contract.columns],
            extras=f"json_merge_patch(line, {quote_literal(patch)})",
            good="case when json_valid(line) then json_type(line) = 'OBJECT' else false end",
            bad_reason="'invalid JSON record'",
            bad_text="line",
        )

    # parquet: typed columns are cast to text; names come from the file, so they are quoted
    def text_of(index: int) -> str:
        return f"cast({quote_identifier(headers[index])} as varchar)"

    pairs = ", ".join(f"{quote_literal(name)}, {text_of(i)}" for name, i in mapping.extras)
    return _Plan(
        numbered=lambda _: "select *, file_row_number + 1 as _rn from read_parquet($path, file_row_number=true)",
        values=[text_of(mapping.sources[c]) if c in mapping.sources else "null" for c in contract.columns],
        extras=f"json_object({pairs})" if pairs else "null",
        uses_rejects=False,
        streamed=False,  # file_row_number numbers rows without serialising the scan
    )


STREAM_BATCH_ROWS = 4_096  # rows per Arrow batch between the reader and the insert (bounds memory)


def _land(
    con: duckdb.DuckDBPyConnection,
    prepared: readers.PreparedFile,
    mapping: HeaderMapping,
    batch_id: int,
    label: str,
    export_kind: str,
    export_date: date,
    loaded_at: datetime,
) -> tuple[int, int, list[str]]:
    """Insert one file's rows and quarantine; returns (landed, quarantined, DuckDB reject error types).

    The file is streamed, never materialised. Numbering rows in file order (`row_number() over ()`) keeps
    DuckDB's CSV scan on one thread, so that scan runs on a reader connection and its numbered rows stream
    as Arrow batches into the insert, which runs on another thread within this transaction. A second scan
    (same numbering) runs only when some parsed rows must be quarantined (invalid JSON, undecodable bytes)."""
    contract = mapping.contract
    plan = _plan(prepared, mapping)
    rejects = f"revops_rejects_{batch_id}" if plan.uses_rejects else None
    table = f"{RAW}.{quote_identifier(contract.table)}"
    target_columns = ", ".join(quote_identifier(c) for c in [*contract.columns, *(n for n, _ in LINEAGE)])
    params = {
        "path": str(prepared.path),
        "label": label,
        "loaded_at": loaded_at,
        "kind": export_kind,
        "export_date": export_date,
    }
    reader = con.cursor() if plan.streamed else con  # rejects tables are temporary: they live on `reader`
    try:
        if plan.streamed:
            stream = reader.sql(plan.numbered(rejects), params={"path": params["path"]})
            con.complete()  # registering needs no pending result on `con` (DuckDB 2.0)
            con.register("revops_numbered_rows", stream.to_arrow_reader(STREAM_BATCH_ROWS))
            rows = "revops_numbered_rows"
        else:
            rows = f"({plan.numbered(rejects)})"
        landed = con.execute(
            f"""insert into {table} ({target_columns})
            select {", ".join(plan.values)},
                {batch_id}, $label, _rn, $loaded_at, $kind, $export_date, {plan.extras}
            from (select *{", " + plan.parsed if plan.parsed else ""} from {rows} where {plan.good})""",
            {k: v for k, v in params.items() if k != "path" or not plan.streamed},
        ).fetchone()[0]
        if plan.streamed:  # (after a failure the name stays registered until the next file replaces it)
            con.unregister("revops_numbered_rows")
        quarantined = 0
        if plan.bad_reason:
            blank = "line is null or trim(line) = ''" if prepared.kind == "ndjson" else "false"
            quarantined += con.execute(
                f"""insert into {AUDIT}.quarantine
                select {batch_id}, $label, _rn, null, {plan.bad_text}, {plan.bad_reason}, $loaded_at
                from ({plan.numbered(None)}) where not ({plan.good}) and not ({blank})""",
                {k: params[k] for k in ("path", "label", "loaded_at")},
            ).fetchone()[0]
        if not rejects:
            return landed, quarantined, []
        rejected_rows = reader.sql(
            f"select line, column_name, csv_line, error_type, error_message from {rejects}"
        ).to_arrow_table()
        reader.execute(f"drop table if exists {rejects}")
        reader.execute(f"drop table if exists {rejects}_scan")
    finally:
        if plan.streamed:
            reader.close()
    if not rejected_rows.num_rows:
        return landed, quarantined, []
    con.complete()
    con.register("revops_rejected_rows", rejected_rows)
    error_types = [row[0] for row in con.execute("select distinct error_type from revops_rejected_rows").fetchall()]
    offset = 1 if prepared.kind == "csv" else 0  # DuckDB counts the header as line 1
    rejected = con.execute(
        f"""insert into {AUDIT}.quarantine
        select {batch_id}, $label, line - {offset}, any_value(column_name), any_value(csv_line),
            string_agg(distinct error_type || ': ' || error_message, '; '), $loaded_at
        from revops_rejected_rows group by line""",
        {"label": label, "loaded_at": loaded_at},
    ).fetchone()[0]
    quarantined += rejected
    if prepared.kind == "csv":
        # row_number() counted landed records only; shift each past the rejected records before it.
        con.execute(
            f"""update {table} set _source_row_number = _source_row_number + (
                select count(*) from (
                    select line - 1 - row_number() over (order by line) as landed_before
                    from (select distinct line from revops_rejected_rows)
                ) where landed_before < {table}._source_row_number
            ) where _batch_id = {batch_id}"""
        )
    con.unregister("revops_rejected_rows")
    return landed, quarantined, error_types


_HASHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="revops-sha256")


class ContentHash:
    """The sha256 of a file, now or on a worker thread (hashlib releases the GIL while DuckDB lands)."""

    def __init__(self, path: Path, in_background: bool) -> None:
        self._future: Future[str] | None = _HASHER.submit(readers.sha256_of, path) if in_background else None
        self._value = None if in_background else readers.sha256_of(path)

    @property
    def value(self) -> str:
        if self._value is None and self._future is not None:
            self._value = self._future.result()
        return self._value


def _next_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute(f"select coalesce(max(batch_id), 0) + 1 from {AUDIT}.ingest_batches").fetchone()[0]


def _record_batch(con: duckdb.DuckDBPyConnection, result: BatchResult, sha: str, path: Path, **extra) -> None:
    con.execute(
        f"""insert into {AUDIT}.ingest_batches values (
            $batch_id, $source_file, $sha, $size, $fmt, $encoding, $source_name, $raw_table, $kind,
            $export_date, $read, $landed, $quarantined, $extras, $missing, $status, $message,
            $started, $finished, $seconds)""",
        {
            "batch_id": result.batch_id,
            "source_file": result.source_file,
            "sha": sha,
            "size": path.stat().st_size,
            "fmt": extra["fmt"],
            "encoding": result.encoding,
            "source_name": result.source_name,
            "raw_table": result.raw_table,
            "kind": extra.get("kind"),
            "export_date": extra.get("export_date"),
            "read": result.rows_read,
            "landed": result.rows_landed,
            "quarantined": result.rows_quarantined,
            "extras": json.dumps(result.extra_columns, ensure_ascii=False),
            "missing": json.dumps(result.missing_optional),
            "status": result.status,
            "message": result.message,
            "started": extra["started"],
            "finished": datetime.now(UTC).replace(tzinfo=None),
            "seconds": result.seconds,
        },
    )


def land_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    label: str | None = None,
    source: str | None = None,
    export_kind: str | None = None,
    export_date: date | None = None,
    force_encoding: str | None = None,
) -> BatchResult:
    """Land one export file (not a zip) in one transaction. Never raises for bad input: a file that
    cannot be landed comes back as `rejected` with the reason (and is recorded in the audit)."""
    label = label or str(path)
    started = time.perf_counter()
    started_at = datetime.now(UTC).replace(tzinfo=None)
    fmt = readers.file_format(path) if path.suffix.lower() in readers.SUPPORTED_SUFFIXES else "unknown"
    # Exactly once, by content. A file whose size no landed batch has cannot be a duplicate: its hash is
    # then computed on the second core while it lands, instead of before.
    same_size = con.execute(
        f"select 1 from {AUDIT}.ingest_batches where size_bytes = $size and status = 'landed' limit 1",
        {"size": path.stat().st_size},
    ).fetchone()
    digest = ContentHash(path, in_background=same_size is None)
    duplicate = (
        same_size
        and con.execute(
            f"select batch_id, source_name, raw_table from {AUDIT}.ingest_batches "
            "where sha256 = $sha and status = 'landed' limit 1",
            {"sha": digest.value},
        ).fetchone()
    )
    if duplicate:
        return BatchResult(
            label,
            "skipped_duplicate",
            source_name=duplicate[1],
            raw_table=duplicate[2],
            batch_id=duplicate[0],
            message=f"same content as batch {duplicate[0]}",
        )
    result = BatchResult(label, "rejected")
    workdir = Path(tempfile.mkdtemp(prefix="revops-ingest-"))
    try:
        contracts = (find_contract(source),) if source else load_contracts()
        records_path = contracts[0].json_records_path if source else None
        prepared = readers.prepare(path, workdir, records_path, force_encoding)
        result.encoding = prepared.encoding
        nested = prepared.kind == "ndjson"
        empty_json = nested and not prepared.headers  # an incremental export with no changes that week
        if source:
            mapping = map_headers(contracts[0], prepared.headers, nested)
        elif empty_json:
            mapping = recognise_by_name(Path(label).name, contracts)
        else:
            mapping = recognise(Path(label).name, prepared.headers, contracts, nested)
        if not empty_json:
            check_required(mapping, label)
        contract = mapping.contract
        kind = export_kind or contract.export_kind
        when = export_date_of(label, export_date, path)
        result.source_name, result.raw_table = contract.source_name, f"{RAW}.{contract.table}"
        result.extra_columns = [name for name, _ in mapping.extras]
        result.missing_optional = mapping.missing_optional
        con.execute("begin transaction")
        try:
            ensure_schema(con, [contract])
            result.batch_id = _next_batch_id(con)
            landed, quarantined, errors = _land(con, prepared, mapping, result.batch_id, label, kind, when, started_at)
            if (
                "INVALID ENCODING" in errors
                and prepared.encoding == "utf-8"
                and force_encoding is None
                and readers.likelier_encoding_of_file(path) == "cp932"
            ):
                con.execute("rollback")
                return land_file(con, path, label, source, export_kind, export_date, "cp932")
            result.status = "landed"
            result.rows_landed, result.rows_quarantined = landed, quarantined
            result.rows_read = landed + quarantined
            result.seconds = time.perf_counter() - started
            if result.extra_columns:
                shown = ", ".join(result.extra_columns[:5]) + (", …" if len(result.extra_columns) > 5 else "")
                result.message = f"{len(result.extra_columns)} extra column(s) kept in _extra_columns ({shown})"
            _record_batch(con, result, digest.value, path, fmt=fmt, kind=kind, export_date=when, started=started_at)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    except FileRejectedError as exc:
        result.status, result.message = "rejected", str(exc) + (f" ({exc.hint})" if exc.hint else "")
        result.seconds = time.perf_counter() - started
        result.batch_id = _next_batch_id(con)
        _record_batch(con, result, digest.value, path, fmt=fmt, started=started_at)
    except duckdb.Error as exc:
        if _out_of_memory(exc) and raise_memory_limit(con):
            shutil.rmtree(workdir, ignore_errors=True)
            return land_file(con, path, label, source, export_kind, export_date, force_encoding)
        result.status = "rejected"
        result.message = f"{label}: DuckDB could not read it: {str(exc).splitlines()[0]}"
        result.seconds = time.perf_counter() - started
        result.batch_id = _next_batch_id(con)
        _record_batch(con, result, digest.value, path, fmt=fmt, started=started_at)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def _skip_dir(part: str) -> bool:
    return part.startswith((".", "_")) or part == "__MACOSX"


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(files to land, files ignored) under the given paths.

    Folders are walked recursively, skipping hidden and `_`-prefixed folders (such as a generated world's
    `_truth/`) and files of unsupported types (README.md, .DS_Store); a file named explicitly is always
    tried. Files come in export-date order, then path order, so weekly snapshots land oldest first.
    """
    found: list[Path] = []
    ignored: list[Path] = []
    for path in paths:
        if not path.exists():
            raise RevopsError(f"no such file or folder: {path}")
        if not path.is_dir():
            found.append(path)
            continue
        for child in sorted(path.rglob("*")):
            parts = child.relative_to(path).parts
            if not child.is_file() or any(_skip_dir(p) for p in parts[:-1]) or parts[-1].startswith("."):
                continue
            supported = child.suffix.lower() in readers.SUPPORTED_SUFFIXES
            (found if supported else ignored).append(child)

    def order(p: Path) -> tuple[date, str]:
        return (export_date_of(str(p), date.min, p) if _DATE_IN_PATH.search(str(p)) else date.min, str(p))

    return sorted(found, key=order), ignored


def _expand_zip(archive: Path, workdir: Path) -> Iterator[tuple[Path, str]]:
    with zipfile.ZipFile(archive) as bundle:
        for member in sorted(bundle.namelist()):
            parts = Path(member).parts
            if member.endswith("/") or any(_skip_dir(p) for p in parts):
                continue
            target = workdir / str(abs(hash(member)) % 10**12) / Path(member).name
            target.parent.mkdir(parents=True, exist_ok=True)
            with bundle.open(member) as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst, readers.CHUNK)
            yield target, f"{archive}!{member}"


def ingest(
    con: duckdb.DuckDBPyConnection,
    paths: Iterable[Path],
    source: str | None = None,
    export_kind: str | None = None,
    export_date: date | None = None,
    on_file: Callable[[str], None] | None = None,
) -> list[BatchResult]:
    """Land every file (zip archives expanded) under `paths`; one result per file."""
    configure_for_ingest(con)
    ensure_schema(con)
    results = []
    files, ignored = discover(paths)
    results.extend(BatchResult(str(p), "ignored", message="not an export file type") for p in ignored)
    for path in files:
        if path.suffix.lower() == ".zip":
            with tempfile.TemporaryDirectory(prefix="revops-zip-") as tmp:
                try:
                    members = list(_expand_zip(path, Path(tmp)))
                except zipfile.BadZipFile as exc:
                    results.append(BatchResult(str(path), "rejected", message=f"{path}: not a valid zip: {exc}"))
                    continue
                for member, label in members:
                    if on_file:
                        on_file(label)
                    reset_memory_limit(con)
                    results.append(land_file(con, member, label, source, export_kind, export_date))
            continue
        if on_file:
            on_file(str(path))
        reset_memory_limit(con)
        results.append(land_file(con, path, str(path), source, export_kind, export_date))
    return results
