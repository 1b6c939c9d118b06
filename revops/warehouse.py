"""The DuckDB warehouse: opening it (every error a user can cause said plainly), SQL quoting, and the audit
schema, declared here once for landing and the gate."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from revops import settings
from revops.errors import RevopsError, WarehouseLockedError

_LOCK_MARKERS = ("Could not set lock on file", "Conflicting lock is held")
RAW = "raw"  # landed exports, one table per export: raw.<vendor>__<object>
AUDIT = "audit"  # what landing and the gate did
_INGEST_BATCHES = f"""create table if not exists {AUDIT}.ingest_batches (
    batch_id bigint primary key,
    source_file varchar not null,
    sha256 varchar not null,
    size_bytes bigint,
    file_format varchar,
    encoding varchar,
    source_name varchar,
    raw_table varchar,
    export_kind varchar,
    export_date date,
    rows_read bigint,
    rows_landed bigint,
    rows_quarantined bigint,
    extra_columns varchar,
    missing_optional_columns varchar,
    status varchar not null,
    message varchar,
    started_at timestamp,
    finished_at timestamp,
    duration_seconds double
)"""
_INGEST_BATCHES_ADDED = (
    ("encoding_confidence", "double"),
    ("export_date_origin", "varchar"),
    ("resend_of_batch_id", "bigint"),
    ("notes", "varchar"),
)
# Each audit table and the statements creating it (or bringing an older warehouse's table up to date).
AUDIT_DDL: dict[str, tuple[str, ...]] = {
    "ingest_batches": (
        _INGEST_BATCHES,
        *(f"alter table {AUDIT}.ingest_batches add column if not exists {c} {t}" for c, t in _INGEST_BATCHES_ADDED),
    ),
    # side-loaded lists of an API page that no contract knows (`groups`, `identities`): kept whole, as JSON
    "unmapped_sideloads": (
        f"""create table if not exists {AUDIT}.unmapped_sideloads (
    batch_id bigint not null,
    source_file varchar not null,
    sideload varchar not null,
    record_number bigint not null,
    record_json varchar not null,
    kept_at timestamp not null
)""",
    ),
    "quarantine": (
        f"""create table if not exists {AUDIT}.quarantine (
    batch_id bigint not null,
    source_file varchar not null,
    row_number bigint,
    column_name varchar,
    raw_text varchar,
    reason varchar not null,
    quarantined_at timestamp not null
)""",
    ),
    # raw tables a record was taken out of after landing (revops quarantine): the incremental models must forget
    # it, so the next `revops build` is a full refresh; the row is removed when that build succeeds
    "pending_full_refresh": (
        f"""create table if not exists {AUDIT}.pending_full_refresh (
    raw_table varchar not null,
    batch_id bigint not null,
    row_number bigint not null,
    requested_at timestamp not null
)""",
    ),
    # each successful plain `revops build`: the last batch it built and the project it built with, so that the
    # next plain build with nothing new starts no dbt (revops/pipeline/build_state.py)
    "builds": (
        f"""create table if not exists {AUDIT}.builds (
    last_batch_id bigint,
    project_fingerprint varchar not null,
    started_at timestamp not null,
    finished_at timestamp not null
)""",
    ),
    # the figures after each successful `revops build` (also one that found the warehouse current), so that the
    # next build can say what changed since (revops/pipeline/changes.py); high_risk_renewals: the account_ids
    # with churn_risk high and a renewal in the next 90 days, comma-separated
    "run_summaries": (
        f"""create table if not exists {AUDIT}.run_summaries (
    recorded_at timestamp not null,
    files_landed bigint,
    rows_landed bigint,
    accounts bigint,
    people bigint,
    account_records bigint,
    person_records bigint,
    arr_reporting double,
    high_risk_renewals varchar
)""",
    ),
    # the gate's results, appended by every `revops check`
    "dq_results": (
        f"""create table if not exists {AUDIT}.dq_results (
    run_id varchar not null,
    run_at timestamp not null,
    suite varchar not null,
    expectation_id varchar not null,
    table_name varchar,
    kind varchar,
    severity varchar not null,
    status varchar not null,
    success boolean,
    observed_value varchar,
    unexpected_count bigint,
    sample varchar,
    message varchar
)""",
    ),
}


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def ensure_audit(con: duckdb.DuckDBPyConnection, *tables: str) -> None:
    """The audit schema and `tables` of it exist, in the order given."""
    con.execute(f"create schema if not exists {AUDIT}")
    for table in tables:
        for statement in AUDIT_DDL[table]:
            con.execute(statement)


def write_config() -> dict[str, str]:
    """The DuckDB configuration of every connection that may create the warehouse file (here and dbt's, through
    revops.dbt_plugin): its storage format, readable by DuckDB 1.x unless the user opts out (settings.py)."""
    return {"storage_compatibility_version": settings.storage_compatibility()}


def storage_version(con: duckdb.DuckDBPyConnection, database: str | None = None) -> str | None:
    """The storage format of an attached database (`database`, else the current one) as DuckDB tags it, e.g.
    'v1.0.0+' (the format of DuckDB 1.0 and 1.1); None when DuckDB does not say."""
    row = con.execute(
        "select tags from duckdb_databases() where database_name = coalesce(?, current_database())", [database]
    ).fetchone()
    tags = row[0] if row else None
    return dict(tags).get("storage_version") if tags else None


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating folders as needed) the warehouse; a file held by another process raises a clear error.
    A new file is written in the storage format of `write_config`."""
    if path.exists() and not path.is_file():
        raise RevopsError(f"--db {path} is not a file", hint="point --db (or REVOPS_DB) at a .duckdb file")
    try:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        config = {} if read_only else write_config()
        con = duckdb.connect(str(path), read_only=read_only, config=config)
        con.execute("set enable_progress_bar = false")  # revops reports each file in one line; logs stay readable
        return con
    except PermissionError as exc:
        raise RevopsError(f"no permission to write the warehouse {path}", hint="choose a writable --db") from exc
    except duckdb.Error as exc:
        text = str(exc)
        if any(marker in text for marker in _LOCK_MARKERS):
            raise WarehouseLockedError(
                f"warehouse is in use by another process: {path}",
                hint="close the other program (a BI tool, a notebook, another revops run) and try again",
            ) from exc
        if "Permission denied" in text or "Read-only file system" in text or "read-only" in text.lower():
            raise RevopsError(
                f"the warehouse {path} cannot be written (read-only file or folder)",
                hint="choose a writable --db, or fix the file's permissions",
            ) from exc
        if "not a valid DuckDB database" in text or "Unsupported" in text or "magic bytes" in text:
            raise RevopsError(
                f"{path} is not a DuckDB warehouse file",
                hint="point --db at the warehouse (a .duckdb file written by revops), or at a new file name",
            ) from exc
        raise RevopsError(f"the warehouse {path} cannot be opened: {text.splitlines()[0]}") from exc


