"""A team's own tax-id field, mapped to `tax_id` in revops.yml, is a declared identifier: its kind is inferred from
the value (one declared kind it is valid under), and it links a Salesforce Account and a HubSpot company whose
names share nothing. Values valid under no kind never link."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import duckdb
import pytest

from revops.identity.declared import kinds_from_settings, parse
from tests.conftest import land, run_dbt

KINDS = kinds_from_settings(None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tax_id:7000012050002", {"corporate_number": "7000012050002"}),  # valid 法人番号 check digit
        ("tax_id:7000-0120-50002", {"corporate_number": "7000012050002"}),
        ("TAX_ID: 150483782", {"duns": "150483782"}),
        ("tax_id:DE123456789", {"vat": "DE123456789"}),
    ],
)
def test_a_tax_id_takes_the_one_kind_it_is_valid_under(text: str, expected: dict[str, str]) -> None:
    assert parse(text, KINDS) == (expected, [])


def test_a_tax_id_of_no_kind_is_ignored_and_reported() -> None:
    assert parse("tax_id:8000012050002", KINDS) == ({}, ["tax_id of no declared kind ignored: 8000012050002"])
    assert parse("tax_id:n/a", KINDS)[0] == {}


def test_a_tax_id_valid_under_two_kinds_is_ignored() -> None:
    kinds = kinds_from_settings({"local": {"pattern": "^[0-9]{9}$", "check": "none"}})
    valid, notes = parse("tax_id:150483782", kinds)
    assert valid == {}
    assert notes == ["tax_id valid as duns and local ignored: 150483782"]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def test_mapped_tax_ids_link_accounts_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mapping = tmp_path / "revops.yml"
    mapping.write_text(
        "mappings:\n  salesforce.Account: {tax_id: [TaxId__c]}\n  hubspot.companies: {tax_id: [Tax ID]}\n"
    )
    monkeypatch.setenv("REVOPS_MAPPING", str(mapping))
    accounts = write_csv(
        tmp_path / "salesforce" / "Account.csv",
        ["Id", "Name", "TaxId__c"],
        [["001A", "株式会社月光", "7000012050002"], ["001B", "Omega Foods", "12345"]],
    )
    companies = write_csv(
        tmp_path / "hubspot" / "hubspot-crm-exports-all-companies-2026-11-08.csv",
        ["Record ID", "Company name", "Tax ID"],
        [["9001", "Gekko Co., Ltd.", "7000-0120-50002"], ["9002", "Omega Eats", "12345"]],
    )
    db = tmp_path / "warehouse.duckdb"
    results = land(db, [accounts], source="salesforce.Account", export_date=date(2026, 11, 8))
    results += land(db, [companies], source="hubspot.companies", export_date=date(2026, 11, 8))
    assert [r.status for r in results] == ["landed", "landed"], [r.message for r in results]
    run_dbt(db, tmp_path, "build", "--select", "+account_source_map", "--exclude", "test_type:data", "test_type:unit")
    with duckdb.connect(str(db), read_only=True) as reader:
        rows = reader.execute(
            "select source_record_id, account_id, match_rule from marts.account_source_map"
        ).fetchall()
    by_record = {record: (account, rule) for record, account, rule in rows}
    assert by_record["001A"][0] == by_record["9001"][0]
    # a 法人番号 declared in a custom field is the same key as the 法人番号 column
    assert {by_record["001A"][1], by_record["9001"][1]} <= {"declared_identifier", "corporate_number"}
    assert by_record["001B"][0] != by_record["9002"][0]  # "12345" is no kind: never a key
