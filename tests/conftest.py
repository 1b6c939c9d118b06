"""Shared pytest fixtures: paths to the repository, the shared fixtures, and a throw-away warehouse."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SALESFORCE_EXPORT = SHARED / "fixtures" / "salesforce_data_export_demo"

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


@pytest.fixture
def salesforce_export() -> Path:
    if not SALESFORCE_EXPORT.is_dir():
        pytest.skip(f"real Salesforce export not found at {SALESFORCE_EXPORT} (../shared is absent in this clone)")
    return SALESFORCE_EXPORT


@pytest.fixture
def warehouse(tmp_path: Path):
    """An open connection to a fresh DuckDB warehouse file, closed after the test."""
    from ingest.load import ensure_schema
    from ingest.warehouse import connect

    con = connect(tmp_path / "warehouse" / "revops.duckdb")
    ensure_schema(con)
    yield con
    con.close()
