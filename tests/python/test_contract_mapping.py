"""The user mapping file (revops.yml / REVOPS_MAPPING) adds a team's own headers to contract columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.contracts import find_contract, load_contracts, normalise_header
from revops.errors import ContractError
from tests.python.test_dates_currency_exports import STAGES

MAPPING = """
mappings:
  salesforce.Account:
    tax_id: [TaxId__c]
    region: [Region__c]
  hubspot.companies:
    region: Sales region
"""


@pytest.fixture
def mapping_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def write(text: str) -> Path:
        path = tmp_path / "revops.yml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("REVOPS_MAPPING", str(path))
        return path

    return write


def test_mapped_headers_land_in_contract_columns(mapping_file) -> None:
    mapping_file(MAPPING)
    account = find_contract("salesforce.Account").alias_index()
    assert account[normalise_header("TaxId__c")] == "tax_id"
    assert account[normalise_header("Region__c")] == "region"
    assert account[normalise_header("CurrencyIsoCode")] == "currency_iso_code"
    assert find_contract("hubspot.companies").alias_index()[normalise_header("Sales region")] == "region"


def test_without_a_mapping_custom_fields_stay_unmapped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("REVOPS_MAPPING", raising=False)
    monkeypatch.chdir(tmp_path)  # no revops.yml here
    assert normalise_header("TaxId__c") not in find_contract("salesforce.Account").alias_index()


def test_revops_yml_in_the_working_directory_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("REVOPS_MAPPING", raising=False)
    (tmp_path / "revops.yml").write_text(MAPPING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert find_contract("salesforce.Account").alias_index()[normalise_header("Region__c")] == "region"


def test_a_mapped_header_wins_over_a_shipped_alias(mapping_file) -> None:
    mapping_file("mappings:\n  salesforce.Account:\n    tax_id: [Phone]\n")
    assert find_contract("salesforce.Account").alias_index()[normalise_header("Phone")] == "tax_id"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mappings:\n  salesforce.Account:\n    vat_number: [VAT__c]\n", "has no column vat_number"),
        ("mappings:\n  salesforce.Invoice:\n    tax_id: [TaxId__c]\n", "unknown export salesforce.Invoice"),
        ("salesforce.Account: {tax_id: [TaxId__c]}\n", "expected a `mappings:` section"),
        ("mappings:\n  salesforce.Account:\n    tax_id: {a: b}\n", "expected a list of header names"),
    ],
)
def test_a_bad_mapping_names_the_file_and_the_fix(mapping_file, text: str, message: str) -> None:
    path = mapping_file(text)
    with pytest.raises(ContractError) as raised:
        load_contracts()
    assert message in str(raised.value)
    assert str(path.resolve()) in str(raised.value)


def test_a_missing_mapping_file_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REVOPS_MAPPING", str(tmp_path / "absent.yml"))
    with pytest.raises(ContractError, match="not a file"):
        load_contracts()


def test_current_hubspot_labels_are_aliases() -> None:
    """The labels HubSpot's knowledge base lists for today's contact export map to the staging columns."""
    index = find_contract("hubspot.contacts").alias_index()
    for stage, column in STAGES.items():
        assert index[normalise_header(f'Date entered "{stage} (Lifecycle Stage Pipeline)"')] == column
    for label, column in {
        "Original Traffic Source": "original_source",
        "Original Traffic Source Drill-Down 1": "original_source_drill_down_1",
        "Original Traffic Source Drill-Down 2": "original_source_drill_down_2",
        "Latest Traffic Source": "latest_source",
        "Latest Traffic Source Drill-Down 1": "latest_source_drill_down_1",
        "Latest Traffic Source Drill-Down 2": "latest_source_drill_down_2",
        "オリジナル トラフィック ソース": "original_source",
        "最新トラフィックソース": "latest_source",
        "Associated Company IDs (Primary)": "associated_company_id",
        "Associated Company IDs": "associated_company_ids",
    }.items():
        assert index[normalise_header(label)] == column, label


def test_japanese_labels_of_todays_hubspot_properties_are_aliases() -> None:
    """Japanese UI labels (HubSpot's Japanese knowledge base; the stage-date pattern built on its
    `[ステージ]に入った日付`) map to the same columns as the English ones."""
    index = find_contract("hubspot.contacts").alias_index()
    for label, column in {
        "元のトラフィックソース": "original_source",
        "オリジナル トラフィック ソース ドリルダウン1": "original_source_drill_down_1",
        "オリジナル ソース データ2": "original_source_drill_down_2",
        "最新のトラフィックソース": "latest_source",
        "最新 トラフィック ソース ドリルダウン2": "latest_source_drill_down_2",
        '"顧客 (ライフサイクルステージパイプライン)"に入った日付': "became_customer_at",
        '"リード (ライフサイクルステージパイプライン)"に入った日付': "became_lead_at",
        "顧客に転換した日付": "became_customer_at",
        "MQL（マーケティング上の有望な見込み客）になった日付": "became_mql_at",  # full-width brackets, as typed
        "Record ID - Company": "associated_company_id",  # the export with associated company properties
    }.items():
        assert index[normalise_header(label)] == column, label
