"""`revops run --target postgres` against a throw-away PostgreSQL, compared mart by mart with DuckDB's build.

A session starts a PostgreSQL server of its own (initdb in a temporary folder, as the `postgres` user when the
tests run as root, on a free loopback port, stopped at the end) and skips only when the PostgreSQL binaries are
absent. One generated world is landed once: `revops run --target postgres` lands it in the DuckDB file, publishes
it to PostgreSQL and builds there (identity resolved in the client); `revops run` on the same file then builds it
on DuckDB (the files are already landed, so both builds read the very same rows, load times included). Every mart
must have the same columns, the same number of rows and the same content hash on both, money within a cent.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from revops import settings
from revops.errors import RevopsError
from revops.pipeline import steps
from revops.pipeline.postgres_build import PostgresListener, build_on_postgres, postgres, publish_pending
from revops.pipeline.postgres_copy import copy_query, duckdb_columns, ensure_table, read_into_duckdb
from revops.pipeline.postgres_identity import client_models
from tests.conftest import REPO, SHARED, cli_env, land, revops
from tests.python.mart_comparison import differences, fingerprint, mart_names

PG_BIN_DIRS = ("/usr/local/bin", *sorted(str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")))
DATABASE = "revops"
REAL_EXPORTS = SHARED / "fixtures" / "real_exports"


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = [Path(d) / name for d in PG_BIN_DIRS]
    return next((str(c) for c in candidates if c.is_file() and os.access(c, os.X_OK)), None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Server:
    port: int
    folder: Path
    pg_ctl: str
    user: str | None  # the OS user the server runs as (postgres when the tests run as root)

    def environment(self) -> dict[str, str]:
        return {
            "REVOPS_PG_HOST": "127.0.0.1",
            "REVOPS_PG_PORT": str(self.port),
            "REVOPS_PG_USER": "postgres",
            "REVOPS_PG_PASSWORD": "",
            "REVOPS_PG_DBNAME": DATABASE,
        }

    def connect(self):
        import psycopg2

        return psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=DATABASE)


def _as_server_user(command: list[str], user: str | None) -> subprocess.CompletedProcess:
    done = subprocess.run(command, user=user, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """A PostgreSQL server for this session only, with an empty database `revops`; stopped and removed after."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip(f"PostgreSQL's initdb and pg_ctl not found on PATH or in {', '.join(PG_BIN_DIRS)}")
    user = None
    if os.geteuid() == 0:  # initdb refuses root: the server runs as the postgres user
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no `postgres` user to run PostgreSQL as")
        user = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="revops-pg-"))
    if user:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    server = Server(_free_port(), folder, pg_ctl, user)
    _as_server_user(
        [initdb, "-D", str(folder / "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"], user
    )
    options = f"-k {folder} -p {server.port} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off"
    _as_server_user([pg_ctl, "-D", str(folder / "data"), "-l", str(folder / "log"), "-o", options, "-w", "start"], user)
    try:
        import psycopg2

        admin = psycopg2.connect(host="127.0.0.1", port=server.port, user="postgres", dbname="postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f"create database {DATABASE}")
        admin.close()
        yield server
    finally:
        subprocess.run(
            [pg_ctl, "-D", str(folder / "data"), "-m", "fast", "-w", "stop"],
            user=user,
            capture_output=True,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Builds:
    db: Path
    server: Server
    postgres_run: subprocess.CompletedProcess
    duckdb_run: subprocess.CompletedProcess


@pytest.fixture(scope="session")
def builds(postgres_server: Server, tmp_path_factory) -> Builds:
    """One generated world, run on PostgreSQL, then on DuckDB from the same DuckDB file."""
    work = tmp_path_factory.mktemp("postgres_target")
    db = work / "warehouse.duckdb"
    env = {**cli_env(work, db), **postgres_server.environment()}
    env.pop("REVOPS_TARGET", None)
    generated = revops("generate", "--out", str(work / "world"), "--accounts", "150", "--seed", "1", "--snapshots", "1",
                       env=env)  # fmt: skip
    assert generated.returncode == 0, generated.stderr
    on_postgres = revops("run", str(work / "world"), "--target", "postgres", env=env)
    on_duckdb = revops("run", str(work / "world"), env=env)
    return Builds(db, postgres_server, on_postgres, on_duckdb)


def _output(done: subprocess.CompletedProcess) -> str:
    return done.stdout[-5000:] + "\n" + done.stderr[-3000:]


def side_by_side(builds: Builds) -> tuple[duckdb.DuckDBPyConnection, list[str]]:
    """An in-memory DuckDB holding every mart twice: duckdb__<mart> from the DuckDB file, pg__<mart> read from
    PostgreSQL (its types carried over); and the marts' names (tables and views) of the DuckDB build."""
    con = duckdb.connect()
    con.execute(f"attach '{builds.db}' as built (read_only)")
    names = mart_names(con, "built")
    pg = builds.server.connect()
    try:
        with pg.cursor() as cursor:
            for name in names:
                con.execute(f'create table "duckdb__{name}" as select * from built.marts."{name}"')
                read_into_duckdb(cursor, "marts", name, con, f"pg__{name}")
    finally:
        pg.close()
    con.execute("detach built")
    return con, names


@pytest.fixture(scope="session")
def marts(builds: Builds) -> Iterator[tuple[duckdb.DuckDBPyConnection, list[str]]]:
    assert builds.postgres_run.returncode == 0, _output(builds.postgres_run)
    assert builds.duckdb_run.returncode == 0, _output(builds.duckdb_run)
    con, names = side_by_side(builds)
    yield con, names
    con.close()


pytestmark = pytest.mark.slow


def test_run_on_postgres_lands_publishes_resolves_and_builds(builds: Builds):
    out = builds.postgres_run.stdout
    assert builds.postgres_run.returncode == 0, _output(builds.postgres_run)
    for said in ("published to PostgreSQL: ", "identity resolved in the client: int_account_identities_resolved",
                 "identity resolved in the client: int_person_identities_resolved", "ERROR=0", "PASS"):  # fmt: skip
        assert said in out, f"{said!r} missing from the output:\n{out[-3000:]}"
    pg = builds.server.connect()
    try:
        with pg.cursor() as cursor:
            cursor.execute("select count(*), sum(rows_landed) from audit.ingest_batches where status = 'landed'")
            pg_batches = cursor.fetchone()
            cursor.execute("select count(*) from raw.salesforce__account")
            pg_accounts = cursor.fetchone()[0]
    finally:
        pg.close()
    with duckdb.connect(str(builds.db), read_only=True) as con:
        duck_batches = con.execute(
            "select count(*), sum(rows_landed) from audit.ingest_batches where status = 'landed'"
        ).fetchone()
        duck_accounts = con.execute("select count(*) from raw.salesforce__account").fetchone()[0]
    assert (tuple(pg_batches), pg_accounts) == (tuple(duck_batches), duck_accounts) and duck_accounts > 0


def test_every_mart_is_the_same_on_postgres_and_duckdb(marts):
    con, names = marts
    for expected in ("dim_accounts", "dim_people", "account_source_map", "person_source_map", "identity_refusals",
                     "fct_opportunities", "account_360", "rpt_pipeline_weekly"):  # fmt: skip
        assert expected in names
    assert all(fingerprint(con, f"duckdb__{name}")[0] > 0 for name in ("dim_accounts", "dim_people", "account_360"))
    assert differences(con, names, "duckdb", "pg") == {}


def test_the_comparison_notices_a_changed_row_and_a_changed_amount(marts):
    """The comparison is not blind: a name changed in one row, or an amount moved by more than a cent, is found;
    an amount moved by a tenth of a cent is not (money within rounding)."""
    con, _ = marts
    con.execute('create or replace table "changed__dim_accounts" as select * from "pg__dim_accounts"')
    assert differences(con, ["dim_accounts"], left="pg", right="changed") == {}
    con.execute(
        "update \"changed__dim_accounts\" set account_name = account_name || ' (changed)' "
        'where account_id = (select min(account_id) from "changed__dim_accounts")'
    )
    found = differences(con, ["dim_accounts"], left="pg", right="changed")
    assert list(found) == ["dim_accounts"] and "(changed)" in found["dim_accounts"]

    def amount_moved_by(by: float) -> dict:
        con.execute(
            'create or replace table "changed__fct_opportunities" as '
            'select * replace (cast(amount as double) as amount) from "pg__fct_opportunities"'
        )
        con.execute(
            f'update "changed__fct_opportunities" set amount = amount + {by} where opportunity_id = '
            '(select min(opportunity_id) from "changed__fct_opportunities" where amount > 100)'
        )
        return differences(con, ["fct_opportunities"], left="pg", right="changed")

    assert list(amount_moved_by(0.02)) == ["fct_opportunities"]
    assert amount_moved_by(0.001) == {}


def test_dbt_unit_tests_pass_on_postgres(builds: Builds, tmp_path: Path):
    """The models' unit tests (fixture rows, not data) on PostgreSQL: numeric scales, fixture columns, names."""
    assert builds.postgres_run.returncode == 0, _output(builds.postgres_run)
    env = {**os.environ, **builds.server.environment(), "REVOPS_TARGET": "postgres", "REVOPS_DB": str(builds.db)}
    command = [str(Path(sys.executable).with_name("dbt")), "test", "--select", "test_type:unit", "--no-use-colors",
               "--project-dir", str(REPO), "--profiles-dir", str(REPO / "profiles"),
               "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")]  # fmt: skip
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-6000:]
    assert "ERROR=0" in done.stdout and " PASS=" in done.stdout


def test_values_travel_to_postgres_and_back_unchanged(postgres_server: Server):
    """COPY in both directions keeps '' apart from NULL, quotes, commas and line breaks in text, time zones, exact
    decimals, and lists and structs (as jsonb)."""
    con = duckdb.connect()
    con.execute(
        """create table sent as select * from (values
            (1, 'plain', '', true, timestamptz '2026-11-01 09:30:00.25+09', 12.34::decimal(18, 2), date '2026-11-01',
             'a "quoted", two-line' || chr(10) || 'text', ['x', null, 'y"z'], {'rule': 'domain', 'guard': null}),
            (2, null, null, false, null, null, null, null, [], null)
        ) as rows (id, text_value, empty_text, flag, seen_at, money, day, tricky, list_value, struct_value)"""
    )
    pg = postgres_server.connect()
    try:
        with pg.cursor() as cursor:
            columns = duckdb_columns(con, "sent")
            ensure_table(cursor, "public", "round_trip", columns)
            assert copy_query(con, "select * from sent", cursor, "public", "round_trip", columns) == 2
            pg.commit()
            read_into_duckdb(cursor, "public", "round_trip", con, "received")
            cursor.execute("drop table public.round_trip")
            pg.commit()
    finally:
        pg.close()
    plain = "id, text_value, empty_text, flag, seen_at, money, day, tricky"
    sent = con.execute(f"select {plain} from sent order by id").fetchall()
    assert con.execute(f"select {plain} from received order by id").fetchall() == sent
    as_json = con.execute(
        "select cast(to_json(list_value) as varchar), cast(to_json(struct_value) as varchar) from sent order by id"
    ).fetchall()
    received = con.execute("select list_value, struct_value from received order by id").fetchall()
    assert [tuple(value.replace(" ", "") if value else value for value in row) for row in received] == as_json


def test_target_is_duckdb_or_postgres(monkeypatch):
    monkeypatch.delenv("REVOPS_TARGET", raising=False)
    assert settings.target() == "duckdb"
    monkeypatch.setenv("REVOPS_TARGET", "Postgres")
    assert settings.target() == "postgres"
    assert settings.target("duckdb") == "duckdb"
    with pytest.raises(RevopsError, match="'oracle' is not one revops builds on"):
        settings.target("oracle")


def test_a_postgres_build_refuses_a_selection_before_connecting(tmp_path: Path):
    listener = PostgresListener()
    with pytest.raises(RevopsError, match="cannot take --select"):
        build_on_postgres(tmp_path / "warehouse.duckdb", ["build", "--select", "dim_accounts"], listener)


def test_client_models_come_in_dependency_order(tmp_path: Path):
    """The person model reads the accounts: it is resolved after them, whatever the manifest's order."""

    def node(name: str, depends: list[str], materialized: str = "client_resolved") -> dict:
        return {"resource_type": "model", "name": name, "schema": "intermediate", "alias": name,
                "original_file_path": f"models/{name}.py", "config": {"materialized": materialized, "meta": {}},
                "depends_on": {"nodes": depends}}  # fmt: skip

    nodes = {
        "model.p.people": node("people", ["model.p.accounts", "model.p.records"]),
        "model.p.accounts": node("accounts", ["model.p.records"]),
        "model.p.records": node("records", [], "table"),
    }
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"nodes": nodes}), encoding="utf-8")
    models = client_models(manifest, tmp_path)
    assert [m.name for m in models] == ["accounts", "people"]
    assert models[1].inputs == {"accounts": ("intermediate", "accounts"), "records": ("intermediate", "records")}


