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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ingest.identity import normalize as norm
from ingest.identity.ladder import (
    Links,
    column_lists,
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


def _email_keys(values: pa.Array) -> tuple[list[str | None], list[bool]]:
    """Vectorised `normalize.email_key` and generic-mailbox flags (the per-row Python version was the
    bottleneck at a million records)."""
    text = pc.utf8_lower(pc.utf8_normalize(pc.cast(values, pa.string()), "NFKC"))
    text = pc.replace_substring_regex(pc.utf8_trim_whitespace(text), r"\s", "")
    parts = pc.split_pattern(text, "@")
    local = pc.list_element(pc.if_else(pc.equal(pc.list_value_length(parts), 2), parts, pa.scalar(["", ""])), 0)
    domain = pc.list_element(pc.if_else(pc.equal(pc.list_value_length(parts), 2), parts, pa.scalar(["", ""])), 1)
    valid = pc.and_(
        pc.and_(pc.not_equal(local, ""), pc.match_substring(domain, ".")),
        pc.invert(pc.is_in(local, value_set=pa.array(sorted(norm.PLACEHOLDERS)))),
    )
    emails = pc.if_else(pc.fill_null(valid, False), text, pa.scalar(None, pa.string())).to_pylist()
    return emails, local.to_pylist()


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

    Stage one (references and shared personal emails, which no guard restrains) is a connected-components
    pass over integer edges (scipy); the guarded name rule then runs only over the few name groups that
    span several stage-one clusters. Time grows linearly with the records.
    """
    table = records if isinstance(records, pa.Table) else pa.Table.from_pandas(records, preserve_index=False)
    cols = column_lists(table, [c for c in RECORD_COLUMNS if c != "email"])
    n = len(cols["source_system"])
    keys = list(zip(cols["source_system"], cols["source_object"], cols["source_record_id"], strict=True))
    email_values = table.column("email") if "email" in table.column_names else pa.nulls(n, pa.string())
    emails, locals_ = _email_keys(email_values)
    generic = [
        bool(e) and (local in generic_mailboxes or local.split("+", 1)[0] in generic_mailboxes)
        for e, local in zip(emails, locals_, strict=True)
    ]
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
    links = Links()
    notes: dict[int, list[str]] = defaultdict(list)

    # Stage one: explicit references and shared personal emails -> connected components.
    position = {key: i for i, key in enumerate(keys)}
    sources, targets = [], []
    refs = zip(cols["reference_system"], cols["reference_object"], cols["reference_record_id"], strict=True)
    for i, (system, obj, record_id) in enumerate(refs):
        target = position.get((system, obj, record_id)) if record_id else None
        if target is not None and target != i:
            sources.append(i)
            targets.append(target)
            links.add(i, "explicit_reference", 1.0, f"reference {system}/{obj}/{record_id}")
            links.add(target, "explicit_reference", 1.0, f"referenced by {'/'.join(keys[i])}")
    first_with_email: dict[str, int] = {}
    email_group_size: Counter = Counter(e for e in personal if e)
    for i, email in enumerate(personal):
        if email and email_group_size[email] > 1:
            head = first_with_email.setdefault(email, i)
            links.add(i, "email", 1.0, f"email {email}")
            if head != i:
                sources.append(i)
                targets.append(head)
    graph = coo_matrix((np.ones(len(sources), dtype=np.int8), (sources, targets)), shape=(n, n))
    _, stage_one = connected_components(graph, directed=False)
    component = stage_one.tolist()

    # Over-merge guard: a stage-one cluster above the size limit keeps only its email groups.
    sizes = Counter(component)
    oversized = {c for c, size in sizes.items() if size > max_cluster_size}
    if oversized:
        next_label = max(component) + 1
        regroup: dict[tuple[int, str | int], int] = {}
        for i, c in enumerate(component):
            if c in oversized:
                key = (c, personal[i] or -i - 1)
                if key not in regroup:
                    regroup[key], next_label = next_label, next_label + 1
                component[i] = regroup[key]
                notes[i].append(f"merge refused: cluster would exceed {max_cluster_size} records")

    # Stage two: same account and name, never across two different addresses (guarded, sequential).
    email_of: dict[int, str] = {}
    mailbox_of: dict[int, str] = {}
    for i in range(n):
        if personal[i]:
            email_of.setdefault(component[i], personal[i])
        if emails[i]:
            mailbox_of.setdefault(component[i], emails[i])
    groups: dict[str, list[int]] = defaultdict(list)
    for i in range(n):
        if accounts[i]:
            for key in name_keys[i]:
                groups[f"{accounts[i]}|{key}"].append(i)
    parent: dict[int, int] = {}
    members: Counter = Counter(component)

    def find(c: int) -> int:
        while parent.get(c, c) != c:
            parent[c] = parent.get(parent[c], parent[c])
            c = parent[c]
        return c

    for key, group in groups.items():
        if len(group) < 2:
            continue
        evidence = f"account and name {key.split('|', 1)[1]}"
        head = group[0]
        for other in group[1:]:
            a, b = find(component[head]), find(component[other])
            if a == b:
                links.add(head, "account_and_name", 1.0, evidence)
                links.add(other, "account_and_name", 1.0, evidence)
                continue
            reason = None
            for label, values in (("email", email_of), ("mailbox", mailbox_of)):
                x, y = values.get(a), values.get(b)
                if x and y and x != y:
                    reason = f"different {label}: {x} / {y}"
                    break
            if reason is None and members[a] + members[b] > max_cluster_size:
                reason = f"cluster would exceed {max_cluster_size} records"
            if reason:
                notes[head].append(f"account_and_name merge refused: {reason}")
                notes[other].append(f"account_and_name merge refused: {reason}")
                continue
            if members[a] < members[b]:
                a, b = b, a
            parent[b] = a
            members[a] += members[b]
            for values in (email_of, mailbox_of):
                if a not in values and b in values:
                    values[a] = values[b]
            links.add(head, "account_and_name", 1.0, evidence)
            links.add(other, "account_and_name", 1.0, evidence)

    final = [find(c) for c in component]
    resolvable = [i for i in range(n) if personal[i] or name_keys[i] or emails[i] or i in links.best]
    first_seen = ["" if v is None else str(v) for v in cols["first_seen_date"]]
    anchor_of: dict[int, int] = {}
    cluster_accounts: dict[int, Counter] = defaultdict(Counter)
    for i in resolvable:
        label = final[i]
        order = (first_seen[i], SYSTEM_PRIORITY.get(keys[i][0], 9), keys[i][1], keys[i][2])
        best = anchor_of.get(label)
        if best is None or order < (first_seen[best], SYSTEM_PRIORITY.get(keys[best][0], 9), *keys[best][1:]):
            anchor_of[label] = i
        if accounts[i]:
            cluster_accounts[label][accounts[i]] += 1
    person_of = {label: stable_id("per", *keys[anchor]) for label, anchor in anchor_of.items()}
    account_of = {
        label: min(counts, key=lambda a: (-counts[a], a))  # the account most of its records point at
        for label, counts in cluster_accounts.items()
    }

    rows = []
    resolvable_set = set(resolvable)
    for i in range(n):
        if i in resolvable_set:
            person_id, account_id = person_of[final[i]], account_of.get(final[i])
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
