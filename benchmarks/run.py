"""`make bench`: every benchmark in turn; each writes its JSON and Markdown under benchmarks/results/."""

from __future__ import annotations

import sys

from benchmarks import check_vs_build, identity_scaling, ingest_single_file, pipeline

BENCHMARKS = {
    "ingest_single_file": ingest_single_file.main,
    "identity_scaling": identity_scaling.main,
    "check_vs_build": check_vs_build.main,
    "pipeline": pipeline.main,
}


def main() -> None:
    chosen = sys.argv[1:] or list(BENCHMARKS)
    for name in chosen:
        print(f"== {name}")
        sys.argv = [name]
        BENCHMARKS[name]()


if __name__ == "__main__":
    main()
