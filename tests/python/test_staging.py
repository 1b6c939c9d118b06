"""The staging layer on two fixture worlds, one `dbt build --select staging` for the whole module.

Landed in one throw-away warehouse:
- the real Salesforce Data Export (../shared/fixtures/salesforce_data_export_demo), dated 2026-11-08;
- the hand-made two-snapshot world in tests/fixtures/staging/ (2026-11-01 and 2026-11-08, see its README).

The real export shares the newest export date with the fixture world, so both are "the newest full
export" and only records missing from every 2026-11-08 file count as vanished.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, SALESFORCE_EXPORT

STAGING_WORLD = REPO / "tests" / "fixtures" / "staging"
REAL_EXPORT_DATE = date(2026, 11, 8)

# 1:1 staging models: model -> (raw table, raw key columns, staging key column)
ONE_TO_ONE = {
    "stg_salesforce__accounts": ("salesforce__account", ["id"], "account_id"),
    "stg_salesforce__contacts": ("salesforce__contact", ["id"], "contact_id"),
    "stg_salesforce__leads": ("salesforce__lead", ["id"], "lead_id"),
    "stg_salesforce__opportunities": ("salesforce__opportunity", ["id"], "opportunity_id"),
    "stg_salesforce__opportunity_histories": ("salesforce__opportunityhistory", ["id"], "opportunity_history_id"),
    "stg_salesforce__campaigns": ("salesforce__campaign", ["id"], "campaign_id"),
    "stg_salesforce__campaign_members": ("salesforce__campaignmember", ["id"], "campaign_member_id"),
    "stg_salesforce__users": ("salesforce__user", ["id"], "user_id"),
    "stg_salesforce__cases": ("salesforce__case", ["id"], "case_id"),
    "stg_salesforce__tasks": ("salesforce__task", ["id"], "task_id"),
    "stg_salesforce__events": ("salesforce__event", ["id"], "event_id"),
    "stg_hubspot__contacts": ("hubspot__contacts", ["record_id"], "contact_id"),
    "stg_hubspot__companies": ("hubspot__companies", ["record_id"], "company_id"),
    "stg_hubspot__deals": ("hubspot__deals", ["record_id"], "deal_id"),
    "stg_hubspot__email_events": ("hubspot__email_events", ["event_id"], "email_event_id"),
    "stg_hubspot__form_submissions": ("hubspot__form_submissions", ["submission_id"], "form_submission_id"),
    "stg_hubspot__engagements": ("hubspot__engagements", ["record_id"], "engagement_id"),
    "stg_zendesk__organizations": ("zendesk__organizations", ["id"], "organization_id"),
    "stg_zendesk__users": ("zendesk__users", ["id"], "user_id"),
    "stg_zendesk__tickets": ("zendesk__tickets", ["id"], "ticket_id"),
    "stg_gainsight__companies": ("gainsight__companies", ["gsid"], "company_id"),
    "stg_gainsight__usage_snapshots": ("gainsight__usage", ["company_gsid", "snapshot_date"], "usage_snapshot_id"),
    "stg_gainsight__subscriptions": ("gainsight__subscriptions", ["subscription_id"], "subscription_id"),
}


def dbt_executable() -> str:
    return str(Path(sys.executable).with_name("dbt"))


@pytest.fixture(scope="module")
def staging(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    """Land both worlds, run one dbt build of staging (models, data tests, unit tests, macro tests)."""
    from ingest.load import ingest
    from revops.warehouse import connect

    work = tmp_path_factory.mktemp("staging")
    db = work / "warehouse.duckdb"
    con = connect(db)
    try:
        real = (
            ingest(con, sorted(SALESFORCE_EXPORT.glob("*.csv")), export_date=REAL_EXPORT_DATE)
            if SALESFORCE_EXPORT.is_dir()
            else []  # ../shared absent (a user's clone): the fixture world alone; real-export tests skip
        )
        world = ingest(con, [STAGING_WORLD])
    finally:
        con.close()
    for result in (*real, *world):
        assert result.status in ("landed", "ignored"), f"{result.source_file}: {result.message}"

    env = {**os.environ, "REVOPS_DB": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    started = time.perf_counter()
    completed = subprocess.run(
        [
            dbt_executable(),
            "build",
            "--select",
            "staging",
            "path:tests/dbt/macros",
            "--project-dir",
            str(REPO),
            "--profiles-dir",
            str(REPO / "profiles"),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
            "--no-use-colors",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-2000:]
    print(f"dbt build --select staging: {seconds:.1f} s")
    reader = duckdb.connect(str(db), read_only=True)
    yield reader
    reader.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def by_key(con: duckdb.DuckDBPyConnection, model: str, key: str) -> dict[str, dict]:
    return {row[key]: row for row in rows(con, f"select * from staging.{model}")}


@pytest.mark.slow
@pytest.mark.parametrize("model", sorted(ONE_TO_ONE))
def test_one_to_one_models_have_one_row_per_raw_key(staging, model):
    table, raw_keys, key = ONE_TO_ONE[model]
    keys = " || '|' || ".join(f"trim({column})" for column in raw_keys)
    not_blank = " and ".join(f"nullif(trim({column}), '') is not null" for column in raw_keys)
    expected = staging.execute(f"select count(distinct {keys}) from raw.{table} where {not_blank}").fetchone()[0]
    actual, distinct = staging.execute(f"select count(*), count(distinct {key}) from staging.{model}").fetchone()
    assert actual == distinct == expected


@pytest.mark.slow
def needs_real_export() -> None:
    if not SALESFORCE_EXPORT.is_dir():
        pytest.skip(f"real Salesforce export not found at {SALESFORCE_EXPORT} (../shared is absent in this clone)")


def test_real_salesforce_export_counts(staging):
    needs_real_export()
    counts = {
        model: staging.execute(
            f"select count(*) from staging.{model} where _export_date = ?", [REAL_EXPORT_DATE]
        ).fetchone()[0]
        for model in (
            "stg_salesforce__contacts",
            "stg_salesforce__leads",
            "stg_salesforce__opportunity_histories",
            "stg_salesforce__campaigns",
            "stg_salesforce__campaign_members",
            "stg_salesforce__cases",
        )
    }
    assert counts == {
        "stg_salesforce__contacts": 35,
        "stg_salesforce__leads": 22,
        "stg_salesforce__opportunity_histories": 62,
        "stg_salesforce__campaigns": 4,
        "stg_salesforce__campaign_members": 0,  # header-only file: an empty table still builds
        "stg_salesforce__cases": 26,
    }
    # 12 real accounts + A1, A3, A4, A5 from the fixture world's newest export
    assert staging.execute(
        "select count(*) from staging.stg_salesforce__accounts where not has_vanished"
    ).fetchone() == (16,)


@pytest.mark.slow
def test_real_salesforce_values_are_typed_and_cleaned(staging):
    needs_real_export()
    edge = by_key(staging, "stg_salesforce__accounts", "account_id")["0014600001TvgfWAAR"]
    assert edge["account_name"] == "Edge Communications"
    assert edge["parent_account_id"] is None  # 000000000000000AAA
    assert edge["master_record_id"] is None  # ""
    assert edge["annual_revenue"] == Decimal("139000000.00")
    assert edge["employee_count"] == 1000
    assert edge["created_at"] == datetime(2018, 10, 13, 17, 16, 45)
    assert (edge["is_deleted"], edge["has_vanished"], edge["is_deleted_in_source"]) == (False, False, False)

    opportunity = by_key(staging, "stg_salesforce__opportunities", "opportunity_id")["0064600000J5S5TAAV"]
    assert opportunity["stage_name"] == "Qualification"
    assert opportunity["amount"] == Decimal("15000.00")
    assert opportunity["close_date"] == date(2018, 8, 22)
    assert opportunity["campaign_id"] is None
    assert (opportunity["is_closed"], opportunity["is_won"]) == (False, False)

    rose = by_key(staging, "stg_salesforce__contacts", "contact_id")["0034600001Odz7hAAB"]
    assert (rose["full_name"], rose["email"], rose["has_opted_out_of_email"]) == (
        "Rose Gonzalez",
        "rose@edge.com",
        False,
    )


@pytest.mark.slow
def test_snapshot_reduction_vanished_deleted_and_merged_accounts(staging):
    accounts = by_key(staging, "stg_salesforce__accounts", "account_id")
    a1, a2, a3, a4, a5 = (accounts[f"00100000000000{n}AAA"] for n in range(1, 6))

    # A1: in both exports, the newest values win (trimmed name, "1,200" employees)
    assert (a1["account_name"], a1["employee_count"], a1["_export_date"]) == (
        "山田商事株式会社",
        1200,
        date(2026, 11, 8),
    )
    assert a1["_first_export_date"] == date(2026, 11, 1)
    assert (a1["is_deleted"], a1["has_vanished"]) == (False, False)
    # A2: only in the first export: kept with its last values, flagged vanished and deleted
    assert (a2["account_name"], a2["has_vanished"], a2["is_deleted"]) == ("Acme Inc.", True, True)
    assert a2["is_deleted_in_source"] is False
    # A3: merged into A1 (IsDeleted 1 + MasterRecordId)
    assert (a3["master_record_id"], a3["is_merged"], a3["is_deleted_in_source"], a3["is_deleted"]) == (
        "001000000000001AAA",
        True,
        True,
        True,
    )
    assert a3["has_vanished"] is False
    # A4: deleted in Salesforce (IsDeleted 1), not merged
    assert (a4["is_deleted_in_source"], a4["is_merged"], a4["is_deleted"]) == (True, False, True)
    # A5: placeholders (個人) become null
    assert (a5["account_name"], a5["corporate_number"], a5["state_or_prefecture"]) == (None, None, "大阪府")


@pytest.mark.slow
def test_latest_opportunity_stage_wins_and_history_shows_the_change(staging):
    opportunities = by_key(staging, "stg_salesforce__opportunities", "opportunity_id")
    o1, o2 = opportunities["006000000000001AAA"], opportunities["006000000000002AAA"]
    assert (o1["stage_name"], o1["amount"], o1["probability"]) == ("Negotiation/Review", Decimal("1500000.00"), 90)
    assert (o1["is_deleted"], o2["stage_name"], o2["has_vanished"], o2["is_deleted"]) == (
        False,
        "Qualification",
        True,
        True,
    )

    history = rows(
        staging,
        "select snapshot_date, stage_name, previous_stage_name, has_stage_changed, has_amount_changed "
        "from staging.stg_salesforce__opportunity_snapshots "
        "where opportunity_id = '006000000000001AAA' order by snapshot_date",
    )
    assert history == [
        {
            "snapshot_date": date(2026, 11, 1),
            "stage_name": "Prospecting",
            "previous_stage_name": None,
            "has_stage_changed": False,
            "has_amount_changed": False,
        },
        {
            "snapshot_date": date(2026, 11, 8),
            "stage_name": "Negotiation/Review",
            "previous_stage_name": "Prospecting",
            "has_stage_changed": True,
            "has_amount_changed": True,
        },
    ]


@pytest.mark.slow
def test_hubspot_contacts_across_english_and_japanese_exports(staging):
    contacts = by_key(staging, "stg_hubspot__contacts", "contact_id")
    taro, jane, hanako = contacts["101"], contacts["102"], contacts["103"]
    assert taro["lifecycle_stage"] == "customer"  # 顧客 in the Japanese-header export
    assert taro["lifecycle_stage_label"] == "顧客"
    assert taro["email"] == "taro.yamada@yamada-shoji.co.jp"  # "  Taro.Yamada@Yamada-Shoji.co.jp "
    assert taro["full_name"] == "山田 太郎"
    assert taro["company_name"] is None  # 個人
    assert taro["company_id"] == "9001"
    assert taro["created_at"] == datetime(2026, 10, 1, 9, 30)  # 2026/10/01 09:30
    assert taro["last_modified_at"] == datetime(2026, 11, 5, 9, 0)  # 2026-11-05T18:00:00+09:00
    assert (jane["has_vanished"], jane["is_deleted"], jane["phone"]) == (True, True, None)  # 0000000000
    assert (hanako["lifecycle_stage"], hanako["created_at"]) == ("lead", datetime(2026, 11, 7))  # 2026年11月07日
    assert hanako["company_name"] is None  # 不明


@pytest.mark.slow
def test_zendesk_incremental_keeps_newest_updated_at(staging):
    tickets = by_key(staging, "stg_zendesk__tickets", "ticket_id")
    assert (tickets["1"]["ticket_status"], tickets["1"]["first_reply_time_minutes"]) == ("solved", 42)
    assert tickets["1"]["updated_at"] == datetime(2026, 11, 2)  # 2026-11-02T09:00:00+09:00
    assert tickets["1"]["tags"] == '["login","jp"]'
    # batch 2 re-sent ticket 3 with an older updated_at: the batch 1 version stays
    assert (tickets["3"]["ticket_status"], tickets["3"]["updated_at"]) == ("pending", datetime(2026, 10, 31, 5))
    # ticket 2 was not re-sent: an incremental export never makes a record vanish
    assert (tickets["2"]["has_vanished"], tickets["2"]["is_deleted"]) == (False, False)


@pytest.mark.slow
def test_gainsight_company_snapshots_keep_arr_and_health_per_export(staging):
    snapshots = rows(
        staging,
        "select company_id, snapshot_date, arr, health_score, previous_snapshot_health_score, renewal_date "
        "from staging.stg_gainsight__company_snapshots order by company_id, snapshot_date",
    )
    assert snapshots == [
        {
            "company_id": "G1",
            "snapshot_date": date(2026, 11, 1),
            "arr": Decimal("1200000.00"),  # ¥1,200,000
            "health_score": Decimal("70.00"),
            "previous_snapshot_health_score": None,
            "renewal_date": date(2027, 4, 1),  # 2027/04/01
        },
        {
            "company_id": "G1",
            "snapshot_date": date(2026, 11, 8),
            "arr": Decimal("1500000.00"),
            "health_score": Decimal("55.00"),
            "previous_snapshot_health_score": Decimal("70.00"),
            "renewal_date": date(2027, 4, 1),  # 2027年04月01日
        },
        {
            "company_id": "G2",
            "snapshot_date": date(2026, 11, 1),
            "arr": Decimal("12000.00"),  # $12,000
            "health_score": Decimal("40.00"),
            "previous_snapshot_health_score": None,
            "renewal_date": date(2027, 1, 1),
        },
    ]
    companies = by_key(staging, "stg_gainsight__companies", "company_id")
    assert (companies["G1"]["arr"], companies["G1"]["is_deleted"]) == (Decimal("1500000.00"), False)
    assert (companies["G2"]["has_vanished"], companies["G2"]["is_deleted"]) == (True, True)


@pytest.mark.slow
def test_vendors_without_exports_build_empty(staging):
    for model in ("stg_zendesk__organizations", "stg_hubspot__deals", "stg_gainsight__subscriptions"):
        assert staging.execute(f"select count(*) from staging.{model}").fetchone() == (0,)
