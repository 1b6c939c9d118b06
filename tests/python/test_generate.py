"""The sample-world generator: determinism, contract conformance, encodings, truth coverage, noise rates."""

from __future__ import annotations

import csv
import fnmatch
import io
import json
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pytest
import yaml
from openpyxl import load_workbook

from revops.sample import generate_world
from revops.sample.corporate_number import check_digit, is_valid, make_numbers
from revops.sample.noise import PLACEHOLDER_EMAILS

CONTRACTS = Path(__file__).resolve().parents[2] / "ingest" / "contracts"
ENCODINGS = {
    "hubspot-crm-exports-all-companies": "cp932",
    "hubspot-crm-exports-all-contacts": "utf-8-sig",
    "gainsight-companies": "utf-8-sig",
}
N, SEED, SNAPSHOTS = 60, 11, 2
PART = 25  # companies per part when the world is written in parts (the real size is SHARD_COMPANIES)
TARGET_KEY = {"salesforce/Lead": "lead", "hubspot/form_submissions": "form"}


def _generate(out: Path, seed: int, parts: bool) -> dict:
    """The test world, whole or written in parts of PART companies, as a world over SHARD_COMPANIES is."""
    with pytest.MonkeyPatch.context() as patch:
        if parts:
            patch.setattr("revops.sample.generate.SHARD_COMPANIES", PART)
        return generate_world(out, accounts=N, seed=seed, snapshots=SNAPSHOTS)


