"""Person identity: every person-level source record (contacts, leads, users) → one person.

Ladder: 1. explicit references (HubSpot's Salesforce contact/lead id, a converted lead's contact);
2. normalised email (trim, NFKC, case), except generic mailboxes (info@, sales@ …) which name a team;
3. the same account and the same name (order-insensitive), never across two different email addresses
   (two people may share a name; a shared info@ mailbox and a personal address are two people).
A record with no company link takes the account whose corporate domain its email carries.
Guards: the name rule never joins two different addresses; maximum cluster size.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd
import pyarrow as pa

from ingest.identity import normalize as norm
from ingest.identity.clusters import GuardedClusters
from ingest.identity.ladder import (
    Links,
    anchors,
    column_lists,
    link_groups,
    rows_to_table,
    stable_id,
    without_cyclic_gc,
)

SYSTEM_PRIORITY = {"salesforce": 0, "hubspot": 1, "zendesk": 2, "gainsight": 3}
RECORD_COLUMNS = [
    "source_system",
    "source_object",
    "source_record_id",
    "email",
    "first_name",
    "last_name",
    "full_name",
    "account_id",
    "reference_system",
    "reference_object",
    "reference_record_id",
    "first_seen_date",
]
OUTPUT_COLUMNS = [
    "source_system",
    "source_object",
    "source_record_id",
    "person_id",
    "account_id",
    "match_rule",
    "match_score",
    "match_evidence",
    "normalized_email",
    "is_generic_mailbox",
    "guard_note",
]


@without_cyclic_gc
def resolve_people(
    records: pd.DataFrame | pa.Table,
    generic_mailboxes: frozenset[str],
    excluded_domains: frozenset[str] = frozenset(),
    account_by_domain: dict[str, str] | None = None,
    max_cluster_size: int = 50,
) -> pa.Table:
    """One row per input record with its person_id and account_id, and the rule that placed it.

    `records` columns: source_system, source_object, source_record_id, email, first_name, last_name,
    full_name, account_id (already resolved from the record's company link), reference_system,
    reference_object, reference_record_id, first_seen_date.
    A person whose records carry no account gets `account_by_domain[<corporate domain of an email>]`.
    """
    cols = column_lists(records, RECORD_COLUMNS)
    n = len(cols["source_system"])
    keys = list(zip(cols["source_system"], cols["source_object"], cols["source_record_id"], strict=True))
    position = {key: i for i, key in enumerate(keys)}
    emails = [norm.email_key(v) for v in cols["email"]]
    generic = [bool(e) and norm.is_generic_mailbox(e, generic_mailboxes) for e in emails]
    personal = [None if g else e for e, g in zip(emails, generic, strict=True)]
    accounts = [a if isinstance(a, str) and a else None for a in cols["account_id"]]
    if account_by_domain:  # no company link: the account whose corporate domain the email carries
        for i, email in enumerate(emails):
            if accounts[i] is None and email:
                accounts[i] = account_by_domain.get(norm.registrable_domain(email, excluded_domains) or "")
    name_keys = [
        norm.person_name_keys(first, last, full)
        for first, last, full in zip(cols["first_name"], cols["last_name"], cols["full_name"], strict=True)
    ]

    clusters = GuardedClusters(n, guarded=("email",), max_cluster_size=max_cluster_size)
    for i in range(n):
        clusters.set_identifier(i, "email", personal[i])
        clusters.set_identifier(i, "mailbox", emails[i])  # shared mailboxes too: guards the name rule
    links = Links()

    refs = zip(cols["reference_system"], cols["reference_object"], cols["reference_record_id"], strict=True)
    for i, (system, obj, record_id) in enumerate(refs):
        target = position.get((system, obj, record_id)) if record_id else None
        if target is not None and target != i and clusters.union(i, target, "explicit_reference", ()):
            links.add(i, "explicit_reference", 1.0, f"reference {system}/{obj}/{record_id}")
            links.add(target, "explicit_reference", 1.0, f"referenced by {'/'.join(keys[i])}")

    link_groups(clusters, links, personal, "email", "email", ())

    # account + name: one key per (account, name-order) pair; a record may carry two orders.
    account_name: dict[str, list[int]] = defaultdict(list)
    for i in range(n):
        if accounts[i]:
            for key in name_keys[i]:
                account_name[f"{accounts[i]}|{key}"].append(i)
    for key, members in account_name.items():
        head = members[0]
        for other in members[1:]:
            if clusters.union(head, other, "account_and_name", ("email", "mailbox")):
                evidence = f"account and name {key.split('|', 1)[1]}"
                links.add(head, "account_and_name", 1.0, evidence)
                links.add(other, "account_and_name", 1.0, evidence)

    resolvable = [i for i in range(n) if personal[i] or name_keys[i] or emails[i] or i in links.best]
    first_seen = ["" if v is None else str(v) for v in cols["first_seen_date"]]
    order = [(first_seen[i], SYSTEM_PRIORITY.get(keys[i][0], 9), keys[i][1], keys[i][2]) for i in range(n)]
    anchor_of = anchors(clusters, order, resolvable)
    cluster_accounts: dict[int, Counter] = defaultdict(Counter)
    for i in resolvable:
        if accounts[i]:
            cluster_accounts[clusters.find(i)][accounts[i]] += 1
    notes: dict[int, list[str]] = defaultdict(list)
    for refusal in clusters.refusals:
        for i in (refusal.left, refusal.right):
            notes[i].append(f"{refusal.rule} merge refused: {refusal.reason}")

    rows = []
    resolvable_set = set(resolvable)
    for i in range(n):
        if i in resolvable_set:
            root = clusters.find(i)
            person_id = stable_id("per", *keys[anchor_of[root]])
            counts = cluster_accounts.get(root)
            account_id = (
                min(counts, key=lambda a: (-counts[a], a)) if counts else None
            )  # the account most of its records point at
            _, rule, score, evidence = links.best.get(i, (9, "singleton", 1.0, "no other record matched"))
        else:
            person_id, account_id, rule, score = None, None, "unresolved", 0.0
            evidence = "no usable identifier (email or name)"
        rows.append(
            (
                *keys[i],
                person_id,
                account_id,
                rule,
                score,
                evidence,
                emails[i],
                generic[i],
                "; ".join(dict.fromkeys(notes.get(i, []))) or None,
            )
        )
    return rows_to_table(rows, OUTPUT_COLUMNS)
