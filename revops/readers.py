"""Read-only queries on the warehouse of a target: the DuckDB file, or PostgreSQL on `--target postgres`.

A query is written once, with named parameters as `$name` (DuckDB's spelling); on PostgreSQL they become psycopg2's
`%(name)s`. A table that is not there is `MissingTableError` on both, so a caller can tell "not built" from a fault.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pandas as pd

from revops import settings
from revops.errors import RevopsError
from revops.warehouse import connect, connect_postgres, existing

_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
PG_INTEGERS = (20, 21, 23)  # PostgreSQL type oids: bigint, smallint, integer
PG_NUMBERS = (700, 701, 1700)  # real, double precision, numeric
PG_TIMES = (1082, 1114)  # date, timestamp (without time zone)


class MissingTableError(RevopsError):
    """A table the query reads is not in the warehouse."""


class Reader(Protocol):
    def rows(self, query: str, parameters: dict[str, Any] | None = None) -> list[tuple]:
        """Every row of `query`; MissingTableError when a table it reads is absent, RevopsError on another fault."""

    def frame(self, query: str, parameters: dict[str, Any] | None = None) -> pd.DataFrame:
        """The rows of `query` as a DataFrame (numbers as floats, dates and times as datetime64, as DuckDB gives
        them); errors as `rows`."""

    def describe(self) -> str:
        """The warehouse read, for a page or a log line: the DuckDB file, or the PostgreSQL server and database."""


class DuckDBReader:
    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path | None = None) -> None:
        self.con = con
        self.path = path

    def describe(self) -> str:
        return str(self.path or "DuckDB")

    def rows(self, query: str, parameters: dict[str, Any] | None = None) -> list[tuple]:
        return self._run(query, parameters, lambda result: result.fetchall())

    def frame(self, query: str, parameters: dict[str, Any] | None = None) -> pd.DataFrame:
        return self._run(query, parameters, lambda result: result.df())

    def _run(self, query: str, parameters: dict[str, Any] | None, fetch: Callable[[Any], Any]) -> Any:
        """fetch(the result of `query`), its errors named as Reader.rows says."""
        try:
            return fetch(self.con.execute(query, parameters or {}))
        except duckdb.CatalogException as exc:
            raise MissingTableError(str(exc).splitlines()[0]) from exc
        except duckdb.Error as exc:
            raise RevopsError(str(exc).splitlines()[0]) from exc


class PostgresReader:
    def __init__(self, pg: Any) -> None:  # a psycopg2 connection, in autocommit: a failed query leaves no transaction
        self.pg = pg

    def describe(self) -> str:
        return f"PostgreSQL {settings.postgres_location()}"

    def rows(self, query: str, parameters: dict[str, Any] | None = None) -> list[tuple]:
        return self._fetch(query, parameters)[2]

    def frame(self, query: str, parameters: dict[str, Any] | None = None) -> pd.DataFrame:
        names, types, rows = self._fetch(query, parameters)
        data = pd.DataFrame.from_records(rows, columns=names)
        for name, type_code in zip(names, types, strict=True):  # the dtypes DuckDB's frames carry
            if type_code in PG_INTEGERS:
                data[name] = data[name].astype("Int64")
            elif type_code in PG_NUMBERS:
                data[name] = data[name].astype("float64")
            elif type_code in PG_TIMES:
                data[name] = pd.to_datetime(data[name]).astype("datetime64[us]")
        return data

    def _fetch(self, query: str, parameters: dict[str, Any] | None) -> tuple[list[str], list[int], list[tuple]]:
        import psycopg2

        text = _PARAMETER.sub(r"%(\1)s", query.replace("%", "%%"))
        try:
            with self.pg.cursor() as cursor:
                cursor.execute(text, parameters or {})
                described = cursor.description
                return [c.name for c in described], [c.type_code for c in described], cursor.fetchall()
        except psycopg2.errors.UndefinedTable as exc:
            raise MissingTableError(str(exc).splitlines()[0]) from exc
        except psycopg2.Error as exc:
            raise RevopsError(str(exc).splitlines()[0]) from exc


@contextmanager
def reader(db: Path | None, target: str | None = None) -> Iterator[Reader]:
    """A read-only reader of the warehouse on `target` (else REVOPS_TARGET): the DuckDB file `db`, or PostgreSQL.
    Spark is refused by name (its marts are read through a Spark session, which this command does not start)."""
    if settings.target(target) == "spark":
        raise RevopsError(
            "this command reads DuckDB or PostgreSQL, not Spark (--target spark, REVOPS_TARGET)",
            hint="query Spark's marts with Spark SQL (schema marts), or run `revops build` and this command on DuckDB",
        )
    if settings.target(target) == "postgres":
        pg = connect_postgres()
        try:
            pg.set_session(readonly=True, autocommit=True)
            yield PostgresReader(pg)
        finally:
            pg.close()
        return
    path = existing(settings.warehouse_path(db))
    con = connect(path, read_only=True)
    try:
        yield DuckDBReader(con, path)
    finally:
        con.close()