def _database(server: Server, name: str, monkeypatch) -> None:
    """A fresh database `name` on `server`, and REVOPS_PG_* pointing at it."""
    import psycopg2

    admin = psycopg2.connect(host="127.0.0.1", port=server.port, user="postgres", dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"drop database if exists {name}")
        cursor.execute(f"create database {name}")
    admin.close()
    for variable, value in {**server.environment(), "REVOPS_PG_DBNAME": name}.items():
        monkeypatch.setenv(variable, value)


def _pg_rows(sql: str) -> list[tuple]:
    with postgres() as pg, pg.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_a_value_postgres_cannot_store_is_named_and_its_record_can_be_taken_out(
    postgres_server: Server, tmp_path: Path, monkeypatch
):
    """A NUL character lands in DuckDB but PostgreSQL refuses it: one line names the file, row and column and the
    command that goes on; once that record is quarantined the batch is published without it, and a record
    quarantined after its batch was published is taken out of PostgreSQL too, with a full refresh pending."""
    _database(postgres_server, "refused", monkeypatch)
    exports = tmp_path / "2026-11-01"
    exports.mkdir()
    (exports / "Account.csv").write_bytes(b"Id,Name,IsDeleted\n001A,Acme\x00Corp,0\n001B,Beta,0\n001C,Gamma,0\n")
    db = tmp_path / "warehouse.duckdb"
    (landed,) = land(db, [exports / "Account.csv"])
    with pytest.raises(RevopsError) as refused:
        publish_pending(db)
    assert "Account.csv, row 1, column name: PostgreSQL refused batch" in str(refused.value)
    assert f"revops quarantine --batch {landed.batch_id} --row 1 --column name" in refused.value.hint
    assert _pg_rows("select count(*) from audit.ingest_batches") == [(0,)]

    steps.quarantine(db, landed.batch_id, 1, "a NUL in the name", "name")
    published = publish_pending(db)
    assert [(b.batch_id, b.rows) for b in published.batches] == [(landed.batch_id, 2)]
    assert _pg_rows("select id from raw.salesforce__account order by id") == [("001B",), ("001C",)]

    steps.quarantine(db, landed.batch_id, 3, "not a customer of ours", None)
    assert publish_pending(db).taken_out == 1
    assert _pg_rows("select id from raw.salesforce__account") == [("001B",)]
    assert _pg_rows("select rows_landed, rows_quarantined from audit.ingest_batches") == [(1, 2)]
    assert _pg_rows("select raw_table, row_number from audit.pending_full_refresh") == [("raw.salesforce__account", 3)]
    assert publish_pending(db).taken_out == 0  # applied once


