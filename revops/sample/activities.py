"""Sales activities: Salesforce Task / Event (a second Data Export zip) and the HubSpot activities export.

Each person's response clock starts at their MQL, else at their lead date, else at their creation. A rep answers
most of them after a delay of minutes to days (log-normal, median about four hours), with follow-ups later; some
people get an activity before their clock starts (it must not count) or an inbound call first (neither). An activity
is logged in Salesforce when the person has a live Salesforce lead or contact then (mostly), else in HubSpot when
they are a HubSpot contact, else nowhere. The truth (_truth/lead_responses.csv) is the first logged outbound call,
e-mail, meeting or task at or after the clock start, per person.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from .clock import DAY, NEVER, fmt, fmt_date
from .hubspot import company_ids, contact_ids
from .output import Output, Snapshot
from .owners import owner_names
from .salesforce import DT, ORG_ID
from .sfid import EMPTY_ID, make_ids
from .world import SALESFORCE_SHARD_STRIDE
from .writers import salesforce_table, write_csv, zip_entry

HUBSPOT_PER_SHARD = 10**8  # HubSpot activity ids of a world's later parts start this far apart
TYPES = np.array(["call", "email", "meeting", "task", "note"])
RESPONSE_TYPES = ["call", "email", "meeting", "task"]
HS_TYPES = {"call": "Call", "email": "Email", "meeting": "Meeting", "task": "Task", "note": "Note"}
SF_SUBTYPES = {"call": "Call", "email": "Email", "task": "Task", "note": "Task"}
HS_DT = "%Y-%m-%d %H:%M"
MEETING_MINUTES = 30


@dataclass
class Activities:
    person: np.ndarray  # person index
    at: np.ndarray  # seconds
    kind: np.ndarray  # index into TYPES
    inbound: np.ndarray
    system: np.ndarray  # "salesforce", "hubspot"
    who_is_lead: np.ndarray  # Salesforce: WhoId is the lead (else the contact)
    duration: np.ndarray  # seconds (calls)
    record_id: np.ndarray  # Task / Event id or HubSpot record id


def clock_starts(out: Output) -> tuple[np.ndarray, np.ndarray]:
    """(when each person's response clock starts, 'mql' / 'lead_created')."""
    dates = out.world.people.stage_dates
    mql, lead = dates[:, 2], dates[:, 1]
    start = np.where(mql < NEVER, mql, np.where(lead < NEVER, lead, out.world.people.created))
    return start, np.where(mql < NEVER, "mql", "lead_created")


def _planned(out: Output) -> tuple[np.ndarray, ...]:
    """(person, at, kind, inbound) of every activity a rep or the person makes, before deciding where it is logged."""
    pe, rng = out.world.people, out.world_rng("activities")
    n = len(pe)
    start, _ = clock_starts(out)
    dates = pe.stage_dates
    p_answer = np.where(dates[:, 2] < NEVER, 0.85, np.where(dates[:, 1] < NEVER, 0.5, 0.1))
    answered = rng.random(n) < p_answer
    delay = np.minimum(np.exp(rng.normal(np.log(240.0), 1.4, n)), 30 * 24 * 60) * 60
    first_kind = np.searchsorted([0.45, 0.8, 0.9], rng.random(n), side="right")
    early = (dates[:, 2] < NEVER) & (rng.random(n) < 0.25)
    early_at = np.maximum(start - (rng.uniform(1, 10, n) * DAY).astype(np.int64), pe.created)
    inbound = answered & (rng.random(n) < 0.15)
    inbound_at = start + (delay * rng.random(n)).astype(np.int64)
    follow = np.where(answered, rng.poisson(1.5, n), 0)
    first_at = start + delay.astype(np.int64)
    f_person = np.repeat(np.arange(n), follow)
    f_at = first_at[f_person] + (rng.uniform(1, 30, len(f_person)) * DAY).astype(np.int64)
    person = np.concatenate([np.flatnonzero(answered), np.flatnonzero(early), np.flatnonzero(inbound), f_person])
    at = np.concatenate([first_at[answered], early_at[early], inbound_at[inbound], f_at])
    kind = np.concatenate(
        [
            first_kind[answered],
            np.full(int(early.sum()), 1),
            np.zeros(int(inbound.sum()), dtype=np.int64),
            rng.integers(0, len(TYPES), len(f_person)),
        ]
    )
    is_inbound = np.concatenate([np.zeros(int(answered.sum() + early.sum()), bool), np.ones(int(inbound.sum()), bool)])
    is_inbound = np.concatenate([is_inbound, np.zeros(len(f_person), bool)])
    order = np.lexsort((kind, person, at))
    return person[order], at[order], kind[order], is_inbound[order]


def make_activities(out: Output) -> Activities:
    """Every logged activity of the world (cached on the output: every snapshot exports the same ones)."""
    if "activities" in out.cache:
        return out.cache["activities"]
    pe, rng = out.world.people, out.world_rng("activities.system")
    person, at, kind, inbound = _planned(out)
    in_lead = (pe.lead_created[person] <= at) & (at < np.minimum(pe.lead_converted, pe.lead_deleted)[person])
    in_contact = (pe.contact_created[person] <= at) & (at < pe.contact_deleted[person])
    in_hs = pe.in_hubspot[person] & (pe.created[person] <= at) & (at < pe.hs_deleted[person])
    use_sf = (in_lead | in_contact) & ((rng.random(len(person)) < 0.7) | ~in_hs)
    logged = (use_sf | in_hs) & (at < out.world.end)
    system = np.where(use_sf, "salesforce", "hubspot")[logged]
    person, at, kind, inbound, who_is_lead = person[logged], at[logged], kind[logged], inbound[logged], in_lead[logged]
    duration = np.where(TYPES[kind] == "call", rng.integers(30, 1800, len(person)), 0)
    record_id = np.full(len(person), "", dtype=object)
    is_sf, is_event = system == "salesforce", TYPES[kind] == "meeting"
    shard = out.world.shard
    sf_part, hs_first = shard.stride(SALESFORCE_SHARD_STRIDE), 90_000_000_001 + shard.stride(HUBSPOT_PER_SHARD)
    record_id[is_sf & ~is_event] = make_ids("00T", 62**5 * 11 + 7 + sf_part, int((is_sf & ~is_event).sum()))
    record_id[is_sf & is_event] = make_ids("00U", 62**5 * 12 + 3 + sf_part, int((is_sf & is_event).sum()))
    record_id[~is_sf] = (hs_first + np.arange(int((~is_sf).sum()))).astype(str)
    acts = Activities(person, at, kind, inbound, system, who_is_lead, duration, record_id.astype(str))
    out.cache["activities"] = acts
    return acts


def _salesforce_common(out: Output, acts: Activities, rows: np.ndarray) -> dict:
    w, pe = out.world, out.world.people
    person = acts.person[rows]
    is_lead = acts.who_is_lead[rows]
    account = w.ids["account"][pe.contact_account[person]]
    return {
        "Id": acts.record_id[rows],
        "IsDeleted": np.full(len(person), "0"),
        "WhoId": np.where(is_lead, w.ids["lead"][person], w.ids["contact"][person]),
        "WhatId": np.where(is_lead, EMPTY_ID, account),
        "AccountId": np.where(is_lead, EMPTY_ID, account),
        "OwnerId": w.ids["user"][w.revenue.owner[pe.company[person]]],
    }


def _tasks(out: Output, acts: Activities, rows: np.ndarray) -> pa.Table:
    kind, at = TYPES[acts.kind[rows]], acts.at[rows]
    is_call = kind == "call"
    columns = _salesforce_common(out, acts, rows) | {
        "Subject": np.char.add(np.vectorize(SF_SUBTYPES.get, otypes=[str])(kind), " follow-up"),
        "ActivityDate": fmt_date(at, "%Y-%m-%d"),
        "Status": np.full(len(at), "Completed"),
        "Priority": np.full(len(at), "Normal"),
        "TaskSubtype": np.vectorize(SF_SUBTYPES.get, otypes=[str])(kind),
        "Type": np.where(is_call, "Call", np.where(kind == "email", "Email", "Other")),
        "CallType": np.where(is_call, np.where(acts.inbound[rows], "Inbound", "Outbound"), ""),
        "CallDurationInSeconds": np.where(is_call, acts.duration[rows].astype(str), ""),
        "IsClosed": np.full(len(at), "1"),
        "CreatedDate": fmt(at, DT),
        "CompletedDateTime": fmt(at, DT),
        "LastModifiedDate": fmt(at, DT),
        "SystemModstamp": fmt(at, DT),
    }
    return salesforce_table(columns)


def _events(out: Output, acts: Activities, rows: np.ndarray) -> pa.Table:
    at = acts.at[rows]
    end = at + MEETING_MINUTES * 60
    columns = _salesforce_common(out, acts, rows) | {
        "Subject": np.full(len(at), "Meeting"),
        "StartDateTime": fmt(at, DT),
        "EndDateTime": fmt(end, DT),
        "ActivityDateTime": fmt(at, DT),
        "ActivityDate": fmt_date(at, "%Y-%m-%d"),
        "DurationInMinutes": np.full(len(at), str(MEETING_MINUTES)),
        "IsAllDayEvent": np.full(len(at), "0"),
        "EventSubtype": np.full(len(at), "Event"),
        "Type": np.full(len(at), "Meeting"),
        "CreatedDate": fmt(at, DT),
        "LastModifiedDate": fmt(at, DT),
        "SystemModstamp": fmt(at, DT),
    }
    return salesforce_table(columns)


def _export_salesforce(out: Output, snap: Snapshot, acts: Activities) -> None:
    live = (acts.system == "salesforce") & (acts.at < snap.cut)
    is_event = TYPES[acts.kind] == "meeting"
    path = out.path(snap, "salesforce", f"WE_{ORG_ID}_2.zip")
    tables = {"Task": (live & ~is_event, _tasks), "Event": (live & is_event, _events)}
    with zipfile.ZipFile(path, "w") as archive:
        for name, (rows, make) in tables.items():
            with zip_entry(archive, f"{name}.csv") as fh:
                count = write_csv(fh, make(out, acts, np.flatnonzero(rows)))
            out.record_file(f"{snap.label}/salesforce/{path.name}!{name}.csv", count)
            new = rows & (acts.at >= snap.prev_cut)
            pe = out.world.people
            out.truth("salesforce", name, acts.record_id[new], pe.company[acts.person[new]], acts.person[new])


def _export_hubspot(out: Output, snap: Snapshot, acts: Activities) -> None:
    pe = out.world.people
    rows = np.flatnonzero((acts.system == "hubspot") & (acts.at < snap.cut))
    person, at, kind = acts.person[rows], acts.at[rows], TYPES[acts.kind[rows]]
    has_company = out.world.links["hs_company"][pe.company[person]]
    is_call, is_meeting, is_email = kind == "call", kind == "meeting", kind == "email"
    direction = np.where(acts.inbound[rows], "INBOUND", "OUTBOUND")
    columns = {
        "Record ID": acts.record_id[rows],
        "Activity type": np.vectorize(HS_TYPES.get, otypes=[str])(kind),
        "Activity date": fmt(at, HS_DT),
        "Activity assigned to": owner_names(out, out.world.revenue.owner[pe.company[person]]),
        "Associated Contact IDs": contact_ids(out.world)[person],
        "Associated Company IDs": np.where(has_company, company_ids(out.world)[pe.company[person]], ""),
        "Call direction": np.where(is_call, direction, ""),
        "Call duration": np.where(is_call, (acts.duration[rows] * 1000).astype(str), ""),
        "Meeting start time": fmt(at, HS_DT, is_meeting),
        "Meeting end time": fmt(at + MEETING_MINUTES * 60, HS_DT, is_meeting),
        "Email direction": np.where(is_email, np.where(acts.inbound[rows], "INCOMING_EMAIL", "EMAIL"), ""),
        "Create date": fmt(at, HS_DT),
        "Last modified date": fmt(at, HS_DT),
    }
    table = pa.table(columns)
    name = f"hubspot-crm-exports-all-activities-{snap.label}.csv"
    with out.path(snap, "hubspot", name).open("wb") as fh:
        write_csv(fh, table, "utf-8")
    out.record_file(f"{snap.label}/hubspot/{name}", table.num_rows)
    new = rows[acts.at[rows] >= snap.prev_cut]
    out.truth("hubspot", "engagements", acts.record_id[new], pe.company[acts.person[new]], acts.person[new])


def export_activities(out: Output, snap: Snapshot) -> None:
    acts = make_activities(out)
    _export_salesforce(out, snap, acts)
    _export_hubspot(out, snap, acts)


def write_lead_responses(out: Output) -> None:
    """_truth/lead_responses.csv: per person known by the last snapshot, the clock start and first response."""
    pe, acts = out.world.people, make_activities(out)
    start, event = clock_starts(out)
    counts = np.isin(TYPES[acts.kind], RESPONSE_TYPES) & ~acts.inbound & (acts.at >= start[acts.person])
    first = np.full(len(pe), -1)
    candidates = np.flatnonzero(counts)  # activities are in time order: each person's first candidate wins
    people, at_first = np.unique(acts.person[candidates], return_index=True)
    first[people] = candidates[at_first]
    known = pe.created < out.world.end
    has = first >= 0
    pick = np.maximum(first, 0)
    table = pa.table(
        {
            "person_id": pe.person_id,
            "clock_started_at": fmt(start, DT),
            "clock_start_event": event,
            "first_activity_at": fmt(acts.at[pick], DT, has),
            "first_activity_type": np.where(has, TYPES[acts.kind[pick]], ""),
            "first_activity_system": np.where(has, acts.system[pick], ""),
            "first_activity_record_id": np.where(has, acts.record_id[pick], ""),
            "lead_response_minutes": pa.array((acts.at[pick] - start) // 60, mask=~has),
        }
    ).filter(pa.array(known))
    out.truth_table("lead_responses.csv", table)
