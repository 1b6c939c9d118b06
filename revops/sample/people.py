"""The true people of the world: names, emails, phones, their funnel dates and which systems know them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from revops import facts

from . import vocab
from .clock import DAY, NEVER

if TYPE_CHECKING:
    from .companies import Companies
    from .revenue import Revenue
    from .taken import WorldNames

# the funnel's stages in order (var revops_lifecycle_stages), without "other", which has no stage dates
LIFECYCLE = np.array([stage for stage in facts.lifecycle_stages() if stage != "other"])


@dataclass
class People:
    person_id: pa.Array
    company: np.ndarray  # company index
    is_jp: np.ndarray
    first_name: pa.Array
    last_name: pa.Array
    email: pa.Array  # the person's true, canonical (lower-case) address
    is_free_mail: np.ndarray
    is_generic: np.ndarray
    phone_area: np.ndarray
    phone_local: np.ndarray  # 8 digits
    title: pa.Array
    created: np.ndarray
    stage_dates: np.ndarray  # (people, 7): when each lifecycle stage was reached, NEVER if not
    is_other: np.ndarray  # lifecycle "other": no stage dates
    in_hubspot: np.ndarray
    hs_deleted: np.ndarray
    lead_created: np.ndarray  # NEVER when the person is not a Salesforce lead
    lead_converted: np.ndarray
    lead_deleted: np.ndarray
    contact_created: np.ndarray  # NEVER when the person is not a Salesforce contact
    contact_deleted: np.ndarray
    contact_account: np.ndarray  # account index

    def __len__(self) -> int:
        return len(self.company)

    def stage_at(self, cut: int) -> np.ndarray:
        """Index into LIFECYCLE of each person's stage at `cut` (-1 before they exist)."""
        return (self.stage_dates < cut).sum(axis=1) - 1


def _take(words: list[str], idx: np.ndarray) -> pa.Array:
    return pa.array(words).take(pa.array(idx))


def first_occurrence(values: pa.Array) -> np.ndarray:
    """True where a value is seen for the first time (vectorised duplicate check)."""
    codes = pc.dictionary_encode(values).indices.to_numpy()
    first = np.full(codes.max() + 1, len(codes))
    np.minimum.at(first, codes, np.arange(len(codes)))
    return first[codes] == np.arange(len(codes))


def _names(rng: np.random.Generator, companies: Companies, company: np.ndarray) -> tuple:
    """(is_jp, first, last, romanised first, romanised last) of each person."""
    n = len(company)
    is_jp = companies.is_jp[company] ^ (rng.random(n) < 0.1)
    li = rng.integers(0, 25, n)
    fi = rng.integers(0, 25, n)
    last = pc.if_else(pa.array(is_jp), _take([w[0] for w in vocab.JP_LAST], li), _take(vocab.WEST_LAST, li))
    first = pc.if_else(pa.array(is_jp), _take([w[0] for w in vocab.JP_FIRST], fi), _take(vocab.WEST_FIRST, fi))
    r_last = pc.if_else(
        pa.array(is_jp), _take([w[1] for w in vocab.JP_LAST], li), pc.utf8_lower(_take(vocab.WEST_LAST, li))
    )
    r_first = pc.if_else(
        pa.array(is_jp), _take([w[1] for w in vocab.JP_FIRST], fi), pc.utf8_lower(_take(vocab.WEST_FIRST, fi))
    )
    return is_jp, first, last, r_first, r_last


