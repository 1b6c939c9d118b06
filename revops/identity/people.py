"""Person identity: every person-level source record (contacts, leads, users) → one person.

Ladder: 1. explicit references (HubSpot's Salesforce contact/lead id, a converted lead's contact);
2. normalised email (trim, NFKC, case), except generic mailboxes (info@, sales@ …) which name a team,
   placeholder addresses (seed placeholder_emails; one repeated character: a@a.com, xxx@…), an address
   shared by records with clearly different names, and an address held by more records than its cap;
3. the same account and the same name (order-insensitive), never across two different email addresses
   (two people may share a name; a shared info@ mailbox and a personal address are two people).
A record with no company link takes the account whose corporate domain its email carries.
Guards: the name rule never joins two different addresses; maximum cluster size.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, partial

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from revops import facts
from revops.identity import normalize as norm
from revops.identity.batches import BatchedResolver
from revops.identity.clusters import GuardedClusters
from revops.identity.incremental import resolve_incremental
from revops.identity.ladder import RECORD_KEY, in_record_order, refusal_type, without_cyclic_gc
from revops.identity.match_keys import match_keys_sql
from revops.identity.rules import IdentityRules, from_seed_files

# the anchor of a person: their earliest-seen record, then this order of systems (unlisted systems last)
SYSTEM_PRIORITY = facts.source_priority("person_identity_anchor")
REFUSAL_TYPE = refusal_type()
CLEARLY_DIFFERENT = 75  # names in one script below this similarity (0-100) are different people
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
# Kept on every output row for the next incremental run: the hash of the record's inputs (added by the caller),
# what it links on (its reference, its account + name keys) and the account its email domain named.
HIDDEN_COLUMNS = ["_input_hash", "_reference_key", "_name_keys", "_match_account", "_email_domain", "_override_keys"]
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
    "is_placeholder_email",
    "guard_note",
    "refused_links",
]


def _text(table: pa.Table, name: str) -> pa.ChunkedArray:
    if name in table.column_names:
        return pc.cast(table.column(name), pa.string())
    return pa.chunked_array([pa.nulls(table.num_rows, pa.string())])


def _email_keys(values: pa.ChunkedArray) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    """Vectorised `normalize.email_key`: (email or null, its local part)."""
    text = pc.utf8_lower(pc.utf8_normalize(values, "NFKC"))
    text = pc.replace_substring_regex(pc.utf8_trim_whitespace(text), r"\s", "")
    parts = pc.split_pattern(text, "@")
    pair = pc.if_else(pc.equal(pc.list_value_length(parts), 2), parts, pa.scalar(["", ""], pa.list_(pa.string())))
    local, domain = pc.list_element(pair, 0), pc.list_element(pair, 1)
    valid = pc.and_(
        pc.and_(pc.not_equal(local, ""), pc.match_substring(domain, ".")),
        pc.invert(pc.is_in(local, value_set=pa.array(sorted(norm.PLACEHOLDERS)))),
    )
    return pc.if_else(pc.fill_null(valid, False), text, pa.scalar(None, pa.string())), local


def _codes(values: pa.ChunkedArray) -> np.ndarray:
    """Integer codes of a string column (-1 for null), via Arrow's dictionary encoding."""
    encoded = pc.dictionary_encode(values).combine_chunks()
    return pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)


def _first_index(codes: np.ndarray) -> np.ndarray:
    """For each record, the first record with the same code (itself when alone or null)."""
    heads = np.arange(len(codes))
    known = codes >= 0
    if known.any():
        _, first = np.unique(codes[known], return_index=True)
        lookup = np.full(codes.max() + 1, -1)
        lookup[np.unique(codes[known])] = np.flatnonzero(known)[first]
        heads[known] = lookup[codes[known]]
    return heads