def test_a_second_landing_file_cannot_publish_into_the_same_database(
    postgres_server: Server, tmp_path: Path, monkeypatch
):
    """Batch ids belong to one DuckDB landing file: another file's batch 1 is refused, not skipped as published."""
    _database(postgres_server, "two_files", monkeypatch)
    for name, rows in (("first", b"001A,Acme,0\n"), ("second", b"001B,Beta,0\n")):
        folder = tmp_path / name / "2026-11-01"
        folder.mkdir(parents=True)
        (folder / "Account.csv").write_bytes(b"Id,Name,IsDeleted\n" + rows)
        land(tmp_path / f"{name}.duckdb", [folder / "Account.csv"])
    assert [b.rows for b in publish_pending(tmp_path / "first.duckdb").batches] == [1]
    with pytest.raises(RevopsError, match="holds batch 1 of another landing file"):
        publish_pending(tmp_path / "second.duckdb")
    assert _pg_rows("select id from raw.salesforce__account") == [("001A",)]


def test_a_kept_side_load_is_published_with_its_audit_rows(postgres_server: Server, tmp_path: Path, monkeypatch):
    """The real Zendesk users export side-loads `identities`, which no contract knows: its batch is kept in
    audit.unmapped_sideloads (no raw table) and is published like any other, its records with it."""
    _database(postgres_server, "sideloads", monkeypatch)
    users = REAL_EXPORTS / "zendesk_api" / "users.json"
    if not users.is_file():
        pytest.skip(f"{users} is not there (../shared beside the repository)")
    db = tmp_path / "warehouse.duckdb"
    results = land(db, [users])
    kept = [r for r in results if r.status == "kept"]
    assert kept, [(r.source_file, r.status) for r in results]
    published = publish_pending(db)
    assert {b.batch_id for b in published.batches} == {r.batch_id for r in results}
    assert _pg_rows("select count(*) from audit.unmapped_sideloads") == [(sum(r.rows_landed for r in kept),)]
    assert _pg_rows("select count(*), count(distinct batch_id) from audit.ingest_batches") == [
        (len(results), len(results))
    ]


