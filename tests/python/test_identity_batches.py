"""Identity resolution a batch of whole match components at a time (revops/identity/batches.py): the batches
hold whole components, and the rows come out the same as from one resolution of everything, guards, refusals and
evidence included."""

from __future__ import annotations

from functools import partial

import numpy as np
import pyarrow as pa
import pytest

from revops.identity.batches import component_batches
from revops.identity.people import people_resolver, resolve_people
from revops.identity.rules import from_seed_files
from tests.python.test_identity import GENERIC, people_frame

SYSTEMS = (("salesforce", "Contact"), ("salesforce", "Lead"), ("hubspot", "contacts"), ("zendesk", "users"))
FIRST = ("太郎", "花子", "John", "Mary", "一郎", "Ken", "ｹﾝ", "Anne")
LAST = ("山田", "佐藤", "Smith", "Jones", "鈴木", "Ito")
# a shared personal address, a placeholder typed for many people, a generic mailbox, a free-mail address
EMAILS = ("taro@abc.co.jp", "a@a.com", "test@xyz.co.jp", "info@abc.co.jp", "mary@gmail.com", "ken@def.co.jp")


def noisy_people(count: int, seed: int) -> list[dict]:
    """`count` person records whose emails, names, accounts and references collide often, so that components
    of every size form, and placeholders, generic mailboxes and clearly different names sharing one address
    meet across them."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(count):
        system, obj = SYSTEMS[rng.integers(len(SYSTEMS))]
        pick = rng.random()
        if pick < 0.06:  # a few addresses many type (over the cap of 10 records)
            email = EMAILS[rng.integers(len(EMAILS))]
        elif pick < 0.8:  # pairs and small groups, some for people with clearly different names
            email = f"p{rng.integers(count // 3)}@c{rng.integers(3)}.co.jp"
        else:
            email = None
        row = {"source_system": system, "source_object": obj, "source_record_id": f"r{i}", "email": email,
               "first_name": FIRST[rng.integers(len(FIRST))], "last_name": LAST[rng.integers(len(LAST))],
               "account_id": f"acc_{rng.integers(60)}" if rng.random() < 0.7 else None,
               "first_seen_date": f"2026-0{1 + rng.integers(9)}-1{rng.integers(10)}"}  # fmt: skip
        if rng.random() < 0.1 and rows:
            target = rows[rng.integers(len(rows))]
            row |= {"reference_system": target["source_system"], "reference_object": target["source_object"],
                    "reference_record_id": target["source_record_id"]}  # fmt: skip
        rows.append(row)
    return rows


def by_key(table: pa.Table) -> dict[tuple, dict]:
    return {(r["source_system"], r["source_object"], r["source_record_id"]): r for r in table.to_pylist()}


def test_batches_hold_whole_components_and_report_the_oversized():
    labels = np.array([0, 1, 0, 2, 2, 2, 2, 3, 1, 4])  # sizes: 0→2, 1→2, 2→4, 3→1, 4→1
    batches = component_batches(labels, batch_rows=3)
    rows = np.concatenate(batches.rows)
    assert sorted(rows.tolist()) == list(range(len(labels)))  # every record once
    for batch in batches.rows:
        assert (np.diff(batch) > 0).all()  # record order kept inside a batch
        for label in set(labels[batch].tolist()):
            assert set(np.flatnonzero(labels == label)) <= set(batch.tolist()), "a component was split"
        assert len(batch) <= 3 or len(set(labels[batch].tolist())) == 1
    assert batches.oversized == [4]


@pytest.mark.parametrize("batch_rows", [7, 60, 250])
def test_people_resolved_in_batches_equal_one_resolution(batch_rows):
    records = pa.Table.from_pandas(people_frame(noisy_people(800, seed=batch_rows)), preserve_index=False)
    rules = from_seed_files()
    whole = resolve_people(records, GENERIC, rules=rules)
    batched = people_resolver(GENERIC, rules=rules, batch_rows=batch_rows)(records)
    assert batched.schema == whole.schema
    assert batched.to_pylist() == whole.to_pylist()  # same rows, same order
    refused = [row for row in whole.to_pylist() if row["refused_links"]]
    assert {"placeholder_email", "shared_email"} <= {link["guard"] for row in refused for link in row["refused_links"]}
    assert len({row["person_id"] for row in whole.to_pylist()}) < whole.num_rows  # something was merged


def test_a_stream_of_batches_holds_the_same_rows():
    records = pa.Table.from_pandas(people_frame(noisy_people(500, seed=3)), preserve_index=False)
    resolver = people_resolver(GENERIC, batch_rows=40)
    stream = resolver.stream(records, lambda table: table.select(["source_record_id", "person_id", "guard_note"]))
    assert isinstance(stream, pa.RecordBatchReader)
    streamed = sorted(map(tuple, (row.values() for row in stream.read_all().to_pylist())))
    whole = resolve_people(records, GENERIC).select(["source_record_id", "person_id", "guard_note"])
    assert streamed == sorted(map(tuple, (row.values() for row in whole.to_pylist())))


def test_two_worker_processes_give_the_same_rows():
    records = pa.Table.from_pandas(people_frame(noisy_people(600, seed=11)), preserve_index=False)
    whole = resolve_people(records, GENERIC)
    assert people_resolver(GENERIC, batch_rows=50, workers=2)(records).to_pylist() == whole.to_pylist()


def _dies(_: pa.Table) -> pa.Table:
    import os

    os._exit(9)  # as a worker killed for lack of memory ends


def test_a_worker_that_dies_is_reported_with_what_to_change():
    from revops.identity.batches import BatchedResolver
    from revops.identity.people import MATCH_KEYS_SQL, person_link_columns

    records = pa.Table.from_pandas(people_frame(noisy_people(200, seed=5)), preserve_index=False)
    links = partial(person_link_columns, generic_mailboxes=GENERIC, excluded_domains=frozenset(),
                    account_by_domain={}, rules=from_seed_files())  # fmt: skip
    with pytest.raises(RuntimeError, match="REVOPS_IDENTITY_BATCH_ROWS"):
        BatchedResolver(_dies, links, MATCH_KEYS_SQL, batch_rows=50, workers=2)(records)
