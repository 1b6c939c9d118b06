"""Exports as their owners saved them: Excel-resaved dates (M/D/YY and D-M-YYYY batches, a tie, an Excel serial,
a year-5 value), decimal-comma amounts, a current-label HubSpot contacts export, the primary company association,
and a four-currency Salesforce org whose currency_code reaches fct_opportunities. The files are written here from
the vendors' published formats; one dbt build covers every test."""

from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.conftest import land, run_dbt

EXPORT_DATE = date(2026, 11, 8)
STAGES = {
    "Subscriber": "became_subscriber_at",
    "Lead": "became_lead_at",
    "Marketing Qualified Lead": "became_mql_at",
    "Sales Qualified Lead": "became_sql_at",
    "Opportunity": "became_opportunity_at",
    "Customer": "became_customer_at",
    "Evangelist": "became_evangelist_at",
    "Other": "became_other_at",
}


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def salesforce_files(folder: Path) -> list[Path]:
    """US Excel re-save of Account (M/D/YY), a day-first Contact, a Lead with only ambiguous dates, and an
    Opportunity export of a four-currency org with European and Latin-American number spellings."""
    account = write_csv(
        folder / "Account.csv",
        ["Id", "Name", "CreatedDate", "LastModifiedDate", "CurrencyIsoCode"],
        [
            ["001A", "Acme US", "5/7/24 10:26", "45419.4347222222", "USD"],
            ["001B", "Acme MX", "12/25/24 09:00", "12/26/24 09:00", "MXN"],
            ["001C", "Acme PE", "0005-07-24 10:26:00", "12/26/24 09:00", "PEN"],
            ["001D", "Acme DE", "1/2/25 08:00", "1/2/25 08:00", "EUR"],
        ],
    )
    contact = write_csv(
        folder / "Contact.csv",
        ["Id", "LastName", "AccountId", "CreatedDate"],
        [
            ["003A", "Day", "001A", "09-06-2026 16:14"],
            ["003B", "First", "001B", "25-06-2026 08:00"],
        ],
    )
    lead = write_csv(
        folder / "Lead.csv",
        ["Id", "LastName", "Company", "CreatedDate"],
        [["00QA", "Tie", "Tie Co", "05/06/2026 10:00"], ["00QB", "Tie", "Tie Co", "07/08/2026 11:00"]],
    )
    opportunity = write_csv(
        folder / "Opportunity.csv",
        ["Id", "AccountId", "Name", "StageName", "Amount", "CurrencyIsoCode", "CloseDate", "IsClosed", "IsWon"],
        [
            ["006A", "001A", "US deal", "Closed Won", "1,234.56", "USD", "2026-10-01", "1", "1"],
            ["006B", "001B", "MX deal", "Closed Won", "1.234.567,89", "MXN", "2026-10-02", "1", "1"],
            ["006C", "001C", "PE deal", "Prospecting", "S/ 1.250,00", "PEN", "2026-12-01", "0", "0"],
            ["006D", "001D", "DE deal", "Prospecting", "1.39E5", "eur", "2026-12-02", "0", "0"],
        ],
    )
    return [account, contact, lead, opportunity]