def _check(builds: Builds, tmp_path: Path, *options: str) -> tuple[subprocess.CompletedProcess, dict]:
    """`revops check --json` on the world's warehouse (`--target postgres` among `options` for PostgreSQL)."""
    out = tmp_path / f"check-{len(list(tmp_path.glob('check-*.json')))}.json"
    env = {**cli_env(tmp_path, builds.db), **builds.server.environment()}
    env.pop("REVOPS_TARGET", None)
    done = revops("check", "--json", str(out), *options, env=env)
    assert out.is_file(), _output(done)
    return done, json.loads(out.read_text(encoding="utf-8"))


def outcomes(document: dict) -> dict[tuple[str, str], tuple[str, int | None, str]]:
    """(suite, expectation) -> (status, offending or unexpected count, observed value) of a check's JSON."""
    return {
        (r["suite"], r["expectation_id"]): (r["status"], r["unexpected_count"], r["observed_value"])
        for r in document["results"]
    }


def test_the_checks_run_inside_postgres_with_the_same_outcomes_as_on_duckdb(builds: Builds, tmp_path: Path):
    """Every suite (landing, dates, marts, identity, cross-system) runs on PostgreSQL, and each expectation ends as on
    DuckDB: same status, same count of offending rows, same observed value."""
    assert builds.postgres_run.returncode == 0, _output(builds.postgres_run)
    on_duckdb, duck = _check(builds, tmp_path)
    on_postgres, pg = _check(builds, tmp_path, "--target", "postgres")
    assert pg["database"].startswith("PostgreSQL 127.0.0.1:")
    ran = {suite for (suite, _), (status, _, _) in outcomes(pg).items() if status in ("passed", "failed")}
    assert {"marts_core", "marts_identity", "marts_revops", "cross_system", "plausible_dates"} <= ran
    assert {"landing_salesforce", "landing_hubspot", "landing_zendesk", "landing_gainsight"} <= ran
    assert not [r for r in pg["results"] if r["message"].startswith("could not evaluate")]
    mismatched = {k: (v, outcomes(pg).get(k)) for k, v in outcomes(duck).items() if outcomes(pg).get(k) != v}
    assert mismatched == {} and len(outcomes(pg)) == len(outcomes(duck)) > 200
    assert (on_postgres.returncode, pg["counts"]) == (on_duckdb.returncode, duck["counts"])
    with builds.server.connect() as pg_con, pg_con.cursor() as cursor:
        cursor.execute("select count(*) from audit.dq_results where run_id = %s", [pg["run_id"]])
        assert cursor.fetchone()[0] == len(pg["results"])