def _emails(
    rng: np.random.Generator,
    companies: Companies,
    company: np.ndarray,
    names: tuple[pa.Array, pa.Array],
    taken: pa.Array,
) -> tuple:
    """(email, is_free, is_generic): a company address built from the (romanised first, last) name, a free-mail
    one or a team mailbox; people sharing a name at one company, or a free-mail address with each other or with
    `taken` (earlier parts of the world), get numbered addresses."""
    r_first, r_last = names
    n = len(company)
    initial = pc.utf8_slice_codeunits(r_first, 0, 1)
    local = pc.choose(
        pa.array(rng.integers(0, 4, n).astype(np.int8)),
        pc.binary_join_element_wise(r_first, r_last, "."),
        pc.binary_join_element_wise(initial, r_last, ""),
        pc.binary_join_element_wise(r_first, r_last, "_"),
        pc.binary_join_element_wise(r_last, r_first, "."),
    )
    domain = pa.array(companies.domain).take(pa.array(company))
    kind = rng.random(n)
    is_free = kind < 0.07
    is_generic = (kind >= 0.07) & (kind < 0.10)
    free_domain = _take(vocab.FREE_MAIL, rng.integers(0, len(vocab.FREE_MAIL), n))
    number = pc.cast(pa.array(rng.integers(1, 99, n)), pa.string())
    local = pc.if_else(pa.array(is_free), pc.binary_join_element_wise(local, number, ""), local)
    local = pc.if_else(pa.array(is_generic), _take(vocab.GENERIC_LOCALS, rng.integers(0, 4, n)), local)
    email = pc.binary_join_element_wise(local, pc.if_else(pa.array(is_free), free_domain, domain), "@")
    for attempt in range(2, 30):
        taken_before = is_free & pc.is_in(email, taken).to_numpy(zero_copy_only=False)
        dup = (~first_occurrence(email) | taken_before) & ~is_generic
        if not dup.any():
            break
        at = pc.split_pattern(email, "@")
        fixed = pc.binary_join_element_wise(
            pc.binary_join_element_wise(pc.list_element(at, 0), str(attempt), ""), pc.list_element(at, 1), "@"
        )
        email = pc.if_else(pa.array(dup), fixed, email)
    return email, is_free, is_generic


def _funnel(rng: np.random.Generator, revenue: Revenue, company: np.ndarray, created: np.ndarray, n_co: int) -> tuple:
    """(stage dates, has_account, in_deal, is_other): each person reaches a highest stage; dates follow one
    another. Columns: subscriber, lead, MQL, SQL, opportunity, customer, evangelist."""
    n = len(company)
    top = np.searchsorted([0.25, 0.55, 0.75], rng.random(n), side="right")  # 0 subscriber .. 3 SQL
    dates = np.full((n, 7), NEVER)
    dates[:, 0] = created
    dates[:, 1] = created + (rng.exponential(5, n) * DAY).astype(np.int64)
    dates[:, 2] = dates[:, 1] + (rng.exponential(20, n) * DAY).astype(np.int64)
    dates[:, 3] = dates[:, 2] + (rng.exponential(20, n) * DAY).astype(np.int64)
    for k in (1, 2, 3):
        dates[top < k, k] = NEVER
    has_account = revenue.survivor[company] >= 0
    nb_created = np.full(n_co, NEVER)
    nb_mask = revenue.opp_type == 0
    nb_created[revenue.opp_company[nb_mask]] = revenue.opp_created[nb_mask]
    in_deal = has_account & ((top >= 3) | (rng.random(n) < 0.3))
    dates[:, 4] = np.where(in_deal, np.maximum(np.maximum(dates[:, 1], created), nb_created[company]), NEVER)
    dates[in_deal & (dates[:, 3] == NEVER), 3] = np.minimum(dates[in_deal & (dates[:, 3] == NEVER), 4], NEVER - 1)
    dates[:, 2] = np.where((dates[:, 3] < NEVER) & (dates[:, 2] == NEVER), dates[:, 3], dates[:, 2])
    dates[:, 1] = np.where((dates[:, 2] < NEVER) & (dates[:, 1] == NEVER), dates[:, 2], dates[:, 1])
    t_cust = revenue.t_customer[company]
    is_cust = (dates[:, 4] < NEVER) & (t_cust < NEVER) & (rng.random(n) < 0.7)
    dates[:, 5] = np.where(is_cust, np.maximum(dates[:, 4], t_cust) + DAY, NEVER)
    evangelist = is_cust & (rng.random(n) < 0.08)
    dates[:, 6] = np.where(evangelist, dates[:, 5] + (rng.exponential(60, n) * DAY).astype(np.int64), NEVER)
    dates = np.maximum.accumulate(dates, axis=1)  # never out of order
    is_other = rng.random(n) < 0.02
    dates[is_other, 1:] = NEVER
    return dates, has_account, in_deal, is_other


def _later(rng: np.random.Generator, when: np.ndarray, low: float, high: float) -> np.ndarray:
    """`when` plus a uniform number of days in [low, high)."""
    return when + (rng.uniform(low, high, len(when)) * DAY).astype(np.int64)


