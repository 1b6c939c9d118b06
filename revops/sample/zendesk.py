"""Zendesk Support incremental exports: organizations and tickets as JSON lines (API names, nested objects),
users as the admin CSV export. Each snapshot holds only what was created or updated since the previous one."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import noise, vocab
from .clock import DAY, NEVER, fmt
from .gainsight import company_state
from .output import Output, Snapshot
from .support import SATISFACTION
from .writers import write_csv, write_jsonl

ISO = "%Y-%m-%dT%H:%M:%SZ"
CSV_DT = "%Y-%m-%d %H:%M:%S"
PRIORITY = np.array(["low", "normal", "high", "urgent"])
CHANNEL = np.array(["email", "web", "api", "voice"])
ORG_BASE = 360_000_000_001
USER_BASE = 380_000_000_001
AGENT_BASE = 370_000_000_001
TICKETS_PER_SHARD = 10**8  # ticket ids of a world's later parts start this far apart


def _text(values: np.ndarray) -> list[str]:
    return values.astype(str).tolist()


def _organizations(out: Output, snap: Snapshot) -> None:
    w, co, rev = out.world, out.world.companies, out.world.revenue
    n = len(co)
    created = np.where(rev.t_customer < NEVER, rev.t_customer + (np.arange(n) % 5) * DAY + 3600, NEVER)
    state = company_state(out, snap.cut)
    churn_at = state["churn_at"]
    updated = np.where(churn_at < snap.cut, churn_at, created)
    present = created < snap.cut
    rows = present & ((created >= snap.prev_cut) | (updated >= snap.prev_cut))
    rng = snap.rng(w, "zd.organizations")
    variant = noise.pick_variants(
        rng, n, noise.RATES["name_variant"]["zendesk"], out.log, "zendesk/organizations", rows
    )
    names = noise.company_names(w.names, n, np.arange(n), variant).to_pylist()
    corporate = noise.corporate_numbers(rng, co.corporate_number, out.log, "zendesk/organizations", rows).to_pylist()
    acc = rev.survivor
    external = np.where(w.links["zd_external"] & (acc >= 0), w.ids["account"][np.maximum(acc, 0)], "")
    created_s, updated_s = fmt(created, ISO).to_pylist(), fmt(updated, ISO).to_pylist()
    with_domain = np.arange(n) % 5 != 0
    org_base = ORG_BASE + w.shard.first_company

    def records():
        for i in np.flatnonzero(rows):
            yield {
                "id": org_base + int(i),
                "name": names[i],
                "external_id": external[i] or None,
                "domain_names": [str(co.domain[i])] if with_domain[i] else [],
                "details": str(co.city[i]),
                "notes": "",
                "tags": ["churned"] if churn_at[i] < snap.cut else ["customer"],
                "organization_fields": {"corporate_number": corporate[i] or None},
                "created_at": created_s[i],
                "updated_at": updated_s[i],
                "deleted_at": None,
            }

    path = out.path(snap, "zendesk", "organizations.jsonl")
    count = write_jsonl(path, records())
    out.record_file(f"{snap.label}/zendesk/organizations.jsonl", count)
    new = rows & (created >= snap.prev_cut)
    out.truth("zendesk", "organizations", (org_base + np.flatnonzero(new)).astype(str), np.flatnonzero(new), None)


def _users(out: Output, snap: Snapshot) -> None:
    w, pe, tk = out.world, out.world.people, out.world.tickets
    n = len(pe)
    created = np.full(n, NEVER)
    np.minimum.at(created, tk.requester, tk.created - 600)
    rows = (created >= snap.prev_cut) & (created < snap.cut)
    rng = snap.rng(w, "zd.users")
    email = noise.emails(rng, pe.email, out.log, "zendesk/users", rows)
    n_agents = int(tk.assignee.max()) + 1 if len(tk) else 1
    agent_created = w.start - 30 * DAY
    agents = snap.index == 0 and w.shard.index == 0  # agents exist from the start: all in the first export
    org = (ORG_BASE + w.shard.first_company + pe.company).astype(str)
    user_base = USER_BASE + w.shard.first_person
    people = pa.table(
        {
            "Id": (user_base + np.arange(n)).astype(str),
            "Name": pa.compute.binary_join_element_wise(pe.last_name, pe.first_name, " "),
            "Email": email,
            "Phone": noise.phones(rng, pe.phone_area, pe.phone_local, out.log, "zendesk/users", rows),
            "Role": np.full(n, "end-user"),
            "Organization id": org,
            "External id": np.full(n, ""),
            "Active": np.full(n, "true"),
            "Time zone": np.where(pe.is_jp, "Tokyo", "Pacific Time (US & Canada)"),
            "Created at": fmt(created, CSV_DT),
            "Updated at": fmt(created, CSV_DT),
        }
    ).filter(pa.array(rows))
    if agents:
        agent_ids = (AGENT_BASE + np.arange(n_agents)).astype(str)
        last = np.array([x[0] for x in w.users["last"]])[np.arange(n_agents) % len(w.users["last"])]
        agent_table = pa.table(
            {
                "Id": agent_ids,
                "Name": np.char.add(last, " (Support)"),
                "Email": np.char.add(np.char.add("agent", np.arange(n_agents).astype(str)), "@revops-demo.co.jp"),
                "Phone": np.full(n_agents, ""),
                "Role": np.full(n_agents, "agent"),
                "Organization id": np.full(n_agents, ""),
                "External id": np.full(n_agents, ""),
                "Active": np.full(n_agents, "true"),
                "Time zone": np.full(n_agents, "Tokyo"),
                "Created at": fmt(np.full(n_agents, agent_created), CSV_DT),
                "Updated at": fmt(np.full(n_agents, agent_created), CSV_DT),
            }
        )
        people = pa.concat_tables([agent_table, people])
        out.truth("zendesk", "users", agent_ids, np.full(n_agents, -1), None)
    junk = ['"380000000000","壊れた行"']
    with out.path(snap, "zendesk", "users.csv").open("wb") as fh:
        write_csv(fh, people, "utf-8", junk)
    out.record_file(f"{snap.label}/zendesk/users.csv", people.num_rows, len(junk))
    out.truth(
        "zendesk", "users", (user_base + np.flatnonzero(rows)).astype(str), pe.company[rows], np.flatnonzero(rows)
    )


def _tickets(out: Output, snap: Snapshot) -> None:
    w, tk, pe = out.world, out.world.tickets, out.world.people
    first_id = w.shard.stride(TICKETS_PER_SHARD) + 1
    org_base, user_base = ORG_BASE + w.shard.first_company, USER_BASE + w.shard.first_person
    status = tk.status_at(snap.cut)
    updated = tk.updated_at(snap.cut)
    present = tk.created < snap.cut
    rows = present & ((tk.created >= snap.prev_cut) | (updated >= snap.prev_cut))
    idx = np.flatnonzero(rows)
    replied = tk.replied < snap.cut
    solved = tk.solved < snap.cut
    created_s = fmt(tk.created[idx], ISO).to_pylist()
    updated_s = fmt(updated[idx], ISO).to_pylist()
    solved_s = fmt(tk.solved[idx], ISO, solved[idx]).to_pylist()
    emails = pe.email.take(pa.array(tk.requester[idx])).to_pylist()
    subjects = np.array(vocab.TICKET_SUBJECTS)

    def records():
        for k, i in enumerate(idx):
            sat = SATISFACTION[tk.satisfaction[i]] if solved[i] else "unoffered"
            yield {
                "id": int(i) + first_id,
                "subject": str(subjects[tk.subject[i]]),
                "status": str(status[i]),
                "priority": str(PRIORITY[tk.priority[i]]),
                "type": "question" if tk.subject[i] % 2 else "problem",
                "via": {"channel": str(CHANNEL[tk.channel[i]])},
                "requester_id": user_base + int(tk.requester[i]),
                "requester_email": emails[k] if tk.channel[i] == 0 else None,
                "assignee_id": AGENT_BASE + int(tk.assignee[i]) if replied[i] else None,
                "organization_id": org_base + int(tk.company[i]),
                "tags": [str(CHANNEL[tk.channel[i]]), str(PRIORITY[tk.priority[i]])],
                "satisfaction_rating": {"score": sat},
                "metric_set": {
                    "reply_time_in_minutes": {
                        "calendar": int((tk.replied[i] - tk.created[i]) // 60) if replied[i] else None
                    },
                    "full_resolution_time_in_minutes": {
                        "calendar": int((tk.solved[i] - tk.created[i]) // 60) if solved[i] else None
                    },
                    "solved_at": solved_s[k] or None,
                },
                "created_at": created_s[k],
                "updated_at": updated_s[k],
            }

    count = write_jsonl(out.path(snap, "zendesk", "tickets.jsonl"), records())
    out.record_file(f"{snap.label}/zendesk/tickets.jsonl", count)
    new = rows & (tk.created >= snap.prev_cut)
    out.truth("zendesk", "tickets", (np.flatnonzero(new) + first_id).astype(str), tk.company[new], tk.requester[new])


def export_zendesk(out: Output, snap: Snapshot) -> None:
    _organizations(out, snap)
    _users(out, snap)
    _tickets(out, snap)
