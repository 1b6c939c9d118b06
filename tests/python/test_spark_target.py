"""`revops run --target spark` on a local Spark session, compared mart by mart with DuckDB's build.

Skips only when Java is absent (pyspark starts a JVM). One small generated world is landed once: `revops run
--target spark` lands it in the DuckDB file, publishes it as Parquet files and builds on Spark (dbt-spark, `method:
session`, identity resolved in the client); `revops run` on the same file then builds it on DuckDB (the files are
landed already, so both builds read the very same rows). The Spark marts are read back through a Spark session of
their own (after the builds: one process at a time holds the embedded metastore). Every mart must have the same
columns, the same number of rows and the same content hash on both, money within a cent (mart_comparison.py).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from revops.errors import RevopsError
from revops.pipeline.postgres_build import PostgresListener
from revops.pipeline.spark_build import build_on_spark, publish_pending
from revops.pipeline.spark_landing import batch_file, table_dir
from tests.conftest import cli_env, land, revops
from tests.python.mart_comparison import differences, fingerprint, mart_names

ACCOUNTS = 40  # small: every model and test still runs, and the Spark build stays within a few minutes
pytestmark = pytest.mark.slow


def _java() -> str | None:
    return shutil.which("java")


@dataclass(frozen=True)
class Builds:
    db: Path
    spark_dir: Path
    spark_run: subprocess.CompletedProcess
    duckdb_run: subprocess.CompletedProcess
    spark_seconds: float


@pytest.fixture(scope="session")
def builds(tmp_path_factory) -> Builds:
    """One generated world, run on Spark, then on DuckDB from the same DuckDB file."""
    if not _java():
        pytest.skip("Java is not installed: pyspark needs a JVM (Java 17) for --target spark")
    work = tmp_path_factory.mktemp("spark_target")
    db = work / "warehouse.duckdb"
    env = {**cli_env(work, db), "REVOPS_SPARK_DIR": str(work / "spark")}
    env.pop("REVOPS_TARGET", None)
    generated = revops("generate", "--out", str(work / "world"), "--accounts", str(ACCOUNTS), "--seed", "1",
                       "--snapshots", "1", env=env)  # fmt: skip
    assert generated.returncode == 0, generated.stderr
    started = time.monotonic()  # people in batches of whole match components, resolved by applyInArrow on Spark
    on_spark = revops("run", str(work / "world"), "--target", "spark", env={**env, "REVOPS_IDENTITY_BATCH_ROWS": "60"})
    seconds = time.monotonic() - started
    on_duckdb = revops("run", str(work / "world"), env=env)
    return Builds(db, work / "spark", on_spark, on_duckdb, seconds)


def _output(done: subprocess.CompletedProcess) -> str:
    return done.stdout[-5000:] + "\n" + done.stderr[-3000:]


def _spark_session(spark_dir: Path):
    """A local Spark session on the build's metastore and warehouse folder (profiles.yml's settings that matter for
    reading: the folders, UTC)."""
    from pyspark.sql import SparkSession

    metastore = f"jdbc:derby:;databaseName={spark_dir / 'metastore_db'};create=true"
    return (
        SparkSession.builder.master("local[1]")
        .appName("revops-test-read")
        .config("spark.ui.enabled", "false")
        .config("spark.log.level", "ERROR")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", str(spark_dir / "tables"))
        .config("spark.hadoop.javax.jdo.option.ConnectionURL", metastore)
        .enableHiveSupport()
        .getOrCreate()
    )


def _without_zone(table: pa.Table) -> pa.Table:
    """Spark's timestamps come as UTC instants; the marts' timestamps are UTC without a zone on DuckDB."""
    fields = [
        pa.field(f.name, pa.timestamp(f.type.unit)) if pa.types.is_timestamp(f.type) and f.type.tz else f
        for f in table.schema
    ]
    return table.cast(pa.schema(fields))


def side_by_side(builds: Builds) -> tuple[duckdb.DuckDBPyConnection, list[str]]:
    """An in-memory DuckDB holding every mart twice: duckdb__<mart> from the DuckDB file, spark__<mart> read through
    Spark; and the marts' names (tables and views) of the DuckDB build."""
    con = duckdb.connect()
    con.execute("set timezone = 'UTC'")
    con.execute(f"attach '{builds.db}' as built (read_only)")
    names = mart_names(con, "built")
    spark = _spark_session(builds.spark_dir)
    try:
        for name in names:
            con.execute(f'create table "duckdb__{name}" as select * from built.marts."{name}"')
            con.register("read_back", _without_zone(spark.table(f"marts.{name}").toArrow()))
            con.execute(f'create table "spark__{name}" as select * from read_back')
            con.unregister("read_back")
    finally:
        spark.stop()
    con.execute("detach built")
    return con, names


