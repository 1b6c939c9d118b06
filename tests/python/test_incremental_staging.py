"""Incremental staging of a full export: only records whose state can have changed are reduced again.

One HubSpot contacts table, five exports landed one by one, each followed by an incremental
`dbt run --select stg_hubspot__contacts`:

    export                      A         B          C          D          E
    1  2026-11-01 full          a1        b1         c1         d1         -
    2  2026-11-08 full          a1        b2         (missing)  d1         e1
    3  2026-11-15 full          a1        b1         c1         d1         e1
    4  2026-11-22 incremental   -         -          -          d2         -
    5  2026-11-10 full          a1        b3         c1         d1         e1     (a backfill: older than 3 and 4)

Sentinels planted in the built table between runs show which keys a run reduced again: an unchanged
record keeps its row (sentinel survives) while a changed, vanished or reappearing one is rebuilt, and
a backfill rebuilds everything. At the end the table must equal a full refresh of the same raw data.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.conftest import run_dbt

MODEL = "staging.stg_hubspot__contacts"
HEADER = "Record ID,First Name,Last Name,Email,Job Title,Lifecycle Stage,Last Modified Date"
VERSIONS = {
    "a1": "A,Aki,Abe,aki@abe.co.jp,部長,Lead,2026-10-01 09:00",
    "b1": "B,Ben,Best,ben@best.com,CTO,subscriber,2026-10-02 09:00",
    "b2": "B,Ben,Best,ben@best.com,CEO,customer,2026-11-05 09:00",
    "b3": "B,Ben,Best,ben@best.com,COO,customer,2026-11-09 09:00",
    "c1": "C,Chie,Chiba,chie@chiba.jp,,Lead,2026-10-03 09:00",
    "d1": "D,Dan,Doe,dan@doe.com,VP,opportunity,2026-10-04 09:00",
    "d2": "D,Dan,Doe,dan@doe.com,SVP,customer,2026-11-20 09:00",
    "e1": "E,Emi,Endo,emi@endo.jp,,Lead,2026-11-06 09:00",
}
EXPORTS = [  # (export date, kind, versions)
    (date(2026, 11, 1), "full", ["a1", "b1", "c1", "d1"]),
    (date(2026, 11, 8), "full", ["a1", "b2", "d1", "e1"]),
    (date(2026, 11, 15), "full", ["a1", "b1", "c1", "d1", "e1"]),
    (date(2026, 11, 22), "incremental", ["d2"]),
    (date(2026, 11, 10), "full", ["a1", "b3", "c1", "d1", "e1"]),
]
SENTINEL = "sentinel: not reduced again"


def land(db: Path, folder: Path, export_number: int) -> None:
    from ingest.load import ingest
    from revops.warehouse import connect

    export_date, kind, versions = EXPORTS[export_number - 1]
    path = folder / f"hubspot-crm-exports-all-contacts-{export_date.isoformat()}.csv"
    path.write_text("\n".join([HEADER, *(VERSIONS[v] for v in versions)]) + "\n", encoding="utf-8")
    con = connect(db)
    try:
        (result,) = ingest(con, [path], source="hubspot.contacts", export_kind=kind, export_date=export_date)
    finally:
        con.close()
    assert result.status == "landed", result.message


def plant_sentinels(db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute(f"update {MODEL} set title = ?", [SENTINEL])


def state(db: Path) -> dict[str, dict]:
    with duckdb.connect(str(db), read_only=True) as con:
        cursor = con.execute(f"select * from {MODEL} order by contact_id")
        names = [column[0] for column in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def rebuilt(before_run: dict[str, dict]) -> set[str]:
    """Keys whose sentinel the run overwrote, i.e. that the run reduced again."""
    return {key for key, row in before_run.items() if row["title"] != SENTINEL}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("incremental_staging")
    db, exports = work / "warehouse.duckdb", work / "exports"
    exports.mkdir()
    select = ["run", "--select", "stg_audit__date_formats_by_batch", "stg_hubspot__contacts"]  # with its date orders
    after: dict[int, dict[str, dict]] = {}
    for number in range(1, len(EXPORTS) + 1):
        land(db, exports, number)
        if number > 1:
            plant_sentinels(db)
        run_dbt(db, work, *select)
        after[number] = state(db)
    full = work / "full_refresh.duckdb"
    shutil.copyfile(db, full)
    run_dbt(full, work, *select, "--full-refresh")
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute(f"attach '{full}' as full_refresh (read_only)")
        differences = con.execute(
            f"""
            select count(*) from (
                (select * from {MODEL} except all select * from full_refresh.{MODEL})
                union all
                (select * from full_refresh.{MODEL} except all select * from {MODEL})
            )
            """
        ).fetchone()[0]
    return {"after": after, "differences": differences, "full": state(full)}


def test_first_run_builds_every_record(runs):
    assert set(runs["after"][1]) == {"A", "B", "C", "D"}
    assert SENTINEL not in {row["title"] for row in runs["after"][1].values()}


def test_unchanged_records_keep_their_row(runs):
    """Export 2 re-sends A and D unchanged: they are not reduced again and keep the batch they arrived in."""
    after = runs["after"]
    assert rebuilt(after[2]) == {"B", "C", "E"}  # changed, vanished, new
    assert after[2]["A"]["_batch_id"] == after[1]["A"]["_batch_id"]
    assert after[2]["A"]["_export_date"] == date(2026, 11, 1)
    assert after[2]["B"]["_export_date"] == date(2026, 11, 8)
    assert after[2]["C"]["has_vanished"] and not after[2]["B"]["has_vanished"]


def test_reappearing_and_reverted_records_are_rebuilt(runs):
    """Export 3: C is back (same values as before it vanished), B reverts to b1; A, D, E are unchanged."""
    after = runs["after"]
    assert rebuilt(after[3]) == {"B", "C"}
    assert not after[3]["C"]["has_vanished"]
    assert after[3]["B"]["lifecycle_stage"] == "subscriber"
    assert after[3]["B"]["_export_date"] == date(2026, 11, 15)  # b1 -> b2 -> b1: the values arrived again
    assert after[3]["C"]["_export_date"] == date(2026, 11, 1)  # c1, missing, c1: an absence is no version


def test_incremental_export_rebuilds_only_its_records_and_vanishes_nothing(runs):
    after = runs["after"]
    assert rebuilt(after[4]) == {"D"}
    assert after[4]["D"]["lifecycle_stage"] == "customer"
    assert not any(row["has_vanished"] for row in after[4].values())


def test_backfilled_export_rebuilds_everything(runs):
    """Export 5 is dated before exports 3 and 4: which version is current can change for any key."""
    after = runs["after"]
    assert rebuilt(after[5]) == {"A", "B", "C", "D", "E"}
    assert after[5]["B"]["lifecycle_stage"] == "subscriber"  # b3 (11-10) is older than b1 (11-15)
    assert after[5]["D"]["lifecycle_stage"] == "customer"


def test_incremental_runs_equal_a_full_refresh(runs):
    assert set(runs["full"]) == {"A", "B", "C", "D", "E"}
    assert runs["differences"] == 0
