"""HubSpot exports: CRM contacts (UTF-8 BOM), companies (Japanese labels, CP932), deals; email events and form
submissions (incremental)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import noise, vocab
from .clock import DAY, HISTORY_DAYS, NEVER, fmt, fmt_date
from .output import Output, Snapshot
from .owners import owner_names
from .people import LIFECYCLE
from .revenue import OPP_TYPES
from .world import World
from .writers import write_csv

CONTACT_DT = "%Y-%m-%d %H:%M"
COMPANY_DT = "%Y/%m/%d %H:%M"
EVENT_DT = "%Y-%m-%dT%H:%M:%SZ"
FORM_DT = "%Y/%m/%d %H:%M"
DEAL_STAGES = np.array(
    [
        "appointmentscheduled",
        "appointmentscheduled",
        "qualifiedtobuy",
        "qualifiedtobuy",
        "presentationscheduled",
        "decisionmakerboughtin",
        "contractsent",
        "contractsent",
        "closedwon",
        "closedlost",
    ]
)
CHUNK_PEOPLE = 200_000
CONTACT_JUNK = ['"このファイルはエクスポート途中で切り詰められました"', '"' + '","'.join(["broken"] * 40) + '"']


DEALS_PER_SHARD = 10**7  # deal ids of a world's later parts start this far apart
EMAIL_CHUNKS_PER_SHARD = 1_000  # so do email event ids, a billion per chunk of people


def contact_ids(w: World) -> np.ndarray:
    """The HubSpot Record ID of every person of the world (part)."""
    return (100_001 + w.shard.first_person + np.arange(len(w.people))).astype(str)


def company_ids(w: World) -> np.ndarray:
    """The HubSpot Record ID of every company of the world (part)."""
    return (5_000_000_001 + w.shard.first_company + np.arange(len(w.companies))).astype(str)


def _name(out: Output, snap: Snapshot, vendor: str, kind: str, stamp: str) -> tuple:
    name = f"hubspot-{kind}-{stamp}.csv"
    return out.path(snap, vendor, name), f"{snap.label}/{vendor}/{name}"


def _contacts(out: Output, snap: Snapshot) -> None:
    w, pe, co, rev = out.world, out.world.people, out.world.companies, out.world.revenue
    n = len(pe)
    rows = pe.in_hubspot & (pe.created < snap.cut) & (pe.hs_deleted >= snap.cut)
    rng = snap.rng(w, "hs.contacts")
    stage = pe.stage_at(snap.cut)
    anonymous = (stage == 0) & (pe.phone_local % 10 == 0)
    hs_company = w.links["hs_company"][pe.company] & (rev.t_first[pe.company] < snap.cut)
    variant = noise.pick_variants(rng, n, noise.RATES["name_variant"]["hubspot"], out.log, "hubspot/contacts", rows)
    sf_link = w.links["hs_contact_sf"]
    has_contact = sf_link & (pe.contact_created < snap.cut) & (pe.contact_deleted >= snap.cut)
    has_lead = sf_link & ~has_contact & (pe.lead_created < snap.cut) & (pe.lead_deleted >= snap.cut)
    dates = pe.stage_dates
    last_change = np.where(dates < snap.cut, dates, 0).max(axis=1)
    blank_name = pa.array(anonymous)
    columns = {
        "Record ID": contact_ids(w),
        "First Name": pc.if_else(blank_name, "", pe.first_name),
        "Last Name": pc.if_else(blank_name, "", pe.last_name),
        "Email": noise.emails(
            rng,
            noise.placeholder_emails(
                snap.rng(w, "hs.contacts.placeholder"), pe.email, out.log, "hubspot/contacts", rows
            ),
            out.log,
            "hubspot/contacts",
            rows,
        ),
        "Phone Number": pc.if_else(
            blank_name, "", noise.phones(rng, pe.phone_area, pe.phone_local, out.log, "hubspot/contacts", rows)
        ),
        "Job Title": pe.title,
        "Lifecycle Stage": np.where(pe.is_other, "other", LIFECYCLE[np.maximum(stage, 0)]),
        "Lead Status": np.where(stage >= 3, "CONNECTED", np.where(stage >= 1, "OPEN", "NEW")),
        "Contact owner": owner_names(out, rev.owner[pe.company]),
        "Company Name": pc.if_else(blank_name, "", noise.company_names(w.names, len(co), pe.company, variant)),
        "Associated Company": pc.if_else(
            pa.array(hs_company), noise.company_names(w.names, len(co), pe.company, np.zeros(n, dtype=np.int64)), ""
        ),
        "Associated Company IDs": np.where(hs_company, company_ids(w)[pe.company], ""),
        "Original Source": np.array(vocab.HS_SOURCES)[pe.phone_local % len(vocab.HS_SOURCES)],
        "Became a Lead Date": fmt(dates[:, 1], CONTACT_DT, dates[:, 1] < snap.cut),
        "Became a Marketing Qualified Lead Date": fmt(dates[:, 2], CONTACT_DT, dates[:, 2] < snap.cut),
        "Became a Sales Qualified Lead Date": fmt(dates[:, 3], CONTACT_DT, dates[:, 3] < snap.cut),
        "Became an Opportunity Date": fmt(dates[:, 4], CONTACT_DT, dates[:, 4] < snap.cut),
        "Became a Customer Date": fmt(dates[:, 5], CONTACT_DT, dates[:, 5] < snap.cut),
        "Salesforce Contact ID": np.where(has_contact, w.ids["contact"], ""),
        "Salesforce Lead ID": np.where(has_lead, w.ids["lead"], ""),
        "Create Date": fmt(pe.created, CONTACT_DT),
        "Last Activity Date": fmt(last_change, CONTACT_DT, last_change > 0),
        "Last Modified Date": fmt(np.maximum(last_change, pe.created), CONTACT_DT),
    }
    table = pa.table(columns).filter(pa.array(rows))
    path, rel = _name(out, snap, "hubspot", "crm-exports-all-contacts", snap.label)
    with path.open("wb") as fh:
        write_csv(fh, table, "utf-8-sig", CONTACT_JUNK)
    out.record_file(rel, table.num_rows, len(CONTACT_JUNK))
    new = rows & (pe.created >= snap.prev_cut)
    out.truth("hubspot", "contacts", contact_ids(w)[new], pe.company[new], np.flatnonzero(new))


def _company_stage(out: Output, cut: int) -> np.ndarray:
    rev = out.world.revenue
    stage = np.full(len(out.world.companies), "lead", dtype="U24")
    stage[(rev.survivor >= 0) & (rev.acc_created[np.maximum(rev.survivor, 0)] < cut)] = "salesqualifiedlead"
    stage[rev.t_customer < cut] = "customer"
    return stage


def _companies(out: Output, snap: Snapshot) -> None:
    w, co, rev = out.world, out.world.companies, out.world.revenue
    n = len(co)
    rows = w.links["hs_company"] & (rev.t_first < snap.cut)
    rng = snap.rng(w, "hs.companies")
    variant = noise.pick_variants(rng, n, noise.RATES["name_variant"]["hubspot"], out.log, "hubspot/companies", rows)
    acc = rev.survivor
    has_acc = (acc >= 0) & (rev.acc_created[np.maximum(acc, 0)] < snap.cut)
    conflict = w.links["hs_owner"] != rev.owner
    out.log.add("owner_conflict", "hubspot/companies", (conflict & rows & has_acc).sum(), (rows & has_acc).sum())
    domain = pa.array(co.domain)
    columns = {
        "レコードID": company_ids(w),
        "会社名": noise.japanese_names(
            snap.rng(w, "hs.companies.jp_names"),
            noise.company_names(w.names, n, np.arange(n), variant),
            out.log,
            "hubspot/companies",
            rows,
        ),
        "会社のドメイン名": pc.if_else(pa.array(np.arange(n) % 7 == 0), "", domain),
        "ウェブサイトURL": noise.websites(rng, domain, out.log, "hubspot/companies", rows),
        "業種": noise.blank(rng, pa.array(co.industry), "empty_industry", out.log, "hubspot/companies", rows),
        "従業員数": co.employees.astype(str),
        "国/地域": np.where(co.is_jp, "日本", co.country),
        "都道府県/地域": co.state,
        "市区町村": co.city,
        "電話番号": noise.phones(
            rng,
            np.where(co.is_jp, 0, 6),
            10_000_000 + ((w.shard.first_company + np.arange(n)) * 7919 + 1_234_567) % 89_999_999,
            out.log,
            "hubspot/companies",
            rows,
        ),
        "ライフサイクルステージ": _company_stage(out, snap.cut),
        "会社の担当者": owner_names(out, w.links["hs_owner"]),
        "年間売上高": (co.employees * 12_000_000).astype(str),
        "法人番号": noise.corporate_numbers(rng, co.corporate_number, out.log, "hubspot/companies", rows),
        "Salesforce取引先ID": np.where(has_acc & w.links["hs_sfdc"], w.ids["account"][np.maximum(acc, 0)], ""),
        "作成日": fmt(rev.t_first, COMPANY_DT),
        "最終更新日": fmt(np.where(has_acc, rev.acc_created[np.maximum(acc, 0)], rev.t_first), COMPANY_DT),
    }
    table = pa.table(columns).filter(pa.array(rows))
    path, rel = _name(out, snap, "hubspot", "crm-exports-all-companies", snap.label)
    junk = ['"壊れた行"']
    with path.open("wb") as fh:
        write_csv(fh, table, "cp932", junk)
    out.record_file(rel, table.num_rows, len(junk))
    new = rows & (rev.t_first >= snap.prev_cut)
    out.truth("hubspot", "companies", company_ids(w)[new], np.flatnonzero(new), None)


def _deals(out: Output, snap: Snapshot) -> None:
    w, rev, pe = out.world, out.world.revenue, out.world.people
    n = len(rev.opp_company)
    rows = w.links["hs_deal"] & (rev.opp_created < snap.cut)
    current = rev.stage_rows(snap.cut)
    stage = np.where(current >= 0, rev.hist_stage[np.maximum(current, 0)], 0)
    changed = np.where(current >= 0, rev.hist_t[np.maximum(current, 0)], rev.opp_created)
    closed = stage >= 8
    co = rev.opp_company
    first_person = np.searchsorted(pe.company, co)
    contact_ok = pe.in_hubspot[first_person] & (pe.created[first_person] < snap.cut)
    company_ok = w.links["hs_company"][co]
    deal_ids = (9_000_000_001 + w.shard.stride(DEALS_PER_SHARD) + np.arange(n)).astype(str)
    columns = {
        "Record ID": deal_ids,
        "Deal Name": pc.binary_join_element_wise(
            noise.company_names(w.names, len(w.companies), co, np.zeros(n, dtype=np.int64)),
            pa.array(OPP_TYPES[rev.opp_type]),
            " - ",
        ),
        "Deal Stage": DEAL_STAGES[stage],
        "Pipeline": np.full(n, "default"),
        "Amount": rev.opp_amount,
        "Close Date": fmt_date(np.where(closed, rev.opp_closed_at, rev.opp_created + 60 * DAY)),
        "Deal Type": np.where(rev.opp_type == 0, "newbusiness", "existingbusiness"),
        "Deal owner": owner_names(out, rev.owner[co]),
        "Associated Company IDs": np.where(company_ok, company_ids(w)[co], ""),
        "Associated Contact IDs": np.where(contact_ok, contact_ids(w)[first_person], ""),
        "Salesforce Opportunity ID": np.where(w.links["hs_deal_sf"], w.ids["opportunity"], ""),
        "Create Date": fmt(rev.opp_created, CONTACT_DT),
        "Last Modified Date": fmt(changed, CONTACT_DT),
    }
    table = pa.table(columns).filter(pa.array(rows))
    path, rel = _name(out, snap, "hubspot", "crm-exports-all-deals", snap.label)
    with path.open("wb") as fh:
        write_csv(fh, table)
    out.record_file(rel, table.num_rows)
    new = rows & (rev.opp_created >= snap.prev_cut)
    out.truth("hubspot", "deals", deal_ids[new], co[new], None)


def email_campaigns(out: Output) -> tuple[np.ndarray, pa.Array]:
    n = HISTORY_DAYS * 2 // 7
    sent = out.world.start + np.arange(n) * (7 * DAY // 2) + 9 * 3600
    label = fmt_date(sent, "%Y-%m-%d")
    kind = pa.array(np.where(np.arange(n) % 2 == 0, "Newsletter", "ウェビナーのご案内"))
    return sent, pc.binary_join_element_wise(kind, label, " ")


def _email_events(out: Output, snap: Snapshot) -> None:
    w, pe = out.world, out.world.people
    sent, names = email_campaigns(out)
    path, rel = _name(out, snap, "hubspot", "email-events", snap.label)
    total, header_written = 0, False
    with path.open("wb") as fh:
        for chunk, lo in enumerate(range(0, len(pe), CHUNK_PEOPLE)):
            person = np.arange(lo, min(lo + CHUNK_PEOPLE, len(pe)))
            rng = out.world_rng("hs.email", chunk)
            alive_to = np.minimum(pe.hs_deleted[person], w.end)
            first_c = np.searchsorted(sent, pe.created[person])
            last_c = np.searchsorted(sent, alive_to)
            span = np.where(pe.in_hubspot[person], np.maximum(last_c - first_c, 0), 0)
            sends = rng.poisson(span * 0.012)
            sends = np.where(span > 0, sends, 0)
            who = np.repeat(person, sends)
            which = np.repeat(first_c, sends) + (rng.random(len(who)) * np.repeat(span, sends)).astype(np.int64)
            t_sent = sent[which] + rng.integers(0, 1800, len(who))
            bounce = rng.random(len(who)) < 0.03
            opened = ~bounce & (rng.random(len(who)) < 0.3)
            clicked = opened & (rng.random(len(who)) < 0.2)
            t_open = t_sent + (rng.exponential(6 * 3600, len(who))).astype(np.int64) + 60
            t_click = t_open + (rng.exponential(600, len(who))).astype(np.int64) + 5
            types = np.concatenate(
                [
                    np.full(len(who), "SENT"),
                    np.where(bounce, "BOUNCE", "DELIVERED"),
                    np.full(int(opened.sum()), "OPEN"),
                    np.full(int(clicked.sum()), "CLICK"),
                ]
            )
            ev_person = np.concatenate([who, who, who[opened], who[clicked]])
            ev_campaign = np.concatenate([which, which, which[opened], which[clicked]])
            ev_t = np.concatenate([t_sent, t_sent + 30, t_open[opened], t_click[clicked]])
            order = np.lexsort((np.arange(len(ev_t)), ev_t))
            first_id = (w.shard.stride(EMAIL_CHUNKS_PER_SHARD) + chunk) * 10**9 + 1
            event_id = (first_id + np.arange(len(ev_t)))[np.argsort(order, kind="stable")]
            keep = order[(ev_t[order] >= snap.prev_cut) & (ev_t[order] < snap.cut)]
            table = pa.table(
                {
                    "Event ID": pa.array(event_id[keep].astype(str)),
                    "Recipient": pe.email.take(pa.array(ev_person[keep])),
                    "Event Type": pa.array(types[keep]),
                    "Campaign ID": pa.array((700_000 + ev_campaign[keep]).astype(str)),
                    "Campaign Name": names.take(pa.array(ev_campaign[keep])),
                    "Timestamp": fmt(ev_t[keep], EVENT_DT),
                }
            )
            if header_written:
                write_csv_no_header(fh, table)
            else:
                write_csv(fh, table)
                header_written = True
            total += table.num_rows
            out.truth("hubspot", "email_events", event_id[keep], pe.company[ev_person[keep]], ev_person[keep])
    out.record_file(rel, total)


def write_csv_no_header(fh, table: pa.Table) -> None:
    import pyarrow.csv as pacsv

    pacsv.write_csv(table, fh, pacsv.WriteOptions(include_header=False))


def _form_submissions(out: Output, snap: Snapshot) -> None:
    w, pe, co = out.world, out.world.people, out.world.companies
    rng = out.world_rng("hs.forms", 0)
    n = len(pe)
    lead_at = pe.stage_dates[:, 1]
    first = (lead_at < NEVER) & (rng.random(n) < 0.7)
    extra = rng.poisson(0.3, n)
    person = np.concatenate([np.flatnonzero(first), np.repeat(np.arange(n), extra)])
    t = np.concatenate(
        [
            lead_at[first],
            pe.created.repeat(extra)
            + (rng.random(int(extra.sum())) * np.maximum(w.end - pe.created.repeat(extra), 0)).astype(np.int64),
        ]
    )
    valid = t < w.end
    person, t = person[valid], t[valid]
    order = np.lexsort((person, t))
    person, t = person[order], t[order]
    m = len(person)
    hi = rng.integers(0, 2**32, m, dtype=np.uint64)
    lo = rng.integers(0, 2**32, m, dtype=np.uint64)
    sub_id = np.char.add(np.char.add(np.char.mod("%08x", hi), "-"), np.char.mod("%08x", lo))
    rows = (t >= snap.prev_cut) & (t < snap.cut)
    variant = noise.pick_variants(
        rng, m, noise.RATES["name_variant"]["form"], out.log, "hubspot/form_submissions", rows
    )
    names = noise.company_names(w.names, len(co), pe.company[person], variant)
    placeholder = rng.random(m) < noise.RATES["company_placeholder"]
    out.log.add("company_placeholder", "hubspot/form_submissions", (placeholder & rows).sum(), rows.sum())
    names = pc.if_else(
        pa.array(placeholder), pa.array(vocab.PLACEHOLDER_COMPANY).take(pa.array(np.arange(m) % 3)), names
    )
    form = np.array(vocab.FORMS)[np.arange(m) % len(vocab.FORMS)]
    columns = {
        "Submission ID": sub_id,
        "Form Name": form,
        "Email": noise.emails(rng, pe.email.take(pa.array(person)), out.log, "hubspot/form_submissions", rows),
        "First Name": pe.first_name.take(pa.array(person)),
        "Last Name": pe.last_name.take(pa.array(person)),
        "Company Name": names,
        "Page URL": np.char.add("https://www.revops-demo.co.jp/forms/", (np.arange(m) % 6).astype(str)),
        "Campaign": np.where(
            np.arange(m) % 4 == 0,
            "",
            np.char.add("utm-", fmt_date(t, "%Y%m").to_numpy(zero_copy_only=False).astype(str)),
        ),
        "Conversion Date": fmt(t, FORM_DT),
    }
    table = pa.table(columns).filter(pa.array(rows))
    path, rel = _name(out, snap, "hubspot", "form-submissions", snap.label)
    junk = ['"x","y"'] if table.num_rows else []
    with path.open("wb") as fh:
        write_csv(fh, table, "utf-8", junk)
    out.record_file(rel, table.num_rows, len(junk))
    out.truth("hubspot", "form_submissions", sub_id[rows], pe.company[person[rows]], person[rows])


def export_hubspot(out: Output, snap: Snapshot) -> None:
    _contacts(out, snap)
    _companies(out, snap)
    _deals(out, snap)
    _email_events(out, snap)
    _form_submissions(out, snap)
