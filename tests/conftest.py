"""Shared pytest fixtures: paths to the repository, the shared fixtures, and a throw-away warehouse."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# ../shared beside the repository holds real exports for conformance tests; absent in a user's clone.
SHARED = Path(os.environ.get("REVOPS_SHARED_DIR", REPO.parent / "shared"))
SALESFORCE_EXPORT = SHARED / "fixtures" / "salesforce_data_export_demo"

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


@pytest.fixture
def salesforce_export() -> Path:
    if not SALESFORCE_EXPORT.is_dir():
        pytest.skip(f"real Salesforce export not found at {SALESFORCE_EXPORT} (../shared is absent in this clone)")
    return SALESFORCE_EXPORT


@pytest.fixture
def warehouse(tmp_path: Path):
    """An open connection to a fresh DuckDB warehouse file set up as `revops ingest` sets it up, closed after
    the test."""
    from ingest.load import configure_for_ingest, ensure_schema
    from revops.warehouse import connect

    con = connect(tmp_path / "warehouse" / "revops.duckdb")
    configure_for_ingest(con)
    ensure_schema(con)
    yield con
    con.close()


def run_dbt(db: Path, work: Path, *args: str, project: Path = REPO) -> str:
    """One `dbt <args>` against warehouse `db`, with target and logs under `work`; fails the test with
    dbt's own output when dbt fails. Returns dbt's output."""
    import subprocess
    import sys

    env = {**os.environ, "REVOPS_DB": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    command = [
        str(Path(sys.executable).with_name("dbt")),
        *args,
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(project / "profiles"),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
        "--no-use-colors",
    ]
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"dbt {' '.join(args)} failed:\n{done.stdout[-6000:]}\n{done.stderr[-2000:]}"
    return done.stdout


def land(db: Path, paths: list[Path], **options: object) -> list:
    """Land the files and folders `paths` in warehouse `db` (created when absent), with ingest's `options`
    (source, export_date, ...); one BatchResult per file."""
    from ingest.load import ingest
    from revops.warehouse import connect

    con = connect(db)
    try:
        return ingest(con, paths, **options)
    finally:
        con.close()


def generated_warehouse(work: Path, accounts: int, seed: int, snapshots: int = 1) -> tuple[Path, Path]:
    """Generate a world under `work`, land it in a fresh warehouse; returns (world folder, warehouse file)."""
    from revops.sample import generate_world

    world = work / "world"
    generate_world(world, accounts=accounts, seed=seed, snapshots=snapshots)
    db = work / "warehouse.duckdb"
    results = land(db, [world])
    problems = [r.message for r in results if r.status in ("rejected", "ignored")]
    assert not problems, problems
    return world, db


def cli_env(work: Path, db: Path, columns: int = 200) -> dict[str, str]:
    """The environment of a `revops` command on warehouse `db`, with its reports, dbt target and logs under
    `work` and a fixed console width."""
    return {
        **os.environ,
        "REVOPS_DB": str(db),
        "REVOPS_REPORTS_DIR": str(work / "reports"),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "COLUMNS": str(columns),
    }


def revops(*args: str, env: dict) -> subprocess.CompletedProcess:
    """`revops <args>` as a user runs it, in a child process with `env`; its output captured."""
    command = [str(Path(sys.executable).with_name("revops")), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)
