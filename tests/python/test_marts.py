"""Core and RevOps marts end to end on a generated world (150 accounts, 3 weekly snapshots, seed 11).

One warehouse, three dbt invocations for the whole module:
1. snapshots 1-2 landed, seeds and models (no tests) of the whole project (first build);
2. snapshot 3 landed, the warehouse file copied, then ONE `dbt build` of the project (models, data tests, unit
   tests) on the original: the incremental models (staging, facts) take their incremental path;
3. `dbt run --full-refresh` of the whole project on the copy.
The marts are compared with the generator's truth (_truth/companies.csv, records.csv), and every table of the
incremental build with its full refresh.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import duckdb
import pytest

from tests.conftest import land, run_dbt

REPO = Path(__file__).resolve().parents[2]
LAYERS = ("staging", "intermediate", "marts")


def executable(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def dbt(args: list[str], db: Path, work: Path) -> float:
    started = time.perf_counter()
    run_dbt(db, work, *args)
    return time.perf_counter() - started


def land_snapshot(db: Path, folder: Path) -> None:
    for result in land(db, [folder]):
        assert result.status in ("landed", "ignored", "skipped_duplicate"), f"{result.source_file}: {result.message}"


def revise_a_built_ticket(built: Path, latest: Path) -> None:
    """Re-send in `latest` a ticket of an organisation already built from `built`, with a new subject and an
    earlier creation date: a change inside an account's timeline (the generator rarely makes one in 3 weeks)."""
    tickets = [json.loads(line) for line in (built / "zendesk" / "tickets.jsonl").read_text().splitlines()]
    ticket = next(t for t in tickets if t.get("organization_id"))
    ticket |= {"subject": "revised: " + ticket["subject"], "created_at": "2020-01-01T00:00:00Z"}
    ticket["updated_at"] = f"{latest.name}T00:00:00Z"
    with (latest / "zendesk" / "tickets.jsonl").open("a") as out:
        out.write(json.dumps(ticket, ensure_ascii=False) + "\n")


def clear_an_mql_date(latest: Path) -> str:
    """Blank, in `latest`'s HubSpot contacts export, the MQL date of every contact with the email of the first
    contact that has one: the person's (and maybe the account's) mql funnel entry is gone in that export (the
    generator never takes a lifecycle date back). Returns that email."""
    (path,) = (latest / "hubspot").glob("*contacts*.csv")
    raw = path.read_bytes()
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    rows = list(csv.reader(io.StringIO(raw.decode(encoding), newline="")))
    header = rows[0]
    mql, email = header.index("Became a Marketing Qualified Lead Date"), header.index("Email")
    contacts = [row for row in rows[1:] if len(row) == len(header)]  # malformed rows stay as generated
    cleared = next(row[email] for row in contacts if row[mql] and row[email]).lower()
    for row in contacts:
        if row[email].lower() == cleared:
            row[mql] = ""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return cleared


def drop_a_built_campaign_response(built: Path, latest: Path) -> str:
    """Leave out of `latest`'s Salesforce export (a full export, zipped) a responded campaign member that `built`
    has: its touch is no longer produced, and an incremental fct_touchpoints must remove it (the generator
    deletes few people, so 3 weeks of 150 accounts may have no such touch). Returns the member's id."""

    def members(snapshot: Path) -> tuple[Path, str]:
        (archive,) = (snapshot / "salesforce").glob("*_1.zip")  # _2.zip: the activities (Task, Event)
        with zipfile.ZipFile(archive) as zipped:
            return archive, zipped.read("CampaignMember.csv").decode("utf-8-sig")

    _, built_csv = members(built)
    built_ids = {row["Id"] for row in csv.DictReader(io.StringIO(built_csv))}
    archive, latest_csv = members(latest)
    lines = latest_csv.splitlines(keepends=True)
    rows = list(csv.DictReader(io.StringIO(latest_csv)))
    index, dropped = next((i, r["Id"]) for i, r in enumerate(rows) if r["HasResponded"] == "1" and r["Id"] in built_ids)
    assert lines[index + 1].startswith(f'"{dropped}"'), "one CSV line per member expected"
    with zipfile.ZipFile(archive) as zipped:
        contents = {name: zipped.read(name) for name in zipped.namelist()}
    contents["CampaignMember.csv"] = "".join(lines[: index + 1] + lines[index + 2 :]).encode("utf-8")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in contents.items():
            zipped.writestr(name, data)
    return dropped


