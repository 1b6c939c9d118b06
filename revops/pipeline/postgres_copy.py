"""Rows between DuckDB and PostgreSQL with COPY: the tables mirrored (columns and types), the rows streamed as CSV.

Landing on PostgreSQL (postgres_landing.py) and the client identity step (postgres_identity.py) write PostgreSQL
from DuckDB (the landed file, an in-memory session) through here, and the identity step reads its inputs back.
Values travel as CSV: a NULL is an unquoted empty field and an empty text a quoted one, so '' and NULL stay
apart; lists and structs become jsonb.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Iterator

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv

from revops.warehouse import quote_identifier

# DuckDB type (information_schema spelling, parameters dropped) -> PostgreSQL type
_TYPES = {
    "VARCHAR": "text",
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "SMALLINT": "smallint",
    "TINYINT": "smallint",
    "UTINYINT": "smallint",
    "USMALLINT": "integer",
    "UINTEGER": "bigint",
    "UBIGINT": "numeric(20, 0)",  # DuckDB's hash(): 64 unsigned bits do not fit a bigint
    "HUGEINT": "numeric(39, 0)",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIME": "time",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamp with time zone",
    "INTERVAL": "interval",
    "UUID": "uuid",
    "JSON": "text",
}
COPY_BATCH_ROWS = 50_000
COPY_CHUNK_BYTES = 1 << 20  # what COPY reads from the CSV stream at a time
# PostgreSQL type (format_type spelling, parameters dropped) -> DuckDB type, for reading a relation back
_DUCKDB_TYPES = {
    "bigint": "BIGINT",
    "integer": "INTEGER",
    "smallint": "SMALLINT",
    "double precision": "DOUBLE",
    "real": "FLOAT",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp without time zone": "TIMESTAMP",
    "timestamp with time zone": "TIMESTAMPTZ",
    "time without time zone": "TIME",
    "interval": "INTERVAL",
}


def postgres_type(duckdb_type: str) -> str:
    """The PostgreSQL type holding a DuckDB column's values: DECIMAL(p,s) -> numeric(p,s); lists, structs and maps
    -> jsonb (dbt's unit tests cannot declare a column of an array type on PostgreSQL); any other type with no
    counterpart travels as its text."""
    if _is_nested(duckdb_type):
        return "jsonb"
    if match := re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", duckdb_type):
        return f"numeric({match.group(1)}, {match.group(2)})"
    return _TYPES.get(duckdb_type, "text")


def _is_nested(duckdb_type: str) -> bool:
    return duckdb_type.endswith("]") or duckdb_type.startswith(("STRUCT", "MAP", "UNION"))


def duckdb_columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of each column of `relation` (a table or a query), in order."""
    found = con.sql(f"select * from {relation} limit 0")
    return [(name, str(kind)) for name, kind in zip(found.columns, found.types, strict=True)]


def _as_csv_value(name: str, duckdb_type: str) -> str:
    """The select expression that writes column `name` as PostgreSQL reads it from CSV: lists, structs and maps as
    JSON; other types without a counterpart as their text; everything else as it is."""
    column = quote_identifier(name)
    if _is_nested(duckdb_type):
        return f"cast(to_json({column}) as varchar) as {column}"
    if postgres_type(duckdb_type) == "text" and duckdb_type not in ("VARCHAR", "JSON"):
        return f"cast({column} as varchar) as {column}"
    return column


def ensure_table(cursor, schema: str, table: str, columns: list[tuple[str, str]]) -> None:
    """`schema.table` exists on PostgreSQL with at least `columns` ((name, DuckDB type)); missing ones are added,
    none is dropped or retyped. A table that has them all is left alone (an ALTER would lock out its readers)."""
    qualified = f"{quote_identifier(schema)}.{quote_identifier(table)}"
    built = {name for name, _ in postgres_columns(cursor, schema, table)}
    if not built:
        body = ", ".join(f"{quote_identifier(name)} {postgres_type(kind)}" for name, kind in columns)
        cursor.execute(f"create schema if not exists {quote_identifier(schema)}")
        cursor.execute(f"create table if not exists {qualified} ({body})")
        return
    for name, kind in columns:
        if name not in built:
            cursor.execute(
                f"alter table {qualified} add column if not exists {quote_identifier(name)} {postgres_type(kind)}"
            )


class _CsvStream(io.RawIOBase):
    """A file-like view of Arrow record batches written as header-less CSV, read by COPY chunk by chunk: one batch's
    CSV is held at a time, and each read copies only the chunk it returns."""

    def __init__(self, batches: Iterator[pa.RecordBatch]) -> None:
        self._batches = batches
        self._csv = b""
        self._offset = 0
        self.rows = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._offset >= len(self._csv) and not self._next_batch():
            return b""
        end = len(self._csv) if size < 0 else self._offset + size
        chunk = self._csv[self._offset : end]
        self._offset += len(chunk)
        return chunk

    def _next_batch(self) -> bool:
        """The next non-empty batch's CSV in the buffer; False when there is none."""
        for batch in self._batches:
            if batch.num_rows:
                sink = io.BytesIO()
                pa_csv.write_csv(batch, sink, pa_csv.WriteOptions(include_header=False))
                self._csv, self._offset = sink.getvalue(), 0
                self.rows += batch.num_rows
                return True
        return False


def copy_query(
    con: duckdb.DuckDBPyConnection, query: str, cursor, schema: str, table: str, columns: list[tuple[str, str]]
) -> int:
    """COPY the rows of DuckDB `query` (which yields `columns`, (name, DuckDB type)) into `schema.table` on
    PostgreSQL, in the caller's transaction; the number of rows."""
    listed = ", ".join(_as_csv_value(name, kind) for name, kind in columns)
    reader = con.sql(f"select {listed} from ({query}) as rows").to_arrow_reader(COPY_BATCH_ROWS)
    stream = _CsvStream(iter(reader))
    names = ", ".join(quote_identifier(name) for name, _ in columns)
    target = f"{quote_identifier(schema)}.{quote_identifier(table)}"
    cursor.copy_expert(f"copy {target} ({names}) from stdin with (format csv)", stream, size=COPY_CHUNK_BYTES)
    return stream.rows


def duckdb_type(postgres: str) -> str:
    """The DuckDB type of a PostgreSQL column (format_type spelling): numeric(p,s) -> DECIMAL(p,s) (a numeric
    without a precision -> DOUBLE), texts and anything else -> VARCHAR."""
    if match := re.fullmatch(r"numeric\((\d+),(\d+)\)", postgres.replace(" ", "")):
        precision, scale = int(match.group(1)), int(match.group(2))
        return f"DECIMAL({precision}, {scale})" if precision <= 38 else "DOUBLE"
    if postgres == "numeric":
        return "DOUBLE"
    return _DUCKDB_TYPES.get(postgres, "VARCHAR")


def postgres_columns(cursor, schema: str, table: str) -> list[tuple[str, str]]:
    """(name, PostgreSQL type) of each column of `schema.table`, in order; empty when there is no such table."""
    cursor.execute(
        "select attribute.attname, format_type(attribute.atttypid, attribute.atttypmod) "
        "from pg_attribute as attribute join pg_class as class on class.oid = attribute.attrelid "
        "join pg_namespace as namespace on namespace.oid = class.relnamespace "
        "where namespace.nspname = %s and class.relname = %s and attribute.attnum > 0 "
        "and not attribute.attisdropped order by attribute.attnum",
        (schema, table),
    )
    return list(cursor.fetchall())


def read_into_duckdb(cursor, schema: str, table: str, con: duckdb.DuckDBPyConnection, name: str) -> int:
    """Copy PostgreSQL's `schema.table` into DuckDB table `name` (created), column types carried over
    (duckdb_type); the number of rows. Timestamps with a zone travel in UTC."""
    columns = postgres_columns(cursor, schema, table)
    if not columns:
        raise ValueError(f"{schema}.{table} does not exist on PostgreSQL")
    listed = ", ".join(quote_identifier(column) for column, _ in columns)
    types = "{" + ", ".join(f"'{column}': '{duckdb_type(kind)}'" for column, kind in columns) + "}"
    cursor.execute("set time zone 'UTC'")
    with tempfile.NamedTemporaryFile(suffix=".csv") as spool:
        cursor.copy_expert(
            f"copy (select {listed} from {quote_identifier(schema)}.{quote_identifier(table)}) "
            "to stdout with (format csv)",
            spool,
        )
        spool.flush()
        con.execute(
            f"create or replace table {quote_identifier(name)} as select * from read_csv(?, header = false, "
            f"columns = {types}, auto_detect = false, quote = '\"', escape = '\"', allow_quoted_nulls = false)",
            [spool.name],
        )
    return con.execute(f"select count(*) from {quote_identifier(name)}").fetchall()[0][0]