def test_a_broken_mart_row_on_postgres_fails_its_expectation(builds: Builds, tmp_path: Path):
    """A negative ARR and a duplicated refusal written into PostgreSQL's marts fail exactly those expectations there
    (the DuckDB build is untouched), and the gate exits 1; the rows are put back after."""
    assert builds.postgres_run.returncode == 0, _output(builds.postgres_run)
    _, before = _check(builds, tmp_path, "--target", "postgres")
    pg = builds.server.connect()
    try:
        with pg.cursor() as cursor:
            cursor.execute("select min(account_id) from marts.account_360 where arr > 0")
            (account,) = cursor.fetchone()
            cursor.execute("update marts.account_360 set arr = -arr, mrr = -mrr where account_id = %s", [account])
            cursor.execute("insert into marts.identity_refusals select * from marts.identity_refusals limit 1")
        pg.commit()
        done, broken = _check(builds, tmp_path, "--target", "postgres")
    finally:
        with pg.cursor() as cursor:
            cursor.execute("update marts.account_360 set arr = -arr, mrr = -mrr where account_id = %s", [account])
            cursor.execute(
                "delete from marts.identity_refusals where ctid = (select max(ctid) from marts.identity_refusals)"
            )
        pg.commit()
        pg.close()
    changed = {k: v for k, v in outcomes(broken).items() if outcomes(before)[k] != v}
    assert done.returncode == 1, _output(done)
    assert {k: v[:2] for k, v in changed.items()} == {
        ("marts_revops", "account_360.arr.not_negative"): ("failed", 1),
        ("marts_revops", "account_360.mrr.not_negative"): ("failed", 1),
        ("marts_identity", "identity_refusals.key_unique"): ("failed", 2),
    }
    _, after = _check(builds, tmp_path, "--target", "postgres")
    assert outcomes(after) == outcomes(before)


