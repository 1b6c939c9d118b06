"""Data-quality gate: suites parse, GX really reads DuckDB, a clean world passes, a corrupted one fails or
warns on exactly the broken expectation, and every output (audit table, JUnit, JSON, Data Docs) is there.

The fixture worlds here are landed, not built: the landing suites run on their own (`--suite 'landing_*'`)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from rich.console import Console

from ingest.contracts import load_contracts
from revops.quality import run_checks
from revops.quality.landing import landing_suites, table_expectations
from revops.quality.suites import SuiteError, load_suites, parse_suite
from revops.warehouse import connect
from tests.conftest import land

CONTACTS = "hubspot-crm-exports-all-contacts-2026-11-01.csv"
CONTACT_HEADERS = ["Record ID", "First Name", "Last Name", "Email", "Lifecycle Stage"]
CONTACT_ROWS = [
    ["101", "Taro", "Yamada", "taro@abc.co.jp", "lead"],
    ["102", "Hanako", "Sato", "hanako@abc.co.jp", "Marketing Qualified Lead"],
    ["103", "Ann", "Lee", "ann@example.com", "customer"],
]
OPPORTUNITY_HEADERS = ["Id", "StageName", "Amount", "CloseDate"]
OPPORTUNITY_ROWS = [
    ["0061", "Prospecting", "1000.50", "2026-03-01"],
    ["0062", "Closed Won", "¥2,000", "2026/04/01"],
]


def read(db: Path, query: str) -> list[tuple]:
    """The rows of `query` on warehouse `db`, opened read-only and closed again."""
    with connect(db, read_only=True) as con:  # closed on leaving
        return con.execute(query).fetchall()


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows([header, *rows])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def build_world(root: Path, contacts: list[list[str]] = CONTACT_ROWS) -> Path:
    """Land a HubSpot contacts export and a Salesforce Opportunity export into a fresh warehouse."""
    exports = root / "exports"
    write_csv(exports / CONTACTS, CONTACT_HEADERS, contacts)
    write_csv(exports / "salesforce-2026-11-01" / "Opportunity.csv", OPPORTUNITY_HEADERS, OPPORTUNITY_ROWS)
    db = root / "warehouse.duckdb"
    results = land(db, [exports])
    assert [r.status for r in results] == ["landed", "landed"], [r.message for r in results]
    return db


LANDING = "landing_*"


def check(db: Path, tmp_path: Path, suite: str | None = LANDING) -> tuple[int, dict, str]:
    """run_checks with JUnit and JSON; returns (exit code, JSON document, console text)."""
    console = Console(record=True, width=200, force_terminal=False)
    code = run_checks(
        db, suite=suite, junit=tmp_path / "junit.xml", json_path=tmp_path / "results.json", console=console
    )
    return code, json.loads((tmp_path / "results.json").read_text(encoding="utf-8")), console.export_text()


def not_passed(document: dict) -> dict[str, dict]:
    return {r["expectation_id"]: r for r in document["results"] if r["status"] != "passed"}


@pytest.fixture(autouse=True)
def reports(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("REVOPS_REPORTS_DIR", str(tmp_path / "reports"))
    return tmp_path / "reports"


# --- suites -------------------------------------------------------------------------------------------


def test_every_contract_table_has_a_landing_suite_with_key_and_required_checks():
    expectations = [e for suite in load_suites() for e in suite.expectations]
    for contract in load_contracts():
        table = f"raw.{contract.table}"
        mine = [e for e in expectations if e.table == table]
        assert mine, f"no suite covers {table}: run `python -m revops.quality.landing`"
        kinds = {e.kind for e in mine}
        assert "columns_exist" in kinds and ("rows_exist" in kinds) == (contract.export_kind == "full"), table
        assert f"{contract.object.lower()}.text_decoded" in {e.id for e in mine if e.severity == "error"}, table
        unique = [e for e in mine if e.kind == "unique"]
        assert unique and unique[0].params == {"columns": list(contract.primary_key), "per_batch": True}, table
        assert unique[0].severity == "error"
        blank = {e.params["column"] for e in mine if e.kind == "column_not_blank" and e.severity == "error"}
        assert blank == set(contract.required), table


def test_landing_suites_are_generated_from_the_contracts_not_committed():
    """One owner: the contracts. Nothing generated is checked in; each run generates what the contracts say."""
    from tests.conftest import REPO

    assert sorted((REPO / "checks" / "suites").glob("landing_*.yml")) == []
    contracts = load_contracts()
    by_name = {suite.name: suite for suite in landing_suites()}
    assert set(by_name) == {f"landing_{c.vendor}" for c in contracts}
    for contract in contracts:
        suite = by_name[f"landing_{contract.vendor}"]
        assert suite.vendor == contract.vendor
        expected = {e["id"] for e in table_expectations(contract)}
        assert expected <= {e.id for e in suite.expectations}
    assert all(any(e.id == "rows_quarantined" for e in s.expectations) for s in by_name.values())


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"id": "x", "kind": "nope", "severity": "error"}, "unknown kind"),
        ({"id": "x", "kind": "rows_exist", "severity": "fatal"}, "severity"),
        ({"id": "x", "kind": "column_not_null", "severity": "error"}, "missing ['column']"),
        ({"id": "x", "kind": "sql", "severity": "error", "query": "select 1", "colour": 1}, "unknown ['colour']"),
        ({"id": "x", "kind": "between", "severity": "error", "column": "arr"}, "min"),
        ({"id": "x", "kind": "rows_exist", "severity": "error", "table": "dim_accounts"}, "schema.table"),
        ({"id": "x", "kind": "sql", "severity": "error", "query": "select * from {batch} where a > {tol}"}, "{tol}"),
        (
            {"id": "x", "kind": "sql", "severity": "error", "query": "select 1 from {batch}", "parameters": {"t": 1}},
            "never uses",
        ),
        (
            {"id": "x", "kind": "sql", "severity": "error", "query": "select 1 from {batch}", "parameters": {"t": "a"}},
            "numbers",
        ),
        ({"id": "x", "kind": "sql", "severity": "error", "query": "select f.a from {batch} as f"}, "no alias"),
    ],
)
def test_malformed_suites_are_refused_with_the_reason(spec, message):
    with pytest.raises(SuiteError, match=re.escape(message)):
        parse_suite({"name": "bad", "table": "marts.dim_accounts", "expectations": [spec]})


def test_sql_parameters_are_declared_in_the_suite_and_substituted_as_numbers():
    from revops.quality.kinds import sql_for

    suite = parse_suite(
        {
            "name": "ok",
            "table": "marts.account_360",
            "expectations": [
                {
                    "id": "x",
                    "kind": "sql",
                    "severity": "warning",
                    "parameters": {"tolerance": 0.01, "floor": 1.0e-6},
                    "query": "select * from {batch} where abs(a - b) > {tolerance} * greatest(a, {floor})",
                }
            ],
        }
    )
    assert sql_for(suite.expectations[0]) == "select * from {batch} where abs(a - b) > 0.01 * greatest(a, 1e-06)"


# --- the engine -----------------------------------------------------------------------------------------


def test_gx_duckdb_reads_real_values(tmp_path):
    """The persisted-connection fix: without it every GX metric on DuckDB comes back empty and a passing
    expectation reads as failed with no observed value. A failed query must not poison the next one."""
    import great_expectations as gx

    from revops.quality.engine import close_datasource, duckdb_datasource, gx_context

    db = tmp_path / "tiny.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema raw; create table raw.t as select range as id from range(3)")
    con.close()
    context = gx_context()
    datasource = duckdb_datasource(context, db)
    try:
        batch = datasource.add_query_asset("t", query="select * from raw.t").add_batch_definition_whole_table("all")
        batch = batch.get_batch()
        assert batch.validate(gx.expectations.ExpectTableRowCountToBeBetween(min_value=1)).result == {
            "observed_value": 3
        }
        broken = batch.validate(gx.expectations.UnexpectedRowsExpectation(unexpected_rows_query="select nonsense"))
        assert not broken.success
        after = batch.validate(
            gx.expectations.UnexpectedRowsExpectation(unexpected_rows_query="select * from {batch} where id > 1")
        )
        assert after.result["observed_value"] == 1
    finally:
        close_datasource(datasource)
    # nothing left open: another process can take the write lock
    subprocess.run([sys.executable, "-c", f"import duckdb; duckdb.connect({str(db)!r}).close()"], check=True)


# --- the gate on a fixture world --------------------------------------------------------------------------


def test_clean_world_passes_and_writes_every_output(tmp_path, reports):
    db = build_world(tmp_path)
    code, document, text = check(db, tmp_path)
    assert code == 0, text
    assert document["verdict"] == "pass"
    assert not {k: v for k, v in not_passed(document).items() if v["status"] == "failed"}
    by_id = {r["expectation_id"]: r for r in document["results"] if r["suite"] == "landing_hubspot"}
    assert by_id["contacts.primary_key_unique_per_batch"]["observed_value"] == "0 of 3 rows unexpected"
    assert "PASS" in text

    rows = read(db, "select count(*), count(distinct run_id), bool_and(success) from audit.dq_results")
    assert rows == [(len(document["results"]), 1, True)]

    junit = ET.parse(tmp_path / "junit.xml").getroot()
    assert junit.findall(".//failure") == []
    assert len(junit.findall(".//testcase")) == len(document["results"])
    page = Path(document["data_docs"])
    assert page.parent.parent == reports / "data_docs" and "landing_hubspot" in page.read_text(encoding="utf-8")
    assert page.parent.name in (reports / "data_docs" / "index.html").read_text(encoding="utf-8")
    # vendors that never landed anything are not applicable, not passed
    zendesk = [r for r in document["results"] if r["suite"] == "landing_zendesk"]
    assert zendesk and {r["status"] for r in zendesk} == {"not_applicable"}
    assert document["counts"]["not_applicable"] >= len(zendesk)

    # append-only: a second run adds a second run's rows
    check(db, tmp_path)
    assert read(db, "select count(distinct run_id) from audit.dq_results") == [(2,)]


def test_duplicate_key_in_a_batch_fails_the_gate_on_exactly_that_expectation(tmp_path):
    db = build_world(tmp_path, [*CONTACT_ROWS, ["101", "Taro", "Yamada", "taro2@abc.co.jp", "lead"]])
    code, document, text = check(db, tmp_path)
    assert code == 1
    failed = {k: v for k, v in not_passed(document).items() if v["status"] == "failed"}
    assert list(failed) == ["contacts.primary_key_unique_per_batch"], text
    result = failed["contacts.primary_key_unique_per_batch"]
    assert result["severity"] == "error" and result["unexpected_count"] == 2
    assert "raw.hubspot__contacts" in result["message"] and "101" in result["message"]
    assert "FAIL" in text and "contacts.primary_key_unique_per_batch" in text

    failures = ET.parse(tmp_path / "junit.xml").getroot().findall(".//testcase[failure]")
    assert [case.get("name") for case in failures] == ["contacts.primary_key_unique_per_batch"]
    stored = read(db, "select severity, success, unexpected_count, sample from audit.dq_results where not success")
    assert [(s, ok, n) for s, ok, n, _ in stored] == [("error", False, 2)]
    assert "101" in json.loads(stored[0][3])[0].values() or "101" in stored[0][3]


def test_malformed_email_and_unknown_lifecycle_stage_warn_without_failing(tmp_path):
    rows = [
        *CONTACT_ROWS,
        ["104", "Bad", "Mail", "bob at example.com", "lead"],
        ["105", "Odd", "Stage", "o@x.jp", "vip"],
    ]
    db = build_world(tmp_path, rows)
    code, document, text = check(db, tmp_path)
    assert code == 0, text
    failed = {k: v for k, v in not_passed(document).items() if v["status"] == "failed"}
    assert set(failed) == {"contacts.email.well_formed", "contacts.lifecycle_stage.known_value"}, text
    assert all(r["severity"] == "warning" for r in failed.values())
    assert failed["contacts.email.well_formed"]["sample"][0]["email"] == "bob at example.com"
    assert failed["contacts.email.well_formed"]["sample"][0]["_source_row_number"] == 4
    assert failed["contacts.lifecycle_stage.known_value"]["sample"][0]["lifecycle_stage"] == "vip"
    assert "vip" in failed["contacts.lifecycle_stage.known_value"]["message"]
    assert "warning:" in text and "PASS" in text

    junit = ET.parse(tmp_path / "junit.xml").getroot()
    assert junit.findall(".//failure") == []
    outs = [case.find("system-out").text for case in junit.findall(".//testcase[system-out]")]
    assert len(outs) == 2 and all(out.startswith("WARNING:") for out in outs)


def write_suites(tmp_path: Path, monkeypatch, **files: str) -> None:
    suites = tmp_path / "suites"
    suites.mkdir()
    for name, text in files.items():
        (suites / f"{name}.yml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("REVOPS_SUITES_DIR", str(suites))


def test_generic_kinds_run_on_landed_tables(tmp_path, monkeypatch):
    write_suites(
        tmp_path,
        monkeypatch,
        custom="""
