"""Incremental identity resolution (people, accounts): the rows it gives back equal a full resolution's,
and it leaves out records that no change can reach."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pyarrow as pa

from revops.identity.accounts import AccountInputs, resolve_accounts, resolve_accounts_incremental
from revops.identity.incremental import affected_records
from revops.identity.people import resolve_people, resolve_people_incremental
from tests.python.test_identity import EXCLUDED, FORMS, GENERIC, account, accounts_frame, people_frame


def with_input_hash(frame: pd.DataFrame, rows: list[dict]) -> pa.Table:
    """The records with the hash of their inputs (the dbt models hash the columns in DuckDB)."""
    frame["_input_hash"] = [hashlib.md5(repr(sorted(row.items())).encode()).hexdigest() for row in rows]
    return pa.Table.from_pandas(frame, preserve_index=False)


def records(rows: list[dict]) -> pa.Table:
    return with_input_hash(people_frame(rows), rows)


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


def account_records(rows: list[dict]) -> pa.Table:
    return with_input_hash(accounts_frame(rows), rows)


ACCOUNTS_1 = [
    account("salesforce", "Account", "sf1", account_name="株式会社ABC", website="abc.co.jp",
            corporate_number="7000012050002"),
    account("hubspot", "companies", "hs1", account_name="ABC Co., Ltd.", corporate_number="7000012050002"),
    account("gainsight", "companies", "gs1", account_name="ABC", reference_system="salesforce",
            reference_object="Account", reference_record_id="sf1"),
    account("salesforce", "Account", "sf2", account_name="Northwind Analytica Inc.", website="northwind.com"),
    account("zendesk", "organizations", "zd1", account_name="Northwind Analytika"),
    account("salesforce", "Account", "sf3", account_name="Contoso", website="contoso.com"),
    account("salesforce", "Account", "sf4", account_name="Fabrikam", website="fabrikam.co.jp"),
    account("salesforce", "Account", "sf5", account_name="Tailspin Toys", website="tailspin.com"),
    account("hubspot", "companies", "hs5", account_name="Wingtip", website="wingtip.io"),
]  # fmt: skip
ACCOUNTS_2 = [
    *(row for row in ACCOUNTS_1 if row["source_record_id"] not in ("gs1", "zd1")),
    account("zendesk", "organizations", "zd1", account_name="Nordwind Logistik"),  # renamed: no longer fuzzy-close
    account("hubspot", "companies", "hs9", account_name="Contoso Japan", website="https://contoso.com/jp"),  # new
]  # fmt: skip


def test_incremental_accounts_equal_a_full_resolution_and_skip_unreachable_records():
    def full(rows: list[dict]) -> pa.Table:
        return resolve_accounts(account_records(rows), FORMS, EXCLUDED)

    previous, now = full(ACCOUNTS_1), by_key(full(ACCOUNTS_2))
    rows = by_key(resolve_accounts_incremental(account_records(ACCOUNTS_2), previous, FORMS, EXCLUDED))

    assert {key[2] for key in rows} == {"sf1", "hs1", "sf2", "zd1", "sf3", "hs9"}
    assert all(rows[key] == now[key] for key in rows)
    kept = by_key(previous)
    assert all(now[key] == kept[key] for key in now if key not in rows), "a record left out changed"
    sf1 = ("salesforce", "Account", "sf1")
    assert kept[sf1]["match_rule"] == "explicit_reference" != now[sf1]["match_rule"]  # gs1, its referrer, is gone
    assert kept[("zendesk", "organizations", "zd1")]["match_rule"] == "fuzzy_name"
    assert now[("hubspot", "companies", "hs9")]["account_id"] == now[("salesforce", "Account", "sf3")]["account_id"]


def test_incremental_accounts_take_unchanged_records_normalised_values_from_their_built_rows():
    """A record whose inputs did not change is not normalised again: its built row's values are used (here a
    doctored normalised name proves where the value came from); a changed record is normalised afresh."""
    previous = resolve_accounts(account_records(ACCOUNTS_1), FORMS, EXCLUDED)
    doctored = {"sf1": "abc-as-built", "zd1": "stale-zd1"}  # sf1 unchanged in week 2, zd1 renamed
    names = [doctored.get(r, n) for r, n in zip(previous["source_record_id"].to_pylist(),
                                                previous["normalized_name"].to_pylist(), strict=True)]  # fmt: skip
    previous = previous.set_column(
        previous.schema.get_field_index("normalized_name"), "normalized_name", pa.array(names)
    )
    inputs = AccountInputs(FORMS, EXCLUDED, built=previous)

    rows = by_key(resolve_accounts(account_records(ACCOUNTS_2), FORMS, EXCLUDED, inputs=inputs))

    assert rows[("salesforce", "Account", "sf1")]["normalized_name"] == "abc-as-built"
    assert rows[("zendesk", "organizations", "zd1")]["normalized_name"] == "nordwindlogistik"
    assert rows[("hubspot", "companies", "hs9")]["normalized_name"] == "contosojapan"  # new: normalised here
    fresh = by_key(resolve_accounts(account_records(ACCOUNTS_2), FORMS, EXCLUDED))
    assert fresh[("salesforce", "Account", "sf1")]["normalized_name"] == "abc"


def test_affected_records_reach_whole_components_from_changed_records_and_seed_keys():
    """Records 0-1-2-3 chained by keys 10, 11, 12; 4-5 by key 20; 6 alone; 7 holds key 30. Record 1 changed, and
    key 20 was held by a removed record: 0-3 and 4-5 are reached, 6 and 7 are not. The breadth-first search
    and its fallback (connected components, forced by allowing one round) agree."""
    rows = np.array([0, 1, 1, 2, 2, 3, 4, 5, 6, 7])
    keys = np.array([10, 10, 11, 11, 12, 12, 20, 20, 40, 30], dtype=np.uint64)
    changed = np.zeros(8, dtype=bool)
    changed[1] = True
    seeds = np.array([20, 99], dtype=np.uint64)  # 99: a key no record holds any more

    expected = [True, True, True, True, True, True, False, False]
    assert affected_records(8, rows, keys, changed, seeds).tolist() == expected
    assert affected_records(8, rows, keys, changed, seeds, max_rounds=1).tolist() == expected


def test_affected_records_agree_with_connected_components_on_a_random_graph():
    rng = np.random.default_rng(7)
    size = 2000
    rows = np.concatenate([np.arange(size), rng.integers(0, size, 1500)])
    keys = np.concatenate([np.arange(size) + 10_000, rng.integers(0, 900, 1500)]).astype(np.uint64)
    changed = rng.random(size) < 0.01
    seeds = rng.integers(0, 900, 5).astype(np.uint64)

    reached = affected_records(size, rows, keys, changed, seeds)
    assert 0 < reached.sum() < size
    assert (reached == affected_records(size, rows, keys, changed, seeds, max_rounds=0)).all()


GUARDED_1 = [
    account("salesforce", "Account", "jp", account_name="Veridian Japan K.K.", website="https://veridian.com/jp/"),
    account("hubspot", "companies", "us", account_name="Veridian Inc.", website="veridian.com"),
    *(account("salesforce", "Account", f"st{i}", account_name=f"MX-ZAC-1003551{i:02d}") for i in range(4)),
    account("salesforce", "Account", "d1", account_name="Kappa Holdings", declared_identifiers="duns:150483782"),
    account("zendesk", "organizations", "z9", account_name="Unrelated Org", website="unrelated.org"),
]
GUARDED_2 = [
    *(row for row in GUARDED_1 if row["source_record_id"] != "st3"),
    account("hubspot", "companies", "veridian2", account_name="VERIDIAN INC", website="www.veridian.com"),
    account("hubspot", "companies", "d2", account_name="KAPPA HD", declared_identifiers="duns:150-483-782"),
    account("hubspot", "companies", "st9", account_name="MX-ZAC-100355109"),
]


def test_incremental_accounts_with_guards_equal_a_full_resolution():
    """Group domains (a hierarchy), code-like names (refusals) and declared identifiers: the incremental rows
    equal a full resolution's, refused links and parents included."""
    previous = resolve_accounts(account_records(GUARDED_1), FORMS, EXCLUDED)
    full = by_key(resolve_accounts(account_records(GUARDED_2), FORMS, EXCLUDED))
    rows = by_key(resolve_accounts_incremental(account_records(GUARDED_2), previous, FORMS, EXCLUDED))
    assert all(rows[key] == full[key] for key in rows)
    kept = by_key(previous)
    assert all(full[key] == kept[key] for key in full if key not in rows), "a record left out changed"
    assert ("zendesk", "organizations", "z9") not in rows
    assert (
        full[("salesforce", "Account", "jp")]["parent_account_id"] == full[("hubspot", "companies", "us")]["account_id"]
    )
    assert full[("hubspot", "companies", "d2")]["account_id"] == full[("salesforce", "Account", "d1")]["account_id"]
    assert any(r["guard"] == "code_like_name" for r in full[("hubspot", "companies", "st9")]["refused_links"])
