"""A new vendor plugs in through its contract, one staging model, one adapter and one var entry only.

The project is copied to a temporary folder; the fake vendor (tests/fixtures/fake_vendor/) adds exactly
those four things. Identity resolution, dim_accounts and the maps must pick it up unchanged.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest
import yaml

from tests.conftest import REPO, run_dbt

FAKE = REPO / "tests" / "fixtures" / "fake_vendor"


@pytest.fixture(scope="module")
def plugged(tmp_path_factory, monkeypatch_module):
    work = tmp_path_factory.mktemp("vendor")
    project = work / "project"
    project.mkdir()
    for item in ("dbt_project.yml", "models", "macros", "seeds", "profiles"):
        source = REPO / item
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / item)
    # 1. the contract, in a folder of the user's own (REVOPS_CONTRACTS_PATH), not in the package
    contracts = work / "contracts"
    contracts.mkdir()
    shutil.copy(FAKE / "acme.yml", contracts / "acmecrm.yml")
    monkeypatch_module.setenv("REVOPS_CONTRACTS_PATH", str(contracts))
    # 2. its staging model and sources, 3. its adapter
    staging = project / "models" / "staging" / "acmecrm"
    staging.mkdir()
    shutil.copy(FAKE / "stg_acmecrm__clients.sql", staging)
    shutil.copy(FAKE / "_acmecrm__sources.yml", staging)
    adapters = project / "models" / "intermediate" / "vendors" / "acmecrm"
    adapters.mkdir()
    shutil.copy(FAKE / "int_acmecrm__account_records.sql", adapters)
    # 4. one entry in the union var
    settings = yaml.safe_load((project / "dbt_project.yml").read_text())
    settings["vars"]["revops_canonical_models"]["account_records"].append("int_acmecrm__account_records")
    (project / "dbt_project.yml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False))

    from ingest.contracts import _load
    from ingest.load import ingest
    from revops.warehouse import connect

    _load.cache_clear()
    db = work / "warehouse.duckdb"
    exports = work / "exports" / "2026-11-01"
    exports.mkdir(parents=True)
    shutil.copy(FAKE / "acme-clients-2026-11-01.csv", exports)
    shutil.copy(FAKE / "Account.csv", exports)
    con = connect(db)
    try:
        results = ingest(con, [exports])
    finally:
        con.close()
    _load.cache_clear()
    assert {(r.source_name, r.status) for r in results} == {
        ("acmecrm.clients", "landed"),
        ("salesforce.Account", "landed"),
    }
    run_dbt(db, work, "build", "--select", "+dim_accounts", "+account_source_map", "--exclude", "test_type:data",
            project=project)  # fmt: skip
    reader = duckdb.connect(str(db), read_only=True)
    yield reader
    reader.close()


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_fake_vendor_records_are_resolved_with_the_others(plugged):
    rows = dict(
        plugged.execute(
            "select source_system || '/' || source_record_id, account_id from marts.account_source_map"
        ).fetchall()
    )
    assert rows["acmecrm/A-1"] == rows["salesforce/0015g00000AAAAAAAA"]  # same domain abc-shoji.co.jp
    assert rows["acmecrm/A-2"] not in (None, rows["acmecrm/A-1"])
    systems = plugged.execute(
        "select source_systems from marts.dim_accounts where account_id = ?", [rows["acmecrm/A-1"]]
    ).fetchone()[0]
    assert systems == "acmecrm,salesforce"
