"""The scaling curve on one machine: `revops generate` and `revops run` at 1,000 to 1,000,000 accounts.

For each size: write the world (one weekly export, seed 1), then land, build and check it into a fresh DuckDB
warehouse with `revops run`, each timed with the peak memory of its whole process tree. The warehouse's audit
tables split the run into landing, build and the rest (checks, publish, report).

    python -m benchmarks.scale --sizes 1000 10000 100000
    python -m benchmarks.scale --sizes 1000000 --memory-limit 4GB

Results go to benchmarks/results/scale.{json,md}; sizes measured earlier are kept unless measured again.
A world already written is reused with the figures of the run that wrote it (`_generate.json` beside it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

import duckdb

from benchmarks.common import RESULTS, WORK, machine, run_measured, write_results

LIMIT_SECONDS = 30 * 60  # issue 26 at 1,000,000 accounts: end to end under 30 minutes, peak under 12 GiB
LIMIT_PEAK_MB = 12 * 1024
EXPORT_DATE = "2026-11-01"


def _generate(size: int) -> tuple[Path, dict]:
    """The world of `size` accounts and the measurement of writing it (reused when already written)."""
    folder = WORK / f"scale_world_{size}"
    stamp = folder / "_generate.json"
    if stamp.exists():
        return folder, json.loads(stamp.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    command = [sys.executable, "-m", "revops", "generate", "--out", str(folder), "--accounts", str(size), "--seed", "1"]
    measured = run_measured(command)
    figures = {"seconds": measured["seconds"], "peak_rss_mb": measured["peak_rss_mb"]}
    figures["bytes"] = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    stamp.write_text(json.dumps(figures))
    return folder, figures


def _warehouse_figures(db: Path) -> dict:
    """Rows landed, entities built and where the run's time went, from the warehouse's own audit tables."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows, files, ingest_seconds = con.execute(
            "select sum(rows_landed), count(*), date_diff('millisecond', min(started_at), max(finished_at)) / 1000"
            " from audit.ingest_batches where status = 'landed'"
        ).fetchone()
        (build_seconds,) = con.execute(
            "select date_diff('millisecond', min(started_at), max(finished_at)) / 1000 from audit.builds"
        ).fetchone()
        accounts = con.execute("select count(*) from marts.dim_accounts").fetchone()[0]
        people = con.execute("select count(*) from marts.dim_people").fetchone()[0]
    finally:
        con.close()
    return {
        "rows_landed": int(rows),
        "files_landed": int(files),
        "ingest_seconds": float(ingest_seconds),
        "build_seconds": float(build_seconds),
        "accounts_built": int(accounts),
        "people_built": int(people),
    }


def measure(size: int, memory_limit: str | None, keep: bool) -> dict:
    folder, generated = _generate(size)
    db = WORK / f"scale_{size}.duckdb"
    for stale in WORK.glob(f"scale_{size}.*duckdb*"):
        stale.unlink()
    env = {**os.environ, "REVOPS_REPORTS_DIR": str(WORK / f"scale_reports_{size}")}
    if memory_limit:
        env["REVOPS_MEMORY_LIMIT"] = memory_limit
    command = [sys.executable, "-m", "revops", "run", str(folder / EXPORT_DATE), "--db", str(db)]
    run = run_measured(command, env=env, allowed=(0, 1))  # 1: the gate failed, the figures still stand
    (WORK / f"scale_{size}.log").write_text(run["output"])  # what the run said, kept beside the world
    figures = _warehouse_figures(db.with_suffix(".published.duckdb"))
    if not keep:
        for built in WORK.glob(f"scale_{size}.*duckdb*"):
            built.unlink()
    truth = json.loads((folder / "_truth" / "noise.json").read_text(encoding="utf-8"))
    return {
        "accounts": size,
        "memory_limit": memory_limit or "1GB (default)",
        "source_records": sum(truth["files"].values()),
        "export_bytes": generated["bytes"],
        "generate_seconds": generated["seconds"],
        "generate_peak_mb": generated["peak_rss_mb"],
        "run_seconds": run["seconds"],
        "run_peak_mb": run["peak_rss_mb"],
        "run_exit_code": run["exit_code"],
        "run_last_lines": run["output"].splitlines()[-5:] if run["exit_code"] else [],
        **figures,
    }


def _markdown(top: dict) -> str:
    lines = [
        "# Scaling on one machine: `revops generate` and `revops run` from 1,000 to 1,000,000 accounts",
        "",
        f"{top['machine']['date']}, {top['machine']['platform']}, {top['machine']['cpus']} CPUs. One weekly export"
        " (seed 1); `revops run` lands, builds and checks it into a fresh DuckDB warehouse. Peak memory is the whole"
        " process tree; landing and build times come from the warehouse's audit tables, *other* is the rest of the"
        " run (checks, publishing for BI, the report). `python -m benchmarks.scale`.",
        "",
        "| accounts | people built | rows landed | generate (s) | generate peak (MB) | run (s) | ingest (s) |"
        " build (s) | other (s) | run peak (MB) | DuckDB memory limit | exit |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for row in sorted(top["sizes"].values(), key=lambda r: r["accounts"]):
        other = row["run_seconds"] - row["ingest_seconds"] - row["build_seconds"]
        lines.append(
            f"| {row['accounts']:,} | {row['people_built']:,} | {row['rows_landed']:,} |"
            f" {row['generate_seconds']:.0f} | {row['generate_peak_mb']:,.0f} | {row['run_seconds']:.0f} |"
            f" {row['ingest_seconds']:.0f} | {row['build_seconds']:.0f} | {other:.0f} | {row['run_peak_mb']:,.0f} |"
            f" {row['memory_limit']} | {row['run_exit_code']} |"
        )
    million = top["sizes"].get("1000000")
    if million:
        total = million["generate_seconds"] + million["run_seconds"]
        within = million["run_seconds"] <= LIMIT_SECONDS and million["run_peak_mb"] <= LIMIT_PEAK_MB
        lines += [
            "",
            f"1,000,000 accounts: `revops run` {million['run_seconds'] / 60:.1f} min at a peak of"
            f" {million['run_peak_mb'] / 1024:.1f} GiB, `revops generate` {million['generate_seconds'] / 60:.1f} min"
            f" at {million['generate_peak_mb'] / 1024:.1f} GiB ({total / 60:.1f} min together). Limit: 30 min and"
            f" 12 GiB each: the run is {'within' if within else '**not within**'} it.",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--memory-limit", help="REVOPS_MEMORY_LIMIT for the build (default: the project's)")
    parser.add_argument("--keep", action="store_true", help="keep the built warehouses under benchmarks/work/")
    args = parser.parse_args()
    previous = RESULTS / "scale.json"
    top = json.loads(previous.read_text()) if previous.exists() else {"sizes": {}}
    top["machine"] = machine()
    for size in args.sizes:
        top["sizes"][str(size)] = measure(size, args.memory_limit, args.keep)
        write_results("scale", top, _markdown(top))
        print(json.dumps(top["sizes"][str(size)]), flush=True)


if __name__ == "__main__":
    main()
