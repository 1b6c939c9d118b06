"""Time in the sample world: int64 seconds since the Unix epoch (UTC), snapshot cut-offs, formatting."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

DAY = 86_400
NEVER = np.int64(2**62)  # "has not happened" (deleted_at, closed_at, ...)
HISTORY_DAYS = 3 * 365  # how far back the world starts before the last snapshot


def to_seconds(day: date) -> int:
    return int((datetime(day.year, day.month, day.day) - datetime(1970, 1, 1)).total_seconds())


def snapshot_dates(as_of: date, snapshots: int) -> list[date]:
    """Weekly export dates, the last one on `as_of`."""
    return [as_of - timedelta(days=7 * (snapshots - 1 - i)) for i in range(snapshots)]


def fmt(seconds: np.ndarray, pattern: str, mask: np.ndarray | None = None) -> pa.Array:
    """Format seconds with strftime `pattern`; rows outside `mask` (or at NEVER) become empty strings."""
    valid = seconds < NEVER if mask is None else mask & (seconds < NEVER)
    stamps = pa.array(np.where(valid, seconds, 0).astype("datetime64[s]"))
    text = pc.strftime(stamps, format=pattern)
    return pc.if_else(pa.array(valid), text, "")


def fmt_date(seconds: np.ndarray, pattern: str = "%Y-%m-%d", mask: np.ndarray | None = None) -> pa.Array:
    valid = seconds < NEVER if mask is None else mask & (seconds < NEVER)
    return fmt(seconds // DAY * DAY, pattern, valid)
