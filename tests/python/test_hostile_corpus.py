"""Odd but plausible files (tests/fixtures/hostile/corpus.py): every record is landed, quarantined with its
reason, or its file rejected with one clear line, and counts agree with the corpus's own count."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.load import configure_for_ingest, ensure_schema, ingest
from revops.warehouse import connect
from tests.conftest import REPO, run_dbt
from tests.fixtures.hostile.corpus import Case, corpus, json_cases, write_json

CASES = corpus()


def land(case: Case, folder: Path, db: Path, monkeypatch: pytest.MonkeyPatch):
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    folder.mkdir(parents=True, exist_ok=True)
    paths = case.write(folder)
    con = connect(db)
    try:
        configure_for_ingest(con)
        ensure_schema(con)
        results = ingest(con, paths)
        quarantine = con.execute("select row_number, reason, raw_text from audit.quarantine order by 1").fetchall()
        batches = con.execute(
            "select status, rows_read, rows_landed, rows_quarantined, message from audit.ingest_batches"
        ).fetchall()
    finally:
        con.close()
    return results, quarantine, batches


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_record_is_landed_quarantined_or_its_file_rejected(case: Case, tmp_path, monkeypatch):
    results, quarantine, batches = land(case, tmp_path / "in", tmp_path / "w.duckdb", monkeypatch)
    rejected = [r for r in results if r.status == "rejected"]
    assert sum(r.rows_landed for r in results) == case.landed, [(r.source_file, r.status, r.message) for r in results]
    assert [row[0] for row in quarantine] == case.quarantined
    assert len(rejected) == case.rejected, [r.message for r in rejected]
    said = " ".join([r.message for r in rejected] + [row[1] + (row[2] or "") for row in quarantine])
    assert case.message in said
    for status, read, landed, quarantined, _ in batches:  # the audit balances for every batch
        assert read == landed + quarantined
        if status == "rejected":
            assert read == landed == 0
    assert len([b for b in batches if b[0] == "rejected"]) == case.rejected  # every rejection has its audit row


def test_zendesk_api_shapes_land_without_source(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    names = [
        "users-2026-11-10.json",
        "tickets-2026-11-10.json",
        "tickets-show-2026-11-11.json",
        "tickets-2026-11-12.json",
    ]
    paths = [write_json(folder, name, doc) for name, doc in zip(names, json_cases().values(), strict=True)]
    con = connect(tmp_path / "w.duckdb")
    try:
        results = ingest(con, paths)
        landed = {(r.source_name, r.rows_landed) for r in results if r.status == "landed"}
        kept = [r.source_file for r in results if r.status == "kept"]
    finally:
        con.close()
    assert ("zendesk.users", 1) in landed and ("zendesk.tickets", 1) in landed
    assert not [r for r in results if r.status == "rejected"], [r.message for r in results]
    assert sorted(label.rpartition("!")[2] for label in kept) == ["groups", "identities"]  # kept, not lost


def test_a_resent_full_export_under_a_newer_date_is_a_new_observation(tmp_path):
    rows_a = "Id,Name\n001A,Alpha\n001B,Beta\n001C,Gamma\n001D,Delta\n"
    rows_b = "Id,Name\n001A,Alpha\n"
    con = connect(tmp_path / "w.duckdb")
    try:
        results = []
        for day, text in (
            ("2026-11-01", rows_a),
            ("2026-11-08", rows_b),
            ("2026-11-15", rows_a),
            ("2026-11-15", rows_a),
        ):
            folder = tmp_path / day
            folder.mkdir(exist_ok=True)
            (folder / "Account.csv").write_text(text)
            results += ingest(con, [folder / "Account.csv"])
    finally:
        con.close()
    assert [r.status for r in results] == ["landed", "landed", "landed", "skipped_duplicate"]
    assert results[2].resend_of == results[0].batch_id and results[2].export_date.isoformat() == "2026-11-15"


def test_disk_full_is_named_as_disk_full(tmp_path, monkeypatch):
    import errno

    from ingest import readers

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(readers, "transcode_to_utf8", full)
    path = tmp_path / "Account-2026-11-01.csv"
    path.write_bytes("Id,Name\n001A,Müller\n".encode("latin-1"))
    con = connect(tmp_path / "w.duckdb")
    try:
        (result,) = ingest(con, [path])
        rows = con.execute("select status, rows_landed from audit.ingest_batches").fetchall()
    finally:
        con.close()
    assert result.status == "rejected" and "disk full" in result.message and "free space" in result.message
    assert rows == [("rejected", 0)]


def revops(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("revops")), *args]
    return subprocess.run(
        command, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=120
    )


def test_cli_mistakes_get_one_line_and_exit_1(tmp_path):
    (tmp_path / "not-a-warehouse.duckdb").write_text("hello")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    typo = revops("build", "--db", "typo.duckdb", cwd=tmp_path)
    assert typo.returncode == 1 and f"no warehouse at {tmp_path / 'typo.duckdb'}" in typo.stderr
    assert not (tmp_path / "typo.duckdb").exists()  # no empty warehouse made by a typo, relative to the cwd
    bad_file = revops("check", "--db", "not-a-warehouse.duckdb", cwd=tmp_path)
    assert bad_file.returncode == 1 and "is not a DuckDB warehouse file" in bad_file.stderr
    special = revops("ingest", str(fifo), "--db", "w.duckdb", cwd=tmp_path)
    assert special.returncode == 1 and "not a regular file" in special.stderr
    setting = revops("ingest", str(fifo), "--db", "w.duckdb", cwd=tmp_path, env={"REVOPS_INGEST_MEMORY_LIMIT": "lots"})
    assert setting.returncode == 1 and "REVOPS_INGEST_MEMORY_LIMIT='lots' is not a size" in setting.stderr


@pytest.mark.slow
def test_a_build_after_the_whole_corpus_succeeds(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    for number, case in enumerate(CASES):
        land(case, tmp_path / f"case{number}", db, monkeypatch)
    run_dbt(db, tmp_path, "build", "--exclude-resource-type", "unit_test", project=REPO)
    con = connect(db, read_only=True)
    try:
        tickets = con.execute("select count(*) from main_staging.stg_zendesk__tickets").fetchone()[0]
    except Exception:
        tickets = con.execute(
            "select count(*) from information_schema.tables where table_name = 'stg_zendesk__tickets'"
        ).fetchone()[0]
    finally:
        con.close()
    assert tickets > 0
