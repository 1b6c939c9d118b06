"""Gainsight-style exports: companies (UTF-8 BOM) with ARR and health, license usage (XLSX), subscriptions."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import noise, vocab
from .clock import DAY, NEVER, fmt, fmt_date
from .output import Output, Snapshot
from .owners import owner_names
from .writers import write_csv, write_xlsx

DATE = "%Y/%m/%d"
ALT_DATE = "%Y-%m-%d"
DT = "%Y/%m/%d %H:%M"
SUB_DATE = "%Y-%m-%d"
SUBSCRIPTIONS_PER_SHARD = 10**7  # subscription numbers of a world's later parts start this far apart


def company_state(out: Output, cut: int) -> dict[str, np.ndarray]:
    """Per company at `cut`: ARR and MRR of active subscriptions, earliest renewal, churn, seats."""
    rev, n = out.world.revenue, len(out.world.companies)
    exists, active, end, mrr = rev.sub_state(cut)
    arr = np.bincount(rev.sub_company[active], weights=12 * mrr[active], minlength=n).astype(np.int64)
    renewal = np.full(n, NEVER)
    np.minimum.at(renewal, rev.sub_company[active], end[active])
    has_active = np.bincount(rev.sub_company[active], minlength=n) > 0
    started = np.bincount(rev.sub_company[exists], minlength=n) > 0
    churn_at = np.zeros(n, dtype=np.int64)
    np.maximum.at(churn_at, rev.sub_company[exists], rev.sub_end_final[exists])
    seats = np.bincount(rev.sub_company[active], weights=mrr[active], minlength=n) // 3000
    return {
        "arr": arr,
        "renewal": renewal,
        "customer": has_active,
        "started": started,
        "churned": started & ~has_active,
        "churn_at": np.where(started & ~has_active, churn_at, NEVER),
        "seats": seats.astype(np.int64),
    }


def health(out: Output, cut: int) -> np.ndarray:
    """Health score 0-100 per company for the week ending at `cut`; last week's score is health(cut - 7 days)."""
    w = out.world
    week = int((cut - w.start) // (7 * DAY))
    base = np.random.default_rng([w.seed, 77]).uniform(45, 90, len(w.companies))
    wobble = np.random.default_rng([w.seed, 78, week]).normal(0, 6, len(w.companies))
    trend = np.where(w.revenue.t_customer < NEVER, 0, -10)
    return np.clip(np.round(base + wobble + trend), 0, 100).astype(np.int64)


def _companies(out: Output, snap: Snapshot, state: dict) -> None:
    w, co, rev = out.world, out.world.companies, out.world.revenue
    n = len(co)
    rows = state["started"]
    rng = snap.rng(w, "gs.companies")
    variant = noise.pick_variants(
        rng, n, noise.RATES["name_variant"]["gainsight"], out.log, "gainsight/companies", rows
    )
    stale = (rng.random(n) < noise.RATES["arr_conflict"]) & state["customer"]
    out.log.add("arr_conflict", "gainsight/companies", (stale & rows).sum(), (rows & state["customer"]).sum())
    arr_shown = np.where(stale, np.round(state["arr"] / 1.05 / 1000) * 1000, state["arr"]).astype(np.int64)
    alt = rng.random(n) < noise.RATES["renewal_date_alt_format"]
    has_renewal = state["renewal"] < NEVER
    out.log.add(
        "renewal_date_alt_format", "gainsight/companies", (alt & rows & has_renewal).sum(), (rows & has_renewal).sum()
    )
    renewal = pc.if_else(pa.array(alt), fmt_date(state["renewal"], ALT_DATE), fmt_date(state["renewal"], DATE))
    acc = rev.survivor
    current, previous = health(out, snap.cut), health(out, snap.cut - 7 * DAY)
    days_in = (snap.cut - rev.t_customer) // DAY
    stage = np.where(
        state["churned"],
        "Churned",
        np.where(state["renewal"] - snap.cut < 90 * DAY, "Renewal", np.where(days_in > 90, "Adopting", "Onboarding")),
    )
    columns = {
        "GSID": w.gsid,
        "Name": noise.company_names(w.names, n, np.arange(n), variant),
        "SFDC Account ID": np.where(w.links["gs_sfdc"] & (acc >= 0), w.ids["account"][np.maximum(acc, 0)], ""),
        "Website": noise.websites(rng, pa.array(co.domain), out.log, "gainsight/companies", rows),
        "Corporate Number": noise.corporate_numbers(rng, co.corporate_number, out.log, "gainsight/companies", rows),
        "Industry": co.industry,
        "Employees": co.employees,
        "ARR": arr_shown,
        "MRR": state["arr"] // 12,
        "Current Score": current,
        "Previous Score": previous,
        "Renewal Date": renewal,
        "Original Contract Date": fmt_date(rev.t_customer, DATE),
        "CSM": owner_names(out, w.links["csm"]),
        "Stage": stage,
        "Status": np.where(state["churned"], "Churned", "Active"),
        "Churn Date": fmt_date(state["churn_at"], DATE),
        "Modified Date": fmt(np.maximum(rev.t_customer, snap.cut - (np.arange(n) % 6 + 1) * DAY), DT),
    }
    table = pa.table(columns).filter(pa.array(rows))
    name = f"gainsight-companies-{snap.label}.csv"
    with out.path(snap, "gainsight", name).open("wb") as fh:
        write_csv(fh, table, "utf-8-sig")
    out.record_file(f"{snap.label}/gainsight/{name}", table.num_rows)
    new = rows & (rev.t_customer >= snap.prev_cut)
    out.truth("gainsight", "companies", w.gsid[new], np.flatnonzero(new), None)


def _usage(out: Output, snap: Snapshot, state: dict) -> None:
    w = out.world
    customers = np.flatnonzero(state["customer"])
    rng = snap.period_rng(w, "gs.usage")
    purchased = np.maximum(state["seats"][customers], 1)
    util = np.clip(
        np.random.default_rng([w.seed, 79]).uniform(0.3, 1.0, len(w.companies))[customers]
        + rng.normal(0, 0.05, len(customers)),
        0.05,
        1.1,
    )
    active = np.round(purchased * util).astype(np.int64)
    logins = active * rng.integers(5, 25, len(customers))
    day = datetime.strptime(snap.label, "%Y-%m-%d")
    gsids = w.gsid[customers]
    rows = (
        [str(g), day, int(p), int(a), int(lg)] for g, p, a, lg in zip(gsids, purchased, active, logins, strict=True)
    )
    name = f"gainsight-usage-{snap.label}.xlsx"
    count = write_xlsx(
        out.path(snap, "gainsight", name),
        "License Usage",
        ["Company GSID", "Snapshot Date", "Licenses Purchased", "Active Users", "Logins (30d)"],
        rows,
    )
    out.record_file(f"{snap.label}/gainsight/{name}", count)
    out.truth("gainsight", "usage", np.char.add(gsids.astype(str), "|" + snap.label), customers, None)


def _subscriptions(out: Output, snap: Snapshot) -> None:
    w, rev = out.world, out.world.revenue
    exists, active, end, mrr = rev.sub_state(snap.cut)
    n = len(rev.sub_company)
    rng = snap.period_rng(w, "gs.subscriptions")
    u = rng.random(n)
    payment = np.where(active & (u < 0.04), "overdue", np.where(active & (u < 0.05), "failed", "paid"))
    acc = rev.survivor[rev.sub_company]
    first_id = w.shard.stride(SUBSCRIPTIONS_PER_SHARD) + 1
    numbers = (np.arange(n) + first_id).astype(str)
    sub_ids = np.char.add("SUB-", np.char.zfill(numbers, 7) if n else numbers)  # (zfill fails on no values)
    columns = {
        "Subscription ID": sub_ids,
        "Company GSID": w.gsid[rev.sub_company],
        "SFDC Account ID": np.where(w.links["gs_sfdc"][rev.sub_company], w.ids["account"][np.maximum(acc, 0)], ""),
        "Product": np.array(vocab.PRODUCTS)[rev.sub_product],
        "MRR": mrr,
        "ARR": 12 * mrr,
        "Currency": np.full(n, "JPY"),
        "Start Date": fmt_date(rev.sub_start, SUB_DATE),
        "End Date": fmt_date(end, SUB_DATE),
        "Status": np.where(active, "active", "cancelled"),
        "Payment Status": payment,
        "Modified Date": fmt(np.minimum(np.maximum(rev.sub_start, end - 365 * DAY), snap.cut - 3600), DT),
    }
    table = pa.table(columns).filter(pa.array(exists))
    name = f"gainsight-subscriptions-{snap.label}.csv"
    junk = ['"SUB-BROKEN","1P02"'] if table.num_rows else []
    with out.path(snap, "gainsight", name).open("wb") as fh:
        write_csv(fh, table, "utf-8", junk)
    out.record_file(f"{snap.label}/gainsight/{name}", table.num_rows, len(junk))
    new = exists & (rev.sub_start >= snap.prev_cut)
    out.truth("gainsight", "subscriptions", sub_ids[new], rev.sub_company[new], None)


def export_gainsight(out: Output, snap: Snapshot) -> None:
    state = company_state(out, snap.cut)
    _companies(out, snap, state)
    _usage(out, snap, state)
    _subscriptions(out, snap)
