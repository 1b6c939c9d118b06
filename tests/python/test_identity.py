"""Identity rules and guards on tiny hand-written cases, hard negatives included."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from revops.identity import normalize as norm
from revops.identity import resolve_accounts, resolve_people
from revops.identity.rules import from_seed_files

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed_column(name: str, column: str) -> list[str]:
    with (SEEDS / f"{name}.csv").open(encoding="utf-8") as handle:
        return [row[column] for row in csv.DictReader(handle)]


FORMS = dict(zip(seed_column("legal_forms", "form"), seed_column("legal_forms", "legal_form"), strict=True))
EXCLUDED = frozenset(seed_column("free_mail_domains", "domain"))
GENERIC = frozenset(seed_column("generic_mailboxes", "local_part"))


@pytest.mark.parametrize(
    "name",
    ["株式会社ABC", "ABC(株)", "㈱ＡＢＣ", "ABC株式会社", "ABC Co., Ltd.", "ABC CO LTD", "abc inc.", "ＡＢＣ　㍿"],
)
def test_company_name_variants_share_one_key(name):
    assert norm.company_name_key(name, FORMS) == "abc"


def test_bank_transfer_kana_matches_the_latin_name_by_reading():
    assert norm.company_kana_key("ｶ)ｴｰﾋﾞｰｼｰ", FORMS) == norm.company_kana_key("ABC Co., Ltd.", FORMS)
    assert norm.company_kana_key("ｶ)ｴｰﾋﾞｰｼｰ", FORMS) is not None
    assert norm.company_kana_key("山田製作所株式会社", FORMS) is None  # no reading for kanji


@pytest.mark.parametrize(
    ("left", "right"),
    [("ABC商事", "ABCホールディングス"), ("Cobalt Labs Inc.", "Labs Inc."), ("ABC商事", "株式会社ABC")],
)
def test_different_companies_keep_different_keys(left, right):
    assert norm.company_name_key(left, FORMS) != norm.company_name_key(right, FORMS)


def test_placeholders_are_missing():
    for value in ("不明", "個人", "test", "", None, " - "):
        assert norm.company_name_key(value, FORMS) is None


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("https://www.ABC.co.jp/about?x=1", "abc.co.jp"),
        ("taro.yamada@abc.co.jp", "abc.co.jp"),
        ("http://shop.example-corp.com:8080", "example-corp.com"),
        ("www.abc.co.jp", "abc.co.jp"),
        ("ＡＢＣ．ＣＯ．ＪＰ", "abc.co.jp"),
        ("日本語.jp", "xn--wgv71a119e.jp"),
        ("someone@gmail.com", None),
        ("foo@docomo.ne.jp", None),
        ("yahoo.co.jp", None),
        ("co.jp", None),
        ("localhost", None),
        ("不明", None),
    ],
)
def test_registrable_domain(text, domain):
    assert norm.registrable_domain(text, EXCLUDED) == domain


def test_corporate_number_check_digit():
    assert norm.corporate_number("7000012050002") == ("7000012050002", False)  # 国税庁
    assert norm.corporate_number("7-0000-1205-0002") == ("7000012050002", False)
    assert norm.corporate_number("8000012050002") == (None, True)
    assert norm.corporate_number("12345") == (None, True)
    assert norm.corporate_number("0000000000000") == (None, False)
    assert norm.corporate_number("個人") == (None, False)


def test_person_name_keys_ignore_order_and_spacing():
    assert set(norm.person_name_keys("太郎", "山田")) & set(norm.person_name_keys(None, None, "山田 太郎"))
    assert set(norm.person_name_keys(None, None, "山田太郎")) & set(norm.person_name_keys("太郎", "山田"))
    assert set(norm.person_name_keys("John", "Smith")) & set(norm.person_name_keys(None, None, "Smith John"))


def accounts_frame(rows: list[dict]) -> pd.DataFrame:
    columns = [
        "source_system", "source_object", "source_record_id", "account_name", "website", "corporate_number",
        "country", "reference_system", "reference_object", "reference_record_id", "first_seen_date",
        "declared_identifiers",
    ]  # fmt: skip
    return pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)


def account(system: str, obj: str, record_id: str, **values) -> dict:
    return {"source_system": system, "source_object": obj, "source_record_id": record_id, **values}


def resolved(rows: list[dict]) -> dict[str, dict]:
    out = resolve_accounts(accounts_frame(rows), FORMS, EXCLUDED).to_pandas()
    return {r["source_record_id"]: r for r in out.to_dict("records")}


def test_account_ladder_and_rules_recorded():
    result = resolved(
        [
            account("salesforce", "Account", "sf1", account_name="株式会社ABC", website="https://www.abc.co.jp",
                    corporate_number="7000012050002"),
            account("gainsight", "companies", "gs1", account_name="ABC", reference_system="salesforce",
                    reference_object="Account", reference_record_id="sf1"),
            account("hubspot", "companies", "hs1", account_name="ABC Co., Ltd.", corporate_number="7000012050002"),
            account("zendesk", "organizations", "zd1", account_name="ABC Support Desk", website="abc.co.jp"),
            account("hubspot", "companies", "hs2", account_name="㈱ＡＢＣ"),
            account("hubspot", "companies", "hs3", account_name="ｶ)ｴｰﾋﾞｰｼｰ"),
        ]
    )  # fmt: skip
    assert len({r["account_id"] for r in result.values()}) == 1
    assert result["gs1"]["match_rule"] == "explicit_reference"
    assert result["hs1"]["match_rule"] == "corporate_number"
    assert result["zd1"]["match_rule"] == "domain"
    assert result["hs2"]["match_rule"] == "normalized_name"
    assert result["hs3"]["match_rule"] == "kana_reading"
    assert "abc.co.jp" in result["zd1"]["match_evidence"]


def test_different_corporate_numbers_are_never_merged_by_name_or_group_domain():
    result = resolved(
        [
            account("salesforce", "Account", "p", account_name="ABCホールディングス株式会社", website="abc-group.com",
                    corporate_number="7000012050002"),
            account("salesforce", "Account", "s", account_name="ABC商事株式会社", website="abc-group.com",
                    corporate_number="1010001000006"),
            account("hubspot", "companies", "h1", account_name="ABC商事", website="www.abc-group.com"),
            account("hubspot", "companies", "h2", account_name="ABCホールディングス(株)"),
            account("hubspot", "companies", "x1", account_name="Same Name Inc.", corporate_number="7000012050002"),
        ]
    )  # fmt: skip
    assert norm.corporate_number("1010001000006")[0] is not None, "fixture must use a valid 法人番号"
    assert result["p"]["account_id"] != result["s"]["account_id"]
    assert result["h1"]["account_id"] == result["s"]["account_id"]
    assert result["h2"]["account_id"] == result["p"]["account_id"]


def test_invalid_corporate_number_is_ignored_and_reported():
    result = resolved(
        [
            account("salesforce", "Account", "a", account_name="Foo", corporate_number="8000012050002"),
            account("hubspot", "companies", "b", account_name="Bar", corporate_number="8000012050002"),
        ]
    )
    assert result["a"]["account_id"] != result["b"]["account_id"]
    assert result["a"]["has_invalid_corporate_number"]


def test_weak_rules_never_join_two_domains_and_placeholders_stay_unresolved():
    result = resolved(
        [
            account("salesforce", "Account", "a", account_name="Summit Labs Inc.", website="summitlabs.com"),
            account("hubspot", "companies", "b", account_name="Summit Labs GmbH", website="summitlabs.de"),
            account("zendesk", "organizations", "c", account_name="不明"),
        ]
    )
    assert result["a"]["account_id"] != result["b"]["account_id"]
    assert pd.isna(result["c"]["account_id"]) and result["c"]["match_rule"] == "unresolved"


def test_account_ids_are_stable_when_records_are_added():
    base = [
        account(
            "salesforce", "Account", "a", account_name="Acme Inc.", website="acme.com", first_seen_date="2026-01-01"
        ),
        account(
            "salesforce", "Account", "b", account_name="Globex", website="globex.com", first_seen_date="2026-01-01"
        ),
    ]
    before = resolved(base)
    after = resolved(
        [
            account("hubspot", "companies", "h", account_name="ACME", website="acme.com", first_seen_date="2026-02-01"),
            *base,
            account("hubspot", "companies", "n", account_name="Initech", first_seen_date="2026-02-01"),
        ]
    )
    assert after["a"]["account_id"] == before["a"]["account_id"] == after["h"]["account_id"]
    assert after["b"]["account_id"] == before["b"]["account_id"]


def test_cluster_size_guard_refuses_and_reports():
    rows = [account("hubspot", "companies", f"r{i}", account_name="Mega Corp") for i in range(60)]
    rules = replace(from_seed_files(), caps={"name": 100})  # the name cap would refuse first
    out = resolve_accounts(accounts_frame(rows), FORMS, EXCLUDED, max_cluster_size=50, rules=rules).to_pandas()
    assert out["account_id"].nunique() > 1
    assert out["guard_note"].str.contains("exceed 50").any()


def people_frame(rows: list[dict]) -> pd.DataFrame:
    columns = [
        "source_system", "source_object", "source_record_id", "email", "first_name", "last_name", "full_name",
        "account_id", "reference_system", "reference_object", "reference_record_id", "first_seen_date",
    ]  # fmt: skip
    return pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)


def test_people_by_email_name_and_guards():
    rows = [
        {"source_system": "salesforce", "source_object": "Contact", "source_record_id": "c1",
         "email": "Taro@ABC.co.jp ", "first_name": "太郎", "last_name": "山田", "account_id": "acc_1"},
        {"source_system": "hubspot", "source_object": "contacts", "source_record_id": "h1",
         "email": "taro@abc.co.jp", "first_name": "Taro", "last_name": "Yamada", "account_id": "acc_1"},
        {"source_system": "zendesk", "source_object": "users", "source_record_id": "z1",
         "email": None, "full_name": "山田 太郎", "account_id": "acc_1"},
        {"source_system": "hubspot", "source_object": "contacts", "source_record_id": "h2",
         "email": "info@abc.co.jp", "first_name": "花子", "last_name": "佐藤", "account_id": "acc_1"},
        {"source_system": "zendesk", "source_object": "users", "source_record_id": "z2",
         "email": "info@abc.co.jp", "full_name": "鈴木 一郎", "account_id": "acc_1"},
        {"source_system": "salesforce", "source_object": "Contact", "source_record_id": "c2",
         "email": "taro.yamada2@abc.co.jp", "first_name": "太郎", "last_name": "山田", "account_id": "acc_1"},
    ]  # fmt: skip
    out = {r["source_record_id"]: r for r in resolve_people(people_frame(rows), GENERIC).to_pylist()}
    assert out["c1"]["person_id"] == out["h1"]["person_id"] == out["z1"]["person_id"]
    assert out["h1"]["match_rule"] == "email"
    assert out["z1"]["match_rule"] == "account_and_name"
    assert out["h2"]["person_id"] != out["z2"]["person_id"], "a shared info@ mailbox is not one person"
    assert out["h2"]["is_generic_mailbox"]
    assert out["c2"]["person_id"] != out["c1"]["person_id"], "same name, different personal emails: two people"
    assert out["c2"]["account_id"] == "acc_1"


def test_people_resolution_does_not_depend_on_input_order():
    """Zendesk's 山田 太郎 matches two Contacts by account and name, but they carry different personal emails:
    which one it joins depends on the order records are met, so the resolver fixes that order itself."""
    rows = [
        {"source_system": "salesforce", "source_object": "Contact", "source_record_id": f"c{i}",
         "email": f"taro{i}@abc.co.jp", "first_name": "太郎", "last_name": "山田", "account_id": "acc_1"}
        for i in range(1, 4)
    ] + [
        {"source_system": "zendesk", "source_object": "users", "source_record_id": "z1",
         "email": None, "full_name": "山田 太郎", "account_id": "acc_1"},
    ]  # fmt: skip
    frame = people_frame(rows)
    results = {
        tuple(sorted(map(str, resolve_people(shuffled, GENERIC).to_pylist())))
        for shuffled in (frame, frame.iloc[::-1], frame.sample(frac=1.0, random_state=3))
    }
    assert len(results) == 1


def test_fuzzy_names_join_an_unidentified_record_but_never_two_domains():
    result = resolved(
        [
            account("salesforce", "Account", "a", account_name="Northwind Analytica Inc.", website="northwind.com"),
            account("zendesk", "organizations", "b", account_name="Northwind Analytika"),
            account("hubspot", "companies", "c", account_name="Northwind Analytics", website="nw-analytics.io"),
        ]
    )
    assert result["b"]["account_id"] == result["a"]["account_id"]
    assert result["b"]["match_rule"] == "fuzzy_name"
    assert result["c"]["account_id"] != result["a"]["account_id"]
