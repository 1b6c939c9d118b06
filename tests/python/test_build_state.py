"""A plain `revops build` of a current warehouse starts no dbt; anything new, changed or asked for builds.

dbt itself is replaced by a recorder here: these tests are about when it is started, not what it builds (the
CLI and incremental tests build for real)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from revops.pipeline import steps
from revops.warehouse import AUDIT, connect, ensure_audit

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> dict:
    """A warehouse with one landed batch, a copy of the project's build inputs, and dbt recorded, not run."""
    project_dir = tmp_path / "project"
    project_dir.mkdir()
    shutil.copy(REPO / "dbt_project.yml", project_dir)
    shutil.copytree(REPO / "macros", project_dir / "macros")
    db = tmp_path / "revops.duckdb"
    con = connect(db)
    ensure_audit(con, "ingest_batches")
    con.close()
    land(db, 1)
    calls: list[list[str]] = []
    outcome = {"code": 0}

    def fake_dbt(arguments: list[str], path: Path, on_event: object = None) -> int:
        calls.append(arguments)
        return outcome["code"]

    monkeypatch.setenv("REVOPS_PROJECT_DIR", str(project_dir))
    monkeypatch.setattr(steps, "run_dbt", fake_dbt)
    return {"db": db, "dir": project_dir, "calls": calls, "outcome": outcome}


def land(db: Path, batch_id: int, status: str = "landed") -> None:
    con = connect(db)
    con.execute(
        f"insert into {AUDIT}.ingest_batches (batch_id, source_file, sha256, status) values (?, 'x.csv', 'x', ?)",
        [batch_id, status],
    )
    con.close()


def test_a_second_plain_build_with_nothing_new_starts_no_dbt(project):
    heard = []
    assert steps.build(project["db"]) == 0
    assert steps.build(project["db"], listener=steps.BuildListener(current=heard.append)) == 0
    assert len(project["calls"]) == 1
    assert len(heard) == 1


def test_a_landed_batch_builds_but_a_skipped_duplicate_does_not(project):
    steps.build(project["db"])
    land(project["db"], 2, "skipped_duplicate")
    steps.build(project["db"])
    assert len(project["calls"]) == 1
    land(project["db"], 3)
    steps.build(project["db"])
    assert len(project["calls"]) == 2


def test_a_changed_project_file_builds(project):
    steps.build(project["db"])
    macro = next((project["dir"] / "macros").rglob("*.sql"))
    macro.write_text(macro.read_text() + "\n-- edited\n")
    steps.build(project["db"])
    assert len(project["calls"]) == 2


def test_dbt_arguments_always_build_and_a_selection_is_not_recorded_as_a_whole_build(project):
    steps.build(project["db"], ("--select", "dim_people"))
    steps.build(project["db"], ("--select", "dim_people"))
    steps.build(project["db"])
    assert len(project["calls"]) == 3


def test_a_failed_build_is_not_recorded(project):
    project["outcome"]["code"] = 1
    assert steps.build(project["db"]) == 1
    project["outcome"]["code"] = 0
    steps.build(project["db"])
    assert len(project["calls"]) == 2


def test_a_pending_full_refresh_builds_in_full(project):
    steps.build(project["db"])
    con = connect(project["db"])
    con.execute(f"insert into {AUDIT}.pending_full_refresh values ('raw.x', 1, 7, now())")
    con.close()
    steps.build(project["db"])
    assert project["calls"][-1][-1] == "--full-refresh"
    steps.build(project["db"])
    assert len(project["calls"]) == 2


def test_a_build_that_only_quiets_dbt_is_recorded_as_a_whole_build(project):
    steps.build(project["db"], ("--quiet", "--no-use-colors"))
    steps.build(project["db"])
    assert len(project["calls"]) == 1
