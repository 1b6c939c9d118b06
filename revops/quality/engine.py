"""Great Expectations as the engine: an ephemeral context, one SQL datasource on the warehouse (the DuckDB file, or
PostgreSQL on `--target postgres`), one query
asset per (suite, table) with a GX suite for its native and one for its query-backed expectations, run by
two checkpoints. The report a person reads is ours (`revops.quality.docs`), written from the results: GX's
site listed one page per validation, without severity or a summary, and cost most of a check run to build."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from revops import settings
from revops.quality.kinds import NATIVE_RESULT_FORMAT, QUERY_RESULT_FORMAT, sql_for, to_gx
from revops.quality.suites import Expectation
from revops.quality.target import CheckTarget, DuckDBTarget, PostgresTarget

DATASOURCE = "revops_warehouse"
NATIVE, QUERIES = "native", "queries"


def _quiet_great_expectations() -> None:
    settings.gx_analytics_off()  # before the import: GX reads it when the module loads
    logging.getLogger("great_expectations").setLevel(logging.ERROR)


def gx_context() -> Any:
    """An in-memory GX context (nothing written anywhere), analytics and progress bars off."""
    _quiet_great_expectations()
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    project_config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
        data_docs_sites={},
    )
    return gx.get_context(mode="ephemeral", project_config=project_config)


def duckdb_datasource(context: Any, db_path: Path) -> Any:
    """The SQL datasource on the warehouse file, with the one connection GX must keep open for DuckDB.

    Why the pinned connection: duckdb-engine keeps a query's result on the DuckDB connection itself, and
    SQLAlchemy rolls a connection back when it is closed. GX executes each metric query inside
    `with engine.connect()` and fetches the rows after leaving the block, so with DuckDB every metric came
    back empty and every expectation read as failed with no observed value. No datasource option fixes this
    (`create_temp_table=False`, `poolclass=StaticPool`, `pool_reset_on_return=None` and
    `execution_options={"prebuffer_rows": True}` were all tried): the rollback comes from the transaction,
    not the pool. GX already keeps a single persisted connection for SQLite and SQL Server
    (`SqlAlchemyExecutionEngine.get_connection`); we give DuckDB the same. A failed query rolls back so the
    next expectation starts from a clean transaction. Covered by
    tests/python/test_checks.py::test_gx_duckdb_reads_real_values.
    """
    datasource = context.data_sources.add_sql(
        name=DATASOURCE,
        connection_string=f"duckdb:///{db_path}",
        create_temp_table=False,  # query assets are subqueries; nothing is ever written by a check
    )
    execution_engine = datasource.get_execution_engine()
    connection = execution_engine.engine.connect()
    execution_engine._connection = connection  # closed by close_datasource

    @contextmanager
    def persisted_connection() -> Iterator[Any]:
        try:
            yield connection
        except BaseException:
            connection.rollback()
            raise

    execution_engine.get_connection = persisted_connection
    return datasource


def postgres_datasource(context: Any, target: PostgresTarget) -> Any:
    """The SQL datasource on the PostgreSQL warehouse: psycopg2 returns a query's rows itself, so GX's own
    connection handling is kept."""
    return context.data_sources.add_sql(
        name=DATASOURCE,
        connection_string=target.sqlalchemy_url(),
        create_temp_table=False,
    )


def datasource_for(context: Any, target: CheckTarget) -> Any:
    if isinstance(target, PostgresTarget):
        return postgres_datasource(context, target)
    return duckdb_datasource(context, target.path)


def close_datasource(datasource: Any) -> None:
    """Close every handle GX opened, so dbt (which runs next in `revops run`) can open the DuckDB file."""
    execution_engine = datasource.get_execution_engine()
    if getattr(execution_engine, "_connection", None) is not None:
        execution_engine._connection.close()
        execution_engine._connection = None
    execution_engine.engine.dispose()
    if datasource._engine is not None:  # the datasource's own engine, used to test connections
        datasource._engine.dispose()


@contextmanager
def _decimals_converted_plainly() -> Iterator[None]:
    """Why: GX serialises every DECIMAL in a result (the offending rows of a query-backed expectation carry ARR, MRR,
    amounts) through `convert_decimal_to_float`, which walks the whole call stack (`inspect.stack()`, reading
    source files) to find out whether its rule-based profiler is the caller, then only logs a warning: hundreds
    of calls per check run, a large share of its time. We never run the profiler and
    GX's warnings are silenced anyway, so the conversion is plain `float()` while the checkpoints run."""
    from great_expectations import util

    def plain_float(d: Any) -> float:  # same signature: GX calls it as convert_decimal_to_float(d=value)
        return float(d)

    original = util.convert_decimal_to_float
    util.convert_decimal_to_float = plain_float
    try:
        yield
    finally:
        util.convert_decimal_to_float = original


def run_expectations(
    target: CheckTarget | Path, groups: list[tuple[str, str, list[Expectation]]]
) -> dict[tuple[str, str], Any]:
    """Run every (suite name, table, expectations) group through one checkpoint per result format, on `target`
    (a DuckDB file's path is its DuckDBTarget).

    Returns GX's ExpectationValidationResult per (suite name, expectation id)."""
    target = DuckDBTarget(target) if isinstance(target, Path) else target
    dialect = target.dialect
    context = gx_context()
    import great_expectations as gx

    datasource = datasource_for(context, target)
    try:
        # Two checkpoints because GX applies one result format per checkpoint, overriding the expectations'
        # own: query-backed expectations only return their offending rows in COMPLETE (capped at 200 by
        # GX), while COMPLETE on native column expectations would pull every unexpected value into Python.
        by_format: dict[str, list[tuple[str, Any]]] = {QUERIES: [], NATIVE: []}
        for suite_name, table, expectations in groups:
            asset = datasource.add_query_asset(name=f"{suite_name}__{table}", query=f"select * from {table}")
            batch_definition = asset.add_batch_definition_whole_table(name=table)
            for style in (NATIVE, QUERIES):
                chosen = [e for e in expectations if (sql_for(e, dialect) is not None) == (style == QUERIES)]
                if not chosen:
                    continue
                name = f"{suite_name}__{table}" + ("__sql" if style == QUERIES else "")
                gx_suite = context.suites.add(
                    gx.ExpectationSuite(name=name, expectations=[to_gx(e, dialect) for e in chosen])
                )
                definition = context.validation_definitions.add(
                    gx.ValidationDefinition(name=name, data=batch_definition, suite=gx_suite)
                )
                by_format[style].append((suite_name, definition))
        results: dict[tuple[str, str], Any] = {}
        for style, definitions in by_format.items():
            if not definitions:
                continue
            checkpoint = context.checkpoints.add(
                gx.Checkpoint(
                    name=f"revops_check_{style}",
                    validation_definitions=[definition for _, definition in definitions],
                    actions=[],
                    result_format=QUERY_RESULT_FORMAT if style == QUERIES else NATIVE_RESULT_FORMAT,
                )
            )
            with warnings.catch_warnings(), _decimals_converted_plainly():
                warnings.simplefilter("ignore")  # GX's deprecation chatter; real problems surface as results
                outcome = checkpoint.run()
            runs = {run.suite_name: run for run in outcome.run_results.values()}
            for suite_name, definition in definitions:
                for item in runs[definition.suite.name].results:
                    results[(suite_name, item.expectation_config.meta["revops_id"])] = item
        return results
    finally:
        close_datasource(datasource)
