"""Identity resolution in the client on Spark: the Python identity models run in an in-memory DuckDB, without a
Spark session in the revops process.

`revops build --target spark` runs dbt for everything upstream of identity, then this step, then dbt for identity
and everything downstream (spark_build.py). dbt-spark builds its tables as Parquet files in the local warehouse
folder (`<spark dir>/tables/<schema>.db/<table>`, profiles.yml), so this step reads a model's inputs (the unioned
record models and the seeds, as dbt's manifest lists them) straight from those files, runs the model's own
`model(dbt, session)` (the stand-in dbt object of postgres_identity.py) and writes its table as one Parquet file
in `<spark dir>/client/<schema>/<table>/`, written under a hidden name and renamed into place. The dbt step after
it registers that folder as the model's table (macros/identity/client_resolved.sql, spark__).

A model whose input is over REVOPS_IDENTITY_BATCH_ROWS records resolves it in batches of whole match components
(revops/identity/batches.py); here the batches are resolved on Spark, in parallel: one group per batch of
`groupBy(batch).applyInArrow`, each group running the same pure resolver (`SparkBatches`). That session has an
in-memory catalog: it never opens the embedded metastore, which only dbt's processes hold, one after another.
"""

from __future__ import annotations

import os
import runpy
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from revops import settings
from revops.identity.batches import BatchedResolver, LocalRunner, batches_run_by, resolve_batch
from revops.identity.ladder import in_record_order
from revops.pipeline.postgres_identity import ClientModel, ResolvedTable, StandInDbt, as_arrow
from revops.warehouse import quote_identifier

OUTPUT_FILE = "part-00000.parquet"
BATCH_COLUMN = "_revops_batch"


def built_table_dir(schema: str, table: str) -> Path:
    """Where dbt-spark keeps the Parquet files of a table it built (a managed table of the local warehouse)."""
    return settings.spark_dir() / "tables" / f"{schema}.db" / table


def client_table_dir(schema: str, table: str) -> Path:
    """Where the client writes a client-resolved model's table; its dbt materialization registers this folder."""
    return settings.spark_dir() / "client" / schema / table


def _read_input(session: duckdb.DuckDBPyConnection, name: str, folder: Path) -> None:
    """Table `name` of the session from the Parquet files in `folder`. Spark writes no file for a table of no rows:
    an empty seed (identity_overrides as shipped) is then read from its CSV file, its header giving the columns."""
    files = sorted(str(f) for f in folder.glob("*.parquet")) if folder.is_dir() else []
    seed = settings.project_dir() / "seeds" / f"{folder.name}.csv"
    if files:
        session.execute(f"create or replace table {quote_identifier(name)} as select * from read_parquet(?)", [files])
    elif folder.is_dir() and seed.is_file():
        session.execute(
            f"create or replace table {quote_identifier(name)} as select * from read_csv(?, header = true, "
            "all_varchar = true)",
            [str(seed)],
        )
    else:
        raise FileNotFoundError(f"{folder} holds no Parquet files: build it with dbt on Spark first")


def resolve_on_spark(models: list[ClientModel]) -> list[ResolvedTable]:
    """Run each model in an in-memory DuckDB fed from the Spark warehouse's files and write its table; a model's
    output is the input of the models after it (int_person_identities_resolved reads the accounts). Batches of
    match components are resolved on a Spark session, started when the first one comes."""
    session, spark = duckdb.connect(), LazySpark()
    try:
        with batches_run_by(lambda resolver: SparkBatches(resolver, spark)):
            return [_resolve_model(session, model) for model in models]
    finally:
        spark.stop()
        session.close()


def _resolve_model(session: duckdb.DuckDBPyConnection, model: ClientModel) -> ResolvedTable:
    for name, (schema, alias) in model.inputs.items():
        exists = session.execute("select count(*) from duckdb_tables() where table_name = ?", [name])
        if not exists.fetchall()[0][0]:
            folder = client_table_dir(schema, alias)
            _read_input(session, name, folder if folder.is_dir() else built_table_dir(schema, alias))
    table = as_arrow(runpy.run_path(str(model.path))["model"](StandInDbt(session, model), session))
    session.register("model_output", table)
    session.execute(f"create or replace table {quote_identifier(model.name)} as select * from model_output")
    session.unregister("model_output")
    return ResolvedTable(model.name, _write(session, model))