@dataclass
class _MatchInputs:
    """What the ladder compares, per record (in record order)."""

    system: pa.ChunkedArray
    obj: pa.ChunkedArray
    record_id: pa.ChunkedArray
    record_key: pa.ChunkedArray
    emails: pa.ChunkedArray
    generic: pa.ChunkedArray
    placeholder: pa.ChunkedArray  # why the address identifies nobody, or null
    personal: pa.ChunkedArray
    ref_key: pa.ChunkedArray
    email_list: list[str | None]
    personal_list: list[str | None]
    accounts: list[str | None]  # the record's account, else the one its email's corporate domain names
    domains: list[str | None]  # that corporate domain, for records with an email and no account of their own
    name_keys: list[tuple[str, ...]]

    @cached_property
    def account_name_keys(self) -> pa.ListArray:
        """Per record, the `account|name` keys of the name rule (empty without an account or a name), in the
        order of its names. Built once: stage two groups on them and an incremental run keeps them."""
        pairs = list(zip(self.accounts, self.name_keys, strict=True))
        lengths = np.array([len(names) if account else 0 for account, names in pairs], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
        owners = np.repeat(np.arange(len(lengths)), lengths)
        names = [name for account, keys in pairs if account for name in keys]
        accounts = pc.take(pa.array(self.accounts, pa.string()), pa.array(owners, pa.int64()))
        values = pc.binary_join_element_wise(accounts, pa.array(names, pa.string()), "|")
        return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values)


def _repeated(text: pa.ChunkedArray, shortest: int, longest: int) -> pa.ChunkedArray:
    """Text made of one character repeated, between `shortest` and `longest` long (`xxx`, `a`)."""
    length = pc.utf8_length(text)
    same = pc.equal(pc.binary_repeat(pc.utf8_slice_codeunits(text, 0, 1), length), text)
    return pc.and_(same, pc.and_(pc.greater_equal(length, shortest), pc.less_equal(length, longest)))


def placeholder_reasons(emails: pa.ChunkedArray, patterns: tuple[tuple[str, str], ...]) -> pa.ChunkedArray:
    """Why each (normalised) address identifies nobody, or null: a seed pattern, or one repeated character in
    the local part (`xxx@`) or the domain's first label (`a@a.com`, `xx@xx.com`). One vectorised pass finds
    the few placeholders; their reasons are then worked out one by one."""
    import re

    parts = pc.split_pattern(pc.fill_null(emails, "@"), "@")
    local = pc.list_element(parts, 0)
    label = pc.list_element(pc.split_pattern(pc.list_element(parts, 1), "."), 0)
    repeated = pc.fill_null(pc.or_(_repeated(local, 3, 64), _repeated(label, 1, 3)), False)
    hit = repeated
    if patterns:
        combined = "|".join(f"(?:{pattern})" for pattern, _ in patterns)
        hit = pc.or_(hit, pc.fill_null(pc.match_substring_regex(emails, combined), False))
    hit = pc.and_(hit, pc.is_valid(emails))
    reasons: list[str | None] = [None] * len(emails)
    rows = np.flatnonzero(hit.to_numpy(zero_copy_only=False))
    if len(rows):
        found = emails.take(pa.array(rows)).to_pylist()
        again = repeated.take(pa.array(rows)).to_pylist()
        compiled = [(re.compile(pattern), reason or pattern) for pattern, reason in patterns]
        for row, email, is_repeated in zip(rows.tolist(), found, again, strict=True):
            reason = next((f"placeholder address ({why})" for rx, why in compiled if rx.search(email)), None)
            reasons[row] = reason or ("placeholder address: one repeated character" if is_repeated else None)
    return pa.chunked_array([pa.array(reasons, pa.string())])


