"""`revops run` as a user types it (the console script, in its own process), twice on the same exports.

What `make demo` promises: the first run lands, builds, checks and ends with the summary; the second run
lands nothing new and leaves every figure as it was; the output ends with the summary, not with pages of
interpreter-teardown noise.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from revops.sample import generate_world
from tests.conftest import cli_env, revops

COUNTS = """
    select
        (select count(*) from audit.ingest_batches where status = 'landed'),
        (select count(*) from raw.salesforce__account),
        (select count(*) from marts.dim_accounts),
        (select count(*) from marts.dim_people),
        (select count(*) from marts.fct_opportunities),
        (select sum(arr) from marts.account_360)
"""


def counts(db: Path) -> tuple:
    with duckdb.connect(str(db), read_only=True) as con:  # closed on leaving
        return con.execute(COUNTS).fetchone()


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("cli_run")
    exports = work / "exports"
    generate_world(exports, accounts=60, seed=5, snapshots=2)
    db = work / "warehouse.duckdb"
    env = cli_env(work, db)
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


# ---- the console: progress instead of dbt's log, what changed since the last run ----


def test_build_shows_progress_lines_not_dbt_log_off_a_terminal(two_runs):
    """Off a terminal (captured output) the build prints a few plain progress lines and dbt's stats line,
    not dbt's ~700 log lines; dbt's own log still goes to its log folder."""
    out = two_runs["first"].stdout
    progress = [line for line in out.splitlines() if line.startswith("dbt build:") and "nodes done" in line]
    assert 2 <= len(progress) <= 8, out[-3000:]
    assert "Done. PASS=" in out
    assert not [line for line in out.splitlines() if " START sql " in line or "[RUN]" in line]
    assert any("START sql" in p.read_text(errors="replace") for p in (two_runs["work"] / "logs").glob("dbt.log*"))


def test_first_run_says_everything_is_new(two_runs):
    out = two_runs["first"].stdout
    assert "what changed since the last run" in out
    assert "first recorded build" in out
    landed_files = two_runs["after_first"][0]
    assert f"landed: {landed_files:,} file(s)" in out, out[-2000:]


def test_second_run_says_what_changed_since_the_first(two_runs):
    """Nothing new landed: the block says 0 landed, no account or person added, ARR delta 0."""
    out = two_runs["second"].stdout
    block = out[out.index("what changed since the last run") :]
    assert "first recorded build" not in block
    assert "landed: 0 file(s), 0 row(s)" in block, block
    accounts, people = two_runs["after_first"][2:4]
    assert f"accounts: {accounts:,} (+0 added, 0 record(s) merged into existing, 0 split)" in block, block
    assert f"people: {people:,} (+0 added" in block, block
    assert "(+0)" in block and "new high-risk renewals (next 90 days): 0" in block, block
    con = duckdb.connect(str(two_runs["db"]), read_only=True)
    try:
        assert con.execute("select count(*) from audit.run_summaries").fetchone()[0] == 2
    finally:
        con.close()


def test_describe_reports_added_merged_split_and_new_renewals():
    from revops.pipeline.changes import describe

    before = {"files_landed": 3, "rows_landed": 100, "accounts": 10, "account_records": 15, "people": 20,
              "person_records": 20, "arr_reporting": 1000.0, "high_risk_renewals": "a1,a2"}  # fmt: skip
    now = {"files_landed": 5, "rows_landed": 160, "accounts": 12, "account_records": 20, "people": 19,
           "person_records": 22, "arr_reporting": 1250.0, "high_risk_renewals": "a2,a3"}  # fmt: skip
    lines = describe(now, before)
    assert lines[0] == "landed: 2 file(s), 60 row(s)"
    assert lines[1] == "accounts: 12 (+2 added, 3 record(s) merged into existing, 0 split)"
    assert lines[2] == "people: 19 (-1 added, 3 record(s) merged into existing, 0 split)"
    assert lines[3] == "ARR (reporting currency): 1,250 (+250)"
    assert lines[4] == "new high-risk renewals (next 90 days): 1 (a3)"
    split = describe({**before, "accounts": 12}, before)[1]
    assert split == "accounts: 12 (+2 added, 0 record(s) merged into existing, 2 split)"


def test_progress_counts_nodes_and_keeps_the_error_summary():
    from rich.console import Console

    from revops.pipeline.progress import DbtProgress, parse_event

    def event(name: str, msg: str, level: str = "info", **data) -> str:
        return json.dumps({"info": {"name": name, "msg": msg, "level": level}, "data": data})

    node = {"node_info": {"node_name": "dim_accounts"}}
    lines = [
        event("LogStartLine", "1 of 2 START sql table model marts.dim_accounts", index=1, total=2, **node),
        event("LogHookEndLine", "1 of 1 OK hook", index=1, total=1),
        event("LogModelResult", "1 of 2 ERROR creating marts.dim_accounts", "error", index=1, total=2, **node),
        event("LogTestResult", "2 of 2 SKIP test x", index=2, num_models=2),
        "Traceback (most recent call last): not JSON",
        event("EndOfRunSummary", "Completed with 1 error"),
        event("RunResultError", "Runtime Error in model dim_accounts: division by zero", "error"),
        event("StatsLine", "Done. PASS=0 WARN=0 ERROR=1 SKIP=1 NO-OP=0 TOTAL=2"),
    ]
    off = Console(width=120, record=True, force_terminal=False)
    progress = DbtProgress(off)
    with progress:
        for line in lines:
            progress(parse_event(line))
    progress.report(1)
    assert (progress.state.done, progress.state.total, progress.state.running) == (2, 2, [])
    text = off.export_text()
    assert "dbt build: 0 of 2 nodes done" in text and "ERROR=1" in text
    assert "Runtime Error in model dim_accounts: division by zero" in text
    assert "Traceback (most recent call last): not JSON" in text
    on = Console(width=120, record=True, force_terminal=True)
    with DbtProgress(on) as animated:
        for line in lines[:1]:
            animated(parse_event(line))
        assert animated.state.current == "dim_accounts"
    assert "nodes done" not in on.export_text()


def test_build_of_an_empty_warehouse_warns_what_to_run(tmp_path):
    from revops.warehouse import connect

    db = tmp_path / "empty.duckdb"
    connect(db).close()
    env = {**os.environ, "REVOPS_DB": str(db), "DBT_TARGET_PATH": str(tmp_path / "target"),
           "DBT_LOG_PATH": str(tmp_path / "logs"), "COLUMNS": "200"}  # fmt: skip
    done = revops("build", "--", "--select", "dim_dates", env=env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    warning = [line for line in done.stderr.splitlines() if "raw tables are empty" in line]
    assert len(warning) == 1 and "revops ingest" in warning[0], done.stderr


def test_console_is_wide_off_a_terminal(monkeypatch):
    from revops import settings

    monkeypatch.delenv("COLUMNS", raising=False)
    assert settings.console_width(False) == settings.CONSOLE_WIDTH_OFF_TERMINAL >= 120
    assert settings.console_width(True) is None
    monkeypatch.setenv("COLUMNS", "200")
    assert settings.console_width(False) == 200


# ---- exports ----


def test_export_csv_and_xlsx_round_trip_with_where_and_japanese_labels(two_runs, tmp_path):
    import pandas as pd

    env = {**os.environ, "REVOPS_DB": str(two_runs["db"])}
    con = duckdb.connect(str(two_runs["db"]), read_only=True)
    try:
        customers = con.execute("select count(*) from marts.account_360 where lifecycle_stage = 'customer'").fetchone()
        at_risk = con.execute(
            "select count(*) from marts.account_360 where days_to_renewal between 0 and 90 "
            "and churn_risk in ('high', 'medium')"
        ).fetchone()[0]
    finally:
        con.close()
    csv = tmp_path / "customers.csv"
    done = revops("export", "account_360", "--out", str(csv), "--where", "lifecycle_stage = 'customer'", env=env)
    assert done.returncode == 0, done.stderr
    data = pd.read_csv(csv, encoding="utf-8-sig")
    assert len(data) == customers[0] > 0 and set(data["lifecycle_stage"]) == {"customer"}
    xlsx = tmp_path / "at_risk.xlsx"
    done = revops("export", "at-risk-renewals", "--format", "xlsx", "--out", str(xlsx), "--lang", "ja", env=env)
    assert done.returncode == 0, done.stderr
    sheet = pd.read_excel(xlsx)
    assert len(sheet) == at_risk
    assert {"アカウントID", "解約リスク", "解約リスクの理由", "更新日"} <= set(sheet.columns), list(sheet.columns)
    assert set(sheet["解約リスク"]) <= {"high", "medium"}


def test_export_of_lists_and_refusals(two_runs, tmp_path):
    env = {**os.environ, "REVOPS_DB": str(two_runs["db"])}
    for name in ("duplicates", "conflicts"):
        out = tmp_path / f"{name}.csv"
        done = revops("export", name, "--out", str(out), env=env)
        assert done.returncode == 0 and out.is_file(), done.stderr
    unknown = revops("export", "raw.hubspot__contacts", env=env)
    assert unknown.returncode != 0 and "no mart or list named" in unknown.stderr
    predicate = "1=1; drop table marts.dim_accounts"  # the connection is read-only: refused, nothing dropped
    writes = revops("export", "dim_accounts", "--out", str(tmp_path / "x.csv"), "--where", predicate, env=env)
    assert writes.returncode != 0
    assert counts(two_runs["db"]) == two_runs["after_first"]


# ---- BI-friendly types ----


def test_marts_have_no_types_bi_drivers_map_poorly_and_no_internal_columns(two_runs):
    """Counts BIGINT, money DECIMAL(18,2) (README): no HUGEINT, UBIGINT or DECIMAL(38,x) in the marts, and no
    `_`-prefixed internal column."""
    con = duckdb.connect(str(two_runs["db"]), read_only=True)
    try:
        bad = con.execute(
            """select table_name || '.' || column_name || ' ' || data_type from information_schema.columns
               where table_schema = 'marts' and (data_type in ('HUGEINT', 'UBIGINT', 'UHUGEINT')
                     or data_type like 'DECIMAL(38,%' or starts_with(column_name, '_'))
               order by 1"""
        ).fetchall()
    finally:
        con.close()
    assert not bad, [row[0] for row in bad]
