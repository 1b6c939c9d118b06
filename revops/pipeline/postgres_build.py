"""`revops build --target postgres`: the landed batches published, then dbt and the client identity step in turn.

1. Every batch landed in the DuckDB file that PostgreSQL does not hold yet is published (postgres_landing.py), and
   every record quarantined after landing is taken out there too (postgres_quarantine.py): then the build is a
   full refresh.
2. dbt builds everything that is not downstream of a client-resolved model (the Python identity models).
3. For each client-resolved model in dependency order: the client resolves it (postgres_identity.py), then dbt
   builds it (a check that the table is there, and its tests) and what is downstream of it but not of a later one.
   The person model reads int_person_records_unioned, which needs the accounts: hence one dbt step per model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from revops import settings
from revops.errors import RevopsError
from revops.pipeline.dbt_runner import run_dbt
from revops.pipeline.postgres_identity import (
    CLIENT_MATERIALIZATION,
    ClientModel,
    ResolvedTable,
    client_models,
    resolve_in_client,
)
from revops.pipeline.postgres_landing import PublishedBatch, publish_landed
from revops.pipeline.postgres_quarantine import clear_pending_full_refresh, pending_full_refresh, publish_quarantined
from revops.warehouse import connect, connect_postgres

TARGET = "postgres"
# dbt options that choose nodes: the build chooses them itself, step by step
_SELECTION_OPTIONS = ("-s", "--select", "-m", "--models", "--exclude", "--selector", "--resource-type", "--inline")


@dataclass(frozen=True)
class Publication:
    """What went to PostgreSQL: the batches published, and the records quarantined after landing (`revops
    quarantine`) taken out there too."""

    batches: list[PublishedBatch]
    taken_out: int = 0
    target: str = "PostgreSQL"
    each: str = "one transaction each"  # how a batch is published whole

    @property
    def rows(self) -> int:
        return sum(batch.rows for batch in self.batches)


def _ignore(*_: object) -> None:
    return None


@dataclass(frozen=True)
class PostgresListener:
    """What the build tells: what it published, the raw tables it rebuilds in full (records taken out after
    landing), each dbt step starting (its label), each model the client resolved; dbt's events go to `event`
    (None: dbt's output streams)."""

    published: Callable[[Publication], None] = _ignore
    full_refresh: Callable[[list[str]], None] = _ignore
    stage: Callable[[str], None] = _ignore
    resolved: Callable[[ResolvedTable], None] = _ignore
    event: Callable[[dict], None] | None = None


@contextmanager
def postgres() -> Iterator:
    """A PostgreSQL connection (warehouse.connect_postgres), closed on leaving."""
    pg = connect_postgres()
    try:
        yield pg
    finally:
        pg.close()


def refuse_selection(dbt_args: list[str], target: str) -> None:
    """A build on `target` chooses its nodes itself, step by step: a dbt selection among `dbt_args` is refused."""
    chosen = [arg for arg in dbt_args if arg.split("=", 1)[0] in _SELECTION_OPTIONS]
    if chosen:
        raise RevopsError(
            f"--target {target} builds everything in its own steps; it cannot take {chosen[0]}",
            hint=f"run `revops build --target {target}` without a selection, or dbt itself for a part of the project",
        )


def publish_pending(path: Path) -> Publication:
    """The batches of the DuckDB file `path` that PostgreSQL does not hold yet, published now, and the records
    quarantined there after landing taken out of PostgreSQL too."""
    with postgres() as pg:
        duck = connect(path, read_only=True)
        try:
            batches = publish_landed(duck, pg)
            return Publication(batches, publish_quarantined(duck, pg))
        finally:
            duck.close()


def build_on_postgres(path: Path, dbt_args: list[str], listener: PostgresListener) -> int:
    """Publish what is pending, then dbt and the client identity step in turn (the module's steps); dbt's exit
    code of the first failing step, or 0. `dbt_args`: the `dbt build` command line, without a selection."""
    refuse_selection(dbt_args, TARGET)
    listener.published(publish_pending(path))
    started = datetime.now()
    dbt_args = _with_full_refresh(dbt_args, listener)
    code = _build_in_turn(path, dbt_args, listener)
    if code == 0:
        with postgres() as pg:
            clear_pending_full_refresh(pg, before=started)
    return code


def _with_full_refresh(dbt_args: list[str], listener: PostgresListener) -> list[str]:
    """`dbt_args`, with --full-refresh when records were taken out of PostgreSQL since its last build."""
    with postgres() as pg:
        pending = pending_full_refresh(pg)
    if not pending or "--full-refresh" in dbt_args:
        return dbt_args
    listener.full_refresh(pending)
    return [*dbt_args, "--full-refresh"]


def _build_in_turn(path: Path, dbt_args: list[str], listener: PostgresListener) -> int:
    def resolve(model: ClientModel) -> list[ResolvedTable]:
        with postgres() as pg:
            return resolve_in_client(pg, [model])

    return build_in_turn(path, dbt_args, listener, TARGET, resolve)


def build_in_turn(
    path: Path, dbt_args: list[str], listener: PostgresListener, target: str,
    resolve: Callable[[ClientModel], list[ResolvedTable]],
) -> int:  # fmt: skip
    """dbt before identity, then per client-resolved model the client step (`resolve`) and dbt for it and
    downstream, on `target` (postgres, spark)."""
    listener.stage("dbt build (before identity resolution)")
    code = run_dbt([*dbt_args, "--exclude", f"config.materialized:{CLIENT_MATERIALIZATION}+"], path,
                   listener.event, target)  # fmt: skip
    if code != 0:
        return code
    models = client_models(settings.dbt_target_dir() / "manifest.json", settings.project_dir())
    for number, model in enumerate(models):
        for table in resolve(model):
            listener.resolved(table)
        later = [f"{m.name}+" for m in models[number + 1 :]]
        listener.stage(f"dbt build ({model.name} and downstream)")
        selection = ["--select", f"{model.name}+", *(["--exclude", *later] if later else [])]
        code = run_dbt([*dbt_args, *selection], path, listener.event, target)
        if code != 0:
            return code
    return 0