def hubspot_contacts(folder: Path) -> Path:
    """A contacts export with today's labels (HubSpot's default contact properties)."""
    stage_headers = [f'Date entered "{stage} (Lifecycle Stage Pipeline)"' for stage in STAGES]
    header = [
        "Record ID",
        "First Name",
        "Last Name",
        "Email",
        "Lifecycle Stage",
        *stage_headers,
        "Original Traffic Source",
        "Original Traffic Source Drill-Down 1",
        "Original Traffic Source Drill-Down 2",
        "Latest Traffic Source",
        "Latest Traffic Source Drill-Down 1",
        "Latest Traffic Source Drill-Down 2",
        "Associated Company IDs (Primary)",
        "Associated Company IDs",
    ]
    dates = [f"2026-0{month}-01 09:00" for month in range(1, 9)]
    row = [
        "501",
        "Hana",
        "Sato",
        "hana@example.co.jp",
        "Customer",
        *dates,
        "Organic Search",
        "google",
        "crm software",
        "Direct Traffic",
        "example.co.jp",
        "",
    ]
    return write_csv(
        folder / "hubspot-crm-exports-all-contacts-2026-11-08.csv",
        header,
        [[*row, "9002", "9001;9002;9003"], ["502", "Ken", "Ito", "ken@example.com", "Lead", *[""] * 14, "9001", ""]],
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    work = tmp_path_factory.mktemp("owners_exports")
    db = work / "warehouse.duckdb"
    results = land(db, salesforce_files(work / "salesforce"), export_date=EXPORT_DATE)
    results += land(db, [hubspot_contacts(work / "hubspot")], source="hubspot.contacts")
    for result in results:
        assert result.status == "landed", f"{result.source_file}: {result.message}"
    run_dbt(
        db, work, "build", "--select", "staging", "+fct_opportunities", "--exclude", "test_type:data", "test_type:unit"
    )
    reader = duckdb.connect(str(db), read_only=True)
    yield reader
    reader.close()


def values(con: duckdb.DuckDBPyConnection, sql: str) -> dict:
    return dict(con.execute(sql).fetchall())


def test_month_first_batch_reads_m_d_yy_and_nulls_the_year_5(built) -> None:
    created = values(built, "select account_id, created_at from staging.stg_salesforce__accounts")
    assert created == {
        "001A": datetime(2024, 5, 7, 10, 26),
        "001B": datetime(2024, 12, 25, 9, 0),
        "001C": None,  # 0005-07-24: never a year before 1900
        "001D": datetime(2025, 1, 2, 8, 0),
    }
    modified = values(built, "select account_id, last_modified_at from staging.stg_salesforce__accounts")
    assert modified["001A"] == datetime(2024, 5, 7, 10, 26)  # Excel serial 45419.4347…


def test_day_first_batch_reads_d_m_yyyy(built) -> None:
    created = values(built, "select contact_id, created_at from staging.stg_salesforce__contacts")
    assert created == {"003A": datetime(2026, 6, 9, 16, 14), "003B": datetime(2026, 6, 25, 8, 0)}


def test_a_batch_without_evidence_takes_the_tie_default(built) -> None:
    created = values(built, "select lead_id, created_at from staging.stg_salesforce__leads")
    assert created == {"00QA": datetime(2026, 5, 6, 10, 0), "00QB": datetime(2026, 7, 8, 11, 0)}


def test_the_format_per_column_and_batch_is_recorded_with_implausible_examples(built) -> None:
    rows = built.execute(
        """
        select source_table || '.' || column_name, date_order, decided_by, implausible_values_count,
            implausible_examples
        from staging.stg_audit__date_formats_by_batch
        where column_name = 'created_date'
        """
    ).fetchall()
    recorded = {row[0]: row[1:] for row in rows}
    assert recorded["salesforce.account.created_date"] == ("mdy", "evidence", 1, "0005-07-24 10:26:00")
    assert recorded["salesforce.contact.created_date"] == ("dmy", "evidence", 0, None)
    assert recorded["salesforce.lead.created_date"] == ("mdy", "tie_default", 0, None)


def test_amounts_as_written_and_currency_reaches_fct_opportunities(built) -> None:
    amounts = values(built, "select opportunity_id, amount from staging.stg_salesforce__opportunities")
    assert amounts == {
        "006A": Decimal("1234.56"),
        "006B": Decimal("1234567.89"),
        "006C": Decimal("1250.00"),
        "006D": Decimal("139000.00"),
    }
    currencies = values(built, "select source_record_id, currency_code from marts.fct_opportunities")
    assert currencies == {"006A": "USD", "006B": "MXN", "006C": "PEN", "006D": "EUR"}


def test_current_hubspot_labels_fill_stage_dates_and_sources(built) -> None:
    contact = built.execute(
        f"""
        select {", ".join(STAGES.values())}, original_source, original_source_drill_down_1,
            original_source_drill_down_2, latest_source, latest_source_drill_down_1
        from staging.stg_hubspot__contacts where contact_id = '501'
        """
    ).fetchone()
    assert list(contact[:8]) == [datetime(2026, month, 1, 9, 0) for month in range(1, 9)]
    assert contact[8:] == ("Organic Search", "google", "crm software", "Direct Traffic", "example.co.jp")


def test_the_primary_company_wins_over_the_first_association(built) -> None:
    rows = built.execute(
        "select contact_id, company_id, associated_company_ids from staging.stg_hubspot__contacts order by 1"
    ).fetchall()
    assert rows == [("501", "9002", "9001;9002;9003"), ("502", "9001", "9001")]
