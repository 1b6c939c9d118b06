"""Opening the DuckDB warehouse, with the lock error said plainly."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ingest.errors import WarehouseLockedError

_LOCK_MARKERS = ("Could not set lock on file", "Conflicting lock is held")


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating folders as needed) the warehouse; a file held by another process raises a clear error."""
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if any(marker in str(exc) for marker in _LOCK_MARKERS):
            raise WarehouseLockedError(
                f"warehouse is in use by another process: {path}",
                hint="close the other program (a BI tool, a notebook, another revops run) and try again",
            ) from exc
        raise
