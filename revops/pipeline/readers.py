"""Read-only queries on the warehouse of a target: the DuckDB file, or PostgreSQL on `--target postgres`.

A query is written once, with named parameters as `$name` (DuckDB's spelling); on PostgreSQL they become psycopg2's
`%(name)s`. A table that is not there is `MissingTableError` on both, so a caller can tell "not built" from a fault.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import duckdb

from revops import settings
from revops.errors import RevopsError
from revops.warehouse import connect, connect_postgres, existing

_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


class MissingTableError(RevopsError):
    """A table the query reads is not in the warehouse."""


class Reader(Protocol):
    def rows(self, query: str, parameters: dict[str, Any] | None = None) -> list[tuple]:
        """Every row of `query`; MissingTableError when a table it reads is absent, RevopsError on another fault."""


class DuckDBReader:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def rows(self, query: str, parameters: dict[str, Any] | None = None) -> list[tuple]:
        try:
            return self.con.execute(query, parameters or {}).fetchall()
        except duckdb.CatalogException as exc:
            raise MissingTableError(str(exc).splitlines()[0]) from exc
        except duckdb.Error as exc:
            raise RevopsError(str(exc).splitlines()[0]) from exc


class PostgresReader:
    def __init__(self, pg: Any) -> None:  # a psycopg2 connection, in autocommit: a failed query leaves no transaction
        self.pg = pg

    def rows(self, query: str, parameters: dict[str, Any] | None = None) -> list[tuple]:
        import psycopg2

        text = _PARAMETER.sub(r"%(\1)s", query.replace("%", "%%"))
        try:
            with self.pg.cursor() as cursor:
                cursor.execute(text, parameters or {})
                return cursor.fetchall()
        except psycopg2.errors.UndefinedTable as exc:
            raise MissingTableError(str(exc).splitlines()[0]) from exc
        except psycopg2.Error as exc:
            raise RevopsError(str(exc).splitlines()[0]) from exc


@contextmanager
def reader(db: Path | None, target: str | None = None) -> Iterator[Reader]:
    """A read-only reader of the warehouse on `target` (else REVOPS_TARGET): the DuckDB file `db`, or PostgreSQL."""
    if settings.target(target) == "postgres":
        pg = connect_postgres()
        try:
            pg.set_session(readonly=True, autocommit=True)
            yield PostgresReader(pg)
        finally:
            pg.close()
        return
    con = connect(existing(settings.warehouse_path(db)), read_only=True)
    try:
        yield DuckDBReader(con)
    finally:
        con.close()