def existing(path: Path) -> Path:
    """`path`, which must exist: build, check and explain never create an empty warehouse from a typo."""
    if not path.is_file():
        raise RevopsError(
            f"no warehouse at {path}",
            hint="check --db (or REVOPS_DB), or land exports first with `revops ingest` or `revops run`",
        )
    return path


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold the warehouse for one revops command (an ingest, or a build with its dbt child), so that no
    other revops command slips in between our checks and dbt's own connection."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".revops-lock")
    handle = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise WarehouseLockedError(
                f"another revops command is using the warehouse {path}",
                hint="wait for it to finish (a build or ingest), then run again",
            ) from exc
        yield
    finally:
        os.close(handle)


def connect_postgres():  # -> psycopg2 connection (imported here: only --target postgres needs the driver)
    """A connection to the PostgreSQL warehouse of `--target postgres` (REVOPS_PG_* in settings.py), in a
    transaction until commit; an unreachable server or a missing driver is one line saying what to set."""
    try:
        import psycopg2
    except ImportError as exc:
        raise RevopsError(
            "--target postgres needs the PostgreSQL driver", hint="run `make install` (or pip install -e '.[postgres]')"
        ) from exc
    parameters = settings.postgres_parameters()
    try:
        return psycopg2.connect(**parameters, application_name="revops")
    except psycopg2.OperationalError as exc:
        where = f"{settings.postgres_location()} as {parameters['user']}"
        raise RevopsError(
            f"cannot connect to PostgreSQL at {where}: {str(exc).strip().splitlines()[0]}",
            hint="start the server, or set REVOPS_PG_HOST, REVOPS_PG_PORT, REVOPS_PG_USER, REVOPS_PG_PASSWORD "
            "and REVOPS_PG_DBNAME",
        ) from exc
