"""Incremental person resolution: the rows it gives back equal a full resolution's, and it leaves out records
that no change can reach."""

from __future__ import annotations

import hashlib

import pyarrow as pa

from ingest.identity.people import resolve_people, resolve_people_incremental
from tests.python.test_identity import GENERIC, people_frame


def records(rows: list[dict]) -> pa.Table:
    frame = people_frame(rows)
    frame["_input_hash"] = [hashlib.md5(repr(tuple(row)).encode()).hexdigest() for row in frame.itertuples(False)]
    return pa.Table.from_pandas(frame, preserve_index=False)


def by_key(table: pa.Table) -> dict[tuple, dict]:
    return {(r["source_system"], r["source_object"], r["source_record_id"]): r for r in table.to_pylist()}


def contact(system: str, record_id: str, **values) -> dict:
    obj = {"salesforce": "Contact", "hubspot": "contacts", "zendesk": "users"}[system]
    return {"source_system": system, "source_object": obj, "source_record_id": record_id} | values


WEEK_1 = [
    contact("salesforce", "c1", email="taro@abc.co.jp", first_name="太郎", last_name="山田", account_id="acc_1"),
    contact("hubspot", "h1", email="taro@abc.co.jp", first_name="Taro", last_name="Yamada", account_id="acc_1"),
    contact("zendesk", "z1", full_name="山田 太郎", account_id="acc_1"),
    contact("salesforce", "c2", email="hanako@xyz.co.jp", first_name="花子", last_name="佐藤", account_id="acc_2"),
    contact("hubspot", "h2", email="hanako@xyz.co.jp", first_name="花子", last_name="佐藤", account_id="acc_2"),
    contact("hubspot", "h3", email="jiro@abc.co.jp", first_name="次郎", last_name="田中"),
    contact("salesforce", "c3", email="ichiro@def.co.jp", first_name="一郎", last_name="鈴木", account_id="acc_3"),
    contact("hubspot", "h4", email="ichiro@def.co.jp", first_name="一郎", last_name="鈴木", account_id="acc_3"),
    *(contact("hubspot", f"u{i}", email=f"user{i}@other{i}.com", full_name=f"User {i}") for i in range(5)),
]
WEEK_2 = [
    *(row for row in WEEK_1 if row["source_record_id"] not in ("h1", "h2", "h4")),
    # h1 changes its email: no key left in common with c1 (its name is spelled in Latin letters)
    contact("hubspot", "h1", email="t.yamada@abc.co.jp", first_name="Taro", last_name="Yamada", account_id="acc_1"),
    # h2 and h4 are gone (c3 is left alone); a new Zendesk user joins c2 by account and name
    contact("zendesk", "z2", full_name="佐藤 花子", account_id="acc_2"),
]


def test_incremental_rows_equal_a_full_resolution_and_skip_unreachable_records():
    domains_1, domains_2 = {"abc.co.jp": "acc_1"}, {"abc.co.jp": "acc_9"}  # h3's domain now names acc_9
    previous = resolve_people(records(WEEK_1), GENERIC, account_by_domain=domains_1)
    full = by_key(resolve_people(records(WEEK_2), GENERIC, account_by_domain=domains_2))
    rows = by_key(resolve_people_incremental(records(WEEK_2), previous, GENERIC, account_by_domain=domains_2))

    assert {key[2] for key in rows} == {"c1", "h1", "z1", "c2", "z2", "h3", "c3"}
    assert all(rows[key] == full[key] for key in rows)
    kept = by_key(previous)
    assert all(full[key] == kept[key] for key in full if key not in rows), "a record left out changed"
    assert full[("hubspot", "contacts", "h1")]["person_id"] != full[("salesforce", "Contact", "c1")]["person_id"]
    assert full[("hubspot", "contacts", "h3")]["account_id"] == "acc_9"
    assert (
        full[("salesforce", "Contact", "c3")]["match_rule"]
        == "singleton"
        != kept[("salesforce", "Contact", "c3")]["match_rule"]
    )


def test_incremental_with_nothing_changed_resolves_nothing():
    previous = resolve_people(records(WEEK_1), GENERIC)
    assert resolve_people_incremental(records(WEEK_1), previous, GENERIC).num_rows == 0


def test_incremental_from_an_empty_warehouse_resolves_everything():
    previous = resolve_people(records(WEEK_1), GENERIC).slice(0, 0)
    full = by_key(resolve_people(records(WEEK_2), GENERIC))
    assert by_key(resolve_people_incremental(records(WEEK_2), previous, GENERIC)) == full