def _match_inputs(
    table: pa.Table,
    generic_mailboxes: frozenset[str],
    excluded_domains: frozenset[str],
    account_by_domain: dict,
    placeholder_patterns: tuple[tuple[str, str], ...] = (),
) -> _MatchInputs:
    system, obj, record_id = (_text(table, c) for c in ("source_system", "source_object", "source_record_id"))
    emails, local = _email_keys(_text(table, "email"))
    generic_set = pa.array(sorted(generic_mailboxes), pa.string())
    plus_local = pc.list_element(pc.split_pattern(local, "+"), 0)
    generic = pc.and_(pc.is_valid(emails), pc.or_(pc.is_in(local, generic_set), pc.is_in(plus_local, generic_set)))
    placeholder = placeholder_reasons(emails, placeholder_patterns)
    not_key = pc.or_(pc.fill_null(generic, False), pc.is_valid(placeholder))
    personal = pc.if_else(not_key, pa.scalar(None, pa.string()), emails)
    email_list = emails.to_pylist()

    # No company link: the account whose corporate domain the email carries (one lookup per email domain).
    accounts = _text(table, "account_id").to_pylist()
    domains: list[str | None] = [None] * table.num_rows
    by_host: dict[str, str | None] = {}
    no_account = pc.and_(pc.is_null(_text(table, "account_id")), pc.is_valid(emails))
    for i in np.flatnonzero(pc.and_(no_account, pc.is_null(placeholder)).to_numpy(False)):
        host = email_list[i].rsplit("@", 1)[-1]
        if host not in by_host:
            by_host[host] = norm.registrable_domain(email_list[i], excluded_domains)
        domains[i] = by_host[host]
        accounts[i] = account_by_domain.get(domains[i] or "")
    firsts, lasts, fulls = (_text(table, c).to_pylist() for c in ("first_name", "last_name", "full_name"))
    return _MatchInputs(
        system=system,
        obj=obj,
        record_id=record_id,
        record_key=pc.binary_join_element_wise(system, obj, record_id, "/"),
        emails=emails,
        generic=generic,
        placeholder=placeholder,
        personal=personal,
        ref_key=pc.binary_join_element_wise(
            *(_text(table, c) for c in ("reference_system", "reference_object", "reference_record_id")), "/"
        ),
        email_list=email_list,
        personal_list=personal.to_pylist(),
        accounts=accounts,
        domains=domains,
        name_keys=[norm.person_name_keys(f, la, fu) for f, la, fu in zip(firsts, lasts, fulls, strict=True)],
    )


def _unusable_emails(
    codes: np.ndarray, counts: np.ndarray, grouped: np.ndarray, name_keys: list[tuple[str, ...]], cap: int
) -> dict[int, tuple[str, str]]:
    """Email groups that link nobody: held by more records than `cap`, or by records with clearly different
    names (two names in one script with no key in common and little similarity: `a@corp.jp` typed for
    山田 太郎 and for 佐藤 花子). code -> (guard, reason)."""
    out: dict[int, tuple[str, str]] = {}
    for code in np.flatnonzero(counts > cap):
        out[int(code)] = ("identifier_cap", f"the address is held by {counts[code]} records, over the cap of {cap}")
    rows = np.flatnonzero(grouped)
    named = [i for i in rows.tolist() if name_keys[i]]
    if not named:
        return out
    frame = pd.DataFrame(
        {
            "code": codes[named],
            "script": [name_keys[i][0].isascii() for i in named],
            "name": [name_keys[i][0] for i in named],
        }
    )
    spread = frame.groupby(["code", "script"])["name"].nunique()
    for code in {int(c) for c, _ in spread[spread > 1].index} - set(out):
        members = [i for i in named if codes[i] == code]
        names = _clearly_different(members, name_keys)
        if names:
            out[code] = ("shared_email", f"the address is used by records with clearly different names: {names}")
    return out


def _clearly_different(members: list[int], name_keys: list[tuple[str, ...]]) -> str | None:
    from rapidfuzz import fuzz

    for a, i in enumerate(members):
        for j in members[a + 1 :]:
            left, right = name_keys[i], name_keys[j]
            if left[0].isascii() != right[0].isascii() or set(left) & set(right):
                continue
            if max(fuzz.ratio(x, y) for x in left for y in right) < CLEARLY_DIFFERENT:
                return f"{left[0]} / {right[0]}"
    return None


def _refuse_shared_placeholders(placeholder: pa.ChunkedArray, emails: pa.ChunkedArray, refuse: _Refusals) -> None:
    """A placeholder address held by several records: each gets a refusal (the link the address would make)."""
    codes = _codes(pc.if_else(pc.is_valid(placeholder), emails, pa.scalar(None, pa.string())))
    if not (codes >= 0).any():
        return
    counts = np.bincount(codes[codes >= 0])
    reasons = placeholder.to_pylist()
    heads = _first_index(codes)
    for i in np.flatnonzero((codes >= 0) & (counts[np.maximum(codes, 0)] > 1)):
        other = int(heads[i]) if heads[i] != i else int(np.flatnonzero(codes == codes[i])[1])
        refuse(int(i), other, "email", "placeholder_email", reasons[i])


