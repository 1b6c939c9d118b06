"""`revops quarantine`: take one already-landed record out of its raw table, into `audit.quarantine` with a reason.

A record that landed but should not reach the models (found wrong after landing, or holding a build hostage) is
moved, not deleted: its vendor columns are kept as JSON in `audit.quarantine.raw_text` under its batch and row
number, and the batch's `rows_landed` / `rows_quarantined` move by one, so `rows_read = landed + quarantined`
still holds. The staging and identity models are incremental and would keep the record, so the raw table is
listed in `audit.pending_full_refresh` and the next `revops build` rebuilds everything from the raw tables.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import duckdb

from ingest.load import ensure_schema
from revops.errors import RevopsError
from revops.warehouse import AUDIT, quote_identifier

MANUAL_SUFFIX = " (quarantined after landing with revops quarantine)"


@dataclass(frozen=True)
class QuarantinedRecord:
    batch_id: int
    row_number: int
    raw_table: str
    source_file: str
    raw_text: str


def _landed_batch(con: duckdb.DuckDBPyConnection, batch_id: int) -> tuple[str, str]:
    """(raw table, source file) of a landed batch, or a one-line error saying how to find the right id."""
    row = con.execute(
        f"select raw_table, source_file, status from {AUDIT}.ingest_batches where batch_id = ?", [batch_id]
    ).fetchall()
    if not row:
        raise RevopsError(
            f"batch {batch_id} is not in {AUDIT}.ingest_batches",
            hint=f"find the batch with: select batch_id, source_file from {AUDIT}.ingest_batches",
        )
    raw_table, source_file, status = row[0]
    if status != "landed" or not raw_table:
        raise RevopsError(f"batch {batch_id} ({source_file}) is {status}: it has no landed records to quarantine")
    return raw_table, source_file


def _record_json(con: duckdb.DuckDBPyConnection, table: str, batch_id: int, row_number: int, source: str) -> str:
    """The record's vendor columns (lineage columns left out) as one JSON object, keys in column order."""
    cursor = con.execute(
        f"select * from {table} where _batch_id = ? and _source_row_number = ?", [batch_id, row_number]
    )
    rows = cursor.fetchall()
    if not rows:
        raise RevopsError(
            f"{source}: batch {batch_id} has no landed record at row {row_number}",
            hint=f"row numbers are record ordinals in the file; already quarantined ones are in {AUDIT}.quarantine",
        )
    names = [column[0] for column in cursor.description]
    return json.dumps({n: v for n, v in zip(names, rows[0], strict=True) if not n.startswith("_")}, ensure_ascii=False)


def quarantine_record(
    con: duckdb.DuckDBPyConnection, batch_id: int, row_number: int, reason: str, column: str | None = None
) -> QuarantinedRecord:
    """Move one landed record to audit.quarantine in one transaction, and ask the next build for a full refresh."""
    if not reason.strip():
        raise RevopsError("a quarantine needs a reason", hint="pass --reason 'what is wrong with the record'")
    ensure_schema(con)
    raw_table, source_file = _landed_batch(con, batch_id)
    table = ".".join(quote_identifier(part) for part in raw_table.split("."))  # stored as raw.<vendor>__<object>
    now = datetime.now()
    con.execute("begin transaction")
    try:
        raw_text = _record_json(con, table, batch_id, row_number, source_file)
        con.execute(
            f"insert into {AUDIT}.quarantine values (?, ?, ?, ?, ?, ?, ?)",
            [batch_id, source_file, row_number, column, raw_text, reason.strip() + MANUAL_SUFFIX, now],
        )
        con.execute(f"delete from {table} where _batch_id = ? and _source_row_number = ?", [batch_id, row_number])
        con.execute(
            f"update {AUDIT}.ingest_batches set rows_landed = rows_landed - 1, "
            "rows_quarantined = coalesce(rows_quarantined, 0) + 1 where batch_id = ?",
            [batch_id],
        )
        con.execute(
            f"insert into {AUDIT}.pending_full_refresh values (?, ?, ?, ?)", [raw_table, batch_id, row_number, now]
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return QuarantinedRecord(batch_id, row_number, raw_table, source_file, raw_text)


def pending_full_refresh(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The raw tables records were taken out of since the last successful build."""
    return [
        row[0]
        for row in con.execute(f"select distinct raw_table from {AUDIT}.pending_full_refresh order by 1").fetchall()
    ]


def clear_pending_full_refresh(con: duckdb.DuckDBPyConnection, before: datetime) -> None:
    con.execute(f"delete from {AUDIT}.pending_full_refresh where requested_at <= ?", [before])
