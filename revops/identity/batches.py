"""Identity resolution a batch of match components at a time, so that memory follows the batch, not the input.

A record's result depends only on its match component: the records linked to it through shared keys,
transitively (incremental.py says why). So the input can be cut into batches, each a union of whole components,
and resolved one batch after the other: the rows come out the same as from one resolution of everything.

1. The match keys of every record, a chunk of records at a time (`link_columns`: the resolver's per-record
   normalisation, without the clustering), hashed to 64-bit integers.
2. The components of the record-key graph (scipy), then whole components packed in order into batches of about
   `batch_rows` records. A component larger than that is a batch of its own, and is reported.
3. `resolve` on each batch (records in record-key order, as the resolvers need), the rows put back in input order.

The resolver stays a pure function, Arrow in and Arrow out, that knows nothing of batches or of the engine. Who
runs the batches is a runner: this process and its workers (`LocalRunner`), or one an engine supplies for a
block of code (`batches_run_by`; on Spark, each batch is a group of `applyInArrow`: pipeline/spark_identity.py).
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

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


def _key_hashes_of(resolver: BatchedResolver, chunk: pa.Table, start: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, key hash) pairs of a chunk of records whose first row is `start`."""
    return key_hashes(resolver.link_columns(chunk), np.arange(start, start + chunk.num_rows), resolver.keys_sql)


def resolve_batch(resolver: BatchedResolver, batch: pa.Table) -> pa.Table:
    """The task of resolving one batch (a runner may hand it to an engine: it is the one that costs)."""
    return resolver.resolve(batch)


class Runner(Protocol):
    def map(self, task: Callable, items: Iterable[tuple]) -> Iterator:
        """task(resolver, *item) of each item, in the order of the items."""

    def close(self) -> None:
        """Release what the runner started (processes, sessions)."""


_RUNNER_FACTORIES: list[Callable[[BatchedResolver], Runner]] = []


@contextmanager
def batches_run_by(factory: Callable[[BatchedResolver], Runner]) -> Iterator[None]:
    """Within the block, each resolution in batches hands its tasks to the runner `factory(resolver)` makes,
    instead of this process and its workers."""
    _RUNNER_FACTORIES.append(factory)
    try:
        yield
    finally:
        _RUNNER_FACTORIES.pop()


_IN_WORKER: list[BatchedResolver] = []  # a worker process's resolver, set once when it starts


def _start_worker(resolver: BatchedResolver) -> None:
    _IN_WORKER[:] = [resolver]


def _run_in_worker(task: Callable, *args: object) -> object:
    return task(_IN_WORKER[0], *args)


class LocalRunner:
    """Runs the tasks of one resolution in this process, or in `workers` processes (started with spawn: dbt's
    process runs threads, which fork would copy mid-flight), keeping one task per worker and one more in flight, so
    that memory follows the batches, not the input."""

    def __init__(self, resolver: BatchedResolver) -> None:
        self._resolver = resolver
        self._pool: ProcessPoolExecutor | None = None
        if resolver.workers > 1:
            try:
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(resolver.workers, context, _start_worker, (resolver,))
            except OSError as exc:  # no shared memory for the pool's locks (some containers)
                logger.warning("identity: no worker processes (%s); resolving in this process", exc)

    def map(self, task: Callable, items: Iterable[tuple]) -> Iterator:
        if self._pool is None:
            yield from (task(self._resolver, *item) for item in items)
            return
        window: deque[Future] = deque()
        for item in items:
            window.append(self._pool.submit(_run_in_worker, task, *item))
            if len(window) > self._resolver.workers:
                yield self._result(window.popleft())
        while window:
            yield self._result(window.popleft())

    @staticmethod
    def _result(future: Future) -> object:
        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise RuntimeError(
                "an identity worker process ended abruptly (out of memory?): lower REVOPS_IDENTITY_BATCH_ROWS, or "
                "set REVOPS_IDENTITY_WORKERS=1"
            ) from exc

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


def _rows(records: pa.Table, rows: np.ndarray) -> pa.Table:
    """The records at `rows`, copied (a slice would carry, and pickle, the whole input's buffers)."""
    return records.take(pa.array(rows))


def _resolved(resolver: BatchedResolver, records: pa.Table) -> Iterator[tuple[np.ndarray, pa.Table]]:
    """(rows, their resolved rows) per batch of whole match components of `records` (the module's steps)."""
    factory = _RUNNER_FACTORIES[-1] if _RUNNER_FACTORIES else LocalRunner
    runner, size = factory(resolver), resolver.batch_rows or records.num_rows
    try:
        starts = range(0, records.num_rows, size)
        chunks = ((_rows(records, np.arange(s, min(s + size, records.num_rows))), s) for s in starts)
        pairs = list(runner.map(_key_hashes_of, chunks))
        rows, keys = np.concatenate([r for r, _ in pairs]), np.concatenate([k for _, k in pairs])
        del pairs
        batches = component_batches(component_labels(records.num_rows, rows, keys)[: records.num_rows], size)
        del rows, keys
        for oversized in batches.oversized:
            logger.warning("identity: one match component holds %d records, over the batch size of %d", oversized, size)
        resolved = runner.map(resolve_batch, ((_rows(records, batch),) for batch in batches.rows))
        yield from zip(batches.rows, resolved, strict=True)
    finally:
        runner.close()


@dataclass(frozen=True)
class BatchedResolver:
    """A resolver (Arrow in, Arrow out: one row per record) applied a batch of whole match components at a time
    when its input holds more than `batch_rows` records (None: always at once), by `workers` processes.
    `link_columns` gives the columns `keys_sql` reads (a query over `records` yielding `_row` and `key` hashes)
    without resolving. With workers, both functions must pickle (module-level functions, or partials of them)."""

    resolve: Resolver
    link_columns: Resolver
    keys_sql: str
    batch_rows: int | None = None
    workers: int = 1

    def _at_once(self, records: pa.Table) -> bool:
        return self.batch_rows is None or records.num_rows <= self.batch_rows

    def __call__(self, records: pa.Table) -> pa.Table:
        """The rows of `records` resolved, in record-key order (as the resolvers give them)."""
        records = in_record_order(records)
        if self._at_once(records):
            return self.resolve(records)
        done = list(_resolved(self, records))
        position = np.concatenate([rows for rows, _ in done])
        resolved = pa.concat_tables([table for _, table in done], promote_options="permissive")
        return resolved.take(pa.array(np.argsort(position, kind="stable")))

    def stream(self, records: pa.Table, finish: Resolver) -> pa.Table | pa.RecordBatchReader:
        """`finish` of the resolved rows, a batch at a time as a stream (in no particular order), so that only a
        few batches' rows are held at once; at most `batch_rows` records: one table."""
        records = in_record_order(records)
        if self._at_once(records):
            return finish(self.resolve(records))
        tables = (finish(table) for _, table in _resolved(self, records))
        first = next(tables)
        rest = (table.cast(first.schema) for table in tables)
        return pa.RecordBatchReader.from_batches(first.schema, _batches(first, rest))


def _batches(first: pa.Table, rest: Iterator[pa.Table]) -> Iterator[pa.RecordBatch]:
    yield from first.to_batches()
    for table in rest:
        yield from table.to_batches()
