"""Helpers shared by the benchmarks: run a measurement in a fresh process, report medians and peak RSS."""

from __future__ import annotations

import json
import platform
import statistics
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
WORK = Path(__file__).resolve().parent / "work"

# Runs inside the child: executes `body`, prints {"seconds": ..., "peak_rss_mb": ..., **extra} as JSON.
_CHILD = """
import json, resource, sys, time
namespace = {}
exec(compile(sys.argv[1], "<bench>", "exec"), namespace)
started = time.perf_counter()
extra = namespace["run"]() or {}
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_rss_mb": peak, **extra}))
"""


def measure(body: str) -> dict:
    """Run `body` (defining `run()`) in a fresh Python process; its wall time and peak RSS."""
    done = subprocess.run([sys.executable, "-c", _CHILD, body], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_of(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def machine() -> dict:
    import os

    versions = {name: metadata.version(name) for name in ("duckdb", "pandas", "dbt-core", "dbt-duckdb")}
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "versions": versions,
    }


def write_results(name: str, payload: dict, markdown: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / f"{name}.md").write_text(markdown)


def world(size: int, snapshots: int = 1) -> Path:
    """A generated world of `size` accounts and `snapshots` weekly exports, cached under benchmarks/work/."""
    import shutil

    folder = WORK / (f"world_{size}" if snapshots == 1 else f"world_{size}_{snapshots}weeks")
    if not (folder / "_truth" / "records.csv").exists():
        shutil.rmtree(folder, ignore_errors=True)
        run_measured([sys.executable, "-m", "revops", "generate", "--out", str(folder), "--accounts", str(size),
                      "--seed", "1", "--snapshots", str(snapshots)])  # fmt: skip
    return folder


def run_measured(
    command: list[str], env: dict | None = None, cwd: Path | None = None, allowed: tuple[int, ...] = (0,)
) -> dict:
    """Run a command; its wall time and the peak resident memory of its whole process tree (sampled).
    An exit code outside `allowed` raises with the end of the command's output.
    Output goes to a temporary file, not a pipe, so a chatty child never blocks on a full pipe."""
    import tempfile
    import time

    import psutil

    with tempfile.TemporaryFile(mode="w+") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, text=True)
        root = psutil.Process(process.pid)
        peak = 0
        while process.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        log.seek(0)
        output = log.read()
    if process.returncode not in allowed:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{output[-4000:]}")
    return {"seconds": seconds, "peak_rss_mb": peak / 2**20, "output": output, "exit_code": process.returncode}
