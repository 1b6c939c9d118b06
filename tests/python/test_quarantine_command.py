"""`revops quarantine --batch ID --row N --reason ...` takes one landed record out of the models: the record moves to
audit.quarantine with its text and reason, the batch still balances, and the next build (a full refresh, since
the staging models are incremental) leaves it out."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

TICKETS = [
    ["id", "subject", "status", "priority", "requester_id", "organization_id", "created_at", "updated_at"],
    ["101", "Login fails", "open", "high", "9001", "501", "2026-11-01T09:00:00Z", "2026-11-02T09:00:00Z"],
    ["102", "Bad record", "open", "low", "9002", "501", "2026-11-01T10:00:00Z", "2026-11-02T10:00:00Z"],
    ["103", "Invoice", "solved", "normal", "9003", "502", "2026-11-01T11:00:00Z", "2026-11-02T11:00:00Z"],
]


def revops(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("revops")), *args]
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


def ticket_ids(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [
            row[0] for row in con.execute("select ticket_id from staging.stg_zendesk__tickets order by 1").fetchall()
        ]


@pytest.fixture
def landed(tmp_path: Path) -> tuple[Path, int]:
    exports = tmp_path / "exports" / "2026-11-08"
    exports.mkdir(parents=True)
    with (exports / "zendesk_tickets.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(TICKETS)
    ingest = revops("ingest", str(exports), "--db", "w.duckdb", cwd=tmp_path)
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        (batch_id,) = con.execute("select batch_id from audit.ingest_batches where status = 'landed'").fetchone()
    return tmp_path, batch_id


def test_a_quarantined_record_leaves_the_models_and_the_batch_still_balances(landed: tuple[Path, int]) -> None:
    work, batch_id = landed
    db = work / "w.duckdb"
    select = ["--select", "stg_zendesk__tickets"]
    assert revops("build", "--db", "w.duckdb", *select, cwd=work).returncode == 0
    assert ticket_ids(db) == ["101", "102", "103"]

    done = revops(
        "quarantine", "--db", "w.duckdb", "--batch", str(batch_id), "--row", "2", "--reason", "test ticket", cwd=work
    )
    assert done.returncode == 0, done.stderr
    assert "zendesk_tickets.csv row 2" in done.stdout and "Bad record" in done.stdout

    with duckdb.connect(str(db), read_only=True) as con:
        batch = con.execute(
            "select rows_read, rows_landed, rows_quarantined from audit.ingest_batches where batch_id = ?", [batch_id]
        ).fetchone()
        quarantined = con.execute("select row_number, raw_text, reason from audit.quarantine").fetchall()
        raw_ids = [row[0] for row in con.execute("select id from raw.zendesk__tickets order by 1").fetchall()]
    assert batch == (3, 2, 1)
    assert raw_ids == ["101", "103"]
    [(row_number, raw_text, reason)] = quarantined
    assert row_number == 2 and json.loads(raw_text)["subject"] == "Bad record"
    assert reason.startswith("test ticket")

    rebuilt = revops("build", "--db", "w.duckdb", *select, cwd=work)
    assert rebuilt.returncode == 0 and "rebuilding in full" in rebuilt.stdout, rebuilt.stdout[-2000:]
    assert ticket_ids(db) == ["101", "103"]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from audit.pending_full_refresh").fetchone() == (0,)
    again = revops("build", "--db", "w.duckdb", *select, cwd=work)
    assert again.returncode == 0 and "rebuilding in full" not in again.stdout


@pytest.mark.parametrize(
    ("batch", "row", "message"),
    [
        ("999", "1", "batch 999 is not in audit.ingest_batches"),
        (None, "7", "has no landed record at row 7"),
    ],
)
def test_a_record_that_is_not_there_gets_one_line(landed: tuple[Path, int], batch: str | None, row: str, message: str):
    work, batch_id = landed
    done = revops(
        "quarantine", "--db", "w.duckdb", "--batch", batch or str(batch_id), "--row", row, "--reason", "x", cwd=work
    )
    assert done.returncode == 1 and message in done.stderr, done.stderr
    with duckdb.connect(str(work / "w.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from raw.zendesk__tickets").fetchone() == (3,)
        assert con.execute("select count(*) from audit.quarantine").fetchone() == (0,)