def test_a_vendor_not_landed_is_not_applicable_on_postgres_as_on_duckdb(
    postgres_server: Server, tmp_path: Path, monkeypatch
):
    """A team with Salesforce only: its landing suite runs inside PostgreSQL, the other vendors' are not applicable,
    each expectation as on DuckDB; the model suites are refused until a build."""
    from revops.quality import run_checks

    _database(postgres_server, "salesforce_only", monkeypatch)
    monkeypatch.setenv("REVOPS_REPORTS_DIR", str(tmp_path / "reports"))
    exports = tmp_path / "2026-11-01"
    exports.mkdir()
    (exports / "Account.csv").write_bytes(
        b"Id,Name,IsDeleted\n001A,Acme,0\n001A,Acme again,0\n001B,Caf\xc3\x83\xc2\xa9,0\n"
    )
    db = tmp_path / "warehouse.duckdb"
    land(db, [exports / "Account.csv"])
    publish_pending(db)
    found = {}
    for target in ("duckdb", "postgres"):
        out = tmp_path / f"{target}.json"
        code = run_checks(db, suite="landing_*", json_path=out, target=target)
        found[target] = (code, outcomes(json.loads(out.read_text(encoding="utf-8"))))
    assert found["postgres"] == found["duckdb"]
    code, results = found["postgres"]
    assert code == 1
    assert results[("landing_salesforce", "account.primary_key_unique_per_batch")][:2] == ("failed", 2)
    assert results[("landing_salesforce", "account.text_decoded")][:2] == ("failed", 1)
    assert {status for (suite, _), (status, _, _) in results.items() if suite == "landing_hubspot"} == {
        "not_applicable"
    }
    with pytest.raises(RevopsError, match="has not been built yet: run `revops build --target postgres`"):
        run_checks(db, suite="marts_core", target="postgres")


