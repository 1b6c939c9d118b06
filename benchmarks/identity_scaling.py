"""Identity resolution as the world grows 10×: time and memory at 1,000 / 10,000 / 100,000 accounts.

For each size: generate a world (cached under benchmarks/work/), land it, then one dbt build of everything
up to the identity maps; the identity models' own times come from dbt's run_results.json. The claim is
the scaling: 10× more records should cost at most ~12× the time (blocking, no all-pairs comparison).
Run: python -m benchmarks.identity_scaling [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import duckdb

from benchmarks.common import WORK, machine, run_measured, world, write_results

REPO = Path(__file__).resolve().parents[1]
IDENTITY_MODELS = ("int_account_identities_resolved", "int_person_identities_resolved")


def measure(size: int) -> dict:
    folder = world(size)
    db = WORK / f"identity_{size}.duckdb"
    db.unlink(missing_ok=True)
    # exit 1: the generated world's noise holds rows the landing quarantines (a verdict, not a failure)
    ingest = run_measured([sys.executable, "-m", "revops", "ingest", str(folder), "--db", str(db)], allowed=(0, 1))
    target = WORK / f"target_{size}"
    env = {**os.environ, "REVOPS_DB": str(db)}
    dbt = str(Path(sys.executable).with_name("dbt"))
    build = run_measured(
        [dbt, "build", "--select", "+account_source_map", "+person_source_map", "--exclude", "test_type:data",
         "--project-dir", str(REPO), "--profiles-dir", str(REPO / "profiles"), "--target-path", str(target)],
        env=env,
    )  # fmt: skip
    timings = {
        result["unique_id"].split(".")[-1]: result["execution_time"]
        for result in json.loads((target / "run_results.json").read_text())["results"]
    }
    con = duckdb.connect(str(db), read_only=True)
    try:
        accounts = con.execute("select count(*) from marts.account_source_map").fetchone()[0]
        people = con.execute("select count(*) from marts.person_source_map").fetchone()[0]
    finally:
        con.close()
    db.unlink(missing_ok=True)
    return {
        "accounts_generated": size,
        "account_records": accounts,
        "person_records": people,
        "ingest_seconds": ingest["seconds"],
        "build_seconds": build["seconds"],
        "build_peak_rss_mb": build["peak_rss_mb"],
        "identity_seconds": {model: timings.get(model) for model in IDENTITY_MODELS},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    rows = [measure(size) for size in args.sizes]
    lines = [
        "# Identity resolution scaling",
        "",
        f"{machine()['date']}, {machine()['cpus']} CPUs. One dbt build up to the identity maps per size.",
        "",
        "| accounts | account records | person records | account model (s) | person model (s) | "
        "identity total (s) | × time vs previous | × records vs previous | build peak RSS (MB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    previous = None
    for row in rows:
        total = sum(v or 0 for v in row["identity_seconds"].values())
        records = row["account_records"] + row["person_records"]
        row["identity_total_seconds"] = total
        time_ratio = f"{total / previous[0]:.1f}" if previous else "-"
        record_ratio = f"{records / previous[1]:.1f}" if previous else "-"
        lines.append(
            f"| {row['accounts_generated']:,} | {row['account_records']:,} | {row['person_records']:,} | "
            f"{row['identity_seconds'][IDENTITY_MODELS[0]]:.2f} | {row['identity_seconds'][IDENTITY_MODELS[1]]:.2f} | "
            f"{total:.2f} | {time_ratio} | {record_ratio} | {row['build_peak_rss_mb']:,.0f} |"
        )
        previous = (total, records)
    write_results("identity_scaling", {"machine": machine(), "rows": rows}, "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
