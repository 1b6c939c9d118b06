"""Records taken out with `revops quarantine` after their batch was published to PostgreSQL.

`revops quarantine` moves a landed record to audit.quarantine in the DuckDB file, where exports land. When its
batch is already on PostgreSQL, the same move is made there, in one transaction: the raw row deleted, the
quarantine row copied, the batch's counts set to the DuckDB file's, and the raw table listed in PostgreSQL's own
audit.pending_full_refresh, so that the next `revops build --target postgres` rebuilds in full without the record
(the staging and identity models would keep it) and then clears the list.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from ingest.quarantine import MANUAL_SUFFIX
from revops.pipeline.postgres_copy import copy_query, duckdb_columns, ensure_table
from revops.warehouse import AUDIT, quote_identifier


def publish_quarantined(duck: duckdb.DuckDBPyConnection, pg) -> int:
    """Apply on PostgreSQL every record quarantined after landing whose batch PostgreSQL holds with the record
    still in it; the number applied."""
    with pg.cursor() as cursor:
        ensure_table(cursor, AUDIT, "pending_full_refresh", duckdb_columns(duck, f"{AUDIT}.pending_full_refresh"))
        pg.commit()
        cursor.execute(f"select batch_id, row_number, reason from {AUDIT}.quarantine where reason like %s",
                       (f"%{MANUAL_SUFFIX}",))  # fmt: skip
        applied = set(cursor.fetchall())
        cursor.execute(f"select batch_id from {AUDIT}.ingest_batches")
        published = {row[0] for row in cursor.fetchall()}
    taken_out = duck.execute(
        f"select quarantine.batch_id, quarantine.row_number, quarantine.reason, batches.raw_table "
        f"from {AUDIT}.quarantine as quarantine join {AUDIT}.ingest_batches as batches using (batch_id) "
        "where quarantine.reason like ? order by quarantine.quarantined_at",
        [f"%{MANUAL_SUFFIX}"],
    ).fetchall()
    todo = [row for row in taken_out if row[0] in published and tuple(row[:3]) not in applied]
    for batch_id, row_number, reason, raw_table in todo:
        _apply(duck, pg, batch_id, row_number, reason, raw_table)
    return len(todo)


def _apply(duck: duckdb.DuckDBPyConnection, pg, batch_id: int, row_number: int, reason: str, raw_table: str) -> None:
    schema, table = raw_table.split(".", 1)
    counts = duck.execute(
        f"select rows_landed, rows_quarantined from {AUDIT}.ingest_batches where batch_id = ?", [batch_id]
    ).fetchall()[0]
    quarantined = (
        f"select * from {AUDIT}.quarantine where batch_id = {int(batch_id)} and row_number = {int(row_number)} "
        f"and reason = '{reason.replace(chr(39), chr(39) * 2)}'"
    )
    try:
        with pg.cursor() as cursor:
            cursor.execute(
                f"delete from {quote_identifier(schema)}.{quote_identifier(table)} "
                "where _batch_id = %s and _source_row_number = %s",
                (batch_id, row_number),
            )
            copy_query(duck, quarantined, cursor, AUDIT, "quarantine", duckdb_columns(duck, f"{AUDIT}.quarantine"))
            cursor.execute(
                f"update {AUDIT}.ingest_batches set rows_landed = %s, rows_quarantined = %s where batch_id = %s",
                (*counts, batch_id),
            )
            cursor.execute(
                f"insert into {AUDIT}.pending_full_refresh values (%s, %s, %s, %s)",
                (raw_table, batch_id, row_number, datetime.now()),
            )
        pg.commit()
    except Exception:
        pg.rollback()
        raise


def pending_full_refresh(pg) -> list[str]:
    """The raw tables records were taken out of on PostgreSQL since its last successful build."""
    with pg.cursor() as cursor:
        cursor.execute("select to_regclass(%s)", (f"{AUDIT}.pending_full_refresh",))
        if cursor.fetchone()[0] is None:
            return []
        cursor.execute(f"select distinct raw_table from {AUDIT}.pending_full_refresh order by 1")
        return [row[0] for row in cursor.fetchall()]


def clear_pending_full_refresh(pg, before: datetime) -> None:
    with pg.cursor() as cursor:
        cursor.execute(f"delete from {AUDIT}.pending_full_refresh where requested_at <= %s", (before,))
    pg.commit()