class LazySpark:
    """A local Spark session for the identity batches, started on first use (most builds are one batch), with an
    in-memory catalog (no metastore), REVOPS_SPARK_MASTER and REVOPS_SPARK_DRIVER_MEMORY."""

    def __init__(self) -> None:
        self._session = None

    def get(self):  # -> pyspark.sql.SparkSession
        if self._session is None:
            from pyspark.sql import SparkSession

            settings.use_this_python_for_spark_workers()
            self._session = (
                SparkSession.builder.master(settings.spark_master())
                .appName("revops-identity")
                .config("spark.ui.enabled", "false")
                .config("spark.log.level", "ERROR")
                .config("spark.sql.catalogImplementation", "in-memory")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.driver.memory", settings.spark_driver_memory())
                .getOrCreate()
            )
        return self._session

    def stop(self) -> None:
        if self._session is not None:
            self._session.stop()
            self._session = None


class SparkBatches:
    """A runner of batches (revops/identity/batches.py) on Spark: the batches to resolve become one DataFrame, a
    group per batch, resolved side by side by `applyInArrow`; the match keys are computed here."""

    def __init__(self, resolver: BatchedResolver, spark: LazySpark) -> None:
        self._resolver, self._spark, self._local = resolver, spark, LocalRunner(resolver)

    def map(self, task: Callable, items: Iterable[tuple]) -> Iterator:
        if task is not resolve_batch:
            yield from self._local.map(task, items)
            return
        yield from resolved_on_spark(self._spark.get(), self._resolver.resolve, [batch for (batch,) in items])

    def close(self) -> None:
        self._local.close()


# Spark has no unsigned integers (the records' fingerprints are uint64): each travels as the signed type of its width,
# its bits unchanged (an unchecked cast there and back).
SIGNED = {pa.uint8(): pa.int8(), pa.uint16(): pa.int16(), pa.uint32(): pa.int32(), pa.uint64(): pa.int64()}


def _for_spark(schema: pa.Schema) -> pa.Schema:
    return pa.schema([field.with_type(SIGNED.get(field.type, field.type)) for field in schema])


def _tagged(table: pa.Table, number: int) -> pa.Table:
    """`table` in Spark's types, with its batch number as a column."""
    table = table.cast(_for_spark(table.schema), safe=False)
    return table.append_column(BATCH_COLUMN, pa.array(np.full(table.num_rows, number, np.int32)))


def resolved_on_spark(spark, resolve: Callable[[pa.Table], pa.Table], batches: list[pa.Table]) -> Iterator[pa.Table]:
    """resolve(batch) of each batch, in order: the first here (its rows give the output's schema), the others as
    the groups of one `applyInArrow` on `spark`, each group given back its own types before it is resolved. Spark
    writes the resolved rows as Parquet, partitioned by batch (nothing is collected on the driver), and they are
    read back a batch at a time."""
    from pyspark.sql.pandas.types import from_arrow_schema

    first = resolve(batches[0])
    yield first
    if len(batches) == 1:
        return
    given, schema = batches[0].schema, first.schema

    def per_group(group: pa.Table) -> pa.Table:
        number = group.column(BATCH_COLUMN)[0].as_py()
        records = in_record_order(group.drop_columns([BATCH_COLUMN]).cast(given, safe=False))
        return _tagged(resolve(records).cast(schema), number)

    tagged = pa.concat_tables([_tagged(batch, number) for number, batch in enumerate(batches) if number])
    output = from_arrow_schema(_for_spark(schema).append(pa.field(BATCH_COLUMN, pa.int32())))
    folder = settings.spark_dir() / "client" / f"_batches-{os.getpid()}"  # Spark writes, a batch per folder
    resolved = spark.createDataFrame(tagged).groupBy(BATCH_COLUMN).applyInArrow(per_group, output)
    try:
        resolved.write.mode("overwrite").partitionBy(BATCH_COLUMN).parquet(str(folder))
        for number in range(1, len(batches)):  # read back one batch at a time: memory follows the batch
            rows = pq.read_table(folder / f"{BATCH_COLUMN}={number}")
            yield in_record_order(rows.cast(schema, safe=False))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _write(session: duckdb.DuckDBPyConnection, model: ClientModel) -> int:
    """The model's table as one Parquet file, replacing the one before (renamed into place)."""
    table = session.sql(f"select * from {quote_identifier(model.name)}").to_arrow_table()
    folder = client_table_dir(model.schema, model.alias)
    folder.mkdir(parents=True, exist_ok=True)
    hidden = folder / f"_writing-{os.getpid()}.parquet"
    pq.write_table(table, hidden, compression="snappy")
    os.replace(hidden, folder / OUTPUT_FILE)
    return table.num_rows
