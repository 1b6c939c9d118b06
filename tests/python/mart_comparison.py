"""Comparing the marts of two builds side by side in one DuckDB session (the PostgreSQL and Spark target tests).

Each build's marts are tables `<side>__<mart>` of one in-memory DuckDB. Two marts agree when they have the same
columns (names, in order), the same number of rows and the same content hash: the sum of the hashes of their rows
written as text, numbers rounded to the cent (0.01), so row order does not count and a repeated row does.
"""

from __future__ import annotations

import duckdb

# a number column compared within a cent: money (DECIMAL(18,2)) and the measures computed in floating point
ROUNDED_TYPES = ("DECIMAL", "DOUBLE", "FLOAT", "REAL")


def mart_names(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    """The marts (tables and views) of the attached DuckDB warehouse `catalog`."""
    rows = con.execute(
        "select table_name from information_schema.tables where table_catalog = ? and table_schema = 'marts' "
        "order by 1",
        [catalog],
    ).fetchall()
    return [name for (name,) in rows]


def columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    found = con.sql(f'select * from "{table}" limit 0')
    return list(zip(found.columns, [str(kind) for kind in found.types], strict=True))


def normalised(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """A query of `table`'s rows as text, numbers rounded to the cent (0.01), in column order."""
    parts = []
    for name, kind in columns_of(con, table):
        if kind.startswith(ROUNDED_TYPES):
            parts.append(f'cast(round(cast("{name}" as double), 2) as varchar) as "{name}"')
        else:
            parts.append(f'cast("{name}" as varchar) as "{name}"')
    return f'select {", ".join(parts)} from "{table}"'


def fingerprint(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, int]:
    """(rows, content hash) of `table`: the sum of its normalised rows' hashes, so row order does not count and a
    repeated row does."""
    query = normalised(con, table)
    found = con.execute(f"select count(*), coalesce(sum(hash(rows)), 0) from ({query}) as rows").fetchall()
    return int(found[0][0]), int(found[0][1])


def differences(con: duckdb.DuckDBPyConnection, names: list[str], left: str, right: str) -> dict:
    """mart -> what differs between `left`__mart and `right`__mart: its columns, its row count, its content (with
    up to three rows found only on each side); marts that agree are left out."""
    found: dict[str, str] = {}
    for name in names:
        one, other = f"{left}__{name}", f"{right}__{name}"
        left_names = [column for column, _ in columns_of(con, one)]
        right_names = [column for column, _ in columns_of(con, other)]
        if left_names != right_names:
            found[name] = f"columns differ: {left_names} vs {right_names}"
            continue
        (left_rows, left_hash), (right_rows, right_hash) = fingerprint(con, one), fingerprint(con, other)
        if (left_rows, left_hash) != (right_rows, right_hash):
            only_left = con.execute(f"{normalised(con, one)} except all {normalised(con, other)} limit 3").fetchall()
            only_right = con.execute(f"{normalised(con, other)} except all {normalised(con, one)} limit 3").fetchall()
            found[name] = f"rows {left_rows} vs {right_rows}; only {left}: {only_left}; only {right}: {only_right}"
    return found
