"""Honest golden records: live records before deleted or merged-away ones, the best-written name before kana
readings and ALL CAPS, each winner shown with its record and rule by `revops explain`. Through a Salesforce Data
Export and a HubSpot companies export, landed and built."""

from __future__ import annotations

import csv

import duckdb
import pytest
from rich.console import Console

from revops.pipeline.explain import explain_account
from revops.readers import DuckDBReader
from tests.conftest import run_dbt

CREATED = "2026-09-01T00:00:00.000Z"
LATE = "2026-10-20T00:00:00.000Z"
ACCOUNTS = [  # Id, IsDeleted, MasterRecordId, Name, Website, LastModifiedDate
    ("001G00000000001", "false", "", "株式会社ゴールデン", "golden-kk.co.jp", "2026-09-01T00:00:00.000Z"),
    # merged away into the first by a Salesforce merge, and modified last: it must not win
    ("001G00000000002", "true", "001G00000000001", "ゴールデン総業株式会社", "golden-kk.co.jp", LATE),
    ("001G00000000003", "false", "", "ACME TRADING CO LTD", "acme-trading.com", LATE),
    ("001G00000000004", "false", "", "ｶ)ﾐﾄﾞﾘｼﾖｳｶｲ", "midori-shokai.jp", LATE),
]
COMPANIES = [  # Record ID, Company name, Website URL
    ("801", "ｶ)ｺﾞｰﾙﾃﾞﾝ", "https://www.golden-kk.co.jp/"),
    ("802", "Acme Trading Co., Ltd.", "acme-trading.com"),
    ("803", "株式会社みどり商会", "midori-shokai.jp"),
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    from ingest.load import ingest
    from revops.warehouse import connect

    work = tmp_path_factory.mktemp("golden")
    folder = work / "exports" / "2026-11-01"
    folder.mkdir(parents=True)
    with (folder / "Account.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(["Id", "IsDeleted", "MasterRecordId", "Name", "Website", "CreatedDate", "LastModifiedDate"])
        for record_id, deleted, master, name, website, modified in ACCOUNTS:
            writer.writerow([record_id, deleted, master, name, website, CREATED, modified])
    with (folder / "hubspot-crm-exports-all-companies-2026-11-01.csv").open("w", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["Record ID", "Company name", "Website URL", "Last Modified Date"])
        for record_id, name, website in COMPANIES:
            writer.writerow([record_id, name, website, "2026-09-15 10:00"])
    db = work / "warehouse.duckdb"
    con = connect(db)
    try:
        ingest(con, [work / "exports"])
    finally:
        con.close()
    models = ("+dim_accounts", "+account_source_map", "+identity_refusals", "+account_hierarchy")
    run_dbt(db, work, "build", "--select", *models, "--exclude", "test_type:data")
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def golden_name(con: duckdb.DuckDBPyConnection, record_id: str) -> tuple:
    return con.execute(
        """
        select dim.account_name, golden.source_record_id, golden.is_live_record
        from marts.account_source_map as map
        inner join marts.dim_accounts as dim on map.account_id = dim.account_id
        inner join intermediate.int_account_golden_values as golden
            on golden.account_id = dim.account_id and golden.attribute = 'account_name'
        where map.source_record_id = $id
        """,
        {"id": record_id},
    ).fetchone()


def test_a_merged_away_record_never_names_the_account(warehouse):
    name, winner, live = golden_name(warehouse, "001G00000000002")
    assert name == "株式会社ゴールデン" and winner == "001G00000000001" and live


def test_mixed_case_beats_all_caps_and_kanji_beats_a_kana_reading(warehouse):
    assert golden_name(warehouse, "001G00000000003")[0] == "Acme Trading Co., Ltd."
    assert golden_name(warehouse, "001G00000000004")[0] == "株式会社みどり商会"


def test_explain_shows_the_winning_record_and_the_rule(warehouse):
    console = Console(record=True, width=240)
    assert explain_account(DuckDBReader(warehouse), "001G00000000002", console) == 0
    text = console.export_text()
    assert "golden values" in text and "salesforce/Account/001G00000000001" in text
    assert "live records first" in text