def make_a_built_end_user_an_agent(built: Path, latest: Path) -> str:
    """Re-send in `latest`'s Zendesk users export (it lists the users updated since the previous one) an end
    user of `built` as an agent: agents are the vendor's staff, so the person record is no longer produced and an
    incremental int_person_records_unioned must delete it (staging keeps every record it has seen, so few other
    changes remove one). Returns its id."""
    header, *rows = csv.reader(io.StringIO((built / "zendesk" / "users.csv").read_text(encoding="utf-8-sig")))
    user_id, role, updated = header.index("Id"), header.index("Role"), header.index("Updated at")
    user = next(row for row in rows if len(row) == len(header) and row[role] == "end-user")
    user[role], user[updated] = "agent", f"{latest.name} 00:00:00"
    path = latest / "zendesk" / "users.csv"
    text = path.read_bytes().decode("utf-8")
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow(user)
    path.write_bytes((text if text.endswith("\n") else text + "\n").encode("utf-8") + out.getvalue().encode("utf-8"))
    return user[user_id]


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("marts")
    exports = work / "world"
    subprocess.run(
        [
            executable("revops"),
            "generate",
            "--out",
            str(exports),
            *("--accounts", "150", "--seed", "11", "--snapshots", "3"),
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    snapshots = sorted(path for path in exports.iterdir() if path.is_dir() and not path.name.startswith("_"))
    assert len(snapshots) == 3
    db, copy = work / "warehouse.duckdb", work / "full_refresh.duckdb"
    for snapshot in snapshots[:2]:
        land_snapshot(db, snapshot)
    first_run = ["build", "--resource-type", "seed", "--resource-type", "model"]
    timings = {"first run": dbt(first_run, db, work)}
    shutil.copyfile(db, work / "first_build.duckdb")
    revise_a_built_ticket(snapshots[1], snapshots[2])
    clear_an_mql_date(snapshots[2])
    dropped_member = drop_a_built_campaign_response(snapshots[1], snapshots[2])
    new_agent = make_a_built_end_user_an_agent(snapshots[1], snapshots[2])
    land_snapshot(db, snapshots[2])
    shutil.copyfile(db, copy)
    timings["build (incremental)"] = dbt(["build"], db, work)
    compiled = work / "target" / "compiled" / "revops_warehouse" / "models" / "marts" / "core"
    incremental_people_sql = (compiled / "dim_people.sql").read_text()
    timings["full refresh"] = dbt(["run", "--full-refresh"], copy, work)
    print(", ".join(f"{name}: {seconds:.1f} s" for name, seconds in timings.items()))
    con = duckdb.connect(str(db), read_only=True)
    con.execute(f"attach '{copy}' as full_refresh (read_only)")
    con.execute(f"attach '{work / 'first_build.duckdb'}' as first_build (read_only)")
    truth = exports / "_truth"
    con.execute(
        f"create temp table truth_records as select * from read_csv('{truth / 'records.csv'}', all_varchar=true)"
    )
    con.execute(
        f"create temp table truth_companies as select * from read_csv('{truth / 'companies.csv'}', all_varchar=true)"
    )
    yield {
        "con": con,
        "dropped_member": dropped_member,
        "new_agent": new_agent,
        "incremental_people_sql": incremental_people_sql,
    }
    con.close()


def test_account_360_agrees_with_truth_for_correctly_resolved_accounts(world):
    """Accounts whose records all belong to one true company, holding all of that company's records."""
    con = world["con"]
    total, resolved, arr_ok, renewal_ok, stage_ok, tickets_ok = con.execute(
        """
        with pairs as (
            select source_map.account_id, truth_records.company_id
            from marts.account_source_map as source_map
            inner join truth_records using (source_system, source_object, source_record_id)
        ),
        clean_accounts as (
            select account_id, min(company_id) as company_id
            from pairs where account_id is not null
            group by account_id having count(distinct company_id) = 1
        ),
        clean_companies as (
            select company_id from pairs group by company_id having count(distinct coalesce(account_id, '?')) = 1
        ),
        resolved as (select clean_accounts.* from clean_accounts inner join clean_companies using (company_id))
        select
            (select count(*) from marts.account_360),
            count(*),
            count(*) filter (where account_360.arr = cast(truth.arr as decimal(38, 2))),
            count(*) filter (
                where account_360.renewal_date is not distinct from cast(nullif(truth.renewal_date, '') as date)
            ),
            count(*) filter (
                where account_360.lifecycle_stage = case
                    when truth.is_customer = 'true' then 'customer'
                    when truth.churned = 'true' then 'churned'
                    else 'prospect'
                end
            ),
            count(*) filter (where account_360.open_ticket_count = cast(truth.open_tickets as integer))
        from resolved
        inner join marts.account_360 using (account_id)
        inner join truth_companies as truth using (company_id)
        """
    ).fetchone()
    print(
        f"account_360: {resolved}/{total} accounts correctly resolved; agreement on them: "
        f"ARR {arr_ok / resolved:.1%}, renewal date {renewal_ok / resolved:.1%}, "
        f"lifecycle stage {stage_ok / resolved:.1%}, open tickets {tickets_ok / resolved:.1%}"
    )
    assert resolved >= 0.9 * total
    assert arr_ok == renewal_ok == stage_ok == tickets_ok == resolved


def test_attribution_credits_sum_to_one_per_opportunity_and_model(world):
    rows = (
        world["con"]
        .execute(
            """
        select
            opportunity_id,
            sum(first_touch_credit), sum(last_touch_credit), sum(linear_credit), sum(w_shaped_credit)
        from marts.fct_attribution
        group by opportunity_id
        """
        )
        .fetchall()
    )
    assert rows
    for opportunity_id, *credits in rows:
        assert all(abs(credit - 1) < 1e-9 for credit in credits), (opportunity_id, credits)


def test_every_won_opportunity_with_an_account_is_attributed(world):
    assert world["con"].execute(
        """
        select count(*) from marts.fct_opportunities
        where is_won and not is_deleted and account_id is not null
            and opportunity_id not in (select opportunity_id from marts.fct_attribution)
        """
    ).fetchone() == (0,)


def test_system_events_hold_credit_only_on_opportunities_without_a_marketing_touch(world):
    """By default an opportunity_created / lead_converted event is never credited beside a marketing touch; an
    opportunity without any marketing touch keeps its credit on its system events, flagged."""
    con = world["con"]
    per_opportunity = con.execute(
        """
        select
            opportunity_id,
            sum(case when is_system_event then w_shaped_credit + linear_credit + first_touch_credit
                + last_touch_credit else 0 end) as system_credit,
            count(case when not is_system_event then 1 end) as marketing_touches,
            count(case when is_system_credit then 1 end) as flagged
        from marts.fct_attribution
        group by opportunity_id
        """
    ).fetchall()
    with_marketing = [row for row in per_opportunity if row[2] > 0]
    without_marketing = [row for row in per_opportunity if row[2] == 0]
    assert with_marketing, "the generated world has opportunities with marketing touches"
    assert all(system_credit == 0 and flagged == 0 for _, system_credit, _, flagged in with_marketing)
    assert all(flagged > 0 for *_, flagged in without_marketing)


def test_every_generated_touch_source_maps_to_a_channel_group(world):
    """The generator writes HubSpot traffic sources, Salesforce lead sources and campaign types the seed knows:
    only touches without a source (a form submitted by an address no HubSpot contact has) fall to Other."""
    con = world["con"]
    assert con.execute(
        "select count(*) from marts.fct_touchpoints where channel_group is null"
        " or (not is_channel_group_mapped and touch_source is not null)"
    ).fetchone() == (0,)
    groups = {group for (group,) in con.execute("select distinct channel_group from marts.fct_touchpoints").fetchall()}
    assert {"Email", "Organic Search", "Paid Search", "Events", "Partner", "Direct"} <= groups


def test_arr_movements_reconcile(world):
    con = world["con"]
    assert con.execute(
        """
        select count(*) from marts.fct_arr_movements
        where starting_arr + new_arr + expansion_arr + contraction_arr + churned_arr + reactivation_arr
            <> ending_arr
        """
    ).fetchone() == (0,)
    # month to month: each month starts where the previous one ended
    assert con.execute(
        """
        select count(*) from (
            select starting_arr, lag(ending_arr) over (partition by account_id order by month_start) as previous
            from marts.fct_arr_movements
        ) where previous is not null and previous <> starting_arr
        """
    ).fetchone() == (0,)
    # the as-of month ends at account_360's ARR
    assert con.execute(
        """
        select count(*) from marts.account_360
        left join (
            select account_id, ending_arr from marts.fct_arr_movements
            where month_start = (select max(month_start) from marts.fct_arr_movements)
        ) as latest using (account_id)
        where account_360.arr <> coalesce(latest.ending_arr, 0)
        """
    ).fetchone() == (0,)


def test_incremental_build_equals_full_refresh_table_by_table(world):
    """Every table of staging, intermediate and marts after the incremental build equals its full refresh."""
    con = world["con"]
    tables = con.execute(
        f"""
        select table_schema || '.' || table_name
        from information_schema.tables
        where table_catalog = current_database() and table_type = 'BASE TABLE'
            and table_schema in {LAYERS}
        order by 1
        """
    ).fetchall()
    assert len(tables) > 50
    differing = {}
    for (table,) in tables:
        # `_changed_at` says when a row was written (change stamps): a full refresh writes every row again
        stamped = "_changed_at" in {column for (column, *_) in con.execute(f"describe {table}").fetchall()}
        rows = "* exclude (_changed_at)" if stamped else "*"
        only_incremental, only_full = (
            con.execute(f"select count(*) from (select {rows} from {a} except all select {rows} from {b})").fetchone()[
                0
            ]
            for a, b in ((table, f"full_refresh.{table}"), (f"full_refresh.{table}", table))
        )
        if only_incremental or only_full:
            differing[table] = (only_incremental, only_full)
    assert differing == {}


def test_the_incremental_build_rebuilt_only_the_people_changed_since_the_first(world):
    """dim_people's incremental path ran from its watermark (the first build's start), so the equality above
    covers it; and it rebuilt a minority of the people, not all of them."""
    assert "_changed_at > cast(" in world["incremental_people_sql"]
    con = world["con"]
    (watermark,) = con.execute(
        "select built_from from first_build.audit.change_watermarks where model = 'dim_people'"
    ).fetchone()
    changed, people = con.execute(
        """
        select
            count(distinct person_id) filter (where _changed_at > ?),
            count(distinct person_id)
        from intermediate.int_person_identities_resolved
        """,
        [watermark],
    ).fetchone()
    assert 0 < changed < people / 2, (changed, people)


def test_a_touch_no_longer_produced_leaves_fct_touchpoints(world):
    """The campaign response left out of the last export was a built touch; the incremental build removed it
    (the table-by-table equality above then covers fct_touchpoints' tombstone path)."""
    con = world["con"]
    counts = [
        con.execute(
            f"""
            select count(*) from {catalog}.marts.fct_touchpoints
            where source_object = 'CampaignMember' and source_record_id = $member
            """,
            {"member": world["dropped_member"]},
        ).fetchone()[0]
        for catalog in ("first_build", "full_refresh", "warehouse")
    ]
    assert counts == [1, 0, 0]


def test_a_person_record_no_longer_produced_leaves_the_person_tables(world):
    """The end user who became an agent was a built person record; the incremental build removed it from
    int_person_records_unioned (its tombstone path; the table-by-table equality then covers the rest) and from
    the identities and the person source map."""
    con = world["con"]
    counts = [
        con.execute(
            f"""
            select
                (select count(*) from {catalog}.intermediate.int_person_records_unioned
                    where source_system = 'zendesk' and source_record_id = $user),
                (select count(*) from {catalog}.intermediate.int_person_identities_resolved
                    where source_system = 'zendesk' and source_record_id = $user)
            """,
            {"user": world["new_agent"]},
        ).fetchone()
        for catalog in ("first_build", "full_refresh", "warehouse")
    ]
    assert counts == [(1, 1), (0, 0), (0, 0)]


def test_incremental_journey_took_both_paths(world):
    """The equality above covers both incremental paths of fct_customer_journey only if snapshot 3 gave some
    accounts only events after their last one (rows kept, new rows appended) and others a change inside their
    timeline (an event changed or vanished: the account is recomputed whole)."""
    con = world["con"]
    appended, recomputed = con.execute(
        """
        with first as (select * from first_build.marts.fct_customer_journey),
        second as (select * from marts.fct_customer_journey),
        compared as (
            select
                coalesce(second.account_id, first.account_id) as account_id,
                first.event_id is null as is_new,
                second.event_id is null as is_vanished,
                first.event_id is not null and second.event_id is not null
                and (first.account_id, first.person_id, first.event_sequence, first.event_at, first.event_detail,
                    first.amount, first.account_stage, first.previous_event_at)
                is distinct from (second.account_id, second.person_id, second.event_sequence, second.event_at,
                    second.event_detail, second.amount, second.account_stage, second.previous_event_at) as is_changed
            from second full join first on first.event_id = second.event_id
        ),
        per_account as (
            select
                account_id,
                bool_or(is_new) as gained,
                bool_or(is_vanished or is_changed) as altered,
                bool_and(is_new) as all_new
            from compared
            group by account_id
        )
        select
            count(*) filter (where gained and not altered and not all_new),
            count(*) filter (where altered)
        from per_account
        """
    ).fetchone()
    assert appended > 0 and recomputed > 0


def test_incremental_funnel_recomputed_changed_and_gone_entries(world):
    """The equality above covers fct_funnel's incremental path only if snapshot 3 changed some funnel rows and
    took others away (the cleared MQL date): a gone row must be deleted, not left as it was built."""
    con = world["con"]
    changed, gone = con.execute(
        """
        select
            count(*) filter (
                where second.funnel_stage_id is not null
                and (first.entered_at, first.left_at, first.is_converted)
                is distinct from (second.entered_at, second.left_at, second.is_converted)
            ),
            count(*) filter (where second.funnel_stage_id is null)
        from first_build.marts.fct_funnel as first
        left join marts.fct_funnel as second on first.funnel_stage_id = second.funnel_stage_id
        """
    ).fetchone()
    assert changed > 0 and gone > 0


def test_incremental_staging_replaced_records_updated_in_a_later_export(world):
    """The equality above means something only if snapshot 3 re-sent records already built: tickets updated
    since (a newer version replaces the built one) and new ones."""
    con = world["con"]
    updated, new = con.execute(
        """
        select
            count(*) filter (where _first_export_date < _export_date),
            count(*) filter (where _first_export_date = (select max(_export_date) from staging.stg_zendesk__tickets))
        from staging.stg_zendesk__tickets
        """
    ).fetchone()
    assert updated > 0 and new > 0