def _must_links(rules: IdentityRules, record_key: pa.ChunkedArray, n: int) -> tuple[np.ndarray, np.ndarray, list]:
    """(left rows, right rows, per record its override keys) of the person must_link overrides found here.
    cannot_link overrides of people are not applied yet (see README)."""
    overrides = [o for o in rules.overrides_for("person") if o.decision == "must_link"]
    keys: list[list[str] | None] = [None] * n
    if not overrides:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), keys
    index = pd.Index(record_key.to_numpy(zero_copy_only=False))
    left = index.get_indexer(["/".join(o.left) for o in overrides])
    right = index.get_indexer(["/".join(o.right) for o in overrides])
    for override, i, j in zip(overrides, left, right, strict=True):
        for k in (i, j):
            if k >= 0:
                keys[k] = sorted({*(keys[k] or []), override.key})
    both = (left >= 0) & (right >= 0)
    return left[both].astype(np.int64), right[both].astype(np.int64), keys


class _Refusals:
    """Each record's notes and refused links; a pair meeting under two name keys is refused once."""

    def __init__(self, key_list: list[str]) -> None:
        self.key_list = key_list
        self.notes: dict[int, list[str]] = defaultdict(list)
        self.links: dict[int, list[dict]] = defaultdict(list)
        self._seen: set[tuple[int, int, str, str]] = set()

    def __call__(self, i: int, other: int, rule: str, guard: str, reason: str) -> None:
        if (i, other, rule, guard) in self._seen:
            return
        self._seen.add((i, other, rule, guard))
        self.notes[i].append(f"{rule} merge refused: {reason}")
        self.links[i].append({"other_record": self.key_list[other], "rule": rule, "guard": guard, "reason": reason})

    def guard_note(self, i: int) -> str | None:
        return "; ".join(dict.fromkeys(self.notes[i])) if i in self.notes else None


@dataclass
class _StageOne:
    """Explicit references, shared personal emails and must_link overrides, as connected components."""

    component: np.ndarray  # per record its cluster label
    targets: np.ndarray  # per record the row its reference names (-1: none found)
    has_ref: np.ndarray  # the record references another record found here
    in_email_group: np.ndarray  # the record shares a usable personal email
    must: tuple[np.ndarray, np.ndarray, list]  # see _must_links


def _usable_email_groups(keys: _MatchInputs, rules: IdentityRules, refuse: _Refusals) -> tuple[np.ndarray, ...]:
    """(codes, heads, in_email_group) of the personal emails: an address linking nobody is refused for each
    record holding it, as is a placeholder address shared by several records."""
    email_codes = _codes(keys.personal)
    email_heads = _first_index(email_codes)
    email_counts = np.bincount(email_codes[email_codes >= 0]) if (email_codes >= 0).any() else np.zeros(0, int)
    in_email_group = (email_codes >= 0) & (email_counts[np.maximum(email_codes, 0)] > 1 if len(email_counts) else False)
    unusable = _unusable_emails(email_codes, email_counts, in_email_group, keys.name_keys, rules.cap("email"))
    for code, (guard, reason) in unusable.items():
        members = np.flatnonzero(email_codes == code)
        for i in members:
            refuse(int(i), int(members[1] if i == members[0] else members[0]), "email", guard, reason)
    if unusable:
        in_email_group &= ~np.isin(email_codes, np.fromiter(unusable, dtype=np.int64))
    _refuse_shared_placeholders(keys.placeholder, keys.emails, refuse)
    return email_codes, email_heads, in_email_group


def _split_oversized(
    component: np.ndarray, email_codes: np.ndarray, email_heads: np.ndarray, max_cluster_size: int, refuse: _Refusals
) -> np.ndarray:
    """Over-merge guard: a stage-one cluster above the size limit keeps only its email groups."""
    n = len(component)
    sizes = np.bincount(component)
    for c in np.flatnonzero(sizes > max_cluster_size):
        next_label = component.max() + 1
        for i in np.flatnonzero(component == c):
            component[i] = next_label + (email_codes[i] if email_codes[i] >= 0 else n + i)
            refuse(int(i), int(email_heads[i]), "email", "max_cluster_size",
                   f"cluster would exceed {max_cluster_size} records")  # fmt: skip
        _, component = np.unique(component, return_inverse=True)
    return component


