"""Landing on PostgreSQL: each batch landed in the DuckDB file is published to PostgreSQL with COPY.

Exports land in the DuckDB file as on every target (recognition, encodings, audit and quarantine unchanged);
then every batch PostgreSQL does not hold yet is copied there in one transaction of its own: its raw rows, its
quarantined rows and kept side-loads, and last its `audit.ingest_batches` row, so that a reader of PostgreSQL
sees a batch whole or not at all. A batch PostgreSQL refuses (a value it cannot store) stays unpublished, named
with its file, row and column; `revops build --target postgres` publishes what is pending before it builds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from revops import settings
from revops.errors import RevopsError
from revops.pipeline.postgres_copy import copy_query, duckdb_columns, ensure_table
from revops.warehouse import AUDIT, RAW, quote_identifier

# the audit tables a batch writes while landing, each with the column naming its batch; ingest_batches goes last
BATCH_AUDIT_TABLES = ("quarantine", "unmapped_sideloads", "ingest_batches")


@dataclass(frozen=True)
class PublishedBatch:
    batch_id: int
    source_file: str
    raw_table: str | None
    rows: int


def publish_landed(duck: duckdb.DuckDBPyConnection, pg) -> list[PublishedBatch]:
    """Copy to PostgreSQL every batch of `duck` (the landing DuckDB file) that PostgreSQL does not hold, in batch
    order, one transaction each. Every raw table exists there afterwards, empty when nothing landed in it."""
    with pg.cursor() as cursor:
        _mirror_tables(duck, cursor)
        pg.commit()
        cursor.execute(f"select batch_id, sha256, source_file from {AUDIT}.ingest_batches")
        held = {batch_id: (sha, source) for batch_id, sha, source in cursor.fetchall()}
    batches = duck.execute(
        f"select batch_id, source_file, raw_table, sha256 from {AUDIT}.ingest_batches order by batch_id"
    ).fetchall()
    for batch_id, source_file, _, sha in batches:
        if batch_id in held and held[batch_id][0] != sha:
            raise RevopsError(
                f"PostgreSQL {settings.postgres_location()} holds batch {batch_id} of another landing file "
                f"({held[batch_id][1]}), not {source_file} of this one",
                hint="one DuckDB landing file per PostgreSQL database: point --db (REVOPS_DB) at the file that "
                "landed there, or REVOPS_PG_DBNAME at a database of its own",
            )
    return [_publish_batch(duck, pg, *batch[:3]) for batch in batches if batch[0] not in held]


def _mirror_tables(duck: duckdb.DuckDBPyConnection, cursor) -> None:
    """The raw and audit tables of the DuckDB file exist on PostgreSQL with the same columns."""
    raw_tables = duck.execute(
        "select table_name from information_schema.tables where table_schema = ? order by 1", [RAW]
    ).fetchall()
    for schema, table in [(RAW, name) for (name,) in raw_tables] + [(AUDIT, name) for name in BATCH_AUDIT_TABLES]:
        ensure_table(cursor, schema, table, duckdb_columns(duck, f"{schema}.{quote_identifier(table)}"))


def _publish_batch(
    duck: duckdb.DuckDBPyConnection, pg, batch_id: int, source_file: str, raw_table: str | None
) -> PublishedBatch:
    """One batch in one PostgreSQL transaction, its ingest_batches row last."""
    rows = 0
    try:
        with pg.cursor() as cursor:
            schema, _, table = (raw_table or "").partition(".")
            if schema == RAW:  # a kept side-load's rows are audit.unmapped_sideloads', copied below
                rows = _copy_rows(duck, cursor, schema, table, "_batch_id", batch_id, "_source_row_number")
            for table in BATCH_AUDIT_TABLES:
                _copy_rows(duck, cursor, AUDIT, table, "batch_id", batch_id)
        pg.commit()
    except Exception as exc:
        pg.rollback()
        raise _refused(duck, exc, batch_id, source_file, raw_table) from exc
    return PublishedBatch(batch_id, source_file, raw_table, rows)


def _copy_rows(
    duck: duckdb.DuckDBPyConnection, cursor, schema: str, table: str, batch_column: str, batch_id: int,
    order_by: str | None = None,
) -> int:  # fmt: skip
    qualified = f"{schema}.{quote_identifier(table)}"
    query = f"select * from {qualified} where {batch_column} = {int(batch_id)}"
    if order_by:
        query += f" order by {order_by}"
    return copy_query(duck, query, cursor, schema, table, duckdb_columns(duck, qualified))


def _refused(
    duck: duckdb.DuckDBPyConnection, exc: Exception, batch_id: int, source_file: str, raw_table: str | None
) -> RevopsError:
    """One line for a batch PostgreSQL refused: the file, the record's row number and column when COPY names the
    line (its context reads `COPY table, line N[, column c]`; a NUL character, which PostgreSQL cannot store in
    text, is looked for in the record when no column is named), what PostgreSQL said and the command to go on."""
    said = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    context = getattr(getattr(exc, "diag", None), "context", None) or ""
    line = re.search(r"COPY (\w+), line (\d+)(?:, column (\w+))?", context)
    row, column = None, None
    if line and raw_table and line.group(1) == raw_table.split(".", 1)[1]:
        row, column = _record_at(duck, raw_table, batch_id, int(line.group(2)))
        column = line.group(3) or column
    where = (f", row {row}" if row is not None else "") + (f", column {column}" if column else "")
    command = f"revops quarantine --batch {batch_id} --row {row if row is not None else 'N'}" + (
        f" --column {column}" if column else ""
    )
    return RevopsError(
        f"{source_file}{where}: PostgreSQL refused batch {batch_id} ({said}); it and the batches after it are not "
        "published",
        hint=f"fix the file and land it again, or take the record out with `{command} --reason '...'`; then "
        "`revops build --target postgres` publishes the batch before it builds",
    )


def _record_at(
    duck: duckdb.DuckDBPyConnection, raw_table: str, batch_id: int, line: int
) -> tuple[int | None, str | None]:
    """(record number, first column holding a NUL character) of the `line`-th row COPY sent of the batch (rows go in
    record order)."""
    schema, table = raw_table.split(".", 1)
    cursor = duck.execute(
        f"select * from {schema}.{quote_identifier(table)} where _batch_id = ? "
        "order by _source_row_number limit 1 offset ?",
        [batch_id, line - 1],
    )
    rows = cursor.fetchall()
    if not rows:
        return None, None
    record = dict(zip([c[0] for c in cursor.description], rows[0], strict=True))
    with_nul = [name for name, value in record.items() if isinstance(value, str) and "\x00" in value]
    return record["_source_row_number"], (with_nul[0] if with_nul else None)