def test_explain_reads_postgres_and_shows_what_duckdb_shows(builds: Builds, tmp_path: Path):
    """`revops explain --target postgres` reads PostgreSQL's marts: the same records, rules and golden values as on
    DuckDB for the account with the most source records and for a person; an unknown value finds nothing on both."""
    assert builds.postgres_run.returncode == 0, _output(builds.postgres_run)
    with duckdb.connect(str(builds.db), read_only=True) as con:
        (account,) = con.execute(
            "select account_id from marts.account_source_map where account_id is not null "
            "group by account_id order by count(*) desc, account_id limit 1"
        ).fetchone()
        (email,) = con.execute(
            "select min(normalized_email) from marts.person_source_map where person_id is not null"
        ).fetchone()
    env = {**cli_env(tmp_path, builds.db), **builds.server.environment()}
    env.pop("REVOPS_TARGET", None)
    for kind, value in (("account", account), ("person", email), ("account", "no-such-account-anywhere")):
        on_duckdb = revops("explain", kind, value, env=env)
        on_postgres = revops("explain", kind, value, "--target", "postgres", env=env)
        assert on_postgres.stdout == on_duckdb.stdout, (on_postgres.stdout[-3000:], on_postgres.stderr[-2000:])
        assert on_postgres.returncode == on_duckdb.returncode == (1 if value.startswith("no-such") else 0)
        if on_postgres.returncode == 0:
            assert "source record(s)" in on_postgres.stdout
    assert "golden values" in revops("explain", "account", account, "--target", "postgres", env=env).stdout
    pg_env = {**env, "REVOPS_PG_DBNAME": "no_such_database"}
    refused = revops("explain", "account", account, "--target", "postgres", env=pg_env)
    assert refused.returncode != 0 and "cannot connect to PostgreSQL" in refused.stderr


TRICKY_VALUES = (
    "2026-11-01", "2026-13-45", "2026-2-30", "2024-02-29", "2026-11-01 24:00", "2026-11-01T09:05", "2026-11-01 9:5",
    "2026-11-01 23:59:60", "2026-11-1 1:00:00.1234567", "2026-11-01T09:00:00Z", "2026-11-01T25:00:00Z",
    "2026-11-01T09:00:00+0900", "2026-02-30T09:00:00Z", "2026-11-01T09:00:00.5+09:00", "5/7/24 10:26 PM",
    "1762000000", "1762000000000", "45962.5", "31/02/2026", "2026年11月1日", "not a date", "1.5", "-1", "+1", "1e5",
    ".5", "5.", "inf", "NaN", "Infinity", "1_000", "0x1A", "1e", "1.2.3", "１２", "a@b.co", "a b@c.co", "a\u3000b@c.co",
    "a@b", "@b.co", "Marketing Qualified Lead", "marketing_qualified-lead", "Sales\u3000Qualified", "Caf\u00c3\u00a9",
    "株式会社ABC", "ｶ)ｴｰﾋﾞｰｼｰ", "Mﾃｼller", "Mi窶冂ler", "\ufffd", "S\u00e3o Paulo",
)  # fmt: skip


def test_the_dialect_reads_every_tricky_value_as_duckdb_does(postgres_server: Server):
    """Each expression the gate spells per engine (dialect.py) decides every tricky value (impossible dates, clocks,
    zones, number spellings, spaces in addresses, full-width spaces, mis-decoded text) the same on both engines."""
    from revops.quality.dialect import DUCKDB, POSTGRES, Dialect
    from revops.quality.kinds import EMAIL_PATTERN, LABEL_NOISE, _parseable_timestamp
    from revops.quality.mojibake import MOJIBAKE_PATTERN

    def predicates(dialect: Dialect) -> list[str]:
        return [
            _parseable_timestamp("v", dialect),
            dialect.not_a_double("v"),
            dialect.full_match("trim(v)", EMAIL_PATTERN),
            f"lower(regexp_replace(v, {dialect.pattern(LABEL_NOISE)}, '', 'g'))",
            dialect.matches("v", dialect.pattern(MOJIBAKE_PATTERN)),
        ]

    duck = duckdb.connect()
    duck.execute("create table t (v varchar)")
    duck.executemany("insert into t values (?)", [[v] for v in TRICKY_VALUES])
    expected = duck.execute(f"select v, {', '.join(predicates(DUCKDB))} from t order by v").fetchall()
    pg = postgres_server.connect()
    try:
        with pg.cursor() as cursor:
            cursor.execute("create temporary table t (v text)")
            cursor.executemany("insert into t values (%s)", [[v] for v in TRICKY_VALUES])
            cursor.execute(f'select v, {", ".join(predicates(POSTGRES))} from t order by v collate "C"')
            found = cursor.fetchall()
    finally:
        pg.close()
    assert [row for row in found if row not in expected] == []
    assert len(found) == len(expected) == len(TRICKY_VALUES)


