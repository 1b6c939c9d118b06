"""Identity resolution in the client, for a target that cannot run dbt's Python models (PostgreSQL).

`revops build --target postgres` runs dbt for everything upstream of identity, then this step, then dbt for
identity and everything downstream (postgres_build.py). For each Python model dbt materializes
`client_resolved` (macros/identity/client_resolved.sql), in dependency order: its inputs (the unioned record
models and the seeds, as dbt's manifest lists them) are read from PostgreSQL into an in-memory DuckDB, the
model's own `model(dbt, session)` runs there with a stand-in for dbt's object, and its table is written to
PostgreSQL with COPY in one transaction. The resolver's code is the models' own: nothing here knows its rules.
"""

from __future__ import annotations

import json
import runpy
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from revops.pipeline.postgres_copy import (
    copy_query,
    duckdb_columns,
    ensure_table,
    postgres_columns,
    postgres_type,
    read_into_duckdb,
)
from revops.warehouse import quote_identifier

CLIENT_MATERIALIZATION = "client_resolved"


@dataclass(frozen=True)
class ClientModel:
    """A Python model the client resolves: its name, where dbt puts it, its code, its meta and its inputs (node
    name -> (schema, relation name))."""

    name: str
    schema: str
    alias: str
    path: Path
    meta: dict
    inputs: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ResolvedTable:
    name: str
    rows: int


class _Config:
    def __init__(self, meta: dict) -> None:
        self._values = {"meta": meta}

    def get(self, key: str, default: object = None) -> object:
        return self._values.get(key, default)


class StandInDbt:
    """What a Python model uses of dbt's object: ref() (a DuckDB relation of the session), config.get('meta'),
    is_incremental (always False: the client resolves every record) and this."""

    is_incremental = False

    def __init__(self, session: duckdb.DuckDBPyConnection, model: ClientModel) -> None:
        self._session = session
        self._model = model
        self.config = _Config(model.meta)
        self.this = f"{model.schema}.{model.alias}"

    def ref(self, name: str, *_: object, **__: object) -> duckdb.DuckDBPyRelation:
        if name not in self._model.inputs:
            raise KeyError(f"{self._model.name} refers to {name}, which dbt's manifest does not list as its input")
        return self._session.table(quote_identifier(name))


def client_models(manifest_path: Path, project: Path) -> list[ClientModel]:
    """The models dbt leaves to the client (materialized client_resolved), in dependency order."""
    nodes = json.loads(manifest_path.read_text(encoding="utf-8"))["nodes"]
    found = {
        node_id: node
        for node_id, node in nodes.items()
        if node["resource_type"] == "model" and node["config"].get("materialized") == CLIENT_MATERIALIZATION
    }
    ordered: list[str] = []
    while len(ordered) < len(found):
        ready = [
            node_id
            for node_id, node in sorted(found.items())
            if node_id not in ordered and all(d in ordered or d not in found for d in node["depends_on"]["nodes"])
        ]
        if not ready:
            raise RuntimeError(f"the client-resolved models depend on each other in a cycle: {sorted(found)}")
        ordered.extend(ready)
    return [_client_model(found[node_id], nodes, project) for node_id in ordered]


def _client_model(node: dict, nodes: dict, project: Path) -> ClientModel:
    inputs = {
        nodes[d]["name"]: (nodes[d]["schema"], nodes[d].get("alias") or nodes[d]["name"])
        for d in node["depends_on"]["nodes"]
        if d in nodes
    }
    return ClientModel(
        node["name"],
        node["schema"],
        node["alias"],
        project / node["original_file_path"],
        node["config"]["meta"],
        inputs,
    )


def resolve_in_client(pg, models: list[ClientModel]) -> list[ResolvedTable]:
    """Run each model in an in-memory DuckDB fed from PostgreSQL and write its table there; a model's output is
    the input of the models after it (int_person_identities_resolved reads the accounts)."""
    session = duckdb.connect()
    resolved: list[ResolvedTable] = []
    try:
        with pg.cursor() as cursor:
            for model in models:
                for name, (schema, alias) in model.inputs.items():
                    if not _has_table(session, name):
                        read_into_duckdb(cursor, schema, alias, session, name)
                pg.rollback()  # reads only: end the read transaction before the model runs
                table = as_arrow(runpy.run_path(str(model.path))["model"](StandInDbt(session, model), session))
                session.register("model_output", table)
                session.execute(f"create or replace table {quote_identifier(model.name)} as select * from model_output")
                session.unregister("model_output")
                resolved.append(ResolvedTable(model.name, _write(session, pg, model)))
    finally:
        session.close()
    return resolved


def _has_table(session: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(session.execute("select count(*) from duckdb_tables() where table_name = ?", [name]).fetchall()[0][0])


def as_arrow(result: object) -> pa.Table | pa.RecordBatchReader:
    """A model's result as Arrow DuckDB can register: a table, or a stream of batches (read once)."""
    if isinstance(result, (pa.Table, pa.RecordBatchReader)):
        return result
    if isinstance(result, duckdb.DuckDBPyRelation):
        return result.to_arrow_table()
    raise TypeError(
        f"a client-resolved model returned {type(result).__name__}, not Arrow (a table or a stream) or a relation"
    )


def _write(session: duckdb.DuckDBPyConnection, pg, model: ClientModel) -> int:
    """The model's table on PostgreSQL, replaced in one transaction: emptied when its columns are the same (the views
    that read it stay), else dropped with those views and created again; the dbt step that follows builds
    everything downstream of the model, those views included."""
    columns = duckdb_columns(session, quote_identifier(model.name))
    wanted = [(name, postgres_type(kind)) for name, kind in columns]
    qualified = f"{quote_identifier(model.schema)}.{quote_identifier(model.alias)}"
    try:
        with pg.cursor() as cursor:
            built = postgres_columns(cursor, model.schema, model.alias)
            if built and _same_columns(built, wanted):
                cursor.execute(f"truncate table {qualified}")
            else:
                cursor.execute(f"drop table if exists {qualified} cascade")
                ensure_table(cursor, model.schema, model.alias, columns)
            rows = copy_query(session, f"select * from {quote_identifier(model.name)}", cursor, model.schema,
                              model.alias, columns)  # fmt: skip
        pg.commit()
    except Exception:
        pg.rollback()
        raise
    return rows


def _same_columns(built: list[tuple[str, str]], wanted: list[tuple[str, str]]) -> bool:
    def normal(kind: str) -> str:
        return kind.replace(" ", "")

    return [(n, normal(k)) for n, k in built] == [(n, normal(k)) for n, k in wanted]
