"""Shared mechanics of the rule ladder: linking records that share a key, and naming the outcome."""

from __future__ import annotations

import functools
import gc
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from revops.identity.clusters import GuardedClusters

if TYPE_CHECKING:
    import pyarrow as pa

    from revops.identity.rules import Override


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Millions of small tuples and lists, none of them cyclic: the cyclic collector would only rescan them
    over and over, which measurably slows resolution at a million records."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def without_cyclic_gc(func: Callable) -> Callable:
    @functools.wraps(func)  # the module and qualified name too: a worker process finds it by name (batches.py)
    def wrapper(*args, **kwargs):
        with no_cyclic_gc():
            return func(*args, **kwargs)

    return wrapper


def rows_to_table(rows: list[tuple], names: Sequence[str]):
    """An Arrow table from row tuples (dbt-duckdb materialises Arrow far faster than object-dtype pandas)."""
    import pyarrow as pa

    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return pa.table({name: list(values) for name, values in zip(names, columns, strict=True)})


RECORD_KEY = ("source_system", "source_object", "source_record_id")


def in_record_order(records: object) -> pa.Table:
    """`records` (a pyarrow Table or a pandas DataFrame) as an Arrow table sorted by record key.

    Guarded merges depend on the order in which records are met, and the physical order of a model's input
    differs between a full refresh and an incremental build of the same data: sorting first makes the
    resolution a function of the records alone. Rows come back in this order."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    table = records if isinstance(records, pa.Table) else pa.Table.from_pandas(records, preserve_index=False)
    keys = [(name, "ascending") for name in RECORD_KEY if name in table.column_names]
    order = pc.sort_indices(table, sort_keys=keys).to_numpy()  # nulls last, as in DuckDB
    if np.array_equal(order, np.arange(table.num_rows)):
        return table  # already in order (the dbt models sort in DuckDB): no copy of a 1M-row table
    return table.take(order)


def column_lists(records: object, names: Sequence[str]) -> dict[str, list]:
    """Columns as Python lists from a pyarrow Table (fast: what dbt hands over) or a pandas DataFrame;
    missing values become None, absent optional columns all-None."""
    import pyarrow as pa

    if isinstance(records, pa.Table):
        size = records.num_rows
        return {n: records.column(n).to_pylist() if n in records.column_names else [None] * size for n in names}
    size = len(records)
    out = {}
    for n in names:
        values = records[n].tolist() if n in records else [None] * size
        out[n] = [None if v is None or v != v else v for v in values]  # NaN is the only value != itself
    return out


# Rule names, strongest first; a record's match_rule is the strongest rule that linked it.
RANK = {
    "manual_override": 0,
    "explicit_reference": 1,
    "corporate_number": 2,
    "declared_identifier": 2,
    "email": 2,
    "domain": 3,
    "account_and_name": 3,
    "normalized_name": 4,
    "kana_reading": 4,
    "fuzzy_name": 5,
    "singleton": 9,
}


@dataclass
class Links:
    """Accepted links per record: the strongest rule, its score and the evidence that made it."""

    best: dict[int, tuple[int, str, float, str]] = field(default_factory=dict)

    def add(self, record: int, rule: str, score: float, evidence: str) -> None:
        candidate = (RANK[rule], rule, score, evidence)
        current = self.best.get(record)
        if current is None or candidate[0] < current[0]:
            self.best[record] = candidate


def link_groups(
    clusters: GuardedClusters,
    links: Links,
    keys: Sequence[str | None],
    rule: str,
    describe: str,
    guards: tuple[str, ...] | None = None,
    eligible: Iterable[int] | None = None,
) -> None:
    """Link every record sharing a key (star onto the group's first record), within the guards."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index in eligible if eligible is not None else range(len(keys)):
        key = keys[index]
        if key:
            groups[key].append(index)
    for key, members in groups.items():
        if len(members) < 2:
            continue
        head = members[0]
        for other in members[1:]:
            if clusters.union(head, other, rule, guards):
                evidence = f"{describe} {key}"
                links.add(head, rule, 1.0, evidence)
                links.add(other, rule, 1.0, evidence)


def stable_id(prefix: str, system: str, obj: str, record_id: str) -> str:
    """An id derived from the cluster's anchor record: unchanged while that record stays its anchor."""
    digest = hashlib.sha1(f"{system}|{obj}|{record_id}".encode()).hexdigest()[:16]
    return f"{prefix}_{digest}"


def anchors(clusters: GuardedClusters, order: Sequence[tuple], resolved: Iterable[int]) -> dict[int, int]:
    """root -> anchor record: the earliest-seen member (then source priority, then id)."""
    best: dict[int, int] = {}
    for index in resolved:
        root = clusters.find(index)
        if root not in best or order[index] < order[best[root]]:
            best[root] = index
    return best


def refusal_type():
    """The Arrow type of a record's refused links: one entry per link a guard refused."""
    import pyarrow as pa

    fields = ("other_record", "rule", "guard", "reason")
    return pa.list_(pa.struct([(name, pa.string()) for name in fields]))


CAPPED_RULE = {"corporate_number": "corporate_number", "domain": "domain", "name": "normalized_name", "email": "email"}


def capped(
    clusters: GuardedClusters, keys: Sequence[str | None], identifier: str, cap: int, rule: str | None = None
) -> list[str | None]:
    """`keys` without the values held by more than `cap` records (var revops_identity.identifier_caps): such a
    value links none of its records, and each gets a refusal."""
    counts: dict[str, int] = defaultdict(int)
    for key in keys:
        if key:
            counts[key] += 1
    over = {key for key, count in counts.items() if count > cap}
    if not over:
        return list(keys)
    heads: dict[str, int] = {}
    out = list(keys)
    for i, key in enumerate(keys):
        if key in over:
            head = heads.setdefault(key, i)
            if head != i:
                reason = f"{identifier} {key} is held by {counts[key]} records, over the cap of {cap}"
                clusters.refuse(i, head, rule or CAPPED_RULE.get(identifier, identifier), "identifier_cap", reason)
            out[i] = None
    return out


def apply_overrides(
    clusters: GuardedClusters, links: Links, overrides: Sequence[Override], position: dict[tuple, int], size: int
) -> list[list[str] | None]:
    """User overrides before any rule: cannot_link pairs are kept apart by every later merge, must_link pairs
    are merged whatever the identifiers say. Returns each record's override keys (match keys)."""
    keys: list[list[str] | None] = [None] * size
    found = [(o, position.get(o.left), position.get(o.right)) for o in overrides]
    for override, left, right in found:
        for i in (left, right):
            if i is not None:
                keys[i] = sorted({*(keys[i] or []), override.key})
    for override, left, right in found:
        if left is not None and right is not None and override.decision == "cannot_link":
            clusters.keep_apart(left, right)
    for override, left, right in found:
        if left is None or right is None or override.decision != "must_link":
            continue
        if clusters.union(left, right, "manual_override", guards=()):
            evidence = f"must_link override{': ' + override.note if override.note else ''}"
            links.add(left, "manual_override", 1.0, evidence)
            links.add(right, "manual_override", 1.0, evidence)
    return keys


def refused_links(
    clusters: GuardedClusters, keys: Sequence[tuple[str, str, str]], notes: dict[int, list[str]]
) -> list[list[dict]]:
    """Per record, the links a guard refused (other record, rule, guard, reason); also noted in `notes`."""
    out: list[list[dict]] = [[] for _ in keys]
    seen: set[tuple] = set()
    for refusal in clusters.refusals:
        for i, j in ((refusal.left, refusal.right), (refusal.right, refusal.left)):
            entry = (i, j, refusal.rule, refusal.guard)
            if entry in seen:
                continue
            seen.add(entry)
            entry = {"other_record": "/".join(keys[j]), "rule": refusal.rule, "guard": refusal.guard}
            out[i].append({**entry, "reason": refusal.reason})
            notes[i].append(f"{refusal.rule} merge refused: {refusal.reason}")
    return out