@pytest.fixture(scope="session")
def marts(builds: Builds) -> Iterator[tuple[duckdb.DuckDBPyConnection, list[str]]]:
    assert builds.spark_run.returncode == 0, _output(builds.spark_run)
    assert builds.duckdb_run.returncode == 0, _output(builds.duckdb_run)
    con, names = side_by_side(builds)
    yield con, names
    con.close()


def test_run_on_spark_lands_publishes_resolves_and_builds(builds: Builds):
    out = builds.spark_run.stdout
    assert builds.spark_run.returncode == 0, _output(builds.spark_run)
    for said in ("published to Spark: ", "identity resolved in the client: int_account_identities_resolved",
                 "identity resolved in the client: int_person_identities_resolved", "ERROR=0", "PASS"):  # fmt: skip
        assert said in out, f"{said!r} missing from the output:\n{out[-3000:]}"
    print(f"revops run --target spark on {ACCOUNTS} accounts: {builds.spark_seconds:.0f} s")
    with duckdb.connect(str(builds.db), read_only=True) as con:
        landed = con.execute("select batch_id from audit.ingest_batches order by 1").fetchall()
    published = sorted((builds.spark_dir / "landing" / "audit" / "ingest_batches").glob("batch-*.parquet"))
    assert len(published) == len(landed) > 0


def test_every_mart_is_the_same_on_spark_and_duckdb(marts):
    con, names = marts
    for expected in ("dim_accounts", "dim_people", "account_source_map", "person_source_map", "identity_refusals",
                     "fct_opportunities", "account_360", "rpt_pipeline_weekly"):  # fmt: skip
        assert expected in names
    assert all(fingerprint(con, f"duckdb__{name}")[0] > 0 for name in ("dim_accounts", "dim_people", "account_360"))
    assert differences(con, names, "duckdb", "spark") == {}


def test_the_comparison_notices_a_changed_row_and_a_changed_amount(marts):
    """The comparison is not blind: a name changed in one Spark row, or an amount moved by more than a cent, is
    found; an amount moved by a tenth of a cent is not (money within rounding)."""
    con, _ = marts
    con.execute('create or replace table "changed__dim_accounts" as select * from "spark__dim_accounts"')
    assert differences(con, ["dim_accounts"], "spark", "changed") == {}
    con.execute(
        "update \"changed__dim_accounts\" set account_name = account_name || ' (changed)' "
        'where account_id = (select min(account_id) from "changed__dim_accounts")'
    )
    found = differences(con, ["dim_accounts"], "spark", "changed")
    assert list(found) == ["dim_accounts"] and "(changed)" in found["dim_accounts"]

    def amount_moved_by(by: float) -> dict:
        con.execute(
            'create or replace table "changed__fct_opportunities" as '
            'select * replace (cast(amount as double) as amount) from "spark__fct_opportunities"'
        )
        con.execute(
            f'update "changed__fct_opportunities" set amount = amount + {by} where opportunity_id = '
            '(select min(opportunity_id) from "changed__fct_opportunities" where amount > 100)'
        )
        return differences(con, ["fct_opportunities"], "spark", "changed")

    assert list(amount_moved_by(0.02)) == ["fct_opportunities"]
    assert amount_moved_by(0.001) == {}


def test_a_spark_build_refuses_a_selection_before_publishing(tmp_path: Path):
    with pytest.raises(RevopsError, match="cannot take --select"):
        build_on_spark(tmp_path / "warehouse.duckdb", ["build", "--select", "dim_accounts"], PostgresListener())


