"""Where the gate runs: the DuckDB warehouse file, or the PostgreSQL warehouse of `--target postgres`.

A target knows its SQL dialect, the SQLAlchemy URL Great Expectations connects with, how to read a few rows (the
catalog, the examples of a failed check) and where this run's results are appended (`audit.dq_results` of the same
warehouse). Everything else in the gate is the same on both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from revops import settings
from revops.quality.dialect import DUCKDB, POSTGRES, Dialect
from revops.quality.results import CheckResult, dq_result_rows, write_dq_results
from revops.warehouse import AUDIT, AUDIT_DDL, connect, connect_postgres

Rows = tuple[list[str], list[tuple[Any, ...]]]


class CheckTarget(Protocol):
    dialect: Dialect

    @property
    def label(self) -> str:
        """The warehouse, for messages and the Data Docs."""

    @property
    def docs_key(self) -> Path:
        """What names this warehouse's Data Docs folder (docs.warehouse_folder)."""

    def exists(self) -> bool: ...

    def fetch(self, queries: list[str]) -> list[Rows]:
        """Column names and rows of each query, on one read-only connection."""

    def write_results(self, run_id: str, run_at: datetime, results: list[CheckResult]) -> None: ...


@dataclass(frozen=True)
class DuckDBTarget:
    path: Path
    dialect: Dialect = DUCKDB

    @property
    def label(self) -> str:
        return str(self.path)

    @property
    def docs_key(self) -> Path:
        return self.path

    def exists(self) -> bool:
        return self.path.exists()

    def fetch(self, queries: list[str]) -> list[Rows]:
        con = connect(self.path, read_only=True)
        try:
            found = []
            for query in queries:
                cursor = con.execute(query)
                found.append(([column[0] for column in cursor.description], cursor.fetchall()))
            return found
        finally:
            con.close()

    def write_results(self, run_id: str, run_at: datetime, results: list[CheckResult]) -> None:
        con = connect(self.path)
        try:
            write_dq_results(con, run_id, run_at, results)
        finally:
            con.close()


@dataclass(frozen=True)
class PostgresTarget:
    """The PostgreSQL warehouse of REVOPS_PG_* (settings.postgres_parameters)."""

    dialect: Dialect = POSTGRES

    @property
    def label(self) -> str:
        return f"PostgreSQL {settings.postgres_location()}"

    @property
    def docs_key(self) -> Path:
        found = settings.postgres_parameters()
        return Path("/postgresql") / f"{found['host']}_{found['port']}" / found["dbname"]

    def exists(self) -> bool:
        return True  # an unreachable server is one line from connect_postgres

    def sqlalchemy_url(self) -> str:
        from sqlalchemy.engine import URL

        found = settings.postgres_parameters()
        url = URL.create(
            "postgresql+psycopg2",
            username=found.get("user"),
            password=found.get("password"),
            host=found.get("host"),
            port=int(found["port"]),
            database=found.get("dbname"),
        )
        return url.render_as_string(hide_password=False)

    def fetch(self, queries: list[str]) -> list[Rows]:
        pg = connect_postgres()
        try:
            pg.set_session(readonly=True)
            found = []
            with pg.cursor() as cursor:
                for query in queries:
                    cursor.execute(query)  # no parameters: psycopg2 leaves % alone
                    found.append(([column.name for column in cursor.description], cursor.fetchall()))
            return found
        finally:
            pg.close()

    def write_results(self, run_id: str, run_at: datetime, results: list[CheckResult]) -> None:
        """Appended to audit.dq_results in PostgreSQL, in one transaction (created on first use)."""
        pg = connect_postgres()
        try:
            with pg.cursor() as cursor:
                cursor.execute(f"create schema if not exists {AUDIT}")
                for statement in AUDIT_DDL["dq_results"]:
                    cursor.execute(statement)
                placeholders = ", ".join(["%s"] * 13)
                cursor.executemany(
                    f"insert into {AUDIT}.dq_results values ({placeholders})", dq_result_rows(run_id, run_at, results)
                )
            pg.commit()
        finally:
            pg.close()


def check_target(target: str, db: Path) -> CheckTarget:
    """The warehouse `revops check` reads on `target` (settings.target): the DuckDB file `db`, or PostgreSQL."""
    return PostgresTarget() if target == "postgres" else DuckDBTarget(db)
