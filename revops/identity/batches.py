"""Identity resolution a batch of match components at a time, so that memory follows the batch, not the input.

A record's result depends only on its match component: the records linked to it through shared keys,
transitively (incremental.py says why). So the input can be cut into batches, each a union of whole components,
and resolved one batch after the other: the rows come out the same as from one resolution of everything.

1. The match keys of every record, a chunk of records at a time (`link_columns`: the resolver's per-record
   normalisation, without the clustering), hashed to 64-bit integers.
2. The components of the record-key graph (scipy), then whole components packed in order into batches of about
   `batch_rows` records. A component larger than that is a batch of its own, and is reported.
3. `resolve` on each batch (records in record-key order, as the resolvers need), the rows put back in input order.

The resolver stays a pure function, Arrow in and Arrow out, that knows nothing of batches or of the engine.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from revops.identity.ladder import in_record_order
from revops.identity.match_keys import component_labels, key_hashes

logger = logging.getLogger(__name__)

Resolver = Callable[[pa.Table], pa.Table]


@dataclass(frozen=True)
class Batches:
    """Batches of record rows (each ascending, each a union of whole components) and the sizes of the components
    that alone exceeded the batch size."""

    rows: list[np.ndarray]
    oversized: list[int]


def component_batches(labels: np.ndarray, batch_rows: int) -> Batches:
    """Whole components (per record its label) packed, in label order, into batches of at most `batch_rows`
    records; a larger component is a batch of its own."""
    order = np.argsort(labels, kind="stable")  # each component's records together, ascending
    sizes = np.bincount(labels)
    sizes = sizes[sizes > 0]
    batches, oversized, start, taken = [], [], 0, 0
    for size in sizes.tolist():
        if taken and taken + size > batch_rows:
            batches.append(np.sort(order[start : start + taken]))
            start, taken = start + taken, 0
        taken += size
        if size > batch_rows:
            oversized.append(size)
    if taken:
        batches.append(np.sort(order[start : start + taken]))
    return Batches(batches, oversized)


def match_key_hashes(
    records: pa.Table, link_columns: Resolver, keys_sql: str, chunk_rows: int
) -> tuple[np.ndarray, np.ndarray]:
    """(row, key hash) pairs of every record, `link_columns` applied to `chunk_rows` records at a time."""
    found_rows, found_keys = [], []
    for start in range(0, records.num_rows, chunk_rows):
        chunk = records.slice(start, chunk_rows)
        rows, keys = key_hashes(link_columns(chunk), np.arange(start, start + chunk.num_rows), keys_sql)
        found_rows.append(rows)
        found_keys.append(keys)
    return np.concatenate(found_rows), np.concatenate(found_keys)


def _resolved(
    records: pa.Table, resolve: Resolver, link_columns: Resolver, keys_sql: str, batch_rows: int
) -> Iterator[tuple[np.ndarray, pa.Table]]:
    """(rows, resolve(those rows)) per batch of whole match components of `records` (the module's steps)."""
    rows, keys = match_key_hashes(records, link_columns, keys_sql, batch_rows)
    batches = component_batches(component_labels(records.num_rows, rows, keys)[: records.num_rows], batch_rows)
    del rows, keys
    for size in batches.oversized:
        logger.warning("identity: one match component holds %d records, over the batch size of %d", size, batch_rows)
    for batch in batches.rows:
        yield batch, resolve(records.take(pa.array(batch)))


@dataclass(frozen=True)
class BatchedResolver:
    """A resolver (Arrow in, Arrow out: one row per record) applied a batch of whole match components at a time
    when its input holds more than `batch_rows` records (None: always at once). `link_columns` gives the columns
    `keys_sql` reads (a query over `records` yielding `_row` and `key` hashes) without resolving."""

    resolve: Resolver
    link_columns: Resolver
    keys_sql: str
    batch_rows: int | None = None

    def _at_once(self, records: pa.Table) -> bool:
        return self.batch_rows is None or records.num_rows <= self.batch_rows

    def __call__(self, records: pa.Table) -> pa.Table:
        """The rows of `records` resolved, in record-key order (as the resolvers give them)."""
        records = in_record_order(records)
        if self._at_once(records):
            return self.resolve(records)
        done = list(_resolved(records, self.resolve, self.link_columns, self.keys_sql, self.batch_rows))
        position = np.concatenate([rows for rows, _ in done])
        resolved = pa.concat_tables([table for _, table in done], promote_options="permissive")
        return resolved.take(pa.array(np.argsort(position, kind="stable")))

    def stream(self, records: pa.Table, finish: Resolver) -> pa.Table | pa.RecordBatchReader:
        """`finish` of the resolved rows, a batch at a time as a stream (in no particular order), so that only one
        batch's rows are held at once; at most `batch_rows` records: one table."""
        records = in_record_order(records)
        if self._at_once(records):
            return finish(self.resolve(records))
        tables = (finish(table) for _, table in _resolved(records, self.resolve, self.link_columns, self.keys_sql,
                                                           self.batch_rows))  # fmt: skip
        first = next(tables)
        rest = (table.cast(first.schema) for table in tables)
        return pa.RecordBatchReader.from_batches(first.schema, _batches(first, rest))


def _batches(first: pa.Table, rest: Iterator[pa.Table]) -> Iterator[pa.RecordBatch]:
    yield from first.to_batches()
    for table in rest:
        yield from table.to_batches()
