"""The mart and cross-system suites on a real (generated, built) warehouse: clean data passes, and each corruption
made on purpose to a copy of the warehouse fails (error) or warns on exactly the expectation that guards it,
with a message that names the offending record.

One warehouse is generated and built per module (~20 s); each case copies the file and checks one suite."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from tests.conftest import generated_warehouse, run_dbt

MART_SUITES = ("marts_identity", "marts_core", "marts_revops", "cross_system")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A generated world of 80 accounts, landed and built (dbt's own data tests excluded); never modified."""
    work = tmp_path_factory.mktemp("mart_checks")
    _, db = generated_warehouse(work, accounts=80, seed=5, snapshots=2)
    run_dbt(db, work, "build", "--exclude", "test_type:data")
    return db


@pytest.fixture(autouse=True)
def reports(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("REVOPS_REPORTS_DIR", str(tmp_path / "reports"))
    return tmp_path / "reports"


def copy_of(built: Path, tmp_path: Path, *statements: str) -> Path:
    """A copy of the built warehouse with `statements` applied."""
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built, db)
    if statements:
        con = duckdb.connect(str(db))
        try:
            for statement in statements:
                con.execute(statement)
        finally:
            con.close()
    return db


def revops_check(db: Path, tmp_path: Path, *options: str) -> tuple[int, dict, str]:
    """`revops check --db DB --json FILE [options]`; returns (exit code, JSON summary, printed output)."""
    from revops.cli import main

    summary = tmp_path / "check.json"
    result = CliRunner().invoke(main, ["check", "--db", str(db), "--json", str(summary), *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(summary.read_text(encoding="utf-8")), result.output


def failed(document: dict) -> dict[str, dict]:
    return {r["expectation_id"]: r for r in document["results"] if r["status"] == "failed"}


@pytest.fixture(scope="module")
def clean(built, tmp_path_factory) -> tuple[int, dict, str, Path]:
    """Every suite on an untouched copy: (exit code, JSON summary, output, reports folder)."""
    tmp_path = tmp_path_factory.mktemp("clean")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REVOPS_REPORTS_DIR", str(tmp_path / "reports"))
        code, document, output = revops_check(copy_of(built, tmp_path), tmp_path)
    return code, document, output, tmp_path / "reports"


def clean_failures(clean, suite: str) -> dict[str, dict]:
    """What fails on the clean warehouse in `suite` (cross-system warnings describe the generated business, e.g. a
    stale ARR on the CS platform's company record)."""
    return failed({"results": [r for r in clean[1]["results"] if r["suite"] == suite]})


def test_clean_warehouse_passes_every_mart_suite(clean):
    code, document, output, _reports = clean
    assert code == 0, output
    counts = document["counts"]
    assert counts["errors"] == 0 and counts["missing"] == 0, output
    mine = [r for r in document["results"] if r["suite"] in MART_SUITES]
    assert {r["suite"] for r in mine} == set(MART_SUITES)
    # the marts are sound: nothing fails there but the generated world's out-of-order funnel timestamps (a warning
    # about the data)
    odd = {r["expectation_id"]: r["status"] for r in mine if r["status"] != "passed" and r["suite"] != "cross_system"}
    assert set(odd) <= {"fct_funnel.left_after_entered"}, odd
    assert all(r["severity"] == "warning" for r in mine if r["suite"] == "cross_system")
    assert "marts_revops" in Path(document["data_docs"]).read_text(encoding="utf-8")


# (suite, corruption, expectation that must fail and nothing else new, severity, text the message must contain)
CASES = {
    "source_record_missing_from_map": (
        "marts_identity",
        [
            "delete from intermediate.int_account_identities_resolved "
            "where source_record_id = (select min(source_record_id) from marts.account_source_map)"
        ],
        "account_source_map.every_record_mapped",
        "error",
        "first_source_record_id",
    ),
    "malformed_email": (
        "marts_core",
        [
            "update marts.dim_people set email = 'taro at example' "
            "where person_id = (select min(person_id) from marts.dim_people)"
        ],
        "dim_people.email.well_formed",
        "warning",
        "taro at example",
    ),
    "negative_arr": (
        "marts_revops",
        # a subscription exported with ARR only (no MRR to compare with), and that ARR negative
        [
            "update intermediate.int_subscriptions_unioned set arr = -1200, mrr = null "
            "where source_record_id = (select min(source_record_id) from intermediate.int_subscriptions_unioned)"
        ],
        "subscriptions.arr.not_negative",
        "error",
        "-1200",
    ),
    "arr_not_12_mrr": (
        "marts_revops",
        [
            "update intermediate.int_subscriptions_unioned set arr = 12 * mrr + 5 "
            "where source_record_id = (select min(source_record_id) from intermediate.int_subscriptions_unioned)"
        ],
        "subscriptions.arr_is_12_mrr",
        "error",
        "first_subscription_id",
    ),
    "renewal_before_start": (
        "marts_revops",
        [
            "update intermediate.int_subscriptions_unioned set end_date = start_date - interval 1 day "
            "where source_record_id = (select min(source_record_id) from intermediate.int_subscriptions_unioned)"
        ],
        "subscriptions.renewal_not_before_start",
        "error",
        "first_subscription_id",
    ),
    "health_score_out_of_range": (
        "marts_core",
        [
            "update marts.fct_account_health_snapshots set health_score = 140 where account_snapshot_id = "
            "(select min(account_snapshot_id) from marts.fct_account_health_snapshots)"
        ],
        "fct_account_health_snapshots.health_score.within_0_100",
        "error",
        "140",
    ),
    "journey_out_of_order": (
        "marts_revops",
        # the account's second event is moved a year before its first
        [
            "update marts.fct_customer_journey set event_at = event_at - interval 400 day where event_id = "
            "(select event_id from marts.fct_customer_journey where event_sequence = 2 order by account_id limit 1)"
        ],
        "fct_customer_journey.events_ordered",
        "error",
        "event_sequence",
    ),
    "arr_without_a_rate": (
        "marts_revops",
        [
            "update intermediate.int_account_arr_monthly set currency_code = 'USD', arr_reporting = null, "
            "is_fx_rate_missing = true "
            "where account_id = (select min(account_id) from intermediate.int_account_arr_monthly)"
        ],
        "arr.amounts_have_a_rate",
        "warning",
        "USD",
    ),
    "account_over_merged": (
        "marts_identity",
        # four HubSpot companies resolved to one account
        [
            "update intermediate.int_account_identities_resolved set account_id = 'acc_over_merged' "
            "where source_system = 'hubspot' and source_record_id in (select source_record_id "
            "from intermediate.int_account_identities_resolved where source_system = 'hubspot' "
            "order by source_record_id limit 4)",
            "insert into marts.dim_accounts (account_id, account_name, lifecycle_stage) "
            "values ('acc_over_merged', 'Over merged', 'prospect')",
        ],
        "account_source_map.records_per_system_plausible",
        "warning",
        "acc_over_merged",
    ),
    "person_with_three_names": (
        "marts_identity",
        # three records of one person carry three different names
        [
            "create temp table three as select source_system, source_object, source_record_id, "
            "row_number() over (order by source_record_id) as n from marts.person_source_map "
            "where person_id is not null order by source_record_id limit 3",
            "update intermediate.int_person_records_unioned as r set full_name = 'Name ' || three.n "
            "from three where r.source_system = three.source_system and r.source_object = three.source_object "
            "and r.source_record_id = three.source_record_id",
            "update intermediate.int_person_identities_resolved as p set person_id = 'per_three_names' "
            "from three where p.source_system = three.source_system and p.source_object = three.source_object "
            "and p.source_record_id = three.source_record_id",
            "insert into marts.dim_people (person_id) values ('per_three_names')",
        ],
        "person_source_map.one_name_per_person",
        "warning",
        "per_three_names",
    ),
    "stage_history_of_a_missing_opportunity": (
        "cross_system",
        [
            "delete from staging.stg_salesforce__opportunities where opportunity_id = "
            "(select min(opportunity_id) from staging.stg_salesforce__opportunity_histories)"
        ],
        "opportunity_history_has_opportunity",
        "warning",
        "first_history_opportunity_id",
    ),
    "person_on_another_accounts_domain": (
        "cross_system",
        # a person of one account gets an address on another account's domain
        [
            "create temp table moved as select p.person_id, (select a.domain from marts.dim_accounts as a "
            "where a.domain is not null and a.account_id <> p.account_id order by a.account_id limit 1) as domain "
            "from marts.dim_people as p where p.account_id is not null order by p.person_id limit 1",
            "update marts.dim_people set email = 'moved.person@' || (select domain from moved) "
            "where person_id = (select person_id from moved)",
        ],
        "person_email_domain_matches_account",
        "warning",
        "moved.person@",
    ),
    "cs_customer_without_won_deal": (
        "cross_system",
        [
            "update marts.fct_opportunities set is_won = false, stage_category = 'lost' where account_id = "
            "(select min(account_id) from marts.fct_account_health_snapshots)"
        ],
        "cs_customer_has_won_opportunity",
        "warning",
        "first_cs_account_id",
    ),
}


def _placeholders(built: Path) -> dict[str, str]:
    """Values the expected messages name, read from the clean warehouse."""
    con = duckdb.connect(str(built), read_only=True)
    try:
        return {
            "first_account_id": con.execute("select min(account_id) from marts.dim_accounts").fetchone()[0],
            "first_source_record_id": con.execute(
                "select min(source_record_id) from marts.account_source_map"
            ).fetchone()[0],
            "first_subscription_id": con.execute(
                "select min(source_record_id) from intermediate.int_subscriptions_unioned"
            ).fetchone()[0],
            "first_history_opportunity_id": con.execute(
                "select min(opportunity_id) from staging.stg_salesforce__opportunity_histories"
            ).fetchone()[0],
            "first_cs_account_id": con.execute(
                "select min(account_id) from marts.fct_account_health_snapshots"
            ).fetchone()[0],
        }
    finally:
        con.close()


@pytest.mark.parametrize("case", list(CASES))
def test_corruption_fails_or_warns_on_exactly_its_expectation(case, built, clean, tmp_path):
    suite, statements, expectation_id, severity, needle = CASES[case]
    needle = _placeholders(built).get(needle, needle)
    code, document, output = revops_check(copy_of(built, tmp_path, *statements), tmp_path, "--suite", suite)

    new = {k: v for k, v in failed(document).items() if k not in clean_failures(clean, suite)}
    assert list(new) == [expectation_id], output
    result = new[expectation_id]
    assert result["severity"] == severity
    assert result["unexpected_count"] and result["unexpected_count"] >= 1
    assert needle in result["message"], result["message"]
    assert expectation_id in output
    if severity == "error":
        assert code == 1 and document["verdict"] == "fail"
        assert f"error: {suite}/{expectation_id}" in " ".join(output.split())
    else:
        assert code == 0 and document["verdict"] == "pass"
        assert f"warning: {suite}/{expectation_id}" in " ".join(output.split())


def test_cross_system_findings_carry_counts_and_examples(built, tmp_path):
    """A clean world still has business findings: each is a warning with its count and example rows."""
    con = duckdb.connect(str(built), read_only=True)
    try:
        stale = con.execute(
            """select count(*) from marts.account_360 a
            join (select account_id, cs_platform_arr from marts.fct_account_health_snapshots
                  qualify row_number() over (partition by account_id order by snapshot_date desc) = 1) c
            using (account_id)
            where a.lifecycle_stage = 'customer'
              and abs(c.cs_platform_arr - a.won_amount_last_12_months)
                  > 0.01 * greatest(abs(c.cs_platform_arr), abs(a.won_amount_last_12_months))"""
        ).fetchone()[0]
    finally:
        con.close()
    code, document, _ = revops_check(copy_of(built, tmp_path), tmp_path, "--suite", "cross_system")
    assert code == 0
    by_id = {r["expectation_id"]: r for r in document["results"]}
    arr = by_id["crm_and_cs_platform_arr_agree"]
    assert (arr["unexpected_count"] or 0) == stale
    if stale:
        assert arr["status"] == "failed" and arr["severity"] == "warning"
        example = arr["sample"][0]
        assert {"account_id", "crm_arr", "cs_platform_arr", "difference_pct"} <= set(example)
        assert abs(example["difference_pct"]) > 1


def documented_columns() -> dict[str, set[str]]:
    """marts.<model> -> its columns, from the marts' YAML docs (models/marts/**/_*.yml)."""
    import yaml

    from tests.conftest import REPO

    columns: dict[str, set[str]] = {}
    for path in (REPO / "models" / "marts").rglob("_*.yml"):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models") or []:
            columns[f"marts.{model['name']}"] = {c["name"] for c in model.get("columns") or []}
    return columns


def test_mart_suites_name_only_documented_marts_and_columns():
    """The suites follow the marts' YAML: a renamed column or model fails here, before any warehouse is built.
    (The `sql` expectations are exercised on a built warehouse by the tests above.)"""
    from revops.quality.kinds import sql_for
    from revops.quality.suites import load_suites

    documented = documented_columns()
    problems = []
    for suite in load_suites():
        for e in suite.expectations:
            if not e.table.startswith("marts."):
                continue
            if e.table not in documented:
                problems.append(f"{suite.name}/{e.id}: {e.table} is not a documented mart")
                continue
            named = [e.params["column"]] if "column" in e.params else list(e.params.get("columns") or [])
            problems += [
                f"{suite.name}/{e.id}: {e.table}.{c} undocumented" for c in named if c not in documented[e.table]
            ]
            query = sql_for(e) if e.kind == "sql" else None
            for table in set(re.findall(r"\bmarts\.([a-z0-9_]+)", query or "")):
                if f"marts.{table}" not in documented:
                    problems.append(f"{suite.name}/{e.id}: query reads marts.{table}, not a documented mart")
    assert problems == []


def dbt_column_tests() -> dict[tuple[str, str], set[str]]:
    """(model, column) -> the generic dbt tests declared on it, from every models/**/_*.yml."""
    import yaml

    from tests.conftest import REPO

    found: dict[tuple[str, str], set[str]] = {}
    for path in (REPO / "models").rglob("_*.yml"):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models") or []:
            for column in model.get("columns") or []:
                tests = column.get("data_tests") or []
                names = {t if isinstance(t, str) else next(iter(t)) for t in tests}
                found[(model["name"], column["name"])] = names
    return found


# a GX kind and the dbt test that would own the same fact
DBT_OWNED = {"column_not_null": "not_null", "unique": "unique", "values_in_set": "accepted_values"}


def test_no_mart_expectation_repeats_a_dbt_test():
    """One owner per fact: keys, not-null, relationships and accepted values of a model are dbt tests; the gate
    checks only what dbt does not (business rules, cross-system agreement, landed data)."""
    from revops.quality.suites import load_suites

    dbt = dbt_column_tests()
    repeats = []
    for suite in load_suites():
        for e in suite.expectations:
            model = e.table.split(".", 1)[1]
            columns = [e.params["column"]] if "column" in e.params else list(e.params.get("columns") or [])
            owner = DBT_OWNED.get(e.kind)
            if owner and len(columns) == 1 and owner in dbt.get((model, columns[0]), set()):
                repeats.append(f"{suite.name}/{e.id} repeats dbt's {owner} on {model}.{columns[0]}")
            if e.kind == "sql" and e.id.endswith(("account_exists", "opportunity_exists", "person_exists")):
                column = e.id.rsplit(".", 1)[-1].replace("_exists", "_id")
                if "relationships" in dbt.get((model, column), set()):
                    repeats.append(f"{suite.name}/{e.id} repeats dbt's relationships on {model}.{column}")
    assert repeats == []
