"""Every guard of identity resolution both ways: the merge it must refuse (and record), and the merge it must
leave alone. Also the overrides seed and caps."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from revops.identity import resolve_accounts, resolve_people
from revops.identity.people import placeholder_reasons
from revops.identity.rules import IdentityRules, Override, from_seed_files
from tests.python.test_identity import EXCLUDED, FORMS, GENERIC, account, accounts_frame, people_frame


def resolve(rows: list[dict], rules: IdentityRules | None = None) -> dict[str, dict]:
    out = resolve_accounts(accounts_frame(rows), FORMS, EXCLUDED, rules=rules).to_pylist()
    return {r["source_record_id"]: r for r in out}


def guards(row: dict) -> set[str]:
    return {refusal["guard"] for refusal in row["refused_links"]}


def sf(record_id: str, name: str, **values) -> dict:
    return account("salesforce", "Account", record_id, account_name=name, **values)


def hs(record_id: str, name: str, **values) -> dict:
    return account("hubspot", "companies", record_id, account_name=name, **values)


# Code-like names -----------------------------------------------------------------------------------------------


def test_store_codes_are_never_merged_on_similarity_and_the_refusal_is_recorded():
    stores = [sf(f"s{i}", f"MX-ZAC-1003551{i:02d}") for i in range(12)]
    result = resolve(stores)
    assert len({row["account_id"] for row in result.values()}) == 12
    refused = [r for row in result.values() for r in row["refused_links"] if r["guard"] == "code_like_name"]
    assert refused and all(r["rule"] == "fuzzy_name" for r in refused)


def test_the_same_store_code_in_two_systems_still_merges():
    result = resolve([sf("a", "MX-ZAC-100355101", country="Mexico"), hs("b", "mx-zac-100355101")])
    assert result["a"]["account_id"] == result["b"]["account_id"]


def test_names_whose_numbers_differ_are_not_merged_but_typos_without_numbers_are():
    result = resolve(
        [
            sf("a", "Harbor Fund 2 Partners", country="US"),
            hs("b", "Harbor Fund 3 Partners", country="US"),
            sf("c", "Northwind Analytica", country="US"),
            hs("d", "Northwind Analytika", country="US"),
        ]
    )
    assert result["a"]["account_id"] != result["b"]["account_id"]
    assert "code_like_name" in guards(result["a"]) | guards(result["b"])
    assert result["c"]["account_id"] == result["d"]["account_id"]


# Shared domains ------------------------------------------------------------------------------------------------


def test_a_japanese_subsidiary_on_its_foreign_parents_domain_is_a_child_not_a_merge():
    result = resolve(
        [
            sf("jp", "Veridian Japan K.K.", website="https://veridian.com/jp/"),
            hs("us", "Veridian Inc.", website="www.veridian.com"),
        ]
    )
    assert result["jp"]["account_id"] != result["us"]["account_id"]
    assert result["jp"]["parent_account_id"] == result["us"]["account_id"]
    assert result["us"]["parent_account_id"] is None
    assert "shared_domain" in guards(result["jp"]) | guards(result["us"])


def test_a_subsidiary_on_a_sub_domain_is_a_child():
    result = resolve(
        [
            sf("c", "Orchid Labs Japan", website="https://jp.orchidlabs.com"),
            hs("p", "Orchid Labs", website="orchidlabs.com"),
        ]
    )
    assert result["c"]["account_id"] != result["p"]["account_id"]
    assert result["c"]["parent_account_id"] == result["p"]["account_id"]


def test_group_companies_on_one_domain_stay_apart():
    result = resolve(
        [
            sf("a", "かすみ商事株式会社", website="kasumi-group.co.jp"),
            hs("b", "かすみ物流株式会社", website="www.kasumi-group.co.jp"),
        ]
    )
    assert result["a"]["account_id"] != result["b"]["account_id"]


def test_one_company_on_one_domain_in_several_spellings_still_merges():
    result = resolve(
        [
            sf("a", "株式会社新緑", website="https://www.shinryoku.co.jp/"),
            hs("b", "Shinryoku Co., Ltd.", website="shinryoku.co.jp"),
            hs("c", "新緑", website="shop.shinryoku.co.jp"),  # a sub-domain, the same name key
            hs("d", "SHINRYOKU CO LTD", website="http://shinryoku.co.jp"),
        ]
    )
    assert len({row["account_id"] for row in result.values()}) == 1
    assert all(row["parent_account_id"] is None for row in result.values())


# Caps -----------------------------------------------------------------------------------------------------------


def test_a_domain_over_its_cap_links_nobody_and_each_record_is_told():
    rules = replace(from_seed_files(), caps={"domain": 3})
    rows = [
        hs(f"r{i}", f"Company {chr(65 + i)}{chr(75 + i)}{chr(80 + i)}", website="shared-host.com") for i in range(4)
    ]
    result = resolve(rows, rules)
    assert len({row["account_id"] for row in result.values()}) == 4
    assert sum("identifier_cap" in guards(row) for row in result.values()) == 4


def test_a_domain_within_its_cap_links():
    rules = replace(from_seed_files(), caps={"domain": 3})
    result = resolve([hs("a", "Acme", website="acme.com"), sf("b", "ACME Inc.", website="www.acme.com")], rules)
    assert result["a"]["account_id"] == result["b"]["account_id"]


# Overrides ------------------------------------------------------------------------------------------------------


def test_cannot_link_beats_every_rule_and_must_link_joins_what_no_rule_would():
    rules = replace(
        from_seed_files(),
        overrides=(
            Override("account", "cannot_link", ("salesforce", "Account", "a"), ("hubspot", "companies", "b")),
            Override("account", "must_link", ("salesforce", "Account", "c"), ("hubspot", "companies", "d"), "same"),
        ),
    )
    rows = [
        sf("a", "株式会社ABC", corporate_number="7000012050002"),
        hs("b", "ABC(株)", corporate_number="7000012050002"),
        sf("c", "株式会社月光"),
        hs("d", "Gekko Co., Ltd."),
    ]
    result = resolve(rows, rules)
    assert result["a"]["account_id"] != result["b"]["account_id"]
    assert "cannot_link" in guards(result["a"]) | guards(result["b"])
    assert result["c"]["account_id"] == result["d"]["account_id"]
    assert result["c"]["match_rule"] == "manual_override" and "same" in result["c"]["match_evidence"]
    without = resolve(rows)
    assert without["a"]["account_id"] == without["b"]["account_id"]
    assert without["c"]["account_id"] != without["d"]["account_id"]


def test_a_malformed_override_row_names_the_row_and_the_fix():
    with pytest.raises(ValueError, match=r"identity_overrides.csv row 2: .*decision"):
        IdentityRules.from_tables(
            [],
            [],
            [],
            [
                {
                    "entity": "account",
                    "decision": "merge",
                    "left_system": "a",
                    "left_object": "b",
                    "left_record_id": "c",
                    "right_system": "d",
                    "right_object": "e",
                    "right_record_id": "f",
                }
            ],
        )


# People: placeholder and shared e-mails ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email",
    [
        "a@a.com",
        "xx@xx.com",
        "xxx@xxx.com",
        "test@abc.co.jp",
        "test123@abc.co.jp",
        "noreply@abc.co.jp",
        "taro@example.com",
        "taro@mail.example.co.jp",
        "taro@abc.test",
        "hoge@hoge.jp",
        "0312345678@abc.co.jp",
        "aaaa@abc.co.jp",
    ],
)
def test_placeholder_addresses(email):
    import pyarrow as pa

    assert placeholder_reasons(pa.chunked_array([[email]]), from_seed_files().placeholder_emails)[0].is_valid


@pytest.mark.parametrize("email", ["taro@abc.co.jp", "a.yamada@xx-corp.com", "jo@acme.com", "ax@ax-labs.io"])
def test_real_addresses_are_not_placeholders(email):
    import pyarrow as pa

    assert not placeholder_reasons(pa.chunked_array([[email]]), from_seed_files().placeholder_emails)[0].is_valid


def person(record_id: str, email: str | None, first: str, last: str, account_id: str = "acc_1") -> dict:
    return {"source_system": "salesforce", "source_object": "Contact", "source_record_id": record_id, "email": email,
            "first_name": first, "last_name": last, "account_id": account_id}  # fmt: skip


def people(rows: list[dict], rules: IdentityRules | None = None) -> dict[str, dict]:
    out = resolve_people(people_frame(rows), GENERIC, rules=rules).to_pylist()
    return {r["source_record_id"]: r for r in out}


def test_a_placeholder_address_typed_for_seven_people_makes_seven_people():
    names = [
        ("太郎", "山田"),
        ("花子", "佐藤"),
        ("一郎", "鈴木"),
        ("次郎", "田中"),
        ("John", "Smith"),
        ("Mary", "Jones"),
        ("Ken", "Ito"),
    ]
    rows = [person(f"c{i}", "a@a.com", first, last, f"acc_{i}") for i, (first, last) in enumerate(names)]
    result = people(rows)
    assert len({row["person_id"] for row in result.values()}) == 7
    assert all(row["is_placeholder_email"] for row in result.values())
    assert all("placeholder_email" in guards(row) for row in result.values())


def test_an_address_used_by_clearly_different_names_is_not_a_key_but_spelling_variants_share_it():
    result = people(
        [
            person("a", "sales.team@corp.co.jp", "Taro", "Yamada"),
            person("b", "sales.team@corp.co.jp", "Hanako", "Sato"),
            person("c", "k.ito@corp.co.jp", "Ken", "Ito"),
            person("d", "k.ito@corp.co.jp", "Ito", "Ken"),  # order swapped: one person
            person("e", "k.ito@corp.co.jp", "健", "伊藤"),  # another script: one person
        ]
    )
    assert result["a"]["person_id"] != result["b"]["person_id"]
    assert "shared_email" in guards(result["a"])
    assert result["c"]["person_id"] == result["d"]["person_id"] == result["e"]["person_id"]


def test_an_address_over_its_cap_links_nobody():
    rules = replace(from_seed_files(), caps={"email": 3})
    rows = [person(f"c{i}", "shared@corp.co.jp", "Taro", "Yamada", f"acc_{i}") for i in range(4)]
    result = people(rows, rules)
    assert len({row["person_id"] for row in result.values()}) == 4
    assert all("identifier_cap" in guards(row) for row in result.values())
    assert len({row["person_id"] for row in people(rows[:3], rules).values()}) == 1


def test_person_must_link_override():
    rules = replace(
        from_seed_files(),
        overrides=(Override("person", "must_link", ("salesforce", "Contact", "a"), ("salesforce", "Contact", "b")),),
    )
    rows = [person("a", "t.yamada@corp.co.jp", "Taro", "Yamada"), person("b", "taro@home-isp.jp", "T", "Y")]
    assert people(rows)["a"]["person_id"] != people(rows)["b"]["person_id"]
    result = people(rows, rules)
    assert result["a"]["person_id"] == result["b"]["person_id"]
    assert result["a"]["match_rule"] == "manual_override"


def test_refused_links_are_typed_even_when_empty():
    out = resolve_accounts(accounts_frame([sf("a", "Solo")]), FORMS, EXCLUDED)
    assert str(out.schema.field("refused_links").type).startswith("list<item: struct<other_record")
    assert pd.Series(out.column("refused_links").to_pylist()).map(len).sum() == 0


# Declared identifiers -------------------------------------------------------------------------------------------


def test_declared_identifiers_link_when_valid_and_are_ignored_when_invalid():
    result = resolve(
        [
            sf("a", "Kappa Holdings", declared_identifiers="duns:150483782"),
            hs("b", "KAPPA HD", declared_identifiers="DUNS: 150-483-782"),
            sf("c", "Omega Foods", declared_identifiers="duns:12345"),  # not 9 digits: ignored, reported
            hs("d", "Omega Eats", declared_identifiers="duns:12345"),
            # a 法人番号 held in a custom field
            sf("e", "株式会社月光", declared_identifiers="corporate_number:7000012050002"),
            hs("f", "Gekko Co., Ltd.", corporate_number="7000012050002"),
        ]
    )
    assert result["a"]["account_id"] == result["b"]["account_id"]
    assert result["a"]["match_rule"] == "declared_identifier"
    assert result["c"]["account_id"] != result["d"]["account_id"]
    assert "invalid duns ignored" in result["c"]["guard_note"]
    assert result["e"]["account_id"] == result["f"]["account_id"]


def test_two_different_declared_identifiers_are_never_merged_by_name():
    result = resolve(
        [
            sf("a", "株式会社サンプル工業", declared_identifiers="duns:150483782", country="Japan"),
            hs("b", "サンプル工業(株)", declared_identifiers="duns:804735132", country="日本"),
        ]
    )
    assert result["a"]["account_id"] != result["b"]["account_id"]
    assert "conflicting_identifier" in guards(result["a"]) | guards(result["b"])


def test_a_declared_kind_with_a_check_digit():
    from revops.identity.declared import kinds_from_settings, parse

    kinds = kinds_from_settings({"card": {"pattern": "^[0-9]{8,19}$", "check": "luhn"}})
    assert parse("card:79927398713", kinds)[0] == {"card": "79927398713"}
    assert parse("card:79927398710", kinds)[0] == {}
    assert parse("corporate_number:8000012050002", kinds)[1] == ["invalid corporate_number ignored: 8000012050002"]
    with pytest.raises(ValueError, match=r"declared_identifiers\.x: check must be one of"):
        kinds_from_settings({"x": {"pattern": ".", "check": "mod11"}})