@pytest.fixture(scope="module", params=["whole", "in parts"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("world")
    return out, _generate(out, SEED, parts=request.param == "in parts")


def _contracts() -> dict[str, list[dict]]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["exports"] for p in sorted(CONTRACTS.glob("*.yml"))}


def _encoding(name: str) -> str:
    return next((enc for prefix, enc in ENCODINGS.items() if name.startswith(prefix)), "utf-8")


def _flatten(record: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in record.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _files(root: Path):
    """(vendor, file name, header, rows, junk rows) for every vendor file, parsed with plain readers."""
    for snapshot in sorted(p for p in root.iterdir() if p.name != "_truth"):
        for path in sorted(snapshot.rglob("*")):
            vendor = path.relative_to(snapshot).parts[0]  # a later part's files are in <vendor>/part-N/
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as archive:
                    for name in archive.namelist():
                        text = archive.read(name).decode("utf-8")
                        yield (vendor, name, *_csv_rows(text), f"{snapshot.name}/{vendor}/{path.name}!{name}")
            elif path.suffix == ".csv":
                text = path.read_bytes().decode(_encoding(path.name))
                yield vendor, path.name, *_csv_rows(text), f"{snapshot.name}/{vendor}/{path.name}"
            elif path.suffix == ".jsonl":
                records = [_flatten(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]
                header = sorted({k for r in records for k in r})
                yield vendor, path.name, header, records, 0, f"{snapshot.name}/{vendor}/{path.name}"
            elif path.suffix == ".xlsx":
                sheet = load_workbook(path, read_only=True).active
                values = list(sheet.iter_rows(values_only=True))
                records = [dict(zip(values[0], row, strict=True)) for row in values[1:]]
                yield vendor, path.name, list(values[0]), records, 0, f"{snapshot.name}/{vendor}/{path.name}"


def _csv_rows(text: str) -> tuple[list[str], list[dict], int]:
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = next(reader)
    rows, junk = [], 0
    for row in reader:
        if len(row) != len(header):
            junk += 1
        else:
            rows.append(dict(zip(header, row, strict=True)))
    return header, rows, junk


def _export_for(vendor: str, name: str) -> dict:
    matches = [e for e in _contracts()[vendor] if any(fnmatch.fnmatch(name, p) for p in e["file_patterns"])]
    assert matches, f"{vendor}/{name} matches no contract file pattern"
    return matches[0]


def _id_of(vendor: str, obj: str, row: dict) -> str:
    key = {
        "usage": None,
        "subscriptions": "Subscription ID",
        "companies": "GSID" if vendor == "gainsight" else ("Record ID" if "Record ID" in row else "レコードID"),
        "email_events": "Event ID",
        "form_submissions": "Submission ID",
    }
    if vendor == "gainsight" and obj == "usage":
        return f"{row['Company GSID']}|{row['Snapshot Date'].date().isoformat()}"
    if vendor in ("salesforce", "zendesk"):
        return str(row.get("Id", row.get("id")))
    return str(row[key.get(obj) or "Record ID"])


def test_corporate_number_check_digit() -> None:
    assert check_digit("000012050002") == 7  # 国税庁's own number 7000012050002
    assert is_valid("7000012050002")
    assert is_valid("4010001008847")  # another real number (株式会社日立製作所 is 7010001008844)
    assert is_valid("7010001008844")
    assert not is_valid("8000012050002")
    assert not is_valid("700001205000")
    assert all(is_valid(n) for n in make_numbers(np.random.default_rng(0), 200))


def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path, world: tuple[Path, dict]) -> None:
    root, _report = world
    again = tmp_path / "again"
    parts = _report["parts"] > 1
    _generate(again, SEED, parts)
    first = {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in sorted(again.rglob("*")) if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
    other = tmp_path / "other"
    _generate(other, SEED + 1, parts)
    different = [k for k in first if (other / k).exists() and (other / k).read_bytes() != first[k]]
    assert len(different) > len(first) // 2


def test_layout_and_headers_follow_the_contracts(world: tuple[Path, dict]) -> None:
    root, _report = world
    assert sorted(p.name for p in root.iterdir()) == ["2026-10-25", "2026-11-01", "_truth"]
    seen = set()
    for vendor, name, header, _rows, _junk, _rel in _files(root):
        export = _export_for(vendor, name)
        seen.add((vendor, export["object"]))
        if not header:  # an incremental JSON-lines file with nothing new this week
            continue
        aliases = {alias: col for col, names in export["columns"].items() for alias in names}
        unknown = [h for h in header if h not in aliases]
        assert unknown == [], f"{vendor}/{name}: headers not in the contract: {unknown}"
        mapped = {aliases[h] for h in header}
        assert set(export["required"]) <= mapped, f"{vendor}/{name} lacks required columns"
        assert len(mapped) >= 0.6 * len(export["columns"]), f"{vendor}/{name} writes few contract columns"
    assert len(seen) == 10 + 6 + 3 + 3


def test_encodings(world: tuple[Path, dict]) -> None:
    root, _ = world
    companies = next(root.glob("2026-11-01/hubspot/hubspot-crm-exports-all-companies-*.csv")).read_bytes()
    assert "会社名".encode("cp932") in companies
    with pytest.raises(UnicodeDecodeError):
        companies.decode("utf-8")
    for pattern in ("hubspot/hubspot-crm-exports-all-contacts-*.csv", "gainsight/gainsight-companies-*.csv"):
        assert next(root.glob(f"2026-11-01/{pattern}")).read_bytes().startswith(b"\xef\xbb\xbf")
    with zipfile.ZipFile(next(root.glob("2026-11-01/salesforce/WE_*_1.zip"))) as archive:
        account = archive.read("Account.csv").decode("utf-8")
    assert account.startswith('"Id","IsDeleted","MasterRecordId","Name"')
    assert all(line.startswith('"') and line.endswith('"') for line in account.splitlines())


def test_truth_covers_every_record_and_nothing_else(world: tuple[Path, dict]) -> None:
    root, report = world
    with (root / "_truth" / "records.csv").open(encoding="utf-8") as fh:
        truth = [(r["source_system"], r["source_object"], r["source_record_id"]) for r in csv.DictReader(fh)]
    assert len(truth) == len(set(truth))
    found, junk = set(), {}
    for vendor, name, _header, rows, bad, rel in _files(root):
        obj = _export_for(vendor, name)["object"]
        found |= {(vendor, obj, _id_of(vendor, obj, row)) for row in rows}
        if bad:
            junk[rel] = junk.get(rel, 0) + bad  # the parts of one export add up
    assert found == set(truth)
    assert junk == report["malformed_rows"]
    noise = json.loads((root / "_truth" / "noise.json").read_text(encoding="utf-8"))
    assert noise["malformed_rows"] == junk


def test_noise_recounted_from_the_files(world: tuple[Path, dict]) -> None:
    root, _ = world
    noise = json.loads((root / "_truth" / "noise.json").read_text(encoding="utf-8"))
    applied = noise["applied"]
    counts: dict[str, Counter] = defaultdict(Counter)
    for _vendor, name, _header, rows, _bad, _rel in _files(root):
        if name == "Account.csv":
            for row in rows:
                number, site = row["CorporateNumber__c"], row["Website"]
                counts["salesforce/Account"]["placeholder"] += number in ("個人", "不明", "test", "0000000000")
                counts["salesforce/Account"]["invalid"] += len(number) == 13 and not is_valid(number)
                counts["salesforce/Account"]["missing_site"] += site == ""
                counts["salesforce/Account"]["prefixed_site"] += site.startswith(("www.", "http")) or "/" in site
        if name.startswith("hubspot-crm-exports-all-contacts"):
            for row in rows:
                email = row["Email"]
                counts["hubspot/contacts"]["space"] += email != email.strip()
                counts["hubspot/contacts"]["case"] += email == email.strip() and email != email.lower()
                counts["hubspot/contacts"]["placeholder"] += email.strip().lower() in PLACEHOLDER_EMAILS
    account, contacts = counts["salesforce/Account"], counts["hubspot/contacts"]
    assert account["placeholder"] == applied["corporate_number_placeholder"]["salesforce/Account"]["count"]
    assert account["invalid"] == applied["corporate_number_invalid_check_digit"]["salesforce/Account"]["count"]
    assert account["missing_site"] == applied["website_missing"]["salesforce/Account"]["count"]
    assert account["prefixed_site"] == applied["website_prefixed"]["salesforce/Account"]["count"]
    assert contacts["space"] == applied["email_whitespace"]["hubspot/contacts"]["count"]
    assert contacts["case"] == applied["email_case"]["hubspot/contacts"]["count"]
    assert contacts["placeholder"] == applied["placeholder_email"]["hubspot/contacts"]["count"] > 0
    # Realised rates stay near their targets where there are enough rows to tell.
    for kind, per_file in applied.items():
        for file_kind, entry in per_file.items():
            goal = noise["target_rates"][kind]
            if isinstance(goal, dict):  # per-system name-variant rates
                goal = goal[TARGET_KEY.get(file_kind, file_kind.split("/")[0])]
            if entry["eligible"] >= 400:
                assert abs(entry["rate"] - goal) < 0.06, (kind, file_kind, entry, goal)
    assert noise["duplicate_accounts"]["duplicates"] >= 0
    truth_accounts = Counter()
    with (root / "_truth" / "records.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["source_object"] == "Account":
                truth_accounts[r["company_id"]] += 1
    assert sum(c - 1 for c in truth_accounts.values()) == noise["duplicate_accounts"]["duplicates"]


def test_a_world_in_parts_is_one_world_and_lands_whole(warehouse, tmp_path: Path) -> None:
    """A world over SHARD_COMPANIES is written a part at a time: the parts must still read as one world (one id
    per record, the world's users and campaigns once, no free-mail address shared by two people) and land whole."""
    from ingest.load import ingest
    from revops.sample import vocab

    out = tmp_path / "world"
    report = _generate(out, SEED, parts=True)
    assert report["parts"] == 3
    assert (out / "2026-11-01" / "hubspot" / "part-3").is_dir()
    with (out / "_truth" / "records.csv").open(encoding="utf-8") as fh:
        person_of = {
            (r["source_system"], r["source_object"], r["source_record_id"]): r["person_id"] for r in csv.DictReader(fh)
        }
    ids, owners = Counter(), defaultdict(set)
    for vendor, name, _header, rows, _bad, rel in _files(out):
        obj = _export_for(vendor, name)["object"]
        ids.update((rel.split("/")[0], vendor, obj, _id_of(vendor, obj, row)) for row in rows)
        if obj in ("Lead", "Contact"):
            for row in rows:
                if row["Email"].rpartition("@")[2] in vocab.FREE_MAIL:
                    owners[row["Email"]].add(person_of[(vendor, obj, row["Id"])])
    assert [key for key, count in ids.items() if count > 1] == []
    assert owners and [email for email, people in owners.items() if len(people) > 1] == []
    shared = [key for key in ids if key[2] in ("User", "Campaign")]
    assert {key[2] for key in shared} == {"User", "Campaign"}
    with (out / "_truth" / "companies.csv").open(encoding="utf-8") as fh:
        assert [r["company_id"] for r in csv.DictReader(fh)] == [f"C{i:07d}" for i in range(1, N + 1)]

    results = ingest(warehouse, [out])
    assert [r.message for r in results if r.status in ("rejected", "ignored")] == []
    landed, quarantined, skipped = Counter(), Counter(), set()
    for r in results:
        archive, _, member = r.source_file.rpartition("!")
        parts = Path(archive or r.source_file).relative_to(out).parts
        logical = "/".join(p for p in parts if not p.startswith("part-")) + (f"!{member}" if archive else "")
        landed[logical] += r.rows_landed
        quarantined[logical] += r.rows_quarantined
        if r.status == "skipped_duplicate":  # parts with no new record and the same junk line are the same file
            skipped.add(logical)
    assert dict(landed) == report["files"]
    junk = {k: v for k, v in report["malformed_rows"].items() if k not in skipped}
    assert {k: v for k, v in quarantined.items() if v and k not in skipped} == junk