def _salesforce_records(
    rng: np.random.Generator,
    revenue: Revenue,
    company: np.ndarray,
    created: np.ndarray,
    dates: np.ndarray,
    has_account: np.ndarray,
    in_deal: np.ndarray,
    n_accounts_dup_of: np.ndarray,
) -> dict[str, np.ndarray]:
    """Salesforce: MQLs become leads; people in a deal at an account become contacts (converting their lead)."""
    n = len(company)
    is_lead = (dates[:, 2] < NEVER) & (rng.random(n) < 0.8)
    lead_created = np.where(is_lead, dates[:, 2] + 3600, NEVER)
    converted_at = np.where(
        is_lead & in_deal & (dates[:, 4] < NEVER), np.maximum(dates[:, 4], lead_created) + 7200, NEVER
    )
    # (survivor -1: no account, which takes the NEVER appended; a tiny world may have no account at all)
    acc_created = np.where(has_account, np.append(revenue.acc_created, NEVER)[revenue.survivor[company]], NEVER)
    plain_contact = has_account & ~is_lead & (rng.random(n) < 0.6)
    contact_created = np.where(
        converted_at < NEVER,
        converted_at,
        np.where(plain_contact, _later(rng, np.maximum(acc_created, created), 0, 10), NEVER),
    )
    lead_deleted = np.where(
        is_lead & (converted_at == NEVER) & (rng.random(n) < 0.03), _later(rng, lead_created, 5, 300), NEVER
    )
    contact_deleted = np.where(
        (contact_created < NEVER) & (rng.random(n) < 0.01), _later(rng, contact_created, 5, 300), NEVER
    )
    contact_account = np.maximum(revenue.survivor[company], 0)
    dup_of = n_accounts_dup_of[company]  # an unmerged duplicate account of the company, -1 if none
    to_dup = (dup_of >= 0) & (rng.random(n) < 0.3)
    contact_account = np.where(to_dup, dup_of, contact_account)
    contact_created = np.where(
        to_dup, np.maximum(contact_created, revenue.acc_created[np.maximum(dup_of, 0)]), contact_created
    )
    return {
        "lead_created": lead_created,
        "lead_converted": converted_at,
        "lead_deleted": lead_deleted,
        "contact_created": contact_created,
        "contact_deleted": contact_deleted,
        "contact_account": contact_account,
    }


def make_people(
    rng: np.random.Generator,
    companies: Companies,
    revenue: Revenue,
    n_accounts_dup_of: np.ndarray,
    taken: WorldNames,
    first_person: int = 0,
) -> People:
    """The people of `companies`, ids counting on from `first_person`; their free-mail addresses join `taken`."""
    n_co = len(companies)
    per_company = 1 + rng.poisson(9, n_co)
    company = np.repeat(np.arange(n_co), per_company)
    n = len(company)
    is_jp, first, last, r_first, r_last = _names(rng, companies, company)
    email, is_free, is_generic = _emails(rng, companies, company, (r_first, r_last), taken.free_mail_taken())
    taken.free_mail.append(email.filter(pa.array(is_free)))
    created = revenue.t_first[company] + (rng.exponential(90, n) * DAY).astype(np.int64)
    dates, has_account, in_deal, is_other = _funnel(rng, revenue, company, created, n_co)
    in_hubspot = rng.random(n) < 0.85
    hs_deleted = np.where(rng.random(n) < 0.02, _later(rng, created, 10, 500), NEVER)
    salesforce = _salesforce_records(rng, revenue, company, created, dates, has_account, in_deal, n_accounts_dup_of)
    titles = pc.if_else(
        pa.array(is_jp),
        _take(vocab.JP_TITLES, rng.integers(0, len(vocab.JP_TITLES), n)),
        _take(vocab.EN_TITLES, rng.integers(0, len(vocab.EN_TITLES), n)),
    )
    is_jp_phone = companies.is_jp[company]
    numbers = pc.cast(pa.array(np.arange(first_person + 1, first_person + n + 1)), pa.string())
    return People(
        person_id=pc.binary_join_element_wise("P", pc.utf8_lpad(numbers, 8, "0"), ""),
        company=company,
        is_jp=is_jp,
        first_name=first,
        last_name=last,
        email=email,
        is_free_mail=is_free,
        is_generic=is_generic,
        phone_area=np.where(
            is_jp_phone,
            rng.integers(0, len(vocab.JP_AREA), n),
            len(vocab.JP_AREA) + rng.integers(0, len(vocab.US_AREA), n),
        ),
        phone_local=rng.integers(10_000_000, 99_999_999, n),
        title=titles,
        created=created,
        stage_dates=dates,
        is_other=is_other,
        in_hubspot=in_hubspot,
        hs_deleted=hs_deleted,
        **salesforce,
    )
