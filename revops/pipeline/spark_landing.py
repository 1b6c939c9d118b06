"""Landing on Spark: each batch landed in the DuckDB file is published as Parquet files under the Spark folder.

Exports land in the DuckDB file as on every target (recognition, encodings, audit and quarantine unchanged).
Publishing needs no Spark session: the client writes, per batch, one Parquet file into each table's folder under
`<spark dir>/landing/<schema>/<table>/` (settings.spark_dir): its raw rows, its quarantined rows and kept
side-loads, and last its `audit.ingest_batches` row. Each file is written under a hidden name (Spark skips names
starting with `_`) and renamed into place, so a file is seen whole or not at all. dbt registers the folders as
tables when it starts on Spark (macros/spark/register_landing.sql): `raw.<table>` is a view keeping only the rows
of batches whose audit row is there, so a reader sees a batch whole or not at all, even after a crash between two
files (the next publish writes the batch again).

A record quarantined after its batch was published (`revops quarantine`) changes the batch's counts in the
DuckDB file: such a batch is written again (its files replaced, the audit row last). On Spark every model is a
table built from all rows (var revops_incremental false), so the next build leaves the record out.

A `columns.parquet` file of no rows beside each table's batches holds every column the DuckDB table has now, so
that a table with no batch yet exists and a column added by a later export is read as null in older batches.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from revops import settings
from revops.errors import RevopsError
from revops.pipeline.postgres_landing import BATCH_AUDIT_TABLES, PublishedBatch
from revops.warehouse import AUDIT, RAW, quote_identifier

COLUMNS_FILE = "columns.parquet"


def landing_dir() -> Path:
    return settings.spark_dir() / "landing"


def table_dir(schema: str, table: str) -> Path:
    return landing_dir() / schema / table


def batch_file(schema: str, table: str, batch_id: int) -> Path:
    return table_dir(schema, table) / f"batch-{int(batch_id):012d}.parquet"


def publish_landed(duck: duckdb.DuckDBPyConnection) -> list[PublishedBatch]:
    """Write every batch of `duck` (the landing DuckDB file) that the Spark folder does not hold as landed now
    (absent, or counts changed by a later quarantine), in batch order, its audit row last."""
    _write_columns(duck)
    held = _held_batches()
    batches = duck.execute(
        f"select batch_id, source_file, raw_table, sha256, rows_landed, rows_quarantined "
        f"from {AUDIT}.ingest_batches order by batch_id"
    ).fetchall()
    published = []
    for batch_id, source_file, raw_table, sha, landed, quarantined in batches:
        if batch_id in held and held[batch_id][0] != sha:
            raise RevopsError(
                f"the Spark folder {settings.spark_dir()} holds batch {batch_id} of another landing file "
                f"({held[batch_id][1]}), not {source_file} of this one",
                hint="one DuckDB landing file per Spark folder: point --db (REVOPS_DB) at the file that landed "
                "there, or REVOPS_SPARK_DIR at a folder of its own",
            )
        if held.get(batch_id, (None, None, None))[2:] != ((landed, quarantined),):
            published.append(_publish_batch(duck, batch_id, source_file, raw_table))
    return published


def _held_batches() -> dict[int, tuple[str, str, tuple[int, int]]]:
    """batch id -> (sha256, source file, (rows landed, rows quarantined)) of the batches published already."""
    folder = table_dir(AUDIT, "ingest_batches")
    files = sorted(folder.glob("batch-*.parquet")) if folder.is_dir() else []
    if not files:
        return {}
    con = duckdb.connect()
    try:
        rows = con.execute(
            "select batch_id, sha256, source_file, rows_landed, rows_quarantined from read_parquet(?)",
            [[str(f) for f in files]],
        ).fetchall()
    finally:
        con.close()
    return {batch_id: (sha, source, (landed, quarantined)) for batch_id, sha, source, landed, quarantined in rows}


def _write_columns(duck: duckdb.DuckDBPyConnection) -> None:
    """Each raw and batch audit table's folder holds columns.parquet: no rows, the DuckDB table's columns now."""
    raw_tables = duck.execute(
        "select table_name from information_schema.tables where table_schema = ? order by 1", [RAW]
    ).fetchall()
    for schema, table in [(RAW, name) for (name,) in raw_tables] + [(AUDIT, name) for name in BATCH_AUDIT_TABLES]:
        _write_file(duck, f"select * from {schema}.{quote_identifier(table)} limit 0", table_dir(schema, table),
                    COLUMNS_FILE)  # fmt: skip


def _publish_batch(duck: duckdb.DuckDBPyConnection, batch_id: int, source_file: str, raw_table: str | None):
    """One batch: its raw rows (a kept side-load has none: its records are audit.unmapped_sideloads'), then its
    audit rows, ingest_batches last."""
    rows = 0
    schema, _, table = (raw_table or "").partition(".")
    if schema == RAW:
        query = f"select * from {RAW}.{quote_identifier(table)} where _batch_id = {int(batch_id)}"
        query += " order by _source_row_number"
        rows = _write_file(duck, query, table_dir(RAW, table), batch_file(RAW, table, batch_id).name)
    for audit_table in BATCH_AUDIT_TABLES:
        query = f"select * from {AUDIT}.{quote_identifier(audit_table)} where batch_id = {int(batch_id)}"
        _write_file(duck, query, table_dir(AUDIT, audit_table), batch_file(AUDIT, audit_table, batch_id).name)
    return PublishedBatch(batch_id, source_file, raw_table, rows)


def _write_file(duck: duckdb.DuckDBPyConnection, query: str, folder: Path, name: str) -> int:
    """The rows of `query` as folder/name, written under a hidden name and renamed into place; the row count.
    A batch with no rows in a table writes no file there (and removes one written before)."""
    folder.mkdir(parents=True, exist_ok=True)
    table = duck.sql(query).to_arrow_table()
    final = folder / name
    if table.num_rows == 0 and name != COLUMNS_FILE:
        final.unlink(missing_ok=True)
        return 0
    hidden = folder / f"_writing-{os.getpid()}-{name}"
    pq.write_table(table, hidden, compression="snappy")
    os.replace(hidden, final)
    return table.num_rows
