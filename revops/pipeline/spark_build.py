"""`revops build --target spark`: the landed batches published, then dbt and the client identity step in turn.

1. Every batch landed in the DuckDB file that the Spark folder does not hold yet (or whose counts changed since: a
   record quarantined after landing) is written there as Parquet files (spark_landing.py). No Spark session.
2. dbt builds everything that is not downstream of a client-resolved model (the Python identity models). dbt-spark
   starts its own local SparkSession (profiles.yml, `method: session`); the run starts by registering the landing
   folders as the sources' tables (macros/landing/register_landing.sql).
3. For each client-resolved model in dependency order: the client resolves it from the Parquet files dbt wrote
   (spark_identity.py, an in-memory DuckDB, no Spark session), then dbt registers its table and builds what is
   downstream of it but not of a later one (postgres_build.build_in_turn, shared with PostgreSQL).

One process at a time holds Spark's embedded (Derby) metastore, which allows a single process: each dbt step is a
child process that ends before the next step starts, and the revops process never starts a Spark session (it reads
and writes Parquet files only). Every model is built as a table on every run (var revops_incremental is false on
Spark: no DELETE or MERGE without Delta or Iceberg), so a build is always a full one.
"""

from __future__ import annotations

from pathlib import Path

from revops.pipeline.postgres_build import PostgresListener, Publication, build_in_turn, refuse_selection
from revops.pipeline.postgres_identity import ClientModel, ResolvedTable
from revops.pipeline.spark_identity import resolve_on_spark
from revops.pipeline.spark_landing import publish_landed
from revops.warehouse import connect

TARGET = "spark"


def publish_pending(path: Path) -> Publication:
    """The batches of the DuckDB file `path` that the Spark folder does not hold as landed now, written there."""
    duck = connect(path, read_only=True)
    try:
        return Publication(publish_landed(duck), target="Spark", each="Parquet files, the audit row last")
    finally:
        duck.close()


def build_on_spark(path: Path, dbt_args: list[str], listener: PostgresListener) -> int:
    """Publish what is pending, then dbt and the client identity step in turn (the module's steps); dbt's exit
    code of the first failing step, or 0. `dbt_args`: the `dbt build` command line, without a selection."""
    refuse_selection(dbt_args, TARGET)
    listener.published(publish_pending(path))

    def resolve(model: ClientModel) -> list[ResolvedTable]:
        return resolve_on_spark([model])

    return build_in_turn(path, dbt_args, listener, TARGET, resolve)