def _stage_one(keys: _MatchInputs, rules: IdentityRules, max_cluster_size: int, refuse: _Refusals) -> _StageOne:
    """Stage one, which no guard restrains but the size limit: references, shared personal emails and
    must_link overrides -> connected components (scipy)."""
    n = len(keys.email_list)
    targets = pd.Index(keys.record_key.to_numpy(zero_copy_only=False)).get_indexer(
        keys.ref_key.to_numpy(zero_copy_only=False)
    )
    index = np.arange(n)
    has_ref = (targets >= 0) & (targets != index)
    email_codes, email_heads, in_email_group = _usable_email_groups(keys, rules, refuse)
    must = _must_links(rules, keys.record_key, n)
    sources = np.concatenate([index[has_ref], index[in_email_group], must[0]])
    ends = np.concatenate([targets[has_ref], email_heads[in_email_group], must[1]])
    graph = coo_matrix((np.ones(len(sources), dtype=np.int8), (sources, ends)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    component = _split_oversized(component, email_codes, email_heads, max_cluster_size, refuse)
    return _StageOne(component, targets, has_ref, in_email_group, must)


def _name_groups(keys: _MatchInputs, component: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """The `account|name` keys whose records span several stage-one components, each with its records (in record
    order), in the order the keys first appear in record order: the only groups stage two can merge."""
    listed = keys.account_name_keys
    if not len(listed.values):
        return []
    owners = listed.value_parent_indices().to_numpy()
    encoded = pc.dictionary_encode(listed.flatten())  # codes in the order keys first appear
    codes, uniques = encoded.indices.to_numpy(), encoded.dictionary
    order = np.argsort(codes, kind="stable")  # each key's records together, in record order
    starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0])
    grouped = component[owners[order]]
    spans = np.minimum.reduceat(grouped, starts) != np.maximum.reduceat(grouped, starts)
    bounds = np.r_[starts, len(order)]
    groups = []
    for g in np.flatnonzero(spans):
        members = order[bounds[g] : bounds[g + 1]]
        groups.append((uniques[int(codes[members[0]])].as_py(), owners[members]))
    return groups


def _stage_one_clusters(component: np.ndarray, keys: _MatchInputs, max_cluster_size: int) -> GuardedClusters:
    """The stage-one clusters as the items of a union-find guarded by each cluster's first personal email and
    first mailbox (records with a placeholder address carry neither)."""
    size = int(component.max()) + 1 if len(component) else 0
    clusters = GuardedClusters(size, ("email", "mailbox"), max_cluster_size)
    clusters.members = np.bincount(component).tolist()
    usable = pc.and_(pc.is_valid(keys.emails), pc.is_null(keys.placeholder)).to_numpy(False)
    for i in np.flatnonzero(usable):
        c = int(component[i])
        clusters.set_identifier(c, "email", keys.personal_list[i])
        clusters.values[c].setdefault("mailbox", keys.email_list[i])
    return clusters


def _link_by_account_and_name(
    component: np.ndarray, keys: _MatchInputs, max_cluster_size: int, refuse: _Refusals
) -> tuple[np.ndarray, dict[int, str]]:
    """Stage two: same account and name, never across two different addresses (guarded, sequential, only over
    the name groups spanning several stage-one clusters). Per record its final cluster; the records it linked,
    with their evidence."""
    clusters = _stage_one_clusters(component, keys, max_cluster_size)
    name_linked: dict[int, str] = {}
    merged = False
    for key, members in _name_groups(keys, component):
        group = members.tolist()
        evidence = f"account and name {key.split('|', 1)[1]}"
        head = group[0]
        for other in group[1:]:
            a, b = int(component[head]), int(component[other])
            if clusters.find(a) == clusters.find(b):
                continue
            refused = clusters.conflict(a, b)
            if refused:
                refuse(head, other, "account_and_name", *refused)
                refuse(other, head, "account_and_name", *refused)
                continue
            merged = clusters.union(a, b, "account_and_name")
            name_linked.setdefault(head, evidence)
            name_linked.setdefault(other, evidence)
    final = np.array([clusters.find(c) for c in component.tolist()]) if merged else component
    return final, name_linked


def _people_and_accounts(
    table: pa.Table, keys: _MatchInputs, final: np.ndarray, resolvable: np.ndarray, key_list: list[str]
) -> tuple[dict, dict]:
    """Per final cluster its person_id (from its anchor: earliest seen, then source priority) and its
    account (the one most of its records carry)."""
    frame = pd.DataFrame(
        {
            "final": final,
            "first_seen": _text(table, "first_seen_date").to_numpy(zero_copy_only=False),
            "priority": pd.Series(keys.system.to_numpy(zero_copy_only=False)).map(SYSTEM_PRIORITY).fillna(9).to_numpy(),
            "object": keys.obj.to_numpy(zero_copy_only=False),
            "record_id": keys.record_id.to_numpy(zero_copy_only=False),
            "account": keys.accounts,
        }
    )[resolvable]
    frame["first_seen"] = frame["first_seen"].fillna("")
    ordered = frame.sort_values(["final", "first_seen", "priority", "object", "record_id"], kind="stable")
    anchors = ordered.drop_duplicates("final")
    person_of = {
        label: "per_" + hashlib.sha1(key_list[i].replace("/", "|", 2).encode()).hexdigest()[:16]
        for label, i in zip(anchors["final"], anchors.index, strict=True)
    }
    votes = frame.dropna(subset=["account"]).groupby(["final", "account"]).size().reset_index(name="votes")
    votes = votes.sort_values(["final", "votes", "account"], ascending=[True, False, True], kind="stable")
    account_of = dict(zip(*votes.drop_duplicates("final")[["final", "account"]].T.values, strict=True))
    return person_of, account_of


def _rules_and_evidence(
    stage: _StageOne, keys: _MatchInputs, name_linked: dict[int, str], resolvable: np.ndarray, key_list: list[str]
) -> tuple[list[str], list[str]]:
    """Per record the rule that placed it and its evidence: reference, then email, then account and name."""
    index = np.arange(len(resolvable))
    referenced_by: dict[int, int] = {}
    for source, target in zip(index[stage.has_ref].tolist(), stage.targets[stage.has_ref].tolist(), strict=True):
        referenced_by.setdefault(target, source)
    ref_list = keys.ref_key.to_pylist()
    email_grouped, has_ref_list = stage.in_email_group.tolist(), stage.has_ref.tolist()
    overridden = {int(i): "must_link override" for i in np.concatenate(stage.must[:2])}
    rule_names, evidences = [], []
    for i, placed in enumerate(resolvable.tolist()):
        if not placed:
            rule, evidence = "unresolved", "no usable identifier (email or name)"
        elif i in overridden:
            rule, evidence = "manual_override", overridden[i]
        elif has_ref_list[i]:
            rule, evidence = "explicit_reference", f"reference {ref_list[i]}"
        elif i in referenced_by:
            rule, evidence = "explicit_reference", f"referenced by {key_list[referenced_by[i]]}"
        elif email_grouped[i]:
            rule, evidence = "email", f"email {keys.personal_list[i]}"
        elif i in name_linked:
            rule, evidence = "account_and_name", name_linked[i]
        else:
            rule, evidence = "singleton", "no other record matched"
        rule_names.append(rule)
        evidences.append(evidence)
    return rule_names, evidences


def _link_values(keys: _MatchInputs, override_keys: list) -> dict[str, pa.Array | pa.ChunkedArray]:
    """The columns a record is linked by (LINK_COLUMNS): its own values, known before any clustering."""
    return {
        "source_system": keys.system,
        "source_object": keys.obj,
        "source_record_id": keys.record_id,
        "normalized_email": keys.emails,
        "is_generic_mailbox": pc.fill_null(keys.generic, False),
        "is_placeholder_email": pc.is_valid(keys.placeholder),
        "_reference_key": keys.ref_key,
        "_name_keys": keys.account_name_keys,
        "_override_keys": pa.array(override_keys, pa.list_(pa.string())),
    }


def _hidden_columns(table: pa.Table, keys: _MatchInputs) -> dict[str, pa.Array | pa.ChunkedArray]:
    """What an incremental run compares and links on (resolve_people_incremental)."""
    hidden = {
        "_match_account": pa.array(keys.accounts, pa.string()),
        "_email_domain": pa.array(keys.domains, pa.string()),
    }
    if "_input_hash" in table.column_names:
        hidden["_input_hash"] = table.column("_input_hash")
    return hidden


@without_cyclic_gc
def resolve_people(
    records: pd.DataFrame | pa.Table,
    generic_mailboxes: frozenset[str],
    excluded_domains: frozenset[str] = frozenset(),
    account_by_domain: dict[str, str] | None = None,
    max_cluster_size: int = 50,
    rules: IdentityRules | None = None,
) -> pa.Table:
    """One row per input record with its person_id and account_id, and the rule that placed it.

    `records` columns: source_system, source_object, source_record_id, email, first_name, last_name,
    full_name, account_id (already resolved from the record's company link), reference_system,
    reference_object, reference_record_id, first_seen_date.
    A person whose records carry no account gets `account_by_domain[<corporate domain of an email>]`.

    Stage one (references and shared personal emails, which no guard restrains) is vectorised: Arrow
    normalises, integer codes group, scipy finds the connected components. The guarded name rule then runs
    in Python only over the name groups that span several stage-one clusters, so time grows linearly.
    """
    rules = rules or from_seed_files()
    table = in_record_order(records)
    keys = _match_inputs(table, generic_mailboxes, excluded_domains, account_by_domain or {}, rules.placeholder_emails)
    hidden = _hidden_columns(table, keys)
    key_list = keys.record_key.to_pylist()
    refuse = _Refusals(key_list)
    stage = _stage_one(keys, rules, max_cluster_size, refuse)
    link = _link_values(keys, stage.must[2])
    final, name_linked = _link_by_account_and_name(stage.component, keys, max_cluster_size, refuse)
    has_name = np.fromiter((bool(k) for k in keys.name_keys), dtype=bool, count=len(key_list))
    is_target = np.isin(np.arange(len(key_list)), stage.targets[stage.has_ref])
    resolvable = pc.is_valid(keys.emails).to_numpy(False) | has_name | stage.has_ref | is_target
    keys.name_keys = keys.email_list = []  # the peak comes later: free what is done
    person_of, account_of = _people_and_accounts(table, keys, final, resolvable, key_list)
    keys.accounts = []
    rule_names, evidences = _rules_and_evidence(stage, keys, name_linked, resolvable, key_list)
    placed = [
        (person_of[f], account_of.get(f)) if r else (None, None)
        for f, r in zip(final.tolist(), resolvable.tolist(), strict=True)
    ]
    return pa.table(
        {
            **{column: link[column] for column in RECORD_KEY},
            "person_id": pa.array([p for p, _ in placed], pa.string()),
            "account_id": pa.array([a for _, a in placed], pa.string()),
            "match_rule": pa.array(rule_names, pa.string()),
            "match_score": pa.array([0.0 if r == "unresolved" else 1.0 for r in rule_names], pa.float64()),
            "match_evidence": pa.array(evidences, pa.string()),
            **{column: link[column] for column in ("normalized_email", "is_generic_mailbox", "is_placeholder_email")},
            "guard_note": pa.array([refuse.guard_note(i) for i in range(len(key_list))], pa.string()),
            "refused_links": _refusal_lists(refuse.links, len(key_list)),
            **{column: link[column] for column in ("_override_keys", "_reference_key", "_name_keys")},
            **hidden,
        }
    )


def _refusal_lists(refusals: dict[int, list[dict]], size: int) -> pa.ListArray:
    """Per record its refused links (most records have none): built from offsets, not 1M empty lists."""
    counts = np.zeros(size, dtype=np.int32)
    rows = sorted(refusals)
    counts[rows] = [len(refusals[i]) for i in rows]
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    values = pa.array([entry for i in rows for entry in refusals[i]], REFUSAL_TYPE.value_type)
    return pa.ListArray.from_arrays(pa.array(offsets), values, type=REFUSAL_TYPE)


# The match keys of a resolved row (see _MatchInputs), hashed: what links it to other records. A placeholder
# address links nobody, but the refusals of the records sharing it name one another: one component holds them.
MATCH_KEYS_SQL = match_keys_sql(
    [("record", "_reference_key"),
     ("email", "case when not is_generic_mailbox then normalized_email end")],
    [("name", "_name_keys"), ("override", "_override_keys")],
)  # fmt: skip
LINK_COLUMNS = ["source_system", "source_object", "source_record_id", "normalized_email", "is_generic_mailbox",
                "is_placeholder_email", "_reference_key", "_name_keys", "_override_keys"]  # fmt: skip


def person_link_columns(
    records: pa.Table,
    generic_mailboxes: frozenset[str],
    excluded_domains: frozenset[str],
    account_by_domain: dict[str, str],
    rules: IdentityRules,
) -> pa.Table:
    """The LINK_COLUMNS of resolve_people's rows for `records`, without resolving them (no clustering)."""
    table = in_record_order(records)
    keys = _match_inputs(table, generic_mailboxes, excluded_domains, account_by_domain, rules.placeholder_emails)
    return pa.table(_link_values(keys, _must_links(rules, keys.record_key, table.num_rows)[2]))


def people_resolver(
    generic_mailboxes: frozenset[str],
    excluded_domains: frozenset[str] = frozenset(),
    account_by_domain: dict[str, str] | None = None,
    max_cluster_size: int = 50,
    rules: IdentityRules | None = None,
    batch_rows: int | None = None,
    workers: int = 1,
) -> BatchedResolver:
    """resolve_people with these settings, as a function of the records alone; with `batch_rows`, a batch of
    whole match components at a time, by `workers` processes (batches.py), so that memory follows the batch."""
    settings = {"generic_mailboxes": generic_mailboxes, "excluded_domains": excluded_domains,
                "account_by_domain": account_by_domain or {}, "rules": rules or from_seed_files()}  # fmt: skip
    return BatchedResolver(
        partial(resolve_people, max_cluster_size=max_cluster_size, **settings),
        partial(person_link_columns, **settings),
        MATCH_KEYS_SQL,
        batch_rows,
        workers,
    )


@without_cyclic_gc
def resolve_people_incremental(
    records: pa.Table,
    previous: pa.Table,
    generic_mailboxes: frozenset[str],
    excluded_domains: frozenset[str] = frozenset(),
    account_by_domain: dict[str, str] | None = None,
    max_cluster_size: int = 50,
    rules: IdentityRules | None = None,
    batch_rows: int | None = None,
    workers: int = 1,
) -> pa.Table:
    """The rows of `resolve_people(records)` that can differ from `previous`, its output on earlier records.

    `records` carry `_input_hash` (a hash of the resolver's inputs, settings included), `previous` the output
    columns. Resolved again: every match component holding a new or changed record (its hash, or the account
    its email domain now names) or a key that a changed or removed record held. Rows of records no longer in
    `records` are the caller's to delete.
    """
    by_domain = account_by_domain or {}
    resolve = people_resolver(generic_mailboxes, excluded_domains, by_domain, max_cluster_size, rules, batch_rows,
                              workers)  # fmt: skip

    def domain_moved(prior: pa.Table, candidates: np.ndarray) -> np.ndarray:
        """Records whose email domain now names another account (or none) than the one they matched with."""
        moved = np.zeros(len(candidates), dtype=bool)
        via = np.flatnonzero(candidates & pc.is_valid(prior.column("_email_domain")).to_numpy(zero_copy_only=False))
        values = prior.select(["_email_domain", "_match_account"]).take(pa.array(via)).to_pydict()
        for i, domain, account in zip(via, values["_email_domain"], values["_match_account"], strict=True):
            moved[i] = by_domain.get(domain) != account
        return moved

    return resolve_incremental(
        in_record_order(records),
        previous,
        resolve,
        MATCH_KEYS_SQL,
        LINK_COLUMNS,
        check_columns=("_email_domain", "_match_account"),
        also_changed=domain_moved,
    )
