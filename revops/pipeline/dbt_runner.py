"""Run dbt once per build, in a child process.

A child process (not dbt's in-process runner) because dbt-duckdb keeps its DuckDB connection open for the
life of the process, and the data-quality gate must open the same file right after the build.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from revops import settings
from revops.errors import RevopsError
from revops.pipeline.progress import parse_event

# with a listener: dbt's events as JSON on stdout, its full log as text in --log-path (logs/ by default)
STRUCTURED_ARGS = ("--log-format", "json", "--log-format-file", "debug", "--no-use-colors")


def dbt_executable() -> str:
    beside = Path(sys.executable).with_name("dbt")
    found = str(beside) if beside.exists() else shutil.which("dbt")
    if not found:
        raise RevopsError("dbt is not installed in this environment", hint="run `make install` (or pip install -e .)")
    return found


def run_dbt(
    args: Sequence[str], db: Path, on_event: Callable[[dict], None] | None = None, target: str = "duckdb"
) -> int:
    """`dbt <args>` against the warehouse `db` (the DuckDB file) on `target` (profiles.yml's output); returns dbt's
    exit code. Without `on_event` dbt's output streams to the terminal; with it, dbt writes JSON events that
    `on_event` hears one by one (progress.py)."""
    project = settings.project_dir()
    env = settings.child_environment(
        REVOPS_DB=str(db),
        REVOPS_TARGET=target,
        **(_spark_environment() if target == "spark" else {}),
        DBT_PROFILES_DIR=str(project / "profiles"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        GX_ANALYTICS_ENABLED="false",
    )
    structured = STRUCTURED_ARGS if on_event else ()
    command = [
        dbt_executable(), *args, *structured, "--project-dir", str(project), "--profiles-dir", str(project / "profiles")
    ]  # fmt: skip
    try:
        child = subprocess.Popen(
            command, cwd=project, env=env, text=True, encoding="utf-8", errors="replace",
            stdout=subprocess.PIPE if on_event else None,
        )  # fmt: skip
    except OSError as exc:
        raise RevopsError(f"could not start dbt: {exc}", hint="run `make install`") from exc
    with _forwarding_signals(child):
        if on_event and child.stdout is not None:
            for line in child.stdout:
                on_event(parse_event(line))
        return child.wait()


def _spark_environment() -> dict[str, str]:
    """What profiles.yml's spark output reads, resolved here (settings.py owns the variables)."""
    return {"REVOPS_SPARK_DIR": str(settings.spark_dir()), "REVOPS_SPARK_MASTER": settings.spark_master()}


@contextmanager
def _forwarding_signals(child: subprocess.Popen) -> Iterator[None]:
    """SIGINT / SIGTERM sent to revops reach dbt too, and revops waits for dbt to let go of the warehouse
    (a supervisor often signals only the main process)."""

    def forward(signum: int, _frame: object) -> None:
        if child.poll() is None:
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
