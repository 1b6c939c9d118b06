"""A CSV wider than WIDE_COLUMNS is landed through JSON lines: every record, its mapped columns, every other value
in `_extra_columns` (blank and repeated header names made unique), exact row numbers and counts."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from ingest.load import ingest
from ingest.wide import WIDE_COLUMNS, rewrite_as_json_lines, unique_names
from revops.warehouse import connect

WIDTH = WIDE_COLUMNS + 500


def wide_header() -> list[str]:
    custom = [f"Custom_{i}__c" for i in range(WIDTH)]
    custom[7], custom[8] = "", "Custom_1__c"  # a blank name and a repeated one
    return ["Id", "Name", "Website", *custom]


def write_wide(path: Path) -> Path:
    header = wide_header()
    rows = [
        ["001A", "Acme, Inc.", "acme.com", *(f"a{i}" for i in range(WIDTH))],
        [],  # a blank line: no record
        ["001B", "Line\nbreak KK", "", *(str(i) if i % 2 else "" for i in range(WIDTH))],
        ["001C", "Short row", "short.example"],  # fewer values than the header
        ["001D", "Long row", "long.example", *(["x"] * WIDTH), "surplus"],  # one value more
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_unique_names_follow_the_landing_rule() -> None:
    assert unique_names(["Email", "", "Email", "Email"]) == ["Email", "column_2", "Email (2)", "Email (3)"]


def test_the_rewrite_keeps_every_value(tmp_path: Path) -> None:
    source = write_wide(tmp_path / "Account.csv")
    rewrite = rewrite_as_json_lines(source, ",", tmp_path / "a.jsonl")
    assert (rewrite.records, rewrite.ragged) == (4, 2)
    lines = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines[0]["Custom_1__c (2)"] == "a8" and lines[0]["column_11"] == "a7"
    assert lines[1]["Name"] == "Line\nbreak KK" and lines[1]["Website"] is None
    assert set(lines[2]) == {"Id", "Name", "Website"}
    assert lines[3][f"column_{len(rewrite.keys) + 1}"] == "surplus"


@pytest.fixture
def landed(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    con = connect(db)
    try:
        [result] = ingest(con, [write_wide(tmp_path / "Account.csv")], export_date=date(2026, 11, 8))
        rows = con.execute(
            "select _source_row_number, id, name, website, _extra_columns from raw.salesforce__account order by 1"
        ).fetchall()
        batch = con.execute(
            "select rows_read, rows_landed, rows_quarantined, notes from audit.ingest_batches"
        ).fetchone()
    finally:
        con.close()
    return result, rows, batch


def test_a_wide_csv_lands_every_record_with_its_row_number(landed) -> None:
    result, rows, batch = landed
    assert result.status == "landed", result.message
    assert batch[:3] == (4, 4, 0)
    assert f"{WIDTH + 3:,} columns: read as JSON lines" in batch[3]
    assert [row[:4] for row in rows] == [
        (1, "001A", "Acme, Inc.", "acme.com"),
        (2, "001B", "Line\nbreak KK", None),
        (3, "001C", "Short row", "short.example"),
        (4, "001D", "Long row", "long.example"),
    ]


def test_a_wide_csv_keeps_every_unmapped_value(landed) -> None:
    _, rows, _ = landed
    first = json.loads(rows[0][4])
    assert len(first) == WIDTH and "Id" not in first and "Name" not in first
    assert first["Custom_1__c"] == "a1" and first["Custom_1__c (2)"] == "a8" and first["column_11"] == "a7"
    assert json.loads(rows[3][4])[f"column_{WIDTH + 4}"] == "surplus"


def test_wide_records_reach_duckdb_a_few_at_a_time(tmp_path: Path, monkeypatch) -> None:
    """DuckDB holds one Arrow batch per chunk: batches are bounded by bytes, and every record keeps its
    ordinal, mapped values and the object of the other values."""
    import ingest.wide as wide

    rewrite = rewrite_as_json_lines(write_wide(tmp_path / "Account.csv"), ",", tmp_path / "a.jsonl")
    monkeypatch.setattr(wide, "BATCH_BYTES", 1)  # one record per batch
    batches = list(wide.record_batches(tmp_path / "a.jsonl", ["Id", "Name"]))
    assert [batch.num_rows for batch in batches] == [1] * rewrite.records
    rows = [row for batch in batches for row in batch.to_pylist()]
    assert [(row["_rn"], row["k0"], row["k1"]) for row in rows] == [
        (1, "001A", "Acme, Inc."), (2, "001B", "Line\nbreak KK"), (3, "001C", "Short row"), (4, "001D", "Long row"),
    ]  # fmt: skip
    first = json.loads(rows[0]["_extra"])
    assert "Id" not in first and first["Website"] == "acme.com" and len(first) == WIDTH + 1
