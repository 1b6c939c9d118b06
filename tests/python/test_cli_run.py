"""`revops run` as a user types it (the console script, in its own process), twice on the same exports.

What `make demo` promises: the first run lands, builds, checks and ends with the summary; the second run
lands nothing new and leaves every figure as it was; the output ends with the summary, not with pages of
interpreter-teardown noise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from revops.sample import generate_world

COUNTS = """
    select
        (select count(*) from audit.ingest_batches where status = 'landed'),
        (select count(*) from raw.salesforce__account),
        (select count(*) from marts.dim_accounts),
        (select count(*) from marts.dim_people),
        (select count(*) from marts.fct_opportunities),
        (select sum(arr) from marts.account_360)
"""


def revops(*args: str, env: dict) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("revops")), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def counts(db: Path) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(COUNTS).fetchone()
    finally:
        con.close()


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("cli_run")
    exports = work / "exports"
    generate_world(exports, accounts=60, seed=5, snapshots=2)
    db = work / "warehouse.duckdb"
    env = {
        **os.environ,
        "REVOPS_DB": str(db),
        "REVOPS_REPORTS_DIR": str(work / "reports"),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "COLUMNS": "200",
    }
    first = revops("run", str(exports), env=env)
    after_first = counts(db) if first.returncode == 0 else None
    second = revops("run", str(exports), env=env)
    return {"first": first, "second": second, "after_first": after_first, "db": db, "work": work}


def test_first_run_lands_builds_checks_and_summarises(two_runs):
    first = two_runs["first"]
    assert first.returncode == 0, first.stdout[-4000:] + first.stderr[-4000:]
    for stage in ("ingest", "build", "check", "revops-warehouse summary", "data quality", "PASS"):
        assert stage in first.stdout, f"{stage!r} missing from the output:\n{first.stdout[-3000:]}"
    landed_files, raw_accounts, accounts, people, opportunities, arr = two_runs["after_first"]
    assert landed_files > 0 and raw_accounts > 0 and accounts > 0 and people > 0 and opportunities > 0
    assert arr and arr > 0
    assert (two_runs["work"] / "reports" / "data_docs" / "index.html").is_file()


def test_second_run_lands_nothing_and_changes_no_figure(two_runs):
    second = two_runs["second"]
    assert second.returncode == 0, second.stdout[-4000:] + second.stderr[-4000:]
    assert "0 file(s) landed" in second.stdout, second.stdout[-3000:]
    assert counts(two_runs["db"]) == two_runs["after_first"]


def test_output_ends_with_the_summary_not_teardown_noise(two_runs):
    for run in (two_runs["first"], two_runs["second"]):
        assert "leaked" not in run.stdout + run.stderr, (run.stdout + run.stderr)[-2000:]
        assert run.stdout.rstrip().splitlines()[-1].startswith("query it:"), run.stdout[-1000:]


def test_build_runs_models_and_data_tests_but_not_unit_tests(two_runs):
    """`revops build` is a warehouse build: dbt's unit tests (fixed fixture rows, not the data) are left to
    `make test`, whose dbt builds run them; the data tests still gate the build."""
    results = json.loads((two_runs["work"] / "target" / "run_results.json").read_text())["results"]
    kinds = {result["unique_id"].split(".")[0] for result in results}
    assert {"model", "test"} <= kinds, kinds
    assert "unit_test" not in kinds


def test_build_arguments_leave_resource_types_to_a_caller_who_chooses():
    from revops.pipeline.steps import build_arguments

    assert build_arguments(("--select", "dim_accounts")) == [
        "build", "--exclude-resource-type", "unit_test", "--select", "dim_accounts",
    ]  # fmt: skip
    assert build_arguments(("--resource-type", "unit_test")) == ["build", "--resource-type", "unit_test"]
