"""The real Salesforce Data Export (../shared/fixtures) lands as is and builds through to dim_accounts."""

from __future__ import annotations

import csv

import duckdb
import pytest

from tests.conftest import SALESFORCE_EXPORT, land, run_dbt


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not SALESFORCE_EXPORT.is_dir():
        pytest.skip(f"real Salesforce export not found at {SALESFORCE_EXPORT} (../shared is absent in this clone)")
    work = tmp_path_factory.mktemp("real_export")
    db = work / "warehouse.duckdb"
    results = land(db, [SALESFORCE_EXPORT])
    assert [r.status for r in results if r.status not in ("landed", "ignored")] == []
    run_dbt(
        db,
        work,
        "build",
        "--select",
        "+dim_accounts",
        "+dim_people",
        "+account_source_map",
        "+person_source_map",
        "+fct_opportunities",
        "--exclude",
        "test_type:data",
    )
    reader = duckdb.connect(str(db), read_only=True)
    yield reader
    reader.close()


def test_every_real_account_reaches_dim_accounts(built):
    with (SALESFORCE_EXPORT / "Account.csv").open(encoding="utf-8", newline="") as handle:
        exported = {row["Id"]: row["Name"] for row in csv.DictReader(handle)}
    mapped = dict(
        built.execute(
            "select source_record_id, account_id from marts.account_source_map where source_system = 'salesforce'"
        ).fetchall()
    )
    assert set(mapped) == set(exported)
    assert all(mapped.values()), "every real account is resolved"
    names = {row[0] for row in built.execute("select account_name from marts.dim_accounts").fetchall()}
    assert "Edge Communications" in names
    # with no CS platform and no marketing tool, every account still gets a lifecycle stage
    stages = {row[0] for row in built.execute("select distinct lifecycle_stage from marts.dim_accounts").fetchall()}
    assert stages <= {"prospect", "customer", "churned"} and stages


def test_real_contacts_become_people_of_their_accounts(built):
    with (SALESFORCE_EXPORT / "Contact.csv").open(encoding="utf-8", newline="") as handle:
        with_account = {
            row["Id"] for row in csv.DictReader(handle) if row["AccountId"] not in ("", "000000000000000AAA")
        }
    resolved = dict(
        built.execute(
            "select source_record_id, account_id from marts.person_source_map where source_object = 'Contact'"
        ).fetchall()
    )
    assert with_account and with_account <= set(resolved)
    assert [contact for contact in with_account if resolved[contact] is None] == []
    people = built.execute("select count(*) from marts.dim_people").fetchone()[0]
    assert people >= len(with_account)


def test_a_single_currency_org_reports_its_amounts_as_they_are(built):
    """The org exports no CurrencyIsoCode (one currency): every amount is in the unlabelled currency XXX and its
    reporting amount equals it; nothing is left out for want of a rate."""
    with (SALESFORCE_EXPORT / "Opportunity.csv").open(encoding="utf-8", newline="") as handle:
        exported = [row for row in csv.DictReader(handle) if row["Amount"]]
    assert exported and "CurrencyIsoCode" not in exported[0]
    rows = built.execute(
        "select currency_code, count(*), count(*) filter (where amount_reporting is distinct from amount), "
        "count(*) filter (where is_fx_rate_missing) from marts.fct_opportunities where amount is not null group by 1"
    ).fetchall()
    assert rows == [("XXX", len(exported), 0, 0)]
