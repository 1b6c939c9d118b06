"""Run dbt in-process (one invocation per build: each costs ~7 s of start-up and parsing)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from ingest import config
from ingest.errors import RevopsError


@contextlib.contextmanager
def _environment(db: Path) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in ("REVOPS_DB", "DBT_PROFILES_DIR")}
    os.environ["REVOPS_DB"] = str(db)
    os.environ["DBT_PROFILES_DIR"] = str(config.project_dir() / "profiles")
    config.disable_telemetry()
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_dbt(args: Sequence[str], db: Path) -> int:
    """`dbt <args>` against the warehouse `db`; returns dbt's exit code (0 ok, 1 failures, 2 crash)."""
    from dbt.cli.main import dbtRunner  # imported lazily: dbt takes a second to import

    project = config.project_dir()
    full_args = [*args, "--project-dir", str(project), "--profiles-dir", str(project / "profiles")]
    with _environment(db), contextlib.chdir(project):
        result = dbtRunner().invoke(full_args)
    if result.exception is not None and not result.success:
        raise RevopsError(
            f"dbt {' '.join(args)} crashed: {result.exception}",
            hint="run `dbt debug --profiles-dir profiles` to check the set-up",
        )
    return 0 if result.success else 1
