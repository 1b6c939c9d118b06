"""Real exports re-saved by their owners: the dates and numbers read as the owners meant them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import duckdb
import pytest

from tests.conftest import SHARED, land, run_dbt

REAL = SHARED / "fixtures" / "real_exports"
RESAVED_CONTACTS = REAL / "salesforce_dev_org_export_excel_resaved" / "Contact.csv"
BULK_ACCOUNTS = REAL / "salesforce_bulk_api" / "Account.csv"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    if not (RESAVED_CONTACTS.is_file() and BULK_ACCOUNTS.is_file()):
        pytest.skip(f"real exports not found under {REAL} (../shared is absent in this clone)")
    work = tmp_path_factory.mktemp("real_resaved")
    db = work / "warehouse.duckdb"
    results = land(db, [RESAVED_CONTACTS], source="salesforce.Contact", export_date=date(2026, 11, 8))
    results += land(db, [BULK_ACCOUNTS], source="salesforce.Account", export_date=date(2026, 11, 8))
    assert [r.status for r in results] == ["landed", "landed"], [r.message for r in results]
    models = ["stg_audit__date_formats_by_batch", "stg_salesforce__contacts", "stg_salesforce__accounts"]
    run_dbt(db, work, "run", "--select", *models)
    reader = duckdb.connect(str(db), read_only=True)
    yield reader
    reader.close()


def test_excel_resaved_day_first_contacts_read_as_in_the_original_export(built) -> None:
    """The same contacts in the org's own Data Export say 2026-06-09 16:13-16:15; Excel re-saved them as
    `09-06-2026 16:14`, no value over 12, so the dashes decide: day first."""
    created = dict(built.execute("select contact_id, created_at from staging.stg_salesforce__contacts").fetchall())
    assert created == {
        "003dN00000NrnwcQAB": datetime(2026, 6, 9, 16, 14),
        "003dN00000NrpyQQAR": datetime(2026, 6, 9, 16, 13),
        "003dN00000Nrrk5QAB": datetime(2026, 6, 9, 16, 15),
    }
    decided = built.execute(
        "select date_order, decided_by from staging.stg_audit__date_formats_by_batch "
        "where source_table = 'salesforce.contact' and column_name = 'created_date'"
    ).fetchall()
    assert decided == [("dmy", "separator_default")]


def test_bulk_api_iso_dates_and_scientific_revenue(built) -> None:
    rows = built.execute(
        "select annual_revenue, created_at from staging.stg_salesforce__accounts where annual_revenue is not null"
    ).fetchall()
    assert (Decimal("139000000.00"), datetime(2026, 9, 2, 22, 7, 23)) in rows
    assert all(created_at is not None for _, created_at in rows)
