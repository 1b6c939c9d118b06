"""A CSV that spans many of DuckDB's read buffers, read with several threads, still numbers every record by
its place in the file.

The file mixes in the records that take other paths: rows the row checks quarantine, rows the parser
rejects, blank lines and quoted line breaks. Each record's id is its ordinal, so every landed row number is
checked against the file itself. (Numbering by insertion order after a parallel read was tried and measured;
this test is what any such change must pass: benchmarks/results/ingest_single_file.md.)"""

from __future__ import annotations

import csv
from pathlib import Path

from ingest.load import configure_for_ingest, ensure_schema, ingest
from revops.warehouse import connect
from tests.fixtures.hostile.corpus import TICKET_HEADER

RECORDS = 150_000
BLANK_CREATED = {7, 50_001, 149_999}  # required created_at blank: quarantined by the row checks
EXTRA_FIELD = {20_000, 100_000}  # one field too many: rejected by the parser
BLANK_LINE_EVERY = 10_000
LINE_BREAK_EVERY = 997  # a quoted line break inside the subject


def _write(path: Path) -> None:
    padding = "x" * 250  # about 300 bytes a record: 45 MB, many times DuckDB's 8 MB read buffer
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(TICKET_HEADER)
        for ordinal in range(1, RECORDS + 1):
            subject = f"Subject {ordinal}\nsecond line" if ordinal % LINE_BREAK_EVERY == 0 else f"S{ordinal} {padding}"
            created = "" if ordinal in BLANK_CREATED else "2026-11-01T09:00:00Z"
            row = [str(ordinal), subject, "open", created, "2026-11-10T09:00:00Z"]
            writer.writerow([*row, "surplus"] if ordinal in EXTRA_FIELD else row)
            if ordinal % BLANK_LINE_EVERY == 0:
                handle.write("\n")


def test_parallel_read_keeps_every_row_number(tmp_path, monkeypatch):
    monkeypatch.setenv("REVOPS_INGEST_THREADS", "4")
    path = tmp_path / "tickets-2026-11-10.csv"
    _write(path)
    con = connect(tmp_path / "w.duckdb")
    try:
        configure_for_ingest(con)
        ensure_schema(con)
        [result] = ingest(con, [path])
        wrong = con.execute(
            "select count(*) from raw.zendesk__tickets where _source_row_number <> cast(id as bigint)"
        ).fetchall()[0][0]
        landed = con.execute("select count(*) from raw.zendesk__tickets").fetchall()[0][0]
        quarantined = [row[0] for row in con.execute("select row_number from audit.quarantine order by 1").fetchall()]
    finally:
        con.close()
    assert (result.rows_read, result.rows_landed) == (RECORDS, RECORDS - 5), result.message
    assert landed == RECORDS - 5
    assert wrong == 0
    assert quarantined == sorted(BLANK_CREATED | EXTRA_FIELD)
