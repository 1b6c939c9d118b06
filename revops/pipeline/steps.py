"""The steps behind the `revops` commands. Each takes the warehouse (`--db`, else REVOPS_DB, else the default
file), holds it while it writes, and returns a result or an exit code; printing is the command line's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from rich.console import Console

from ingest.load import BatchResult, ensure_schema, ingest
from ingest.quarantine import QuarantinedRecord, clear_pending_full_refresh, pending_full_refresh, quarantine_record
from revops import settings
from revops.errors import RevopsError, WarehouseLockedError
from revops.pipeline.build_state import BuildState, current_state, last_build, record_build
from revops.pipeline.changes import raw_rows
from revops.pipeline.changes import record as record_run_summary
from revops.pipeline.changes import what_changed as changes_since_last
from revops.pipeline.dbt_runner import run_dbt
from revops.pipeline.postgres_build import PostgresListener, Publication, build_on_postgres, publish_pending
from revops.pipeline.postgres_identity import ResolvedTable
from revops.pipeline.publish import ParquetTable, Published, is_stale, publish
from revops.pipeline.spark_build import build_on_spark
from revops.pipeline.spark_build import publish_pending as publish_pending_to_spark
from revops.warehouse import connect, ensure_audit, exclusive, existing

# dbt's unit tests check the models' SQL on fixed fixture rows, not the data: a warehouse build does not need
# them (dbt's advice for production runs). `make test` runs them, in its dbt builds. A caller choosing resource
# types itself (revops build -- --resource-type unit_test) gets exactly what it asked for.
PRODUCTION_BUILD_ARGS = ("--exclude-resource-type", "unit_test")
# dbt options that change how a build runs or reports, never what it builds: such a build is a whole one
WHOLE_BUILD_OPTIONS = frozenset({"--full-refresh", "--quiet", "-q", "--no-use-colors", "--fail-fast", "-x"})
# `revops run`: these steps in order.
RUN_STAGES = ("ingest", "build", "check")


def generate(out: Path, accounts: int, seed: int, snapshots: int) -> dict:
    """Write a sample world of exports into `out`; the generator's report (files, people, timings)."""
    from revops.sample import generate_world

    return generate_world(out, accounts=accounts, seed=seed, snapshots=snapshots)


def demo_dir() -> Path:
    """Where `revops demo` writes its sample world."""
    return settings.project_dir() / "data" / "demo"


def ingest_files(
    paths: tuple[Path, ...],
    db: Path | None,
    source: str | None = None,
    export_kind: str | None = None,
    export_date: date | None = None,
    encoding: str | None = None,
    on_file: Callable[[str], None] | None = None,
) -> list[BatchResult]:
    """Land `paths` in the warehouse, holding it meanwhile; one result per file."""
    path = settings.warehouse_path(db)
    with exclusive(path):
        con = connect(path)
        try:
            return ingest(con, list(paths), source, export_kind, export_date, on_file=on_file, encoding=encoding)
        finally:
            con.close()


def publish_to_target(db: Path | None, target: str | None = None) -> Publication | None:
    """On `target` postgres or spark (else REVOPS_TARGET): the landed batches it does not hold yet, published there
    (postgres_landing.py, spark_landing.py); None on DuckDB, where landing is all."""
    chosen = settings.target(target)
    if chosen == "duckdb":
        return None
    path = existing(settings.warehouse_path(db))
    with exclusive(path):
        return publish_pending(path) if chosen == "postgres" else publish_pending_to_spark(path)


def ingest_exit_code(results: list) -> int:
    """0 when every file landed whole; 1 when a file was rejected or a row quarantined (exit 2 is a bug)."""
    troubled = any(r.status == "rejected" or r.rows_quarantined for r in results)
    return 1 if troubled else 0


def build_arguments(extra: tuple[str, ...]) -> list[str]:
    """The `dbt build` command line of `revops build`: unit tests left out unless `extra` picks resource types."""
    chooses_types = any(arg.startswith(("--resource-type", "--exclude-resource-type")) for arg in extra)
    return ["build", *(() if chooses_types else PRODUCTION_BUILD_ARGS), *extra]


def _ignore(*_: object) -> None:
    return None