name: custom
table: raw.salesforce__opportunity
expectations:
  - {id: stage_known, kind: values_in_set, column: stage_name, values: [Prospecting], severity: warning}
  - {id: id_not_null, kind: column_not_null, column: id, severity: error}
  - {id: id_unique, kind: unique, columns: [id], severity: error}
  - id: no_huge_deals
    kind: sql
    severity: error
    query: select id, amount from {batch} where try_cast(amount as double) > 1e9
""",
    )
    db = build_world(tmp_path)
    code, document, text = check(db, tmp_path, suite="custom")
    assert code == 0, text
    status = {r["expectation_id"]: (r["status"], r["message"]) for r in document["results"]}
    assert status["stage_known"][0] == "failed" and "Closed Won" in status["stage_known"][1]
    assert {k: v[0] for k, v in status.items() if k in ("id_not_null", "id_unique", "no_huge_deals")} == dict.fromkeys(
        ("id_not_null", "id_unique", "no_huge_deals"), "passed"
    )


BUILT_MARTS = """
name: marts_accounts
description: dim_accounts and a mart this warehouse lacks.
table: marts.dim_accounts
expectations:
  - {id: has_rows, kind: rows_exist, severity: error, description: at least one account}
  - {id: arr_not_negative, kind: between, column: arr, min: 0, severity: warning}
  - {id: name_not_null, kind: column_not_null, column: account_name, severity: error}
  - {id: id_unique, kind: unique, columns: [account_id], severity: error}
  - {id: no_negative_arr, kind: sql, severity: error, query: "select * from {batch} where arr < 0"}
  - {id: lost_mart_rows, table: marts.lost_mart, kind: rows_exist, severity: warning}
  - id: single_currency
    kind: sql
    severity: error
    requires_columns: [currency_code]
    query: select currency_code from {batch} group by 1 having count(*) > 1e9
