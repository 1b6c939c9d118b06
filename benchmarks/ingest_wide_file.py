"""Landing a very wide CSV (40,000 custom columns, the issue-19 case) : time, peak RSS, passes.

A CSV wider than `ingest.wide.WIDE_COLUMNS` is rewritten as JSON lines and split into mapped values and the
`_extra_columns` object in Python, a few megabytes at a time. Each measurement runs in a fresh process, next
to a process that only imports the same modules (`baseline`), so the landing's own memory is the difference.
Run: python -m benchmarks.ingest_wide_file [--columns N] [--rows 20,300]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from benchmarks.common import WORK, machine, measure, write_results

BASELINE = """
from ingest.load import ingest
from revops.warehouse import connect
def run():
    return {}
"""
REVOPS = """
from datetime import date
from pathlib import Path
from ingest.load import ingest
from revops.warehouse import connect
def run():
    con = connect(Path({db!r}))
    (result,) = ingest(con, [Path({csv!r})], export_date=date(2026, 11, 8))
    assert result.status == "landed", result.message
    limit = con.execute("select current_setting('memory_limit')").fetchall()[0][0]
    return {{"rows": result.rows_landed, "memory_limit_after": limit}}
"""


def make_file(path: Path, columns: int, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Id", "Name", *(f"Custom_{i}__c" for i in range(columns))])
        for row in range(rows):
            writer.writerow([f"001{row:06d}", f"Account {row}", *(f"v{row}_{i}" for i in range(columns))])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--columns", type=int, default=40_000)
    parser.add_argument("--rows", default="20,300")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    baseline = measure(BASELINE)
    results = []
    for rows in (int(n) for n in args.rows.split(",")):
        csv_path, db = WORK / f"Account-wide-{rows}.csv", WORK / "bench_wide.duckdb"
        make_file(csv_path, args.columns, rows)
        db.unlink(missing_ok=True)
        result = measure(REVOPS.format(db=str(db), csv=str(csv_path)))
        assert result["rows"] == rows, result
        results.append({"rows": rows, "size_mb": round(csv_path.stat().st_size / 1e6, 1), **result})
        db.unlink(missing_ok=True)
        csv_path.unlink()
    payload = {"machine": machine(), "columns": args.columns + 2, "baseline": baseline, "results": results}
    lines = [
        f"# Ingest, one wide file: {args.columns + 2:,} columns",
        "",
        f"{payload['machine']['date']}, {payload['machine']['platform']}, {payload['machine']['cpus']} CPUs, "
        f"duckdb {payload['machine']['versions']['duckdb']}. Baseline process (imports only): "
        f"{baseline['peak_rss_mb']:.0f} MB peak RSS.",
        "",
        "| rows | CSV (MB) | seconds | peak RSS (MB) | over baseline (MB) | DuckDB memory limit after |",
        "| ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        lines.append(
            f"| {r['rows']:,} | {r['size_mb']:,.1f} | {r['seconds']:.1f} | {r['peak_rss_mb']:,.0f} | "
            f"{r['peak_rss_mb'] - baseline['peak_rss_mb']:,.0f} | {r['memory_limit_after']} |"
        )
    write_results("ingest_wide_file", payload, "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
