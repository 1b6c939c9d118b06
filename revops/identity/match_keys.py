"""Match keys: what links a resolved record to others, hashed to 64-bit integers, and the components they form.

Keys are compared as hashes: a collision can only link two components that need not be, which costs a little extra
work and never a wrong row. Used by incremental resolution (incremental.py) and by resolution in batches
(batches.py).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def arrow_table(relation: duckdb.DuckDBPyRelation) -> pa.Table:
    result = relation.arrow()
    return result.read_all() if isinstance(result, pa.RecordBatchReader) else result


def match_keys_sql(keys: list[tuple[str, str]], list_keys: list[tuple[str, str]] = ()) -> str:
    """A query over `records` yielding (`_row`, `key`): the hash of each record's own key ("record"), and of
    each non-null (kind, column) of `keys` and each element of the list columns of `list_keys`. A reference is
    kind "record", so that it meets the key of the record it names."""
    own = "source_system || '/' || source_object || '/' || source_record_id"
    selects = [f"select _row, hash('record', {own}) as key from records"]
    selects += [
        f"select _row, hash('{kind}', {column}) as key from records where {column} is not null" for kind, column in keys
    ]
    selects += [
        f"select _row, hash('{kind}', element) as key from (select _row, unnest({column}) as element from records)"
        for kind, column in list_keys
    ]
    return "\nunion all\n".join(selects)


def key_hashes(table: pa.Table, rows: np.ndarray, keys_sql: str) -> tuple[np.ndarray, np.ndarray]:
    """(row, key hash) pairs for the keys that `keys_sql` (a query over `records`, yielding `_row` and `key`
    hashes) finds in `table`; `rows` numbers its rows."""
    con = duckdb.connect()
    try:
        con.register("records", table.append_column("_row", pa.array(rows, pa.int64())))
        pairs = arrow_table(con.sql(keys_sql))
    finally:
        con.close()
    return (
        pairs.column("_row").to_numpy(zero_copy_only=False).astype(np.int64),
        pairs.column("key").to_numpy(zero_copy_only=False),
    )


def component_labels(size: int, rows: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Per node its connected component, over `size` records and the distinct `keys`: record `rows[i]` holds key
    `keys[i]`, and records that hold the same key are linked. Nodes 0..size-1 are the records, the rest the keys."""
    codes, distinct = pd.factorize(keys)  # hash-based: linear, no sort
    nodes = size + len(distinct)
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, size + codes)), shape=(nodes, nodes))
    return connected_components(graph, directed=False)[1]
