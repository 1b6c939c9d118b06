"""The small real exports in ../shared/fixtures/real_exports/ land with every record accounted for.

Records are counted here independently of the landing code (Python's csv and json modules), file by file,
whatever the files are called: nothing is keyed on their names."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ingest.load import ingest
from revops.warehouse import connect
from tests.conftest import SHARED

REAL = SHARED / "fixtures" / "real_exports"


def independent_count(path: Path) -> int:
    """Records in one export file as a plain reader sees them."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            return sum(1 for row in csv.reader(handle) if row) - 1
    text = path.read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return sum(1 for line in text.splitlines() if line.strip())
    if isinstance(document, list):
        return len(document)
    lists = [v for v in document.values() if isinstance(v, list) and (not v or isinstance(v[0], dict))]
    return sum(len(v) for v in lists) if lists else 1


@pytest.fixture(scope="module")
def landed(tmp_path_factory):
    if not REAL.is_dir():
        pytest.skip(f"real exports not found at {REAL} (../shared is absent in this clone)")
    work = tmp_path_factory.mktemp("real")
    con = connect(work / "w.duckdb")
    try:
        results = ingest(con, [REAL])
        encodings = con.execute(
            "select count(*) from audit.ingest_batches where encoding is null and status = 'landed'"
        ).fetchone()[0]
    finally:
        con.close()
    files = sorted(p for p in REAL.rglob("*") if p.suffix in (".csv", ".json", ".ndjson"))
    return results, files, encodings


def test_no_real_export_is_rejected(landed):
    results, _, _ = landed
    assert [r.message for r in results if r.status == "rejected"] == []


def test_every_real_record_is_accounted_for(landed):
    results, files, _ = landed
    for path in files:
        mine = [r for r in results if r.source_file.split("!")[0] == str(path)]
        assert mine, f"{path} produced no result"
        assert sum(r.rows_read for r in mine) == independent_count(path), (
            path,
            [(r.status, r.rows_read) for r in mine],
        )
        for r in mine:
            assert r.rows_read == r.rows_landed + r.rows_quarantined or r.status == "ignored"


def test_every_real_export_is_dated_and_its_encoding_recorded(landed):
    results, _, missing_encodings = landed
    for r in results:
        if r.status == "landed":
            assert r.export_date is not None and r.export_date_origin in (
                "path",
                "option",
                "content",
                "file modification time",
            )
    assert missing_encodings == 0
