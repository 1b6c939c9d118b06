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

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops.identity.ladder import RECORD_KEY
from revops.identity.match_keys import arrow_table, component_labels, key_hashes


def input_records(relation: duckdb.DuckDBPyRelation, columns: list[str], settings: object) -> pa.Table:
    """`columns` of `relation` (what dbt.ref gives a Python model) in record-key order, the order the resolvers
    need (sorted here, they make no copy of their own), with `_input_hash`: a hash of the columns and of the
    resolver's `settings` (seeds, limits), so that changing a setting marks every record changed."""
    fingerprint = hashlib.sha256(repr(settings).encode()).hexdigest()
    listed = ", ".join(columns)
    return (
        relation.project(f"{listed}, hash({listed}, '{fingerprint}') as _input_hash")
        .order(", ".join(RECORD_KEY))
        .to_arrow_table()
    )


def built_rows(dbt: object, session: duckdb.DuckDBPyConnection, columns: list[str]) -> pa.Table | None:
    """The model's rows as built (`columns` of `dbt.this`), or None when the build must resolve everything: a
    first build, a full refresh, or a table an earlier version built without the columns an incremental run
    compares."""
    if not dbt.is_incremental:
        return None
    built = {column for (column, *_) in session.sql(f"describe {dbt.this}").fetchall()}
    if not set(columns) <= built:
        return None
    return session.sql(f"select {', '.join(columns)} from {dbt.this}").to_arrow_table()


def with_change_stamp(rows: pa.Table) -> pa.Table:
    """`rows` with `_changed_at`, now: the change stamp of every row an identity model writes (change_set.sql)."""
    return rows.append_column("_changed_at", pa.array([datetime.now(UTC)] * len(rows), pa.timestamp("us", tz="UTC")))


def change_set(dbt: object, session: duckdb.DuckDBPyConnection, changed: pa.Table, records: object) -> pa.Table:
    """What an identity model returns: on a full build its rows; on an incremental one the change set that the
    change_set strategy applies (macros/incremental/change_set.sql): the rows resolved again, and the built
    records no longer among the inputs (`records`), flagged _deleted. The rows written carry `_changed_at`, now
    (the change stamps of change_set.sql)."""
    stamped = with_change_stamp(changed)
    if not dbt.is_incremental:
        return stamped
    key = ", ".join(RECORD_KEY)
    return session.sql(
        "select *, false as _deleted from stamped union all by name "
        f"select {key}, true as _deleted from {dbt.this} anti join records using ({key})"
    ).to_arrow_table()


def pair_records(current: pa.Table, previous: pa.Table) -> tuple[np.ndarray, np.ndarray]:
    """(for each current record its row in `previous` or -1, for each previous record its current row or -1),
    matched on the record key."""
    con = duckdb.connect()
    try:
        for name, table in (("current_records", current), ("previous_records", previous)):
            con.register(name, table.select(list(RECORD_KEY)).append_column("_row", pa.array(np.arange(len(table)))))
        pairs = arrow_table(
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


def affected_records(
    size: int, rows: np.ndarray, keys: np.ndarray, changed: np.ndarray, seed_keys: np.ndarray, max_rounds: int = 64
) -> np.ndarray:
    """Boolean mask over `size` records: those in a match component that holds a `changed` record or one of
    `seed_keys`. Record `rows[i]` holds key `keys[i]`; records that hold the same key are linked.

    A breadth-first search from the changed records and the seed keys, in DuckDB: its cost follows the
    components it reaches, not the whole graph (the connected components of all person records cost far more).
    Components deeper than `max_rounds` links fall back to those."""
    con = duckdb.connect()
    try:
        con.register("edge_arrays", pa.table({"record": rows, "key": keys}))
        con.register("changed_records", pa.table({"record": np.flatnonzero(changed)}))
        con.register("seed_keys", pa.table({"key": seed_keys}))
        con.execute("create temp table edges as select * from edge_arrays")
        con.execute("create temp table reached_records as select record from changed_records")
        con.execute(
            "create temp table reached_keys as select distinct key from ("
            "select key from seed_keys union all select key from edges semi join changed_records using (record))"
        )
        con.execute("create temp table new_keys as select key from reached_keys")
        for _ in range(max_rounds):
            con.execute(
                "create or replace temp table new_records as select distinct record from edges "
                "semi join new_keys using (key) anti join reached_records using (record)"
            )
            if not con.sql("select count(*) from new_records").fetchall()[0][0]:
                reached = con.sql("select record from reached_records").fetchnumpy()["record"]
                mask = np.zeros(size, dtype=bool)
                mask[reached] = True
                return mask
            con.execute("insert into reached_records select record from new_records")
            con.execute(
                "create or replace temp table new_keys as select distinct key from edges "
                "semi join new_records using (record) anti join reached_keys using (key)"
            )
            con.execute("insert into reached_keys select key from new_keys")
    finally:
        con.close()
    return _components_reached(size, rows, keys, changed, seed_keys)


def _components_reached(
    size: int, rows: np.ndarray, keys: np.ndarray, changed: np.ndarray, seed_keys: np.ndarray
) -> np.ndarray:
    """affected_records through the connected components of the whole graph."""
    component = component_labels(size, rows, keys)
    seeds = pd.Index(pd.unique(keys)).get_indexer(seed_keys)  # key nodes follow the records, in first-seen order
    touched = np.unique(np.concatenate([component[np.flatnonzero(changed)], component[size + seeds[seeds >= 0]]]))
    return np.isin(component[:size], touched)


def resolve_incremental(
    records: pa.Table,
    previous: pa.Table,
    resolve: Callable[[pa.Table], pa.Table],
    keys_sql: str,
    link_columns: list[str],
    check_columns: tuple[str, ...] = (),
    also_changed: Callable[[pa.Table, np.ndarray], np.ndarray] | None = None,
) -> pa.Table:
    """The rows of `resolve(records)` that can differ from `previous`, its output on earlier records.

    `records` are in record-key order and carry `_input_hash` (a hash of the resolver's inputs, settings
    included); `resolve` returns one row per record with `link_columns`, from which `keys_sql` (a query over
    `records`, yielding `_row` and `key`) derives the record's match keys. A record is changed when it is new or
    its hash differs, or when `also_changed(previous rows, candidates)` says so (given the previous rows aligned
    with `records`, `check_columns` included, and the mask of records not yet changed). Rows of records no longer
    in `records` are the caller's to delete.
    """
    previous_of, current_of = pair_records(records, previous)
    found = previous_of >= 0
    prior = previous.select(["_input_hash", *check_columns]).take(pa.array(previous_of, mask=~found))
    same_inputs = pc.fill_null(pc.equal(records.column("_input_hash"), prior.column("_input_hash")), False)
    changed = ~found | ~same_inputs.to_numpy(zero_copy_only=False)
    if also_changed is not None:
        changed |= also_changed(prior, ~changed)

    # Keys now: a kept record's as built, a changed record's afresh. Seeds: the keys changed and removed records held.
    previous_rows, previous_keys = key_hashes(previous.select(link_columns), np.arange(len(previous)), keys_sql)
    now = current_of[previous_rows]
    kept = now >= 0
    kept[kept] = ~changed[now[kept]]
    fresh = np.flatnonzero(changed)
    fresh_rows, fresh_keys = key_hashes(resolve(records.take(pa.array(fresh))).select(link_columns), fresh, keys_sql)
    affected = affected_records(
        len(records),
        np.concatenate([now[kept], fresh_rows]),
        np.concatenate([previous_keys[kept], fresh_keys]),
        changed,
        previous_keys[~kept],
    )
    return resolve(records.filter(affected))
