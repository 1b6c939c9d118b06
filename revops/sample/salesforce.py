"""The Salesforce weekly Data Export: one zip per snapshot holding one CSV per object (API names, all quoted)."""

from __future__ import annotations

import zipfile

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import noise, vocab
from .clock import DAY, NEVER, fmt, fmt_date
from .output import Output, Snapshot
from .revenue import FORECAST, OPP_TYPES, PROBABILITY, STAGES
from .sfid import EMPTY_ID
from .writers import salesforce_table, write_csv, zip_entry

ORG_ID = "00D5g000004abcdEAA"
DT = "%Y-%m-%d %H:%M:%S"
DATE = "%Y-%m-%d 00:00:00"


def _bool(mask: np.ndarray) -> pa.Array:
    return pa.array(np.where(mask, "1", "0"))


def _ids_or_empty(ids: np.ndarray, index: np.ndarray, present: np.ndarray, empty: str = EMPTY_ID) -> np.ndarray:
    return np.where(present, ids[np.maximum(index, 0)], empty)


def _account_type(out: Output, snap: Snapshot, company: np.ndarray) -> np.ndarray:
    """Customer while a subscription is active, former customer after, prospect before."""
    rev = out.world.revenue
    _, active, _, _ = rev.sub_state(snap.cut)
    customer = np.zeros(len(out.world.companies), dtype=bool)
    customer[rev.sub_company[active]] = True
    ever = rev.t_customer < snap.cut
    return np.where(customer[company], "Customer - Direct", np.where(ever[company], "Former Customer", "Prospect"))


def _accounts(out: Output, snap: Snapshot) -> dict:
    w, rev, co = out.world, out.world.revenue, out.world.companies
    rows = rev.acc_created < snap.cut
    company = rev.acc_company
    is_dup = rev.acc_master >= 0
    rng = snap.rng(w, "sf.account")
    variant = noise.pick_variants(
        rng, len(company), noise.RATES["name_variant"]["salesforce"], out.log, "salesforce/Account", rows
    )
    variant = np.where(is_dup, 1 + (np.arange(len(company)) % 5), variant)
    merged = rev.acc_merged_at < snap.cut
    acc_type = _account_type(out, snap, company)
    parent_co = co.parent[company]
    parent_acc = np.where(parent_co >= 0, rev.survivor[np.maximum(parent_co, 0)], -1)
    has_parent = (parent_acc >= 0) & (rev.acc_created[np.maximum(parent_acc, 0)] < snap.cut) & ~is_dup
    co_rng = snap.rng(w, "sf.account.phone")
    modified = np.where(merged, rev.acc_merged_at, rev.acc_created)
    columns = {
        "Id": w.ids["account"],
        "IsDeleted": _bool(merged),
        "MasterRecordId": _ids_or_empty(w.ids["account"], rev.acc_master, merged, ""),
        "Name": noise.japanese_names(
            snap.rng(w, "sf.account.jp_names"),
            noise.company_names(w.names, len(co), company, variant),
            out.log,
            "salesforce/Account",
            rows,
        ),
        "Type": acc_type,
        "ParentId": _ids_or_empty(w.ids["account"], parent_acc, has_parent),
        "BillingCity": co.city[company],
        "BillingState": co.state[company],
        "BillingCountry": np.where(co.is_jp[company] & (company % 2 == 0), "日本", co.country[company]),
        "Phone": noise.phones(
            co_rng,
            np.where(co.is_jp[company], 0, 6),
            10_000_000 + (company * 7919 + 1_234_567) % 89_999_999,
            out.log,
            "salesforce/Account",
            rows,
        ),
        "Website": noise.websites(rng, pa.array(co.domain[company]), out.log, "salesforce/Account", rows),
        "Industry": noise.blank(
            rng, pa.array(co.industry[company]), "empty_industry", out.log, "salesforce/Account", rows
        ),
        "AnnualRevenue": pa.array((co.employees[company] * 12_000_000).astype(str)),
        "NumberOfEmployees": pa.array(co.employees[company].astype(str)),
        "OwnerId": w.ids["user"][rev.owner[company]],
        "CreatedDate": fmt(rev.acc_created, DT),
        "LastModifiedDate": fmt(modified, DT),
        "SystemModstamp": fmt(modified, DT),
        "AccountSource": np.array(vocab.LEAD_SOURCES)[company % len(vocab.LEAD_SOURCES)],
        "CorporateNumber__c": noise.corporate_numbers(
            rng, co.corporate_number[company], out.log, "salesforce/Account", rows
        ),
    }
    new = rows & (rev.acc_created >= snap.prev_cut)
    out.truth("salesforce", "Account", w.ids["account"][new], company[new], None)
    return {"rows": rows, "columns": columns}


