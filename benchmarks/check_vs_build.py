"""The data-quality gate against the build it guards: `dbt build` and `revops check` of the same world, in the same run.

One world (generated, cached under benchmarks/work/), landed in a fresh warehouse; then the whole `dbt build`
(models and dbt's own tests, as `revops build` runs it) and `revops check` (every suite, JUnit-free, Data Docs
included) on that warehouse, each in its own process, timed wall to wall with peak RSS. The claim: the
gate costs at most a quarter of the build.
Run: python -m benchmarks.check_vs_build [--accounts 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from benchmarks.common import WORK, machine, run_measured, world, write_results

REPO = Path(__file__).resolve().parents[1]
TARGET_RATIO = 0.25
# `revops check` in a child that reports exit 1 (an error-level expectation failed) as a verdict, not a crash:
# the time counts all the same, and the verdict is in the JSON summary.
_CHECK = """
import os, sys
sys.stdout = open(os.devnull, "w")  # the table and warnings could fill run_measured's pipe; the JSON has it all
from revops.cli import main
try:
    main(["check", *sys.argv[1:]])
except SystemExit as done:
    sys.exit(0 if done.code in (0, 1, None) else done.code)
"""


def measure(size: int) -> dict:
    folder = world(size)
    db = WORK / f"check_vs_build_{size}.duckdb"
    db.unlink(missing_ok=True)
    # exit 1: the generated world's noise holds rows the landing quarantines (a verdict, not a failure)
    ingest = run_measured([sys.executable, "-m", "revops", "ingest", str(folder), "--db", str(db)], allowed=(0, 1))
    env = {**os.environ, "REVOPS_DB": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    dbt = str(Path(sys.executable).with_name("dbt"))
    target = WORK / f"check_vs_build_target_{size}"
    build = run_measured(
        # --quiet: run_measured reads the child's output only when it exits, and dbt build's log of a few hundred
        # nodes fills the pipe and blocks dbt; errors are still printed
        [dbt, "build", "--quiet", "--project-dir", str(REPO), "--profiles-dir", str(REPO / "profiles"),
         "--target-path", str(target), "--log-path", str(target / "logs")],
        env=env, cwd=REPO,
    )  # fmt: skip
    summary = WORK / f"check_vs_build_{size}.json"
    reports = WORK / f"check_vs_build_reports_{size}"
    check_env = {**env, "REVOPS_REPORTS_DIR": str(reports), "GX_ANALYTICS_ENABLED": "false"}
    check = run_measured([sys.executable, "-c", _CHECK, "--db", str(db), "--json", str(summary)], env=check_env)
    document = json.loads(summary.read_text(encoding="utf-8"))
    db.unlink(missing_ok=True)
    return {
        "accounts_generated": size,
        "ingest_seconds": ingest["seconds"],
        "build_seconds": build["seconds"],
        "build_peak_rss_mb": build["peak_rss_mb"],
        "check_seconds": check["seconds"],
        "check_in_process_seconds": document["seconds"],
        "check_peak_rss_mb": check["peak_rss_mb"],
        "check_verdict": document["verdict"],
        "check_counts": document["counts"],
        "expectations": len(document["results"]),
        "ratio": check["seconds"] / build["seconds"],
    }


def _row(row: dict) -> str:
    counts = row["check_counts"]
    figures = " / ".join(str(counts[k]) for k in ("passed", "errors", "warnings", "missing", "not_applicable"))
    return (
        f"| {row['accounts_generated']:,} | {row['build_seconds']:.1f} | {row['check_seconds']:.1f} | "
        f"{row['check_in_process_seconds']:.1f} | {row['ratio']:.2f} | {row['expectations']} | {figures} | "
        f"{row['build_peak_rss_mb']:,.0f} | {row['check_peak_rss_mb']:,.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, nargs="+", default=[100_000])
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    rows = [measure(size) for size in args.accounts]
    verdict = "meets" if all(row["ratio"] <= TARGET_RATIO for row in rows) else "MISSES"
    lines = [
        "# Data-quality check vs build",
        "",
        f"{machine()['date']}, {machine()['cpus']} CPUs. One world, landed once; `dbt build` (models and dbt tests)",
        "then `revops check` (all suites, Data Docs included) on the same warehouse, each in a fresh process.",
        "",
        "| accounts | dbt build (s) | revops check (s) | of which in process (s) | check / build | "
        "expectations | passed / errors / warnings / missing / not applicable | build peak RSS (MB) | "
        "check peak RSS (MB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | :---: | ---: | ---: |",
        *(_row(row) for row in rows),
        "",
        f"Command: `python -m benchmarks.check_vs_build --accounts {' '.join(str(a) for a in args.accounts)}`.",
        f"Target: the check costs at most {TARGET_RATIO:.0%} of the build; this run {verdict} it.",
    ]
    payload = {"machine": machine(), "target_ratio": TARGET_RATIO, "rows": rows}
    write_results("check_vs_build", payload, "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
