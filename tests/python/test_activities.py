"""Activities and lead response time.

- Contracts: hand-written Salesforce Task.csv (API names) / Event.csv (report labels) and a HubSpot calls export
  (UI labels, tests/fixtures/activities/) land, stage and map onto the canonical activities entity.
- End to end: on a small generated world, fct_lead_response agrees with the generator's truth
  (_truth/lead_responses.csv): the median response time, and each person's first response record.
"""

from __future__ import annotations

import csv
import statistics
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, generated_warehouse, land, run_dbt

FIXTURES = REPO / "tests" / "fixtures" / "activities"


@pytest.fixture(scope="module")
def landed(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    work = tmp_path_factory.mktemp("activities")
    db = work / "warehouse.duckdb"
    results = land(db, [FIXTURES])
    assert [r.status for r in results if r.status in ("rejected", "ignored")] == []
    selection = ["+int_salesforce__activities", "+int_hubspot__activities"]
    run_dbt(db, work, "build", "--select", *selection, "--exclude", "test_type:unit")
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in con.execute(sql).fetchall()}


def test_salesforce_tasks_and_events_map_onto_activities(landed: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(
        landed,
        """
        select source_record_id, source_object, activity_type, direction, duration_minutes,
            strftime(occurred_at, '%Y-%m-%d %H:%M'), person_source_object, account_source_record_id,
            opportunity_source_record_id, is_deleted
        from intermediate.int_salesforce__activities
        """,
    )
    assert rows["00T5g00000AAAA1EAA"] == (
        "Task",
        "call",
        "outbound",
        pytest.approx(125 / 60),
        "2026-10-20 09:20",
        "Lead",
        None,
        None,
        False,
    )
    # an e-mail task without completion time: occurred at its creation; WhatId an opportunity
    assert rows["00T5g00000AAAA2EAA"][1:5] == ("email", None, None, "2026-10-21 11:00")
    assert rows["00T5g00000AAAA2EAA"][5:8] == ("Contact", "0015g00000ACCT1EAA", "0065g00000OPPO1EAA")
    assert rows["00T5g00000AAAA3EAA"][1:3] == ("call", "inbound")
    assert rows["00T5g00000AAAA4EAA"][1] == "task" and rows["00T5g00000AAAA4EAA"][-1] is True
    # events from report labels: meetings at their start; the duration from DurationInMinutes, else start to end
    assert rows["00U5g00000EVNT1EAA"][:5] == ("Event", "meeting", None, 60, "2026-10-25 14:00")
    assert rows["00U5g00000EVNT2EAA"][3:5] == (45, "2026-10-26 10:00")
    assert rows["00U5g00000EVNT2EAA"][5] == "Lead"


def test_hubspot_calls_export_maps_onto_activities(landed: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(
        landed,
        """
        select source_record_id, activity_type, direction, duration_minutes, strftime(occurred_at, '%Y-%m-%d %H:%M'),
            person_source_record_id, account_source_record_id, opportunity_source_record_id, owner_name
        from intermediate.int_hubspot__activities
        """,
    )
    assert rows["70001"] == ("call", "outbound", 1.5, "2026-10-20 09:30", "101", "9001", None, "山田 太郎")
    assert rows["70002"][:4] == ("call", "inbound", 0.5, "2026-10-21 16:05")
    assert rows["70002"][6] == "8001"
    assert rows["70003"][:2] == ("meeting", None)
    assert rows["70004"][:2] == ("note", None)


@pytest.fixture(scope="module")
def world_marts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, duckdb.DuckDBPyConnection]:
    work = tmp_path_factory.mktemp("lead_response")
    world, db = generated_warehouse(work, accounts=60, seed=7)
    run_dbt(
        db,
        work,
        "build",
        "--select",
        "+rpt_lead_response",
        "+dim_accounts",
        "--indirect-selection",
        "cautious",
        "--exclude",
        "test_type:unit",
    )
    con = duckdb.connect(str(db), read_only=True)
    yield world, con
    con.close()


def _truth(world: Path) -> list[dict]:
    with (world / "_truth" / "lead_responses.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_lead_response_median_agrees_with_the_truth(world_marts) -> None:
    world, con = world_marts
    truth = [int(r["lead_response_minutes"]) for r in _truth(world) if r["lead_response_minutes"]]
    ((median, answered),) = con.execute(
        "select median(lead_response_minutes), count(lead_response_minutes) from marts.fct_lead_response"
    ).fetchall()
    assert len(truth) > 50
    assert answered == pytest.approx(len(truth), rel=0.1)
    # the warehouse starts some clocks a little later (the Salesforce lead is created an hour after the MQL) and
    # counts whole minutes: within 5% of the true median
    assert median == pytest.approx(statistics.median(truth), rel=0.05)


def test_each_first_response_is_the_truths(world_marts) -> None:
    """The first response record of most people is the generator's; activities before the MQL never are."""
    world, con = world_marts
    expected = {r["first_activity_record_id"] for r in _truth(world) if r["first_activity_record_id"]}
    found = con.execute(
        "select f.first_activity_id, a.source_record_id from marts.fct_lead_response as f "
        "join marts.fct_activities as a on f.first_activity_id = a.activity_id"
    ).fetchall()
    matched = sum(record_id in expected for _, record_id in found)
    assert len(found) > 50
    assert matched >= 0.85 * len(found)
    before = con.execute(
        "select count(*) from marts.fct_lead_response where first_activity_at < clock_started_at"
    ).fetchone()[0]
    assert before == 0
