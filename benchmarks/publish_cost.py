"""What publishing a built warehouse for BI tools costs (revops/pipeline/publish.py).

Given a built warehouse file (e.g. the 100,000-account one the `pipeline` benchmark builds), on a copy of it:
the converting publish (a work file in DuckDB's newest format, rewritten by DuckDB in the readable format), the
byte-copy publish of a work file already in the readable format (what every build does; `--repeat` times), and
`revops publish --parquet` of the marts. Each runs in a fresh process (wall time, peak RSS).
Run: python -m benchmarks.publish_cost WAREHOUSE [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
from pathlib import Path

from benchmarks.common import WORK, machine, measure, write_results

PUBLISH = """
from pathlib import Path
from revops.pipeline.publish import publish
def run():
    done = publish(Path({work!r}))
    return {{"converted": done.converted, "size_bytes": done.size_bytes}}
"""
PARQUET = """
from pathlib import Path
from revops.pipeline.publish import parquet
def run():
    tables = parquet(Path({work!r}), Path({out!r}))
    return {{"tables": len(tables), "rows": sum(t.rows for t in tables)}}
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = WORK / "publish"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    work = folder / "revops.duckdb"
    shutil.copyfile(args.warehouse, work)
    converting = measure(PUBLISH.format(work=str(work)))
    shutil.copyfile(folder / "revops.published.duckdb", work)  # the work file now in the readable format
    copies = [measure(PUBLISH.format(work=str(work))) for _ in range(args.repeat)]
    parquet = measure(PARQUET.format(work=str(work), out=str(folder / "parquet")))
    parquet_bytes = sum(p.stat().st_size for p in (folder / "parquet").glob("*.parquet"))
    payload = {
        "machine": machine(),
        "source": str(args.warehouse),
        "source_bytes": args.warehouse.stat().st_size,
        "converting": converting,
        "copies": copies,
        "parquet": {**parquet, "bytes": parquet_bytes},
    }
    write_results("publish_cost", payload, markdown(payload))
    print(markdown(payload))


def markdown(p: dict) -> str:
    mb = 1e6
    copy_seconds = statistics.median(c["seconds"] for c in p["copies"])
    return (
        f"# Publishing cost\n\n{p['machine']['date']}, duckdb {p['machine']['versions']['duckdb']}, "
        f"{p['machine']['cpus']} CPUs; source {p['source']} ({p['source_bytes'] / mb:,.0f} MB)\n\n"
        "| step | seconds | peak RSS (MB) | output (MB) |\n| --- | ---: | ---: | ---: |\n"
        f"| converting publish (newest format -> v1.1.0) | {p['converting']['seconds']:.1f} | "
        f"{p['converting']['peak_rss_mb']:,.0f} | {p['converting']['size_bytes'] / mb:,.0f} |\n"
        f"| byte-copy publish (median of {len(p['copies'])}) | {copy_seconds:.1f} | "
        f"{max(c['peak_rss_mb'] for c in p['copies']):,.0f} | {p['copies'][0]['size_bytes'] / mb:,.0f} |\n"
        f"| publish --parquet ({p['parquet']['tables']} marts, {p['parquet']['rows']:,} rows) | "
        f"{p['parquet']['seconds']:.1f} | {p['parquet']['peak_rss_mb']:,.0f} | {p['parquet']['bytes'] / mb:,.0f} |\n"
    )


if __name__ == "__main__":
    main()