"""


def fake_build(db: Path, *statements: str) -> None:
    con = connect(db)
    try:
        con.execute("create schema if not exists marts")
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


def test_empty_tables_are_checked_by_their_own_meaning_never_a_crash(tmp_path, monkeypatch):
    """GX reports `unexpected_count: None` on an empty table; that used to crash the gate with a TypeError. Zero
    rows: `rows_exist` fails, column and query expectations pass. A column the warehouse lacks makes its
    expectation not applicable; a missing warning-level table is reported, and does not fail the gate."""
    write_suites(tmp_path, monkeypatch, marts=BUILT_MARTS)
    db = build_world(tmp_path)
    fake_build(db, "create table marts.dim_accounts (account_id varchar, account_name varchar, arr decimal(18, 2))")
    code, document, text = check(db, tmp_path, suite="marts_accounts")
    status = {r["expectation_id"]: r["status"] for r in document["results"]}
    assert status == {
        "has_rows": "failed",
        "arr_not_negative": "passed",
        "name_not_null": "passed",
        "id_unique": "passed",
        "no_negative_arr": "passed",
        "lost_mart_rows": "missing",
        "single_currency": "not_applicable",
    }, text
    assert code == 1 and document["counts"]["errors"] == 1 and document["counts"]["missing"] == 1
    by_id = {r["expectation_id"]: r for r in document["results"]}
    assert by_id["name_not_null"]["unexpected_count"] == 0
    assert "marts.lost_mart is missing" in by_id["lost_mart_rows"]["message"]
    assert "no column currency_code" in by_id["single_currency"]["message"]


def test_a_missing_error_level_table_fails_the_gate(tmp_path, monkeypatch):
    write_suites(tmp_path, monkeypatch, marts=BUILT_MARTS.replace("severity: warning}", "severity: error}"))
    db = build_world(tmp_path)
    fake_build(db, "create table marts.dim_accounts as select 'a1' as account_id, 'A' as account_name, 1.0 as arr")
    code, document, text = check(db, tmp_path, suite="marts_accounts")
    missing = [r for r in document["results"] if r["status"] == "missing"]
    assert [r["expectation_id"] for r in missing] == ["lost_mart_rows"] and code == 1, text
    assert "missing" in text and "lost_mart_rows" in text
    failures = ET.parse(tmp_path / "junit.xml").getroot().findall(".//testcase[failure]")
    assert [case.get("name") for case in failures] == ["lost_mart_rows"]


def test_a_warehouse_never_built_exits_1_with_one_line_saying_run_build(tmp_path):
    from revops.cli import main

    db = build_world(tmp_path)
    result = CliRunner().invoke(main, ["check", "--db", str(db)])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "revops build" in lines[0] and str(db) in lines[0], result.output
    absent = CliRunner().invoke(main, ["check", "--db", str(tmp_path / "nowhere.duckdb")])
    assert absent.exit_code == 1 and len(absent.output.strip().splitlines()) == 1
    assert "revops build" in absent.output
    # the landing suites need no build
    landing = CliRunner().invoke(main, ["check", "--db", str(db), "--suite", LANDING])
    assert landing.exit_code == 0, landing.output


def test_revops_check_command_exits_1_on_an_error(tmp_path):
    from revops.cli import main

    db = build_world(tmp_path, [*CONTACT_ROWS, CONTACT_ROWS[0]])
    junit = tmp_path / "cli-junit.xml"
    result = CliRunner().invoke(main, ["check", "--db", str(db), "--suite", LANDING, "--junit", str(junit)])
    assert result.exit_code == 1, result.output
    assert "contacts.primary_key_unique_per_batch" in result.output
    assert ET.parse(junit).getroot().find(".//failure") is not None
    unknown = CliRunner().invoke(main, ["check", "--db", str(db), "--suite", "nope"])
    assert unknown.exit_code == 1 and "unknown suite 'nope'" in unknown.output