def test_a_batch_is_published_once_its_audit_row_last_and_again_after_a_quarantine(tmp_path: Path, monkeypatch):
    """Publishing writes each batch's raw file, then its audit row; a second publish writes nothing; a record
    quarantined after publishing makes the batch written again without it (no Spark session needed)."""
    from revops.pipeline import steps

    monkeypatch.setenv("REVOPS_SPARK_DIR", str(tmp_path / "spark"))
    exports = tmp_path / "2026-11-01"
    exports.mkdir()
    (exports / "Account.csv").write_bytes(b"Id,Name,IsDeleted\n001A,Acme,0\n001B,Beta,0\n001C,Gamma,0\n")
    db = tmp_path / "warehouse.duckdb"
    (landed,) = land(db, [exports / "Account.csv"])
    raw = batch_file("raw", "salesforce__account", landed.batch_id)
    audit = batch_file("audit", "ingest_batches", landed.batch_id)
    assert [(b.batch_id, b.rows) for b in publish_pending(db).batches] == [(landed.batch_id, 3)]
    assert raw.stat().st_mtime_ns <= audit.stat().st_mtime_ns
    assert (table_dir("raw", "hubspot__contacts") / "columns.parquet").is_file()  # a table with no batch yet
    assert publish_pending(db).batches == []

    steps.quarantine(db, landed.batch_id, 2, "not a customer of ours", None)
    assert [b.rows for b in publish_pending(db).batches] == [2]
    ids = duckdb.sql(f"select id from read_parquet('{raw}') order by 1").fetchall()
    assert ids == [("001A",), ("001C",)]
    counts = duckdb.sql(f"select rows_landed, rows_quarantined from read_parquet('{audit}')").fetchall()
    assert counts == [(2, 1)]


def test_the_spark_folder_and_master_come_from_the_environment(tmp_path: Path, monkeypatch):
    from revops import settings

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REVOPS_SPARK_DIR", "spark-here")
    assert settings.spark_dir() == tmp_path / "spark-here"
    monkeypatch.delenv("REVOPS_SPARK_DIR")
    assert settings.spark_dir() == settings.project_dir() / "warehouse" / "spark"
    assert settings.target("Spark") == "spark"
    monkeypatch.setenv("REVOPS_SPARK_MASTER", "local[*]")
    assert settings.spark_master() == "local[*]"
    monkeypatch.setenv("REVOPS_SPARK_MASTER", "two cores please")
    with pytest.raises(RevopsError, match="REVOPS_SPARK_MASTER='two cores please' is not a Spark master URL"):
        settings.spark_master()


def _noisy_records() -> pa.Table:
    from tests.python.test_identity import people_frame
    from tests.python.test_identity_batches import noisy_people

    records = pa.Table.from_pandas(people_frame(noisy_people(400, seed=11)), preserve_index=False)
    fingerprints = pa.array([2**64 - 1 - i for i in range(records.num_rows)], pa.uint64())  # no such type on Spark
    return records.append_column("_input_hash", fingerprints)


def test_batches_of_match_components_resolved_on_spark_are_one_resolution(monkeypatch, tmp_path: Path):
    """Person records in batches of whole match components, each batch a group of `applyInArrow` on a local Spark
    session (SparkBatches): the same rows as one resolution of everything in this process, and Spark resolved every
    batch but the first."""
    if not _java():
        pytest.skip("Java is not installed: pyspark needs a JVM (Java 17)")
    from revops.identity.batches import batches_run_by
    from revops.identity.people import people_resolver
    from revops.pipeline import spark_identity
    from tests.python.test_identity import GENERIC
    from tests.python.test_identity_batches import by_key

    monkeypatch.setenv("REVOPS_SPARK_DIR", str(tmp_path))  # where Spark writes the resolved batches
    records, groups = _noisy_records(), []
    whole = people_resolver(GENERIC, batch_rows=None)(records)
    on_spark = spark_identity.resolved_on_spark

    def counted(spark, resolve, batches):
        groups.append(len(batches))
        return on_spark(spark, resolve, batches)

    monkeypatch.setattr(spark_identity, "resolved_on_spark", counted)
    spark = spark_identity.LazySpark()
    try:
        with batches_run_by(lambda resolver: spark_identity.SparkBatches(resolver, spark)):
            batched = people_resolver(GENERIC, batch_rows=40)(records)
    finally:
        spark.stop()
    assert groups and groups[0] > 3
    assert batched.schema == whole.schema and batched.num_rows == whole.num_rows == 400
    assert by_key(batched) == by_key(whole)
    assert batched.to_pylist() == whole.to_pylist()  # in record-key order, as one resolution gives them
    assert list((tmp_path / "client").iterdir()) == []  # Spark's files of the batches are gone