def test_export_reads_postgres_and_writes_what_duckdb_writes(builds: Builds, tmp_path: Path):
    """`revops export --target postgres`: a named list, marts and a --where filter give the same file as on DuckDB
    (rows compared in any order: a mart has none); a statement in --where is refused (a read-only predicate)."""
    assert builds.postgres_run.returncode == 0, _output(builds.postgres_run)
    env = {**cli_env(tmp_path, builds.db), **builds.server.environment()}
    env.pop("REVOPS_TARGET", None)
    cases = [("at-risk-renewals",), ("duplicates",), ("dim_accounts",), ("account_360", "--where", "arr > 0"),
             ("dim_people", "--lang", "ja")]  # fmt: skip
    for case in cases:
        written = {}
        for target in ("duckdb", "postgres"):
            out = tmp_path / f"{case[0]}-{target}.csv"
            done = revops("export", *case, "--out", str(out), "--target", target, env=env)
            assert done.returncode == 0, _output(done)
            written[target] = sorted(out.read_text(encoding="utf-8-sig").splitlines())
        assert written["postgres"] == written["duckdb"] and len(written["duckdb"]) > 1, case
    refused = revops("export", "account_360", "--where", "true; drop table marts.account_360", "--target", "postgres",
                     "--out", str(tmp_path / "x.csv"), env=env)  # fmt: skip
    assert refused.returncode != 0 and "the export of account_360 failed" in refused.stderr


def _page_body(html: str) -> str:
    """The report without when it was generated, which warehouse it read (the header keeps its as-of date) and when
    the gate ran (each engine's own `revops check`)."""
    html = re.sub(r"(<p>[^<·]*) · [^<]*</p></header>", r"\1</p></header>", html, count=1)
    return re.sub(r"(<div[^>]*>)\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}</div>", r"\1(run at)</div>", html, count=1)


def test_report_reads_postgres_and_shows_what_duckdb_shows(builds: Builds, tmp_path: Path):
    """`revops report --target postgres` reads PostgreSQL's marts and audit tables: every section, figure and chart
    as on DuckDB for the same world (the page's header names the warehouse it read); --lang ja as well."""
    assert builds.postgres_run.returncode == 0, _output(builds.postgres_run)
    env = {**cli_env(tmp_path, builds.db), **builds.server.environment()}
    env.pop("REVOPS_TARGET", None)
    for lang in ("en", "ja"):
        pages = {}
        for target in ("duckdb", "postgres"):
            out = tmp_path / f"report-{lang}-{target}.html"
            done = revops("report", "--out", str(out), "--lang", lang, "--target", target, env=env)
            assert done.returncode == 0, _output(done)
            pages[target] = out.read_text(encoding="utf-8")
        assert "PostgreSQL 127.0.0.1" in pages["postgres"] and str(builds.db) in pages["duckdb"]
        assert _page_body(pages["postgres"]) == _page_body(pages["duckdb"])
        assert _page_body(pages["duckdb"]) != pages["duckdb"] and 'data-has-data="false"' not in pages["postgres"]


def test_evaluate_scores_postgres_maps_as_duckdb_maps(builds: Builds, tmp_path: Path):
    """`revops evaluate --target postgres` scores PostgreSQL's identity maps against the world's truth: the same
    table as on DuckDB (both built from the same landed files)."""
    assert builds.postgres_run.returncode == 0, _output(builds.postgres_run)
    env = {**cli_env(tmp_path, builds.db), **builds.server.environment()}
    env.pop("REVOPS_TARGET", None)
    truth = str(builds.db.parent / "world")
    on_duckdb = revops("evaluate", "--truth", truth, env=env)
    on_postgres = revops("evaluate", "--truth", truth, "--target", "postgres", env=env)
    assert on_duckdb.returncode == on_postgres.returncode == 0, _output(on_postgres)
    assert on_postgres.stdout == on_duckdb.stdout and "accounts" in on_postgres.stdout
