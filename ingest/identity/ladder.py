"""Shared mechanics of the rule ladder: linking records that share a key, and naming the outcome."""

from __future__ import annotations

import gc
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ingest.identity.clusters import GuardedClusters

if TYPE_CHECKING:
    import pyarrow as pa


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Millions of small tuples and lists, none of them cyclic: the cyclic collector would only rescan them
    over and over (measured ~1.5x slower at 1.5M records)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def without_cyclic_gc(func: Callable) -> Callable:
    def wrapper(*args, **kwargs):
        with no_cyclic_gc():
            return func(*args, **kwargs)

    wrapper.__doc__, wrapper.__name__, wrapper.__wrapped__ = func.__doc__, func.__name__, func
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
    "explicit_reference": 1,
    "corporate_number": 2,
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
