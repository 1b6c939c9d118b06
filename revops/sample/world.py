"""The whole true world, built once from the seed; exporters read snapshots of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from . import vocab
from .clock import DAY, HISTORY_DAYS, to_seconds
from .companies import N_VARIANTS, Companies, make_companies
from .people import People, make_people
from .revenue import Revenue, make_revenue
from .sfid import make_ids
from .support import Tickets, make_tickets
from .taken import WorldNames

STREAMS = {"companies": 1, "revenue": 2, "people": 3, "tickets": 4, "users": 5, "links": 6}
SHARD_COMPANIES = 100_000  # a larger world is built and written this many companies at a time
SALESFORCE_SHARD_STRIDE = 62**4  # ids of one object per shard (14.8M) before the next shard's start


def stream(seed: int, name: str, *extra: int) -> np.random.Generator:
    """An independent random stream per purpose, so one part changing does not shift the others."""
    return np.random.default_rng([seed, STREAMS.get(name, sum(map(ord, name))), *extra])


@dataclass(frozen=True)
class Shard:
    """One part of a world built a part at a time, and where its ids start: the first part's are the world's
    own, so a world of up to SHARD_COMPANIES companies is the same whether or not it is sharded."""

    index: int = 0
    first_company: int = 0  # companies (and people) of the parts before this one
    first_person: int = 0
    companies_in_world: int = 0  # every part's users, agents and campaigns are the whole world's

    def seed(self, seed: int) -> int:
        """The random seed of this part's records (the world's seed for the first part)."""
        return seed if self.index == 0 else seed * 1_000_003 + self.index

    def stride(self, per_part: int) -> int:
        """Where this part's ids of a kind start when a part holds fewer than `per_part` of them."""
        return self.index * per_part


@dataclass
class World:
    seed: int
    start: int
    end: int
    companies: Companies
    names: pa.Array  # all name variants, variant-major (see noise.company_names)
    revenue: Revenue
    people: People
    tickets: Tickets
    users: dict[str, np.ndarray]
    ids: dict[str, np.ndarray]
    links: dict[str, np.ndarray]  # which cross-system references are filled in
    gsid: np.ndarray
    campaign_start: np.ndarray
    campaign_type: np.ndarray
    shard: Shard


def _gsids(rng: np.random.Generator, n: int) -> np.ndarray:
    alphabet = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)
    chars = np.empty((n, 36), dtype=np.uint8)
    chars[:, :4] = np.frombuffer(b"1P02", dtype=np.uint8)
    chars[:, 4:] = alphabet[rng.integers(0, 36, (n, 32))]
    return chars.view("S36").ravel().astype("U36")


def _salesforce_ids(
    n_users: int, revenue: Revenue, n_people: int, n_campaigns: int, shard: Shard
) -> dict[str, np.ndarray]:
    """The Salesforce ids of every object, each from its own key prefix and starting point; users and campaigns
    are the whole world's, the others start where the shard's part of the id range does."""
    part = shard.stride(SALESFORCE_SHARD_STRIDE)
    return {
        "user": make_ids("005", 62**5 * 2 + 101, n_users),
        "account": make_ids("001", 62**5 * 7 + 1234 + part, len(revenue.acc_company)),
        "contact": make_ids("003", 62**5 * 5 + 77 + part, n_people),
        "lead": make_ids("00Q", 62**5 * 9 + 55 + part, n_people),
        "opportunity": make_ids("006", 62**5 * 4 + 9 + part, len(revenue.opp_company)),
        "history": make_ids("008", 62**5 * 3 + 3 + part, len(revenue.hist_opp)),
        "member": make_ids("00v", 62**5 * 6 + 1 + part, n_people),
        "campaign": make_ids("701", 62**5 * 8 + 5, n_campaigns),
    }


def build_world(seed: int, n: int, as_of: date, shard: Shard = Shard(), taken: WorldNames | None = None) -> World:
    """The world of `n` companies, or one part of a larger world (`shard`, with the names and addresses the
    parts before it took, which `taken` collects)."""
    end = to_seconds(as_of)
    start = end - HISTORY_DAYS * DAY
    world_seed, taken = shard.seed(seed), taken or WorldNames()
    companies = make_companies(stream(world_seed, "companies"), n, taken.names, taken.domains, shard.first_company)
    n_users = int(min(300, max(6, max(n, shard.companies_in_world) // 100)))
    revenue = make_revenue(stream(world_seed, "revenue"), n, start, end, n_users)
    unmerged_dup = np.full(n, -1)
    dup_rows = np.flatnonzero((revenue.acc_master >= 0) & (revenue.acc_merged_at >= end))
    unmerged_dup[revenue.acc_company[dup_rows]] = dup_rows
    people = make_people(stream(world_seed, "people"), companies, revenue, unmerged_dup, taken, shard.first_person)
    counts = np.bincount(people.company, minlength=n)
    offsets = np.cumsum(counts) - counts
    n_agents = max(3, n_users // 3)
    tickets = make_tickets(stream(world_seed, "tickets"), revenue, offsets, counts, n_agents)
    urng = stream(seed, "users")
    users = {
        "last": np.array(vocab.JP_LAST)[urng.integers(0, 25, n_users)],
        "first": np.array(vocab.JP_FIRST)[urng.integers(0, 25, n_users)],
        "created": start - (urng.uniform(30, 400, n_users) * DAY).astype(np.int64),
    }
    lrng = stream(world_seed, "links")
    n_people = len(people)
    n_campaigns = HISTORY_DAYS // 30 * len(vocab.CAMPAIGN_TYPES)
    ids = _salesforce_ids(n_users, revenue, n_people, n_campaigns, shard)
    links = {
        "gs_sfdc": lrng.random(n) < 0.8,  # Gainsight company carries the SFDC Account ID
        "hs_sfdc": lrng.random(n) < 0.7,  # HubSpot company carries the Salesforce Account ID
        "zd_external": lrng.random(n) < 0.7,  # Zendesk organization external_id = Salesforce account id
        "hs_contact_sf": lrng.random(n_people) < 0.75,  # HubSpot contact carries its Salesforce id
        "hs_company": lrng.random(n) < 0.9,  # company exists in HubSpot
        "hs_deal": lrng.random(len(revenue.opp_company)) < 0.6,  # opportunity mirrored as a HubSpot deal
        "hs_deal_sf": lrng.random(len(revenue.opp_company)) < 0.8,
        "campaign_member": lrng.random(n_people) < 0.5,
        "hs_owner": np.where(lrng.random(n) < 0.15, lrng.integers(0, n_users, n), revenue.owner),
        "csm": lrng.integers(0, n_users, n),
    }
    names = pa.concat_arrays([pa.array(companies.variants[k]) for k in range(N_VARIANTS)])
    return World(
        seed=world_seed,
        start=start,
        end=end,
        companies=companies,
        names=names,
        revenue=revenue,
        people=people,
        tickets=tickets,
        users=users,
        ids=ids,
        links=links,
        gsid=_gsids(lrng, n),
        campaign_start=start + np.repeat(np.arange(n_campaigns // 4), 4) * 30 * DAY,
        campaign_type=np.tile(np.arange(4), n_campaigns // 4),
        shard=shard,
    )
