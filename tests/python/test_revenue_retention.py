"""Trailing-twelve-month NRR and GRR of rpt_net_revenue_retention on a generated world (120 accounts, seed 5)
against the same ratios computed here from the generator's own files: the subscriptions export of the last
snapshot (MRR, dates, status as written) and the truth's company of each subscription (_truth/records.csv).
Nothing here reads a model; the retention rules are written out again below."""

from __future__ import annotations

import calendar
import csv
from collections import defaultdict
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.conftest import generated_warehouse, run_dbt


def subscriptions_by_company(world: Path) -> list[dict]:
    """Every subscription of the newest export (junk rows skipped) with its true company."""
    (snapshot,) = sorted(path for path in world.iterdir() if path.is_dir() and not path.name.startswith("_"))[-1:]
    truth = world / "_truth" / "records.csv"
    with truth.open(encoding="utf-8") as handle:
        company_of = {
            row["source_record_id"]: row["company_id"]
            for row in csv.DictReader(handle)
            if (row["source_system"], row["source_object"]) == ("gainsight", "subscriptions")
        }
    (export,) = (snapshot / "gainsight").glob("gainsight-subscriptions-*.csv")
    with export.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row.get("Subscription ID") in company_of and row.get("MRR")]
    assert rows, "the world has no subscriptions"
    return [
        {
            "company": company_of[row["Subscription ID"]],
            "arr": 12 * int(row["MRR"]),
            "start": date.fromisoformat(row["Start Date"]),
            "end": date.fromisoformat(row["End Date"]),
            "active": row["Status"] == "active",
        }
        for row in rows
    ]


def arr_on(subscriptions: list[dict], day: date) -> dict[str, int]:
    """ARR per company on `day`: a subscription counts from its start; an active one through its end date, a
    cancelled one until the day before."""
    arr: dict[str, int] = defaultdict(int)
    for sub in subscriptions:
        if sub["start"] <= day and (day < sub["end"] or (sub["active"] and day <= sub["end"])):
            arr[sub["company"]] += sub["arr"]
    return arr


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def trailing_ratios(subscriptions: list[dict], month: date, as_of: date) -> tuple[float, float]:
    """(NRR, GRR) of `month`: the companies with ARR at the end of the month a year before, their ARR at the end of
    `month` (or on the as-of date in the as-of month) over their ARR then; GRR caps each at its ARR then."""
    now = min(month_end(month.year, month.month), as_of)
    then = arr_on(subscriptions, month_end(month.year - 1, month.month))
    current = arr_on(subscriptions, now)
    cohort = {company: arr for company, arr in then.items() if arr > 0}
    assert cohort, f"no customer a year before {month}"
    start = sum(cohort.values())
    net = sum(current.get(company, 0) for company in cohort)
    gross = sum(min(current.get(company, 0), arr) for company, arr in cohort.items())
    return net / start, gross / start


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[duckdb.DuckDBPyConnection, Path]:
    work = tmp_path_factory.mktemp("retention")
    world, db = generated_warehouse(work, accounts=120, seed=5)
    run_dbt(db, work, "build", "--select", "+rpt_net_revenue_retention", "--exclude", "test_type:data")
    con = duckdb.connect(str(db), read_only=True)
    yield con, world
    con.close()


def test_trailing_twelve_month_nrr_and_grr_agree_with_the_generator(built) -> None:
    con, world = built
    subscriptions = subscriptions_by_company(world)
    as_of = date.fromisoformat(max(path.name for path in world.iterdir() if not path.name.startswith("_")))
    as_of_month = as_of.replace(day=1)
    previous_month = date(as_of.year - (as_of.month == 1), (as_of.month - 2) % 12 + 1, 1)
    for month in (as_of_month, previous_month):
        nrr, grr = trailing_ratios(subscriptions, month, as_of)
        row = con.execute(
            "select nrr_ttm, grr_ttm from marts.rpt_net_revenue_retention where month_start = ?", [month]
        ).fetchone()
        assert row is not None, month
        assert row == (pytest.approx(nrr, abs=1e-9), pytest.approx(grr, abs=1e-9)), month
        assert grr < 1 and nrr > grr, "the world should have churn or contraction and expansion in the year"