@dataclass(frozen=True)
class BuildListener:
    """What `build` tells its caller, each a callback that does nothing unless given: `full_refresh` hears the
    raw tables rebuilt in full (before dbt starts), `current` when a current warehouse was last built,
    `empty_raw` that nothing was ever landed, `published` where the build was published; `event` hears dbt's
    events (None: dbt's output streams)."""

    full_refresh: Callable[[list[str]], None] = _ignore
    current: Callable[[datetime], None] = _ignore
    empty_raw: Callable[[], None] = _ignore
    published: Callable[[Published], None] = _ignore
    event: Callable[[dict], None] | None = None
    # --target postgres: what was published there, each dbt step starting, each model the client resolved
    batches_published: Callable[[Publication], None] = _ignore
    stage: Callable[[str], None] = _ignore
    resolved: Callable[[ResolvedTable], None] = _ignore


def build(
    db: Path | None, extra: tuple[str, ...] = (), listener: BuildListener = BuildListener(), target: str | None = None
) -> int:
    """`dbt build` of the warehouse; in full when a record was quarantined after landing. A plain build (no
    `extra`) of a warehouse that is current starts no dbt (build_state.py). After a successful build its
    figures go to audit.run_summaries (changes.py) and it is published for readers (publish.py), and so is a
    current one whose published copy is missing. `listener` hears each of these. dbt's exit code, or 0.
    On `target` postgres (else REVOPS_TARGET) the DuckDB file is where exports land; postgres_build.py builds."""
    path = existing(settings.warehouse_path(db))
    chosen = settings.target(target)
    if chosen != "duckdb":
        build_elsewhere = build_on_postgres if chosen == "postgres" else build_on_spark
        with exclusive(path):
            return build_elsewhere(path, build_arguments(extra), _postgres_listener(listener))
    with exclusive(path):
        pending, state, last, raw_rows = _before_build(path)
        if raw_rows == 0:
            listener.empty_raw()
        if not extra and not pending and last and last[0] == state:
            listener.current(last[1])
            _after_build(path, datetime.now(), None)
            if not settings.published_path(path).is_file():  # a current copy stays: the build is the same
                listener.published(publish(path))
            return 0
        started = datetime.now()
        if pending and "--full-refresh" not in extra:
            listener.full_refresh(pending)
            extra = (*extra, "--full-refresh")
        code = run_dbt(build_arguments(extra), path, listener.event)
        if code == 0:  # a build of everything (no selection, only WHOLE_BUILD_OPTIONS) is recorded
            _after_build(path, started, state if set(extra) <= WHOLE_BUILD_OPTIONS else None)
            listener.published(publish(path))
        return code


def _postgres_listener(listener: BuildListener) -> PostgresListener:
    return PostgresListener(
        listener.batches_published, listener.full_refresh, listener.stage, listener.resolved, listener.event
    )


def publish_warehouse(db: Path | None) -> Published:
    """`revops publish`: the work file published for readers now (converted when its format is too new)."""
    path = existing(settings.warehouse_path(db))
    with exclusive(path):
        return publish(path)


def publish_parquet(db: Path | None, out: Path) -> list[ParquetTable]:
    """`revops publish --parquet DIR`: the marts of the published warehouse as Parquet files in `out`."""
    from revops.pipeline.publish import parquet

    return parquet(settings.warehouse_path(db), out)


def _before_build(path: Path) -> tuple[list[str], BuildState, tuple[BuildState, datetime] | None, int]:
    """(the raw tables pending a full refresh, the warehouse's state now, its last plain build, raw rows)."""
    con = connect(path)
    try:
        ensure_schema(con)
        ensure_audit(con, "builds")
        return pending_full_refresh(con), current_state(con, settings.project_dir()), last_build(con), raw_rows(con)
    finally:
        con.close()


def _after_build(path: Path, started: datetime, state: BuildState | None) -> None:
    """A successful build: the pending full refresh is done; a whole build (`state`) is recorded; its figures
    go to audit.run_summaries."""
    con = connect(path)
    try:
        clear_pending_full_refresh(con, before=started)
        if state:
            record_build(con, state, started)
        record_run_summary(con)
    finally:
        con.close()


def what_changed(db: Path | None) -> list[str]:
    """The "what changed since the last run" lines (changes.py); empty before the first recorded build."""
    path = settings.warehouse_path(db)
    if not path.is_file():
        return []
    con = connect(path, read_only=True)
    try:
        return changes_since_last(con)
    finally:
        con.close()


# On Spark the gate checks the landed exports, in the DuckDB file they land in first (the same rows were published);
# the model suites' SQL runs on DuckDB and PostgreSQL only, and dbt's tests have checked the models on Spark.
SPARK_SUITES = "landing_*"