def _contacts(out: Output, snap: Snapshot, phone: pa.Array) -> dict:
    w, pe, rev = out.world, out.world.people, out.world.revenue
    n = len(pe)
    email = pe.email
    c_rows = (pe.contact_created < snap.cut) & (pe.contact_deleted >= snap.cut)
    contact = {
        "Id": w.ids["contact"],
        "IsDeleted": _bool(np.zeros(n, dtype=bool)),
        "MasterRecordId": np.full(n, ""),
        "AccountId": w.ids["account"][pe.contact_account],
        "FirstName": pe.first_name,
        "LastName": pe.last_name,
        "Phone": phone,
        "MobilePhone": pc.if_else(
            pa.array(pe.phone_local % 5 == 0),
            pc.binary_join_element_wise(
                "090-",
                pc.cast(pa.array(pe.phone_local // 10000), pa.string()),
                "-",
                pc.cast(pa.array(1000 + pe.phone_local % 9000), pa.string()),
                "",
            ),
            "",
        ),
        "Email": email,
        "Title": pe.title,
        "Department": np.array(vocab.DEPARTMENTS)[pe.phone_local % len(vocab.DEPARTMENTS)],
        "LeadSource": np.array(vocab.LEAD_SOURCES)[pe.phone_local % len(vocab.LEAD_SOURCES)],
        "OwnerId": w.ids["user"][rev.owner[pe.company]],
        "HasOptedOutOfEmail": _bool(pe.phone_local % 17 == 0),
        "CreatedDate": fmt(pe.contact_created, DT),
        "LastModifiedDate": fmt(pe.contact_created, DT),
        "SystemModstamp": fmt(pe.contact_created, DT),
    }
    new = c_rows & (pe.contact_created >= snap.prev_cut)
    out.truth("salesforce", "Contact", w.ids["contact"][new], pe.company[new], np.flatnonzero(new))
    return {"rows": c_rows, "columns": contact}


def _lead_company_names(out: Output, rng: np.random.Generator, variant: np.ndarray, l_rows: np.ndarray) -> pa.Array:
    """The company a lead names: a variant of its company's name, or a placeholder (個人, N/A …)."""
    w, pe = out.world, out.world.people
    company_name = noise.company_names(w.names, len(w.companies), pe.company, variant)
    placeholder = rng.random(len(pe)) < noise.RATES["company_placeholder"]
    out.log.add("company_placeholder", "salesforce/Lead", (placeholder & l_rows).sum(), l_rows.sum())
    return pc.if_else(
        pa.array(placeholder), pa.array(vocab.PLACEHOLDER_COMPANY).take(pa.array(pe.phone_local % 3)), company_name
    )


def _converted_opportunity_ids(out: Output, converted: np.ndarray) -> np.ndarray:
    """The new-business opportunity of a converted lead: only the first converter of each company has one."""
    w, pe, rev = out.world, out.world.people, out.world.revenue
    nb_opp = np.full(len(w.companies), -1)
    nb = np.flatnonzero(rev.opp_type == 0)
    nb_opp[rev.opp_company[nb]] = nb
    first_converter = np.zeros(len(pe), dtype=bool)
    conv_people = np.flatnonzero(pe.lead_converted < NEVER)
    _, first_idx = np.unique(pe.company[conv_people], return_index=True)
    first_converter[conv_people[first_idx]] = True
    return _ids_or_empty(
        w.ids["opportunity"], nb_opp[pe.company], converted & first_converter & (nb_opp[pe.company] >= 0)
    )


def _leads(out: Output, snap: Snapshot, rng: np.random.Generator, phone: pa.Array) -> dict:
    w, pe, co, rev = out.world, out.world.people, out.world.companies, out.world.revenue
    n = len(pe)
    email = pe.email
    l_rows = (pe.lead_created < snap.cut) & (pe.lead_deleted >= snap.cut)
    converted = pe.lead_converted < snap.cut
    variant = noise.pick_variants(rng, n, noise.RATES["name_variant"]["lead"], out.log, "salesforce/Lead", l_rows)
    company_name = _lead_company_names(out, rng, variant, l_rows)
    corp = np.where(co.is_jp[pe.company] & (pe.phone_local % 10 < 3), co.corporate_number[pe.company], "")
    lead = {
        "Id": w.ids["lead"],
        "IsDeleted": _bool(np.zeros(n, dtype=bool)),
        "MasterRecordId": np.full(n, ""),
        "FirstName": pe.first_name,
        "LastName": pe.last_name,
        "Title": pe.title,
        "Company": company_name,
        "State": co.state[pe.company],
        "Country": co.country[pe.company],
        "Phone": phone,
        "Email": email,
        "Website": noise.websites(
            rng, pa.array(co.domain).take(pa.array(pe.company)), out.log, "salesforce/Lead", l_rows
        ),
        "LeadSource": np.array(vocab.LEAD_SOURCES)[pe.phone_local % len(vocab.LEAD_SOURCES)],
        "Status": np.where(
            converted,
            "Closed - Converted",
            np.where(pe.lead_created + 30 * DAY < snap.cut, "Working - Contacted", "Open - Not Contacted"),
        ),
        "Industry": co.industry[pe.company],
        "NumberOfEmployees": co.employees[pe.company].astype(str),
        "OwnerId": w.ids["user"][rev.owner[pe.company]],
        "IsConverted": _bool(converted),
        "ConvertedDate": fmt_date(pe.lead_converted, DATE, converted),
        "ConvertedAccountId": _ids_or_empty(w.ids["account"], pe.contact_account, converted),
        "ConvertedContactId": _ids_or_empty(w.ids["contact"], np.arange(n), converted),
        "ConvertedOpportunityId": _converted_opportunity_ids(out, converted),
        "CreatedDate": fmt(pe.lead_created, DT),
        "LastModifiedDate": fmt(np.where(converted, pe.lead_converted, pe.lead_created), DT),
        "SystemModstamp": fmt(np.where(converted, pe.lead_converted, pe.lead_created), DT),
        "CorporateNumber__c": noise.corporate_numbers(rng, corp, out.log, "salesforce/Lead", l_rows),
    }
    new = l_rows & (pe.lead_created >= snap.prev_cut)
    out.truth("salesforce", "Lead", w.ids["lead"][new], pe.company[new], np.flatnonzero(new))
    return {"rows": l_rows, "columns": lead}


def _people(out: Output, snap: Snapshot) -> tuple[dict, dict]:
    w, pe = out.world, out.world.people
    rng = snap.rng(w, "sf.people")
    phone = noise.phones(
        rng, pe.phone_area, pe.phone_local, out.log, "salesforce/Contact", pe.contact_created < snap.cut
    )
    return _contacts(out, snap, phone), _leads(out, snap, rng, phone)


def _opportunities(out: Output, snap: Snapshot) -> tuple[dict, dict]:
    w, rev = out.world, out.world.revenue
    rows = rev.opp_created < snap.cut
    current = rev.stage_rows(snap.cut)
    stage = np.where(current >= 0, rev.hist_stage[np.maximum(current, 0)], 0)
    closed = stage >= 8
    changed = np.where(current >= 0, rev.hist_t[np.maximum(current, 0)], rev.opp_created)
    close_date = np.where(closed, rev.opp_closed_at, np.maximum(rev.opp_created + 60 * DAY, snap.cut + 14 * DAY))
    co = rev.opp_company
    names = noise.company_names(w.names, len(w.companies), co, np.zeros(len(co), dtype=np.int64))
    campaign = np.where(rev.opp_type == 0, (rev.opp_created - w.start) // (30 * DAY) * 4, -1)
    campaign = np.where(campaign < len(w.ids["campaign"]), campaign, -1)
    opp = {
        "Id": w.ids["opportunity"],
        "IsDeleted": _bool(np.zeros(len(co), dtype=bool)),
        "AccountId": w.ids["account"][rev.opp_account],
        "Name": pc.binary_join_element_wise(names, pa.array(OPP_TYPES[rev.opp_type]), " - "),
        "StageName": STAGES[stage],
        "Amount": rev.opp_amount.astype(str),
        "Probability": PROBABILITY[stage].astype(str),
        "CloseDate": fmt_date(close_date, DATE),
        "Type": OPP_TYPES[rev.opp_type],
        "LeadSource": np.array(vocab.LEAD_SOURCES)[co % len(vocab.LEAD_SOURCES)],
        "IsClosed": _bool(closed),
        "IsWon": _bool(stage == 8),
        "ForecastCategoryName": FORECAST[stage],
        "CampaignId": _ids_or_empty(w.ids["campaign"], campaign, campaign >= 0),
        "OwnerId": w.ids["user"][rev.owner[co]],
        "CreatedDate": fmt(rev.opp_created, DT),
        "LastModifiedDate": fmt(changed, DT),
        "SystemModstamp": fmt(changed, DT),
    }
    new = rows & (rev.opp_created >= snap.prev_cut)
    out.truth("salesforce", "Opportunity", w.ids["opportunity"][new], co[new], None)
    h_rows = rev.hist_t < snap.cut
    prev_stage = np.concatenate([[-1], rev.hist_stage[:-1]])
    prev_stage[np.concatenate([[True], np.diff(rev.hist_opp) != 0])] = -1
    h_close = np.where(rev.hist_stage >= 8, rev.hist_t, rev.opp_created[rev.hist_opp] + 60 * DAY)
    history = {
        "Id": w.ids["history"],
        "OpportunityId": w.ids["opportunity"][rev.hist_opp],
        "CreatedDate": fmt(rev.hist_t, DT),
        "StageName": STAGES[rev.hist_stage],
        "Amount": rev.opp_amount[rev.hist_opp].astype(str),
        "CloseDate": fmt_date(h_close, DATE),
        "Probability": PROBABILITY[rev.hist_stage].astype(str),
        "ForecastCategory": FORECAST[rev.hist_stage],
        "FromOpportunityStageName": np.where(prev_stage >= 0, STAGES[np.maximum(prev_stage, 0)], ""),
        "SystemModstamp": fmt(rev.hist_t, DT),
        "IsDeleted": _bool(np.zeros(len(rev.hist_t), dtype=bool)),
    }
    new = h_rows & (rev.hist_t >= snap.prev_cut)
    out.truth("salesforce", "OpportunityHistory", w.ids["history"][new], co[rev.hist_opp[new]], None)
    return {"rows": rows, "columns": opp}, {"rows": h_rows, "columns": history}


def _campaigns(out: Output, snap: Snapshot) -> tuple[dict, dict]:
    w, pe = out.world, out.world.people
    n = len(w.ids["campaign"])
    created = w.campaign_start - 14 * DAY
    rows = created < snap.cut
    end = w.campaign_start + 2 * DAY
    types = np.array(vocab.CAMPAIGN_TYPES)[w.campaign_type]
    labels = fmt_date(w.campaign_start, "%Y-%m")
    campaign = {
        "Id": w.ids["campaign"],
        "IsDeleted": _bool(np.zeros(n, dtype=bool)),
        "Name": pc.binary_join_element_wise(pa.array(types), labels, " "),
        "ParentId": np.full(n, ""),
        "Type": types,
        "Status": np.where(
            end < snap.cut, "Completed", np.where(w.campaign_start < snap.cut, "In Progress", "Planned")
        ),
        "StartDate": fmt_date(w.campaign_start, DATE),
        "EndDate": fmt_date(end, DATE),
        "BudgetedCost": ((w.campaign_type + 1) * 500_000).astype(str),
        "ActualCost": np.where(end < snap.cut, ((w.campaign_type + 1) * 480_000).astype(str), ""),
        "IsActive": _bool(end >= snap.cut),
        "OwnerId": w.ids["user"][np.arange(n) % len(w.ids["user"])],
        "CreatedDate": fmt(created, DT),
        "LastModifiedDate": fmt(created, DT),
        "SystemModstamp": fmt(created, DT),
    }
    new = rows & (created >= snap.prev_cut) & (w.shard.index == 0)  # the world's campaigns: in its first part
    out.truth("salesforce", "Campaign", w.ids["campaign"][new], np.full(int(new.sum()), -1), None)
    # Members: a lead (or a contact for people without one) attached to the campaign of its month.
    is_lead = pe.lead_created < NEVER
    created_m = np.where(is_lead, pe.lead_created, pe.contact_created)
    deleted = np.where(is_lead, pe.lead_deleted, pe.contact_deleted)
    month = (created_m - w.start) // (30 * DAY)
    camp = np.where((created_m < NEVER) & (month >= 0), month * 4 + pe.phone_local % 4, -1)
    eligible = w.links["campaign_member"] & (camp >= 0) & (camp < n)
    m_rows = eligible & (created_m < snap.cut) & (deleted >= snap.cut)
    member = {
        "Id": w.ids["member"],
        "IsDeleted": _bool(np.zeros(len(pe), dtype=bool)),
        "CampaignId": w.ids["campaign"][np.clip(camp, 0, n - 1)],
        "LeadId": np.where(is_lead, w.ids["lead"], EMPTY_ID),
        "ContactId": np.where(is_lead, EMPTY_ID, w.ids["contact"]),
        "Status": np.where(pe.phone_local % 3 == 0, "Sent", "Responded"),
        "HasResponded": _bool(pe.phone_local % 3 != 0),
        "CreatedDate": fmt(created_m, DT, eligible),
        "SystemModstamp": fmt(created_m, DT, eligible),
        "FirstRespondedDate": fmt_date(created_m, DATE, eligible & (pe.phone_local % 3 != 0)),
    }
    new = m_rows & (created_m >= snap.prev_cut)
    out.truth("salesforce", "CampaignMember", w.ids["member"][new], pe.company[new], np.flatnonzero(new))
    return {"rows": rows, "columns": campaign}, {"rows": m_rows, "columns": member}


def _users(out: Output, snap: Snapshot) -> dict:
    w = out.world
    n = len(w.ids["user"])
    last = np.array([x[0] for x in w.users["last"]])
    first = np.array([x[0] for x in w.users["first"]])
    roman = np.char.add(
        np.char.add(np.array([x[1] for x in w.users["first"]]), "."), np.array([x[1] for x in w.users["last"]])
    )
    email = np.char.add(np.char.add(roman, np.arange(n).astype(str)), "@revops-demo.co.jp")
    rows = w.users["created"] < snap.cut
    user = {
        "Id": w.ids["user"],
        "Username": email,
        "FirstName": first,
        "LastName": last,
        "Name": np.char.add(np.char.add(last, " "), first),
        "Email": email,
        "Title": np.where(np.arange(n) % 3 == 0, "Customer Success Manager", "Account Executive"),
        "Department": np.where(np.arange(n) % 3 == 0, "Customer Success", "Sales"),
        "IsActive": _bool(np.ones(n, dtype=bool)),
        "UserRoleId": np.full(n, "00E5g000000abcdEAA"),
        "CreatedDate": fmt(w.users["created"], DT),
        "SystemModstamp": fmt(w.users["created"], DT),
    }
    new = rows & (w.users["created"] >= snap.prev_cut)
    out.truth("salesforce", "User", w.ids["user"][new], np.full(int(new.sum()), -1), None)
    return {"rows": rows, "columns": user}


def export_salesforce(out: Output, snap: Snapshot) -> None:
    path = out.path(snap, "salesforce", f"WE_{ORG_ID}_1.zip")
    account = _accounts(out, snap)
    contact, lead = _people(out, snap)
    opp, history = _opportunities(out, snap)
    campaign, member = _campaigns(out, snap)
    objects = {
        "Account": account,
        "Contact": contact,
        "Lead": lead,
        "Opportunity": opp,
        "OpportunityHistory": history,
        "Campaign": campaign,
        "CampaignMember": member,
    }
    if out.world.shard.index == 0:
        objects["User"] = _users(out, snap)
    else:  # a later part of a sharded world: the users and campaigns are the first part's
        del objects["Campaign"]
    with zipfile.ZipFile(path, "w") as archive:
        for name, obj in objects.items():
            table = salesforce_table(obj["columns"]).filter(pa.array(obj["rows"]))
            with zip_entry(archive, f"{name}.csv") as fh:
                rows = write_csv(fh, table)
            out.record_file(f"{snap.label}/salesforce/{path.name}!{name}.csv", rows)
