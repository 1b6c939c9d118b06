"""The data-quality gate: `revops check` runs the suites in checks/suites/ through Great Expectations.

Results go to the console (a compact table and a verdict), to `audit.dq_results` (append-only), to
JUnit XML / JSON when asked, and to Data Docs under reports/data_docs/. Exit 1 when an error-level
expectation failed; warnings are reported and never fail the gate.
"""

from __future__ import annotations

import shutil
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ingest import config
from ingest.checks.results import CheckResult, from_gx, skipped, write_dq_results, write_json, write_junit
from ingest.checks.suites import Expectation, Suite, load_suites, select_suites
from ingest.errors import RevopsError
from ingest.warehouse import connect

__all__ = ["CheckResult", "run_checks"]


def data_docs_dir() -> Path:
    return config.reports_dir() / "data_docs"


def _existing_tables(db: Path) -> set[str]:
    con = connect(db)
    try:
        rows = con.execute("select table_schema || '.' || table_name from information_schema.tables").fetchall()
    finally:
        con.close()
    return {row[0].lower() for row in rows}


def evaluate(db: Path, suites: list[Suite], docs_dir: Path) -> list[CheckResult]:
    """Every expectation of `suites` as a result, in suite order; tables not built yet are skipped."""
    from ingest.checks.engine import run_expectations

    existing = _existing_tables(db)
    groups: list[tuple[str, str, list[Expectation]]] = []
    for suite in suites:
        for table in suite.tables:
            if table in existing:
                groups.append((suite.name, table, [e for e in suite.expectations if e.table == table]))
    gx_results = {}
    if groups:
        shutil.rmtree(docs_dir, ignore_errors=True)  # the docs describe this run only
        docs_dir.mkdir(parents=True, exist_ok=True)
        gx_results = run_expectations(db, groups, docs_dir)
    results = []
    for suite in suites:
        for expectation in suite.expectations:
            if expectation.table not in existing:
                hint = "run `revops build`" if not expectation.table.startswith("raw.") else "run `revops ingest`"
                message = f"table {expectation.table} not built yet ({hint})"
                results.append(skipped(suite.name, expectation, message))
            else:
                results.append(from_gx(suite.name, expectation, gx_results[(suite.name, expectation.id)]))
    return results


def print_results(console: Console, results: list[CheckResult]) -> None:
    """Problems one per row, passes collapsed to one row per suite, so the table stays short."""
    table = Table(title="check", show_lines=False)
    for heading in ("suite", "expectation", "severity", "observed", "result"):
        table.add_column(heading, overflow="fold")
    for suite in dict.fromkeys(r.suite for r in results):
        mine = [r for r in results if r.suite == suite]
        for r in mine:
            if r.status == "passed":
                continue
            label = "fail" if r.blocks else ("warn" if r.status == "failed" else "skipped")
            style = "red" if r.blocks else ("yellow" if r.status == "failed" else "dim")
            observed = r.observed_value or r.message
            table.add_row(suite, r.expectation_id, r.severity, observed, f"[{style}]{label}[/]")
        passed = sum(r.status == "passed" for r in mine)
        if passed:
            table.add_row(suite, f"{passed} expectation(s)", "", "", "[green]pass[/]")
    console.print(table)
    for r in results:
        if r.status == "failed":
            colour = "red" if r.blocks else "yellow"
            console.print(f"[{colour}]{r.severity}:[/] {r.suite}/{r.expectation_id}: {r.message}")


def run_checks(
    db: Path,
    suite: str | None = None,
    junit: Path | None = None,
    json_path: Path | None = None,
    console: Console | None = None,
) -> int:
    """Run the suites (all, or the one named) against the warehouse; 0 when no error-level expectation
    failed, 1 otherwise."""
    console = console or Console(highlight=False)
    started = time.perf_counter()
    run_at = datetime.now(UTC).replace(tzinfo=None)
    run_id = f"{run_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    if not db.exists():
        raise RevopsError(f"no warehouse at {db}", hint="land some exports first: revops ingest PATH")
    suites = select_suites(load_suites(), suite)
    docs_dir = data_docs_dir()
    with console.status("checking data quality"):
        results = evaluate(db, suites, docs_dir)
    seconds = time.perf_counter() - started
    con = connect(db)
    try:
        write_dq_results(con, run_id, run_at, results)
    finally:
        con.close()

    counts = {
        "passed": sum(r.status == "passed" for r in results),
        "errors": sum(r.blocks for r in results),
        "warnings": sum(r.status == "failed" and r.severity == "warning" for r in results),
        "skipped": sum(r.status == "skipped" for r in results),
    }
    exit_code = 1 if counts["errors"] else 0
    print_results(console, results)
    index = docs_dir / "index.html"
    verdict = "[bold red]FAIL[/]" if exit_code else "[bold green]PASS[/]"
    console.print(
        f"{verdict} {counts['passed']} passed, {counts['errors']} error(s), {counts['warnings']} warning(s), "
        f"{counts['skipped']} skipped in {seconds:.1f} s; run {run_id} in audit.dq_results"
        + (f"; Data Docs: {index}" if index.exists() else "")
    )
    if junit:
        write_junit(junit, results, seconds)
    if json_path:
        summary = {
            "run_id": run_id,
            "run_at": run_at,
            "database": str(db),
            "verdict": "fail" if exit_code else "pass",
            "exit_code": exit_code,
            "seconds": round(seconds, 3),
            "counts": counts,
            "data_docs": str(index) if index.exists() else None,
        }
        write_json(json_path, summary, results)
    return exit_code
