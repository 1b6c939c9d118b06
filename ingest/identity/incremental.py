"""Incremental identity resolution: resolve again only the records whose result can have changed.

The ladder links records only through keys they share (their own key and a referenced one, an email, account +
name); guards only refuse links, and the resolvers work in record-key order. So a record's result depends only on
its match component: the records linked to it through shared keys, transitively. Resolving again every component
that holds a new or changed record, or a key that a changed or removed record used to hold, gives exactly the rows
a full resolution gives for those records; every other record keeps its row.

Keys are compared as 64-bit hashes: a collision can only link two components that need not be, which costs a
little extra work and never a wrong row.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

RECORD_KEY = ["source_system", "source_object", "source_record_id"]


def _arrow(relation: duckdb.DuckDBPyRelation) -> pa.Table:
    result = relation.arrow()
    return result.read_all() if isinstance(result, pa.RecordBatchReader) else result


def pair_records(current: pa.Table, previous: pa.Table) -> tuple[np.ndarray, np.ndarray]:
    """(for each current record its row in `previous` or -1, for each previous record its current row or -1),
    matched on the record key."""
    con = duckdb.connect()
    try:
        for name, table in (("current_records", current), ("previous_records", previous)):
            con.register(name, table.select(RECORD_KEY).append_column("_row", pa.array(np.arange(len(table)))))
        pairs = _arrow(
            con.sql(
                "select coalesce(current_records._row, -1) as current_row, "
                "coalesce(previous_records._row, -1) as previous_row "
                "from current_records full join previous_records using (source_system, source_object, source_record_id)"
            )
        )
    finally:
        con.close()
    current_row = pairs.column("current_row").to_numpy()
    previous_row = pairs.column("previous_row").to_numpy()
    both = (current_row >= 0) & (previous_row >= 0)
    previous_of = np.full(len(current), -1, dtype=np.int64)
    current_of = np.full(len(previous), -1, dtype=np.int64)
    previous_of[current_row[both]] = previous_row[both]
    current_of[previous_row[both]] = current_row[both]
    return previous_of, current_of


def key_hashes(table: pa.Table, rows: np.ndarray, keys_sql: str) -> tuple[np.ndarray, np.ndarray]:
    """(row, key hash) pairs for the keys that `keys_sql` (a query over `records`, yielding `_row` and `key`
    hashes) finds in `table`; `rows` numbers its rows."""
    con = duckdb.connect()
    try:
        con.register("records", table.append_column("_row", pa.array(rows, pa.int64())))
        pairs = _arrow(con.sql(keys_sql))
    finally:
        con.close()
    return (
        pairs.column("_row").to_numpy(zero_copy_only=False).astype(np.int64),
        pairs.column("key").to_numpy(zero_copy_only=False),
    )


def affected_records(
    size: int, rows: np.ndarray, keys: np.ndarray, changed: np.ndarray, seed_keys: np.ndarray
) -> np.ndarray:
    """Boolean mask over `size` records: those in a match component that holds a `changed` record or one of
    `seed_keys`. Record `rows[i]` holds key `keys[i]`; records that hold the same key are linked."""
    codes, distinct = pd.factorize(keys)  # hash-based: linear, no sort
    nodes = size + len(distinct)
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, size + codes)), shape=(nodes, nodes))
    _, component = connected_components(graph, directed=False)
    seeds = pd.Index(distinct).get_indexer(seed_keys)
    touched = np.unique(np.concatenate([component[np.flatnonzero(changed)], component[size + seeds[seeds >= 0]]]))
    return np.isin(component[:size], touched)
