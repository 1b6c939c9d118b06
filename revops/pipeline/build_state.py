"""Whether the warehouse is current: nothing landed and nothing in the project changed since the last build.

A plain `revops build` (no dbt arguments) records, when it succeeds, the last landed batch and a fingerprint of
everything dbt builds from: dbt_project.yml, the profiles, models, macros, seeds, data tests and the identity
resolver the Python models import. The next plain build with the same batch and the same fingerprint has
nothing to do: dbt would rebuild the same tables, so it is not started. Any dbt argument (`revops build -- …`),
a pending full refresh (a record quarantined after landing) or a newly landed batch builds.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from revops.warehouse import AUDIT

# what dbt reads to build, relative to the project directory (dbt_project.yml names the same folders)
PROJECT_INPUTS = ("dbt_project.yml", "profiles", "models", "macros", "seeds", "tests/dbt")


@dataclass(frozen=True)
class BuildState:
    last_batch_id: int | None
    fingerprint: str


def project_fingerprint(project_dir: Path) -> str:
    """A hash of every file dbt builds from, by relative path and content, and of the identity resolver."""
    digest = hashlib.sha256()
    sources = [(project_dir, project_dir / name) for name in PROJECT_INPUTS]
    resolver = Path(importlib.util.find_spec("revops.identity").origin).parent  # found, not imported
    sources.append((resolver.parent, resolver))
    for root, path in sources:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(root)).encode())
                digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def current_state(con: duckdb.DuckDBPyConnection, project_dir: Path) -> BuildState:
    (last_batch_id,) = con.execute(
        f"select max(batch_id) from {AUDIT}.ingest_batches where status in ('landed', 'kept')"
    ).fetchone()
    return BuildState(last_batch_id, project_fingerprint(project_dir))


def last_build(con: duckdb.DuckDBPyConnection) -> tuple[BuildState, datetime] | None:
    """The state of the last successful plain build, and when it finished; None before the first."""
    row = con.execute(
        f"select last_batch_id, project_fingerprint, finished_at from {AUDIT}.builds order by finished_at desc limit 1"
    ).fetchone()
    return (BuildState(row[0], row[1]), row[2]) if row else None


def record_build(con: duckdb.DuckDBPyConnection, state: BuildState, started: datetime) -> None:
    con.execute(
        f"insert into {AUDIT}.builds values (?, ?, ?, ?)",
        [state.last_batch_id, state.fingerprint, started, datetime.now()],
    )
