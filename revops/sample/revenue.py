"""The sales side of the world: accounts (with duplicates), opportunities and their stage history, subscriptions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .clock import DAY, NEVER

STAGES = np.array(
    [
        "Prospecting",
        "Qualification",
        "Needs Analysis",
        "Value Proposition",
        "Id. Decision Makers",
        "Perception Analysis",
        "Proposal/Price Quote",
        "Negotiation/Review",
        "Closed Won",
        "Closed Lost",
    ]
)
PROBABILITY = np.array([10, 10, 20, 50, 60, 70, 75, 90, 100, 0])
FORECAST = np.array(["Pipeline"] * 8 + ["Closed", "Omitted"])
WON, LOST = 8, 9
OPP_TYPES = np.array(["New Business", "Expansion", "Renewal"])
TERM = 365 * DAY
SEAT_PRICE_JPY = 3000


@dataclass
class Revenue:
    t_first: np.ndarray  # per company: first touch
    t_customer: np.ndarray  # per company: first subscription start (NEVER if never)
    owner: np.ndarray  # per company: index of the account owner (a user)
    acc_company: np.ndarray
    acc_created: np.ndarray
    acc_master: np.ndarray  # survivor account index for duplicates, -1 otherwise
    acc_merged_at: np.ndarray
    survivor: np.ndarray  # per company: its main account index, -1 if no account
    opp_company: np.ndarray
    opp_account: np.ndarray
    opp_type: np.ndarray
    opp_created: np.ndarray
    opp_closed_at: np.ndarray
    opp_amount: np.ndarray
    hist_opp: np.ndarray
    hist_stage: np.ndarray
    hist_t: np.ndarray
    sub_company: np.ndarray
    sub_product: np.ndarray
    sub_start: np.ndarray
    sub_end_final: np.ndarray  # start + terms * TERM; a churn if before the world ends
    sub_mrr0: np.ndarray
    world_end: int

    def stage_rows(self, cut: int) -> np.ndarray:
        """Per opportunity: the index of its latest history row before `cut` (-1 if none)."""
        seen = np.bincount(self.hist_opp[self.hist_t < cut], minlength=len(self.opp_company))
        first = np.searchsorted(self.hist_opp, np.arange(len(self.opp_company)))
        return np.where(seen > 0, first + seen - 1, -1)

    def sub_state(self, cut: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per subscription at `cut`: (exists, active, current end date, current MRR)."""
        exists = self.sub_start < cut
        active = exists & (cut < self.sub_end_final)
        terms_done = np.clip((cut - self.sub_start) // TERM, 0, None)
        end = np.where(active, self.sub_start + (terms_done + 1) * TERM, self.sub_end_final)
        term_index = np.where(active, terms_done, np.maximum((self.sub_end_final - self.sub_start) // TERM - 1, 0))
        mrr = np.round(self.sub_mrr0 * 1.05**term_index).astype(np.int64)
        return exists, active, end, mrr


def _paths(rng, created, first, last, final, scale_days):
    """History rows for opportunities walking stages first..last then `final`; returns (opp, stage, t)."""
    lens = last - first + 2
    opp = np.repeat(np.arange(len(created)), lens)
    starts = np.cumsum(lens) - lens  # (empty when no opportunity walks: a small world)
    offset = np.arange(len(opp)) - np.repeat(starts, lens)
    stage = first[opp] + offset
    is_final = offset == lens[opp] - 1
    stage[is_final] = final[opp[is_final]]
    step = (rng.exponential(scale_days, len(opp)) * DAY + 3600).astype(np.int64)
    step[offset == 0] = 0
    csum = np.cumsum(step)
    t = created[opp] + csum - np.repeat(csum[starts], lens)
    return opp, stage, t


def _accounts(rng: np.random.Generator, n: int, start: int, world_end: int, n_users: int) -> tuple:
    """(t_first, owner, t_acc, acc_co, survivor, accounts): when each company appears, its owner, its CRM
    account if it has one (`survivor`: the account's index per company, -1 if none), and the account rows
    (company, created, master, merged_at) with some duplicates, half of them merged later."""
    span = world_end - start
    t_first = start + (rng.random(n) * span).astype(np.int64)
    owner = rng.integers(0, n_users, n)
    t_acc = t_first + (rng.exponential(30, n) * DAY).astype(np.int64)
    has_acc = (rng.random(n) < 0.6) & (t_acc < world_end)
    acc_co = np.flatnonzero(has_acc)
    survivor = np.full(n, -1)
    survivor[acc_co] = np.arange(len(acc_co))
    dup_co = acc_co[rng.random(len(acc_co)) < 0.05]
    dup_created = t_acc[dup_co] + (rng.uniform(10, 200, len(dup_co)) * DAY).astype(np.int64)
    merged = rng.random(len(dup_co)) < 0.5
    merged_at = np.where(merged, dup_created + (rng.uniform(5, 60, len(dup_co)) * DAY).astype(np.int64), NEVER)
    accounts = (
        np.concatenate([acc_co, dup_co]),
        np.concatenate([t_acc[acc_co], dup_created]),
        np.concatenate([np.full(len(acc_co), -1), survivor[dup_co]]),
        np.concatenate([np.full(len(acc_co), NEVER), merged_at]),
    )
    return t_first, owner, t_acc, acc_co, survivor, accounts


def _new_business(rng: np.random.Generator, n: int, t_acc: np.ndarray, acc_co: np.ndarray, world_end: int) -> tuple:
    """New business, one per account: (nb_created, nb_opp, nb_stage, nb_t, t_customer, won_co)."""
    nb_created = t_acc[acc_co] + (rng.uniform(0, 14, len(acc_co)) * DAY).astype(np.int64)
    nb_won = rng.random(len(acc_co)) < 0.45
    first = rng.integers(0, 2, len(acc_co))
    last = np.where(nb_won, 7, first + (rng.random(len(acc_co)) * (8 - first)).astype(np.int64))
    nb_opp, nb_stage, nb_t = _paths(rng, nb_created, first, last, np.where(nb_won, WON, LOST), 8)
    nb_closed = nb_t[np.cumsum(last - first + 2) - 1]
    t_customer = np.full(n, NEVER)
    won_co = acc_co[nb_won & (nb_closed < world_end)]
    t_customer[won_co] = (nb_closed[nb_won & (nb_closed < world_end)] // DAY + 1) * DAY
    return nb_created, nb_opp, nb_stage, nb_t, t_customer, won_co


def _expansions(
    rng: np.random.Generator, won_co: np.ndarray, main_start: np.ndarray, main_end: np.ndarray, world_end: int
) -> tuple:
    """Expansions for some customers; a won one adds an add-on subscription ending with the main one:
    (exp_co, exp_created, ex_opp, ex_stage, ex_t, addon_start, addon_ok, addon_end)."""
    exp_mask = rng.random(len(won_co)) < 0.35
    exp_co = won_co[exp_mask]
    exp_created = main_start[exp_mask] + (rng.uniform(60, 300, len(exp_co)) * DAY).astype(np.int64)
    keep = exp_created < world_end
    exp_co, exp_created, exp_main_end = exp_co[keep], exp_created[keep], main_end[exp_mask][keep]
    exp_won = rng.random(len(exp_co)) < 0.55
    e_first = np.full(len(exp_co), 2)
    e_last = np.where(exp_won, 7, 2 + (rng.random(len(exp_co)) * 6).astype(np.int64))
    ex_opp, ex_stage, ex_t = _paths(rng, exp_created, e_first, e_last, np.where(exp_won, WON, LOST), 6)
    ex_closed = ex_t[np.cumsum(e_last - e_first + 2) - 1]
    addon_start = (ex_closed // DAY + 1) * DAY
    addon_ok = exp_won & (addon_start < exp_main_end) & (ex_closed < world_end)
    addon_terms = np.ceil((exp_main_end - addon_start) / TERM).astype(np.int64)
    addon_end = addon_start + np.maximum(addon_terms, 1) * TERM
    return exp_co, exp_created, ex_opp, ex_stage, ex_t, addon_start, addon_ok, addon_end


def _renewals(won_co: np.ndarray, terms: np.ndarray, main_start: np.ndarray, world_end: int) -> tuple:
    """Renewal opportunities, opened 60 days before each term end, won unless the customer churns then:
    (rn_sub, rn_k, rn_created, rn_opp, rn_stage, rn_t)."""
    k_max = np.minimum(terms, np.maximum((world_end + 60 * DAY - main_start) // TERM, 0))
    rn_sub = np.repeat(np.arange(len(won_co)), k_max)
    rn_k = np.arange(len(rn_sub)) - np.repeat(np.cumsum(k_max) - k_max, k_max) + 1
    rn_end = main_start[rn_sub] + rn_k * TERM
    rn_created = rn_end - 60 * DAY
    rn_won = rn_k < terms[rn_sub]
    rn_opp = np.repeat(np.arange(len(rn_sub)), 3)
    rn_stage = np.tile([6, 7, WON], len(rn_sub))
    rn_stage[2::3] = np.where(rn_won, WON, LOST)
    rn_t = np.stack([rn_created, rn_created + 30 * DAY, rn_end - 3 * DAY], axis=1).ravel()
    return rn_sub, rn_k, rn_created, rn_opp, rn_stage, rn_t


def make_revenue(rng: np.random.Generator, n: int, start: int, world_end: int, n_users: int) -> Revenue:
    t_first, owner, t_acc, acc_co, survivor, accounts = _accounts(rng, n, start, world_end, n_users)
    acc_company, acc_created, acc_master, acc_merged_at = accounts
    seats = np.clip(rng.lognormal(3.0, 1.0, n), 3, 2000).astype(np.int64)
    mrr0 = seats * SEAT_PRICE_JPY
    nb_created, nb_opp, nb_stage, nb_t, t_customer, won_co = _new_business(rng, n, t_acc, acc_co, world_end)
    # Main subscriptions, renewed yearly until they churn.
    terms = rng.geometric(0.15, len(won_co))
    main_start = t_customer[won_co]
    main_end = main_start + terms * TERM
    expansions = _expansions(rng, won_co, main_start, main_end, world_end)
    exp_co, exp_created, ex_opp, ex_stage, ex_t, addon_start, addon_ok, addon_end = expansions
    rn_sub, rn_k, rn_created, rn_opp, rn_stage, rn_t = _renewals(won_co, terms, main_start, world_end)

    n_nb, n_ex = len(acc_co), len(exp_co)
    opp_company = np.concatenate([acc_co, exp_co, won_co[rn_sub]])
    opp_amount = np.concatenate(
        [
            12 * mrr0[acc_co],
            12 * np.round(0.3 * mrr0[exp_co]).astype(np.int64),
            12 * np.round(mrr0[won_co[rn_sub]] * 1.05**rn_k).astype(np.int64),
        ]
    )
    hist_opp = np.concatenate([nb_opp, ex_opp + n_nb, rn_opp + n_nb + n_ex])
    hist_t = np.concatenate([nb_t, ex_t, rn_t])
    closed_at = np.full(len(opp_company), NEVER)
    if len(hist_opp):  # a small world (or part) may have no opportunity at all
        last_rows = np.concatenate([np.flatnonzero(np.diff(hist_opp)), [len(hist_opp) - 1]])
        closed_at[hist_opp[last_rows]] = hist_t[last_rows]
    sub_company = np.concatenate([won_co, exp_co[addon_ok]])
    return Revenue(
        t_first=t_first,
        t_customer=t_customer,
        owner=owner,
        acc_company=acc_company,
        acc_created=acc_created,
        acc_master=acc_master,
        acc_merged_at=acc_merged_at,
        survivor=survivor,
        opp_company=opp_company,
        opp_account=survivor[opp_company],
        opp_type=np.concatenate([np.zeros(n_nb, int), np.ones(n_ex, int), np.full(len(rn_sub), 2)]),
        opp_created=np.concatenate([nb_created, exp_created, rn_created]),
        opp_closed_at=closed_at,
        opp_amount=opp_amount,
        hist_opp=hist_opp,
        hist_stage=np.concatenate([nb_stage, ex_stage, rn_stage]),
        hist_t=hist_t,
        sub_company=sub_company,
        sub_product=np.concatenate([np.zeros(len(won_co), int), np.ones(int(addon_ok.sum()), int)]),
        sub_start=np.concatenate([main_start, addon_start[addon_ok]]),
        sub_end_final=np.concatenate([main_end, addon_end[addon_ok]]),
        sub_mrr0=np.concatenate([mrr0[won_co], np.round(0.3 * mrr0[exp_co[addon_ok]]).astype(np.int64)]),
        world_end=world_end,
    )