def check(
    db: Path | None,
    suite: str | None,
    junit: Path | None,
    json_path: Path | None,
    console: Console,
    target: str | None = None,
) -> int:
    """The data-quality gate; raises NotBuiltError when the warehouse was never built. On `target` postgres (else
    REVOPS_TARGET) every suite runs as SQL inside PostgreSQL, its results appended to audit.dq_results there. On
    spark the landing suites only (SPARK_SUITES), on the DuckDB file, said on `console`."""
    from revops.quality import run_checks

    where = settings.target(target)
    if where == "spark":
        if suite and not suite.startswith("landing_"):
            raise RevopsError(
                f"--target spark checks the landing suites only, not {suite!r}",
                hint="run `revops check --suite 'landing_*' --target spark`; the model suites run on DuckDB",
            )
        console.print("Spark: checking the landed exports (landing suites); dbt's tests checked the models")
        suite, where = suite or SPARK_SUITES, "duckdb"
    path = settings.warehouse_path(db)
    code = run_checks(path, suite=suite, junit=junit, json_path=json_path, console=console, target=where)
    if settings.target(target) == "duckdb":
        _republish_after_check(path)
    return code


def _republish_after_check(path: Path) -> None:
    """The gate's results (audit.dq_results) reach readers too: a published copy older than the work file is
    refreshed. Left alone while another revops command holds the warehouse (its build publishes)."""
    if not settings.published_path(path).is_file() or not is_stale(path):
        return
    try:
        with exclusive(path):
            publish(path)
    except WarehouseLockedError:
        pass


def stage_verdict(name: str, code: int) -> str:
    """After a `revops run` stage: 'go' on, 'partial' (ingest left files or rows out: build with the rest), or
    'stop' (a build or check failure ends the run with its exit code)."""
    if name == "ingest" and code == 1:
        return "partial"
    return "go" if code == 0 else "stop"


def quarantine(db: Path | None, batch_id: int, row_number: int, reason: str, column: str | None) -> QuarantinedRecord:
    """Move one landed record to audit.quarantine; the next build is a full refresh without it."""
    path = existing(settings.warehouse_path(db))
    with exclusive(path):
        con = connect(path)
        try:
            return quarantine_record(con, batch_id, row_number, reason, column)
        finally:
            con.close()


def explain(kind: str, value: str, db: Path | None, console: Console, target: str | None = None) -> int:
    """`revops explain account|person VALUE`: the source records behind it, printed to `console`; read from
    PostgreSQL on `target` postgres (else REVOPS_TARGET)."""
    from revops.pipeline.explain import explain_account, explain_person
    from revops.readers import reader

    with reader(db, target) as source:
        return (explain_account if kind == "account" else explain_person)(source, value, console)


def report(db: Path | None, out: Path | None = None, lang: str = "en", target: str | None = None) -> Path:
    """`revops report`: the HTML page of the marts, read-only from the DuckDB file or PostgreSQL on `target`
    postgres (else REVOPS_TARGET); the path written."""
    from revops.readers import reader
    from revops.report import write_report

    with reader(db, target) as source:
        return write_report(source, out, lang)


def evaluate(truth_dir: Path, db: Path | None, target: str | None = None) -> list:
    """Pairwise scores of the account and person maps against a generated world's truth, the maps read from the
    DuckDB file or from PostgreSQL on `target` postgres (else REVOPS_TARGET)."""
    from revops.pipeline.evaluate import pairwise_scores
    from revops.readers import reader

    with reader(db, target) as source:
        return pairwise_scores(source, truth_dir)


@dataclass
class Summary:
    """What the warehouse holds now (label -> figure), and where it, its published copy (what BI tools open)
    and the reports are."""

    warehouse: Path
    reports: Path
    figures: dict[str, str]
    published: Path | None = None


def summary(db: Path | None) -> Summary:
    """The summary `revops run` and `revops demo` end with."""
    from revops.pipeline.summary import collect

    path = settings.warehouse_path(db)
    return Summary(path, settings.reports_dir(), collect(path), settings.published_path(path))


def export(
    db: Path | None,
    name: str,
    fmt: str | None,
    out: Path | None,
    where: str | None,
    lang: str,
    target: str | None = None,
):
    """`revops export`: a mart or named list to a file (export.py), read-only, from the DuckDB file or PostgreSQL on
    `target` postgres; the format defaults to the suffix of `out`, else csv."""
    from revops.pipeline.export import FORMATS, export
    from revops.readers import reader

    if fmt is None:
        suffix = out.suffix.lstrip(".").lower() if out else ""
        fmt = suffix if suffix in FORMATS else "csv"
    with reader(db, target) as source:
        return export(source, name, fmt, out, where, lang)
