"""Identity resolution in the client on Spark: the Python identity models run in an in-memory DuckDB, without a
Spark session in the revops process.

`revops build --target spark` runs dbt for everything upstream of identity, then this step, then dbt for identity
and everything downstream (spark_build.py). dbt-spark builds its tables as Parquet files in the local warehouse
folder (`<spark dir>/tables/<schema>.db/<table>`, profiles.yml), so this step reads a model's inputs (the unioned
record models and the seeds, as dbt's manifest lists them) straight from those files, runs the model's own
`model(dbt, session)` (the stand-in dbt object of postgres_identity.py) and writes its table as one Parquet file
in `<spark dir>/client/<schema>/<table>/`, written under a hidden name and renamed into place. The dbt step after
it registers that folder as the model's table (macros/identity/client_resolved.sql, spark__). No two processes
ever hold Spark's embedded metastore at once: only dbt starts a Spark session.
"""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from revops import settings
from revops.pipeline.postgres_identity import ClientModel, ResolvedTable, StandInDbt, as_arrow
from revops.warehouse import quote_identifier

OUTPUT_FILE = "part-00000.parquet"


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
    output is the input of the models after it (int_person_identities_resolved reads the accounts)."""
    session = duckdb.connect()
    resolved: list[ResolvedTable] = []
    try:
        for model in models:
            for name, (schema, alias) in model.inputs.items():
                exists = session.execute("select count(*) from duckdb_tables() where table_name = ?", [name])
                if not exists.fetchall()[0][0]:
                    folder = client_table_dir(schema, alias)
                    _read_input(session, name, folder if folder.is_dir() else built_table_dir(schema, alias))
            table = as_arrow(runpy.run_path(str(model.path))["model"](StandInDbt(session, model), session))
            session.register("model_output", table)
            session.execute(f"create or replace table {quote_identifier(model.name)} as select * from model_output")
            session.unregister("model_output")
            resolved.append(ResolvedTable(model.name, _write(session, model)))
    finally:
        session.close()
    return resolved


def _write(session: duckdb.DuckDBPyConnection, model: ClientModel) -> int:
    """The model's table as one Parquet file, replacing the one before (renamed into place)."""
    table = session.sql(f"select * from {quote_identifier(model.name)}").to_arrow_table()
    folder = client_table_dir(model.schema, model.alias)
    folder.mkdir(parents=True, exist_ok=True)
    hidden = folder / f"_writing-{os.getpid()}.parquet"
    pq.write_table(table, hidden, compression="snappy")
    os.replace(hidden, folder / OUTPUT_FILE)
    return table.num_rows
