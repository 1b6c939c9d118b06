"""Person identity resolution at once, and in batches of match components by one or two worker processes.

On a copy of a built warehouse (default: the one `python -m benchmarks.pipeline --sizes 100000` leaves, published
copy), each setting rebuilds `int_person_identities_resolved` alone with `dbt run --full-refresh`: dbt's own time
for the model (run_results.json), the wall time of the command (dbt start-up included) and the peak resident
memory of its process tree (dbt, DuckDB and the workers). Each setting's rows are compared with the first's.
Run: python -m benchmarks.identity_batches [--warehouse PATH] [--settings 0:1 400000:2 ...]
(batch rows:workers; batch rows 0 = all records at once).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

import duckdb

from benchmarks.common import WORK, machine, run_measured, write_results

REPO = Path(__file__).resolve().parents[1]
MODEL = "int_person_identities_resolved"
DEFAULT_WAREHOUSE = WORK / "pipeline_100000.published.duckdb"


def rebuild(db: Path, batch_rows: int, workers: int) -> dict:
    """One `dbt run` of the person model, full refresh, with these settings."""
    target = WORK / "identity_batches_target"
    env = {**os.environ, "REVOPS_DB": str(db), "REVOPS_IDENTITY_WORKERS": str(workers),
           "REVOPS_IDENTITY_BATCH_ROWS": str(batch_rows or 10**12),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}  # fmt: skip
    dbt = str(Path(sys.executable).with_name("dbt"))
    command = [dbt, "run", "--select", MODEL, "--full-refresh", "--project-dir", str(REPO),
               "--profiles-dir", str(REPO / "profiles"), "--target-path", str(target)]  # fmt: skip
    run = run_measured(command, env=env)
    results = json.loads((target / "run_results.json").read_text())["results"]
    model = next(result for result in results if result["unique_id"].endswith(f".{MODEL}"))
    return {"model_seconds": model["execution_time"], "wall_seconds": run["seconds"],
            "peak_rss_mb": run["peak_rss_mb"]}  # fmt: skip


def snapshot(db: Path, into: str) -> int:
    """Copy the model's rows (without the change stamp) into table `into` of a scratch file; their count."""
    con = duckdb.connect(str(WORK / "identity_batches_rows.duckdb"))
    try:
        con.execute(f"attach '{db}' as built (read_only)")
        columns = [
            c for (c, *_) in con.execute(f"describe built.intermediate.{MODEL}").fetchall() if c != "_changed_at"
        ]
        con.execute(f"create or replace table {into} as select {', '.join(columns)} from built.intermediate.{MODEL}")
        return con.execute(f"select count(*) from {into}").fetchone()[0]
    finally:
        con.close()


def differences(first: str, other: str) -> int:
    con = duckdb.connect(str(WORK / "identity_batches_rows.duckdb"))
    try:
        return con.execute(
            f"select (select count(*) from (from {first} except all from {other})) "
            f"+ (select count(*) from (from {other} except all from {first}))"
        ).fetchone()[0]
    finally:
        con.close()


def markdown(rows: list[dict], records: int, host: dict) -> str:
    lines = [
        "# Person identity resolution: at once, or in batches of match components by worker processes",
        "",
        f"{host['date']}, {host['platform']}, {host['cpus']} CPUs. `dbt run --select {MODEL} --full-refresh` on a "
        f"copy of a built warehouse ({records:,} person records); peak RSS is the whole process tree.",
        "",
        "| batch rows | workers | model (s) | wall (s) | peak RSS (MB) | rows differing from the first |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        batch = f"{row['batch_rows']:,}" if row["batch_rows"] else "all at once"
        lines.append(f"| {batch} | {row['workers']} | {row['model_seconds']:.1f} | {row['wall_seconds']:.1f} | "
                     f"{row['peak_rss_mb']:,.0f} | {row['differences']} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE)
    parser.add_argument("--settings", nargs="+", default=["0:1", "400000:1", "400000:2", "250000:2", "200000:1"])
    args = parser.parse_args()
    db = WORK / "identity_batches.duckdb"
    shutil.copyfile(args.warehouse, db)
    rows: list[dict] = []
    for number, setting in enumerate(args.settings):
        batch_rows, workers = (int(part) for part in setting.split(":"))
        measured = rebuild(db, batch_rows, workers)
        records = snapshot(db, f"rows_{number}")
        measured |= {
            "batch_rows": batch_rows,
            "workers": workers,
            "differences": differences("rows_0", f"rows_{number}"),
        }
        rows.append(measured)
        print(json.dumps(measured))
    db.unlink(missing_ok=True)
    (WORK / "identity_batches_rows.duckdb").unlink(missing_ok=True)
    host = machine()
    write_results(
        "identity_batches", {"machine": host, "records": records, "runs": rows}, markdown(rows, records, host)
    )


if __name__ == "__main__":
    main()
