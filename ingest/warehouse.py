"""Opening the DuckDB warehouse, with every error a user can cause said plainly."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ingest.errors import RevopsError, WarehouseLockedError

_LOCK_MARKERS = ("Could not set lock on file", "Conflicting lock is held")


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating folders as needed) the warehouse; a file held by another process raises a clear error."""
    if path.exists() and not path.is_file():
        raise RevopsError(f"--db {path} is not a file", hint="point --db (or REVOPS_DB) at a .duckdb file")
    try:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path), read_only=read_only)
        con.execute("set enable_progress_bar = false")  # revops reports each file in one line; logs stay readable
        return con
    except PermissionError as exc:
        raise RevopsError(f"no permission to write the warehouse {path}", hint="choose a writable --db") from exc
    except duckdb.Error as exc:
        text = str(exc)
        if any(marker in text for marker in _LOCK_MARKERS):
            raise WarehouseLockedError(
                f"warehouse is in use by another process: {path}",
                hint="close the other program (a BI tool, a notebook, another revops run) and try again",
            ) from exc
        if "Permission denied" in text or "Read-only file system" in text or "read-only" in text.lower():
            raise RevopsError(
                f"the warehouse {path} cannot be written (read-only file or folder)",
                hint="choose a writable --db, or fix the file's permissions",
            ) from exc
        if "not a valid DuckDB database" in text or "Unsupported" in text or "magic bytes" in text:
            raise RevopsError(
                f"{path} is not a DuckDB warehouse file",
                hint="point --db at the warehouse (a .duckdb file written by revops), or at a new file name",
            ) from exc
        raise RevopsError(f"the warehouse {path} cannot be opened: {text.splitlines()[0]}") from exc


def existing(path: Path) -> Path:
    """`path`, which must exist: build, check and explain never create an empty warehouse from a typo."""
    if not path.is_file():
        raise RevopsError(
            f"no warehouse at {path}",
            hint="check --db (or REVOPS_DB), or land exports first with `revops ingest` or `revops run`",
        )
    return path


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold the warehouse for one revops command (an ingest, or a build with its dbt child), so that no
    other revops command slips in between our checks and dbt's own connection."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".revops-lock")
    handle = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise WarehouseLockedError(
                f"another revops command is using the warehouse {path}",
                hint="wait for it to finish (a build or ingest), then run again",
            ) from exc
        yield
    finally:
        os.close(handle)
