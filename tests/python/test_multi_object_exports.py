"""One file, several exports: HubSpot's export "with associated company properties" lands as contacts and
companies (with the association), and every row of it is accounted for in the audit."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from ingest.load import ingest
from revops.warehouse import connect

# The published shape: the contact's properties after `Record ID - Contact`, its company's after
# `Record ID - Company`; labels both objects have appear twice, with or without an object suffix.
CONTACT_LABELS = ["Record ID - Contact", "First Name", "Last Name", "Email", "Phone Number", "Company name"]
COMPANY_LABELS = ["Record ID - Company", "Company name", "Company Domain Name", "Phone Number"]
ROWS = [  # contact id, first, last, email, contact phone, contact's company text | company id, name, domain, phone
    [
        "501",
        "Taro",
        "Yamada",
        "taro@abc.co.jp",
        "03-1111-1111",
        "ABC",
        "9001",
        "ABC株式会社",
        "abc.co.jp",
        "03-0000-0001",
    ],
    [
        "502",
        "Hanako",
        "Sato",
        "hanako@abc.co.jp",
        "03-1111-2222",
        "ABC",
        "9001",
        "ABC株式会社",
        "abc.co.jp",
        "03-0000-0001",
    ],
    ["503", "Ann", "Lee", "ann@example.com", "", "", "", "", "", ""],  # no company
    ["504", "Bob", "Roe", "bob@xyz.com", "555-0100", "XYZ", "9002", "XYZ Inc.", "xyz.com", "555-0000"],
    ["", "Nobody", "", "", "", "", "9003", "Orphan Co", "orphan.example", ""],  # no contact id: quarantined
]


def _headers(suffixed: bool, dated: bool) -> list[str]:
    def own(label: str, suffix: str) -> str:
        return label if label.startswith("Record ID") or not suffixed else f"{label} - {suffix}"

    contact = [own(label, "Contact") for label in CONTACT_LABELS]
    company = [own(label, "Company") for label in COMPANY_LABELS]
    if dated:
        contact.append(own("Create Date", "Contact"))
        company.append(own("Create Date", "Company"))
    return contact + company


def _row(values: list[str], dated: bool) -> list[str]:
    if not dated:
        return values
    return [*values[:6], "2026-10-01 09:00", *values[6:], "2025-04-01 00:00"]


def write_combined(path: Path, suffixed: bool, dated: bool = True, encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_headers(suffixed, dated))
    writer.writerows(_row(values, dated) for values in ROWS)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _land(tmp_path: Path, path: Path, **options):
    con = connect(tmp_path / "w.duckdb")
    try:
        results = ingest(con, [path], **options)
        contacts = con.execute(
            "select record_id, email, phone, company_name, associated_company_id, create_date "
            "from raw.hubspot__contacts order by _source_row_number"
        ).fetchall()
        companies = con.execute(
            "select record_id, company_name, company_domain_name, phone, create_date "
            "from raw.hubspot__companies order by _source_row_number"
        ).fetchall()
        batches = con.execute(
            "select source_name, status, rows_read, rows_landed, rows_quarantined, notes from audit.ingest_batches "
            "order by batch_id"
        ).fetchall()
    finally:
        con.close()
    return results, contacts, companies, batches


@pytest.mark.parametrize("suffixed", [True, False], ids=["suffixed", "repeated-labels"])
def test_contacts_with_associated_companies_land_as_both_exports(tmp_path, suffixed):
    path = write_combined(tmp_path / "hubspot-crm-exports-contacts-with-companies-2026-11-01.csv", suffixed)
    results, contacts, companies, batches = _land(tmp_path, path)
    assert [(r.source_name, r.status) for r in results] == [
        ("hubspot.contacts", "landed"),
        ("hubspot.companies", "landed"),
    ], [r.message for r in results]
    assert contacts == [
        ("501", "taro@abc.co.jp", "03-1111-1111", "ABC", "9001", "2026-10-01 09:00"),
        ("502", "hanako@abc.co.jp", "03-1111-2222", "ABC", "9001", "2026-10-01 09:00"),
        ("503", "ann@example.com", None, None, None, "2026-10-01 09:00"),
        ("504", "bob@xyz.com", "555-0100", "XYZ", "9002", "2026-10-01 09:00"),
    ]
    assert companies == [  # one per distinct Record ID - Company, the orphan row's company included
        ("9001", "ABC株式会社", "abc.co.jp", "03-0000-0001", "2025-04-01 00:00"),
        ("9002", "XYZ Inc.", "xyz.com", "555-0000", "2025-04-01 00:00"),
        ("9003", "Orphan Co", "orphan.example", None, "2025-04-01 00:00"),
    ]
    contact_batch, company_batch = batches
    assert contact_batch[:5] == ("hubspot.contacts", "landed", 5, 4, 1)  # every row: 4 landed, 1 quarantined
    assert company_batch[:5] == ("hubspot.companies", "landed", 3, 3, 0)
    assert (
        "3 distinct record(s) from 5 row(s); 1 row(s) without a Record ID - Company, 1 repeating" in (company_batch[5])
    )


def test_a_combined_export_splits_even_when_source_names_one_part(tmp_path):
    path = write_combined(tmp_path / "odd-name.csv", suffixed=True, dated=False, encoding="cp932")
    results, contacts, companies, _ = _land(tmp_path, path, source="hubspot.contacts")
    assert [(r.source_name, r.rows_landed, r.encoding) for r in results] == [
        ("hubspot.contacts", 4, "cp932"),
        ("hubspot.companies", 3, "cp932"),
    ], [r.message for r in results]
    assert [row[4] for row in contacts] == ["9001", "9001", None, "9002"]
    assert companies[0][1] == "ABC株式会社"


def test_a_combined_export_lands_once(tmp_path):
    path = write_combined(tmp_path / "hubspot-crm-exports-contacts-2026-11-01.csv", suffixed=False)
    con = connect(tmp_path / "w.duckdb")
    try:
        first = ingest(con, [path])
        again = ingest(con, [path])
    finally:
        con.close()
    assert [r.status for r in first] == ["landed", "landed"]
    assert [r.status for r in again] == ["skipped_duplicate", "skipped_duplicate"]
