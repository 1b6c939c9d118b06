"""Ingest throughput on one 1-million-row, 25-column export, against the bare alternatives.

Same file, same run, each measurement in a fresh process (so peak RSS is its own):
  bare    CREATE TABLE AS SELECT * FROM read_csv(..., all_varchar=true)   (the ceiling)
  pandas  pandas.read_csv(dtype=str) + insert into DuckDB                 (what people write by hand)
  revops  ingest.load.ingest (what `revops ingest` runs): recognition, hashing, lineage, quarantine,
          audit, one transaction, DuckDB memory bounded by REVOPS_INGEST_MEMORY_LIMIT
Run: python -m benchmarks.ingest_single_file [--rows N] [--repeat K]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.common import WORK, machine, measure, median_of, write_results

HEADERS = [
    "Record ID", "First Name", "Last Name", "Email", "Phone Number", "Job Title", "Lifecycle Stage", "Lead Status",
    "Contact owner", "Company Name", "Associated Company", "Associated Company IDs", "Original Source",
    "Became a Lead Date", "Became a Marketing Qualified Lead Date", "Became a Sales Qualified Lead Date",
    "Became an Opportunity Date", "Became a Customer Date", "Salesforce Contact ID", "Salesforce Lead ID",
    "Create Date", "Last Activity Date", "Last Modified Date", "Country", "City",
]  # fmt: skip


def make_file(path: Path, rows: int) -> None:
    import duckdb

    expressions = [
        "i::varchar",
        "'First' || (i % 997)",
        "'Last' || (i % 1009)",
        "'person' || i || '@company' || (i % 50000) || '.co.jp'",
        "'03-' || lpad((i % 10000)::varchar, 4, '0') || '-' || lpad((i % 9999)::varchar, 4, '0')",
        "'Manager'",
        "['lead','marketingqualifiedlead','customer','subscriber'][1 + i % 4]",
        "'NEW'",
        "'owner' || (i % 40) || '@example.com'",
        "'株式会社サンプル' || (i % 50000)",
        "'Sample ' || (i % 50000)",
        "(i % 50000)::varchar",
        "'ORGANIC_SEARCH'",
        "'2025-01-01 10:00'",
        "'2025-02-01 10:00'",
        "''",
        "''",
        "''",
        "'003' || lpad(i::varchar, 15, '0')",
        "''",
        "'2024-12-31 09:00'",
        "'2026-10-01 12:00'",
        "'2026-10-02 12:00'",
        "'Japan'",
        "'東京都'",
    ]
    select = ", ".join(f'{e} as "{h}"' for e, h in zip(expressions, HEADERS, strict=True))
    duckdb.sql(f"copy (select {select} from range({rows}) t(i)) to '{path}' (header, force_quote *)")


# Imports sit outside run(): the figures are landing throughput, not interpreter start-up.
BARE = """
import duckdb
def run():
    con = duckdb.connect({db!r})
    con.execute("create table t as select * from read_csv({csv!r}, all_varchar=true)")
    return {{"rows": con.execute("select count(*) from t").fetchone()[0]}}
"""
PANDAS = """
import duckdb, pandas
def run():
    frame = pandas.read_csv({csv!r}, dtype=str, keep_default_na=False)
    con = duckdb.connect({db!r})
    con.register("frame", frame)
    con.execute("create table t as select * from frame")
    return {{"rows": con.execute("select count(*) from t").fetchone()[0]}}
"""
REVOPS = """
from pathlib import Path
from ingest.load import ingest
from revops.warehouse import connect
def run():
    con = connect(Path({db!r}))
    (result,) = ingest(con, [Path({csv!r})])
    assert result.status == "landed", result.message
    return {{"rows": result.rows_landed, "quarantined": result.rows_quarantined}}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    csv_path = WORK / "hubspot-crm-exports-all-contacts-2026-11-01.csv"
    if not csv_path.exists() or args.rows != 1_000_000:
        make_file(csv_path, args.rows)
    size_mb = csv_path.stat().st_size / 1e6
    runs: dict[str, list[dict]] = {"bare": [], "pandas": [], "revops": []}
    for _ in range(args.repeat):
        for name, body in (("bare", BARE), ("pandas", PANDAS), ("revops", REVOPS)):
            db = WORK / f"bench_{name}.duckdb"
            db.unlink(missing_ok=True)
            result = measure(body.format(db=str(db), csv=str(csv_path)))
            assert result["rows"] == args.rows, (name, result)
            runs[name].append(result)
            db.unlink(missing_ok=True)
    seconds = {name: median_of(r, "seconds") for name, r in runs.items()}
    peak = {name: max(x["peak_rss_mb"] for x in r) for name, r in runs.items()}
    payload = {
        "machine": machine(),
        "file": {"rows": args.rows, "columns": len(HEADERS), "size_mb": round(size_mb, 1)},
        "repeat": args.repeat,
        "median_seconds": seconds,
        "peak_rss_mb": peak,
        "rows_per_second": {name: args.rows / s for name, s in seconds.items()},
        "throughput_ratio_revops_vs_bare": seconds["bare"] / seconds["revops"],
        "throughput_ratio_pandas_vs_bare": seconds["bare"] / seconds["pandas"],
        "runs": runs,
    }
    lines = [
        f"# Ingest, one file: {args.rows:,} rows × {len(HEADERS)} columns ({size_mb:.0f} MB CSV)",
        "",
        f"{payload['machine']['date']}, {payload['machine']['platform']}, {payload['machine']['cpus']} CPUs, "
        f"duckdb {payload['machine']['versions']['duckdb']}, median of {args.repeat} runs.",
        "",
        "| method | seconds | rows/s | peak RSS (MB) | throughput vs bare |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in ("bare", "pandas", "revops"):
        lines.append(
            f"| {name} | {seconds[name]:.2f} | {args.rows / seconds[name]:,.0f} | {peak[name]:,.0f} | "
            f"{seconds['bare'] / seconds[name]:.2f} |"
        )
    write_results("ingest_single_file", payload, "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
