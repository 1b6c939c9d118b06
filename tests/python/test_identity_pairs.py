"""The labelled company-name pairs (tests/fixtures/identity/labelled_company_pairs.csv), scored through the
resolver: each pair's left record is a Salesforce Account, its right record a HubSpot company, all pairs in one
world. Bars: no false merge (within a pair or across pairs), recall >= 0.95 on representation variants.

Kinds: `representation` (the same company written another way: legal-form position and abbreviations,
half-width kana, width and case, itaiji, hiragana/katakana, numerals, honorifics, small kana, punctuation);
`evidence` (an English or short name that shares a 法人番号 or a domain); `limit` (an official English name with
no shared evidence: not expected to match, see README); `hard_negative` (different companies that look alike:
store codes, numbered names, group domains, a foreign parent's domain, a subsidiary's sub-domain, similar names,
same name with another 法人番号 or country, free-mail domains).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from revops.identity import resolve_accounts
from tests.conftest import run_dbt
from tests.python.test_identity import EXCLUDED, FORMS, accounts_frame

PAIRS = Path(__file__).resolve().parents[1] / "fixtures" / "identity" / "labelled_company_pairs.csv"


def load_pairs() -> list[dict]:
    with PAIRS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def left_key(pair: dict) -> tuple[str, str, str]:
    return ("salesforce", "Account", f"001L{pair['pair_id']}")


def right_key(pair: dict) -> tuple[str, str, str]:
    return ("hubspot", "companies", f"9{pair['pair_id'][1:]}")


@dataclass
class PairScore:
    false_merges: list[str]
    cross_pair_merges: list[tuple[str, str]]
    recall_by_kind: dict[str, float]
    missed: list[str]


def score(pairs: list[dict], account_of: dict[tuple[str, str, str], str | None]) -> PairScore:
    """Pairwise outcome: a pair is merged when both records got one account_id."""
    merged = {p["pair_id"]: account_of[left_key(p)] is not None and account_of[left_key(p)] == account_of[right_key(p)]
              for p in pairs}  # fmt: skip
    false_merges = [p["pair_id"] for p in pairs if p["expected"] == "different" and merged[p["pair_id"]]]
    owner: dict[str, str] = {}
    cross = []
    for pair in pairs:
        for key in (left_key(pair), right_key(pair)):
            account = account_of[key]
            if account and owner.setdefault(account, pair["pair_id"]) != pair["pair_id"]:
                cross.append((owner[account], pair["pair_id"]))
    same = Counter(p["kind"] for p in pairs if p["expected"] == "same")
    hits = Counter(p["kind"] for p in pairs if p["expected"] == "same" and merged[p["pair_id"]])
    missed = [f"{p['pair_id']} {p['category']}: {p['left_name']} / {p['right_name']}"
              for p in pairs if p["expected"] == "same" and not merged[p["pair_id"]]]  # fmt: skip
    return PairScore(false_merges, cross, {kind: hits[kind] / same[kind] for kind in same}, missed)


def test_the_pair_file_is_large_and_hard_enough():
    pairs = load_pairs()
    negatives = sum(p["kind"] == "hard_negative" for p in pairs)
    assert len(pairs) >= 150
    assert negatives / len(pairs) >= 0.40
    assert len({p["pair_id"] for p in pairs}) == len(pairs)
    assert {p["expected"] for p in pairs if p["kind"] == "hard_negative"} == {"different"}
    assert len({p["category"] for p in pairs}) >= 15


def canonical_records(pairs: list[dict]) -> list[dict]:
    rows = []
    for pair in pairs:
        for side, key in (("left", left_key(pair)), ("right", right_key(pair))):
            rows.append(
                {
                    "source_system": key[0],
                    "source_object": key[1],
                    "source_record_id": key[2],
                    "account_name": pair[f"{side}_name"],
                    "website": pair[f"{side}_website"] or None,
                    "corporate_number": pair[f"{side}_corporate_number"] or None,
                    "country": pair[f"{side}_country"] or None,
                    "first_seen_date": "2026-11-01",
                }
            )
    return rows


def assert_bars(result: PairScore) -> None:
    print(f"recall by kind: {result.recall_by_kind}; missed: {result.missed}")
    assert result.false_merges == [], f"different companies merged: {result.false_merges}"
    assert result.cross_pair_merges == [], f"records of different pairs merged: {result.cross_pair_merges}"
    assert result.recall_by_kind["representation"] >= 0.95, result.missed
    assert result.recall_by_kind["evidence"] == 1.0, result.missed


def test_labelled_pairs_through_the_resolver():
    pairs = load_pairs()
    resolved = resolve_accounts(accounts_frame(canonical_records(pairs)), FORMS, EXCLUDED).to_pylist()
    account_of = {(r["source_system"], r["source_object"], r["source_record_id"]): r["account_id"] for r in resolved}
    assert_bars(score(pairs, account_of))


def write_exports(pairs: list[dict], folder: Path) -> None:
    """The left records as a Salesforce Data Export Account.csv, the right ones as a HubSpot companies export
    with Japanese UI labels (UTF-8 with BOM, as HubSpot writes it)."""
    folder.mkdir(parents=True)
    with (folder / "Account.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(["Id", "IsDeleted", "MasterRecordId", "Name", "BillingCountry", "Website", "CorporateNumber__c",
                         "CreatedDate", "LastModifiedDate"])  # fmt: skip
        for pair in pairs:
            writer.writerow([left_key(pair)[2], "false", "", pair["left_name"], pair["left_country"],
                             pair["left_website"], pair["left_corporate_number"], "2026-10-01T00:00:00.000Z",
                             "2026-10-01T00:00:00.000Z"])  # fmt: skip
    path = folder / "hubspot-crm-exports-all-companies-2026-11-01.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["レコードID", "会社名", "ウェブサイトURL", "国/地域", "法人番号", "作成日", "最終更新日"])
        for pair in pairs:
            writer.writerow([right_key(pair)[2], pair["right_name"], pair["right_website"], pair["right_country"],
                             pair["right_corporate_number"], "2026-10-02 09:00", "2026-10-02 09:00"])  # fmt: skip


@pytest.fixture(scope="module")
def warehouse_from_exports(tmp_path_factory):
    from ingest.load import ingest
    from revops.warehouse import connect

    work = tmp_path_factory.mktemp("pairs")
    write_exports(load_pairs(), work / "exports" / "2026-11-01")
    db = work / "warehouse.duckdb"
    con = connect(db)
    try:
        results = ingest(con, [work / "exports"])
    finally:
        con.close()
    assert not [r.message for r in results if r.status in ("rejected", "ignored")]
    run_dbt(db, work, "build", "--select", "+account_source_map", "+identity_refusals", "--exclude", "test_type:data")
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def test_labelled_pairs_through_real_exports_and_the_warehouse(warehouse_from_exports):
    """The same pairs, written as a Salesforce Account export and a HubSpot companies export, landed by
    `revops ingest` and resolved by the dbt identity model."""
    pairs = load_pairs()
    rows = warehouse_from_exports.execute(
        "select source_system, source_object, source_record_id, account_id from marts.account_source_map"
    ).fetchall()
    account_of = {(system, obj, record): account for system, obj, record, account in rows}
    assert len(account_of) == 2 * len(pairs)
    assert_bars(score(pairs, account_of))


def test_refused_store_codes_and_group_domains_are_listed(warehouse_from_exports):
    guards = dict(
        warehouse_from_exports.execute(
            "select guard, count(*) from marts.identity_refusals where entity = 'account' group by guard"
        ).fetchall()
    )
    assert guards.get("code_like_name", 0) >= 10
    assert guards.get("shared_domain", 0) >= 20
    reasons = warehouse_from_exports.execute(
        "select reason from marts.identity_refusals where guard = 'code_like_name' and source_record_id = "
        "(select '001L' || pair_id from read_csv($pairs) where left_name = 'MX-ZAC-100355101')",
        {"pairs": str(PAIRS)},
    ).fetchall()
    assert reasons and all("mxzac100355101" in reason for (reason,) in reasons)
