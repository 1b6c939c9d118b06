"""The warehouse as BI tools see it: a file DuckDB 1.x can open, published by an atomic rename after each build
so that a reader never blocks a load and always sees the last finished build, and the marts as Parquet.

The end-to-end tests run `revops run` (the console script, in its own process) on a small generated world:
week one, then week two while this process holds a read-only connection on the published file.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from revops import settings
from revops.errors import RevopsError
from revops.pipeline.publish import is_stale, publish, readable_as_wanted
from revops.sample import generate_world
from revops.warehouse import connect, storage_version
from tests.conftest import cli_env, revops, run_dbt

# DuckDB 1.x readers the README promises: the oldest that reads the file, the long-term release, the newest 1.x.
OLD_READERS = ("1.1.3", "1.4.4", "1.5.6")
FIGURES = """
    select
        (select count(*) from marts.dim_accounts),
        (select count(*) from marts.dim_people),
        (select coalesce(sum(arr), 0) from marts.account_360),
        (select count(*) from audit.ingest_batches where status = 'landed'),
        (select count(*) from audit.builds)
"""
MART_COUNTS = """
import duckdb, json, sys
con = duckdb.connect(sys.argv[1], read_only=True)
names = [r[0] for r in con.execute(
    "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
print(json.dumps({name: con.execute(f'select count(*) from marts."{name}"').fetchone()[0] for name in names}))
"""


def mart_counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:  # closed on leaving
        names = con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
        ).fetchall()
        return {name: con.execute(f'select count(*) from marts."{name}"').fetchone()[0] for (name,) in names}


@pytest.fixture(scope="module")
def weeks(tmp_path_factory) -> dict:
    """Week one built; week two run while a read-only connection on the published file stays open."""
    work = tmp_path_factory.mktemp("bi_file")
    world = work / "world"
    generate_world(world, accounts=30, seed=11, snapshots=2)
    week_one, week_two = sorted(p for p in world.iterdir() if p.is_dir() and not p.name.startswith("_"))
    db = work / "warehouse" / "revops.duckdb"
    env = cli_env(work, db)
    first = revops("run", str(week_one), env=env)
    assert first.returncode == 0, first.stdout[-4000:] + first.stderr[-4000:]
    published = settings.published_path(db)
    reader = duckdb.connect(str(published), read_only=True)
    try:
        before = reader.execute(FIGURES).fetchone()
        second = revops("run", str(week_two), env=env)
        during = reader.execute(FIGURES).fetchone()  # the same open connection, after the new publish
    finally:
        reader.close()
    return {
        "work": work,
        "db": db,
        "env": env,
        "first": first,
        "second": second,
        "before": before,
        "during": during,
        "published": published,
    }


@pytest.mark.slow
def test_a_reader_holding_the_published_file_does_not_block_a_run(weeks):
    second = weeks["second"]
    assert second.returncode == 0, second.stdout[-4000:] + second.stderr[-4000:]
    assert f"published for readers: {weeks['published']}" in second.stdout, second.stdout[-3000:]


@pytest.mark.slow
def test_the_open_reader_keeps_its_build_and_a_new_one_sees_the_next(weeks):
    before, during = weeks["before"], weeks["during"]
    assert before[0] > 0 and before[3] > 0, before
    assert during == before  # the held connection still reads the build it opened, whole
    con = duckdb.connect(str(weeks["published"]), read_only=True)
    try:
        after = con.execute(FIGURES).fetchone()
    finally:
        con.close()
    assert after[3] > before[3], "week two's batches are not in the published copy"
    assert after[4] == before[4] + 1, "the published copy is not the second build"
    assert after[0] > 0 and after[1] > 0


@pytest.mark.slow
def test_the_gate_results_of_the_run_are_published_too(weeks):
    last_check = "select count(*), max(run_id) from audit.dq_results"
    runs = []
    for path in (weeks["db"], weeks["published"]):
        con = duckdb.connect(str(path), read_only=True)
        try:
            runs.append(con.execute(last_check).fetchone())
        finally:
            con.close()
    assert runs[0][0] > 0 and runs[0] == runs[1], runs


@pytest.mark.slow
def test_the_summary_points_bi_tools_at_the_published_file(weeks):
    out = weeks["second"].stdout
    assert f"query it:  duckdb -readonly {weeks['published']}" in out, out[-2000:]


@pytest.mark.slow
def test_a_current_build_republishes_a_missing_copy(weeks):
    weeks["published"].unlink()
    done = revops("build", env=weeks["env"])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "the warehouse is current" in done.stdout
    assert weeks["published"].is_file() and not is_stale(weeks["db"])
    again = revops("build", env=weeks["env"])
    assert "published for readers" not in again.stdout, "a current copy was published again"


@pytest.mark.slow
def test_publish_parquet_round_trip(weeks):
    out = weeks["work"] / "parquet"
    done = revops("publish", "--parquet", str(out), env=weeks["env"])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    expected = mart_counts(weeks["published"])
    assert {t["table"] for t in manifest["tables"]} == set(expected)
    assert manifest["source"] == str(weeks["published"])
    con = duckdb.connect()
    for table in manifest["tables"]:
        path = str(out / table["file"])
        (rows,) = con.execute("select count(*) from read_parquet(?)", [path]).fetchone()
        names = [c[0] for c in con.execute("describe select * from read_parquet(?)", [path]).fetchall()]
        assert rows == table["rows"] == expected[table["table"]], table["table"]
        assert names == [c["name"] for c in table["columns"]], table["table"]
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")], "a temporary file was left behind"
    assert expected["dim_accounts"] > 0


def reader_python(version: str, cache: Path) -> Path:
    """A throw-away venv with duckdb==`version`, kept in pytest's cache; skips when it cannot be installed."""
    venv = cache / f"duckdb-{version}"
    python = venv / "bin" / "python"
    if python.exists() and (venv / "installed").exists():
        return python
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True, capture_output=True)
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"duckdb=={version}"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"duckdb=={version} cannot be installed here: {(done.stderr or done.stdout).strip()[-300:]}")
    (venv / "installed").touch()
    return python


@pytest.mark.slow
@pytest.mark.parametrize("version", OLD_READERS)
def test_duckdb_1x_reads_the_built_warehouse(weeks, version, request, tmp_path_factory):
    cache = getattr(request.config, "cache", None)  # pytest's cache keeps the venvs between runs, when enabled
    folder = cache.mkdir("duckdb_1x_readers") if cache else tmp_path_factory.mktemp("duckdb_1x_readers")
    python = reader_python(version, Path(folder))
    for path in (weeks["published"], weeks["db"]):  # what BI tools open, and the work file ingest created
        done = subprocess.run(
            [str(python), "-c", MART_COUNTS, str(path)], capture_output=True, text=True, check=False, timeout=300
        )
        assert done.returncode == 0, f"duckdb {version} cannot read {path.name}: {done.stderr[-1500:]}"
        assert json.loads(done.stdout) == mart_counts(path)


def test_a_new_file_is_written_in_the_readable_format(tmp_path, monkeypatch):
    monkeypatch.delenv("REVOPS_STORAGE_COMPATIBILITY", raising=False)
    con = connect(tmp_path / "new.duckdb")
    try:
        assert storage_version(con) == "v1.0.0+"  # storage version 64: DuckDB 1.0 and 1.1 (and later) read it
        assert readable_as_wanted(storage_version(con))
    finally:
        con.close()


def test_latest_opts_out(tmp_path, monkeypatch):
    plain = duckdb.connect(str(tmp_path / "plain.duckdb"))
    newest = storage_version(plain)
    plain.close()
    monkeypatch.setenv("REVOPS_STORAGE_COMPATIBILITY", "latest")
    con = connect(tmp_path / "latest.duckdb")
    try:
        assert storage_version(con) == newest
    finally:
        con.close()


def test_a_storage_setting_that_is_not_a_version_is_one_clear_error(monkeypatch):
    monkeypatch.setenv("REVOPS_STORAGE_COMPATIBILITY", "1.4")
    message = "REVOPS_STORAGE_COMPATIBILITY='1.4' is not a DuckDB storage version"
    with pytest.raises(RevopsError, match=re.escape(message)):
        settings.storage_compatibility()


def test_publish_converts_a_work_file_in_a_newer_format(tmp_path, monkeypatch):
    work = tmp_path / "revops.duckdb"
    con = duckdb.connect(str(work))  # DuckDB's own newest format, as a warehouse written before the setting
    con.execute("create schema marts; create table marts.t as select range as i from range(1000)")
    con.execute("create view marts.v as select i * 2 as j from marts.t")
    tag = storage_version(con)
    con.close()
    monkeypatch.delenv("REVOPS_STORAGE_COMPATIBILITY", raising=False)
    if readable_as_wanted(tag):
        pytest.skip(f"this DuckDB's newest format ({tag}) is already readable by DuckDB 1.x")
    done = publish(work)
    assert done.converted and done.path == settings.published_path(work)
    assert f"`cp {done.path} {work}`" in (done.note or "")
    con = duckdb.connect(str(done.path), read_only=True)
    try:
        assert storage_version(con) == "v1.0.0+"
        assert con.execute("select count(*), sum(j) from marts.v").fetchone() == (1000, 999_000)
    finally:
        con.close()


@pytest.mark.slow
def test_a_file_created_by_plain_dbt_is_readable_format(tmp_path):
    db = tmp_path / "dbt_first.duckdb"
    run_dbt(db, tmp_path, "seed")
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert storage_version(con) == "v1.0.0+"
    finally:
        con.close()
