"""The data-quality gate: `revops check` runs the suites through Great Expectations, as SQL inside the warehouse.

Suites: the YAML files in checks/suites/, the landing suites generated from the export contracts and the
plausible-dates suite generated from the staging tables, both at run time. Results go to the console (a
compact table and a verdict), to `audit.dq_results` (append-only), to JUnit XML / JSON when asked, and to
Data Docs under reports/data_docs/<warehouse>/. Exit 1 when an error-level expectation failed or could not run
on a table that should exist; warnings are reported and never fail the gate.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from revops import settings
from revops.errors import RevopsError
from revops.quality.catalog import Catalog, read_catalog_of
from revops.quality.dialect import DUCKDB, Dialect
from revops.quality.results import CheckResult, from_gx, not_run, write_json, write_junit
from revops.quality.suites import Expectation, Suite, load_suites, select_suites
from revops.quality.target import CheckTarget, DuckDBTarget, check_target

__all__ = ["CheckResult", "run_checks"]


class NotBuiltError(RevopsError):
    """The warehouse has never been built: there is nothing to check yet."""

    exit_code = 1


def data_docs_root() -> Path:
    return settings.reports_dir() / "data_docs"


def all_suites(catalog: Catalog, dialect: Dialect = DUCKDB) -> list[Suite]:
    """The YAML suites, the landing suites (from the contracts) and the dates suite (from the staging tables)."""
    from revops.quality.dates import dates_suite
    from revops.quality.landing import landing_suites

    generated = landing_suites(dialect)
    dates = dates_suite(catalog)
    return load_suites(generated=generated + ([dates] if dates else []))


def why_not_run(suite: Suite, expectation: Expectation, catalog: Catalog) -> tuple[str, str] | None:
    """(status, reason) when the expectation cannot run here; None when it runs."""
    if suite.vendor and suite.vendor not in catalog.landed_vendors:
        return "not_applicable", f"no {suite.vendor} export has been landed"
    table = expectation.table
    if not catalog.has(table):
        vendor = catalog.vendor_of(table)
        if vendor and vendor not in catalog.landed_vendors:
            return "not_applicable", f"{table} is absent: no {vendor} export has been landed"
        hint = "run `revops ingest`" if table.startswith("raw.") else "run `revops build`"
        return "missing", f"table {table} is missing, so this expectation could not run ({hint})"
    absent = [c for c in expectation.requires_columns if c not in catalog.columns[table]]
    if absent:
        return "not_applicable", f"{table} has no column {', '.join(absent)} in this warehouse"
    return None


def evaluate(target: CheckTarget | Path, suites: list[Suite], catalog: Catalog) -> list[CheckResult]:
    """Every expectation of `suites` as a result, in suite order, run on `target` (a DuckDB file's path, or a
    CheckTarget)."""
    from revops.quality.engine import run_expectations
    from revops.quality.samples import sample_rows

    reasons = {(s.name, e.id): why_not_run(s, e, catalog) for s in suites for e in s.expectations}
    groups: list[tuple[str, str, list[Expectation]]] = []
    for suite in suites:
        runnable = [e for e in suite.expectations if reasons[(suite.name, e.id)] is None]
        for table in dict.fromkeys(e.table for e in runnable):
            groups.append((suite.name, table, [e for e in runnable if e.table == table]))
    target = DuckDBTarget(target) if isinstance(target, Path) else target
    gx_results = run_expectations(target, groups) if groups else {}
    samples = sample_rows(target, [(e, gx_results[(name, e.id)]) for name, _table, group in groups for e in group])
    results = []
    for suite in suites:
        for expectation in suite.expectations:
            reason = reasons[(suite.name, expectation.id)]
            if reason:
                results.append(not_run(suite.name, expectation, *reason))
            else:
                gx_result = gx_results[(suite.name, expectation.id)]
                results.append(from_gx(suite.name, expectation, gx_result, samples.get(id(gx_result))))
    return results


def _label(r: CheckResult) -> tuple[str, str]:
    if r.blocks:
        return ("fail" if r.status == "failed" else "missing"), "red"
    if r.status in ("failed", "missing"):
        return ("warn" if r.status == "failed" else "missing"), "yellow"
    return r.status.replace("_", " "), "dim"


def print_results(console: Console, results: list[CheckResult]) -> None:
    """Problems one per row, passes and not-applicable collapsed to one row per suite, so the table stays short."""
    table = Table(title="check", show_lines=False)
    for heading in ("suite", "expectation", "severity", "observed", "result"):
        table.add_column(heading, overflow="fold")
    for suite in dict.fromkeys(r.suite for r in results):
        mine = [r for r in results if r.suite == suite]
        for r in mine:
            if r.status in ("failed", "missing"):
                label, style = _label(r)
                table.add_row(
                    suite, r.expectation_id, r.severity, r.observed_value or r.message, f"[{style}]{label}[/]"
                )
        for status, style in (("passed", "green"), ("not_applicable", "dim")):
            count = sum(r.status == status for r in mine)
            if count:
                table.add_row(suite, f"{count} expectation(s)", "", "", f"[{style}]{status.replace('_', ' ')}[/]")
    console.print(table)
    for r in sorted(results, key=lambda r: not r.blocks):
        if r.status in ("failed", "missing"):
            colour = "red" if r.blocks else "yellow"
            console.print(f"[{colour}]{r.severity}:[/] {r.suite}/{r.expectation_id}: {r.message}")


def count_results(results: list[CheckResult]) -> dict[str, int]:
    return {
        "passed": sum(r.status == "passed" for r in results),
        "errors": sum(r.blocks for r in results),
        "warnings": sum(r.status in ("failed", "missing") and r.severity == "warning" for r in results),
        "missing": sum(r.status == "missing" for r in results),
        "not_applicable": sum(r.status == "not_applicable" for r in results),
    }


def _selected(target: CheckTarget, suite: str | None) -> tuple[list[Suite], Catalog]:
    """The suites to run and the warehouse's catalog; refuses a warehouse that was never built."""
    if not target.exists():
        raise NotBuiltError(
            f"no warehouse at {target.label}: land exports with `revops ingest PATH`, then run `revops build`"
        )
    catalog = read_catalog_of(target)
    suites = select_suites(all_suites(catalog, target.dialect), suite)
    reads_models = any(not t.startswith(("raw.", "audit.")) for s in suites for t in s.tables)
    if reads_models and not catalog.is_built:
        build = "revops build" + (" --target postgres" if target.dialect.name == "postgres" else "")
        raise NotBuiltError(f"warehouse {target.label} has not been built yet: run `{build}`, then `revops check`")
    return suites, catalog


def run_checks(
    db: Path,
    suite: str | None = None,
    junit: Path | None = None,
    json_path: Path | None = None,
    console: Console | None = None,
    target: str = "duckdb",
) -> int:
    """Run the suites (all, or the one named) against the warehouse: the DuckDB file `db`, or PostgreSQL on `target`
    postgres. 0 when no error-level expectation failed or went missing, 1 otherwise."""
    from revops.quality.docs import write_data_docs

    console = console or Console(highlight=False)
    started = time.perf_counter()
    run_at = datetime.now(UTC).replace(tzinfo=None)
    run_id = f"{run_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    checked = check_target(target, db)
    suites, catalog = _selected(checked, suite)
    with console.status("checking data quality"):
        results = evaluate(checked, suites, catalog)
    seconds = time.perf_counter() - started
    checked.write_results(run_id, run_at, results)
    counts = count_results(results)
    exit_code = 1 if counts["errors"] else 0
    summary = {
        "run_id": run_id,
        "run_at": run_at,
        "database": checked.label,
        "verdict": "fail" if exit_code else "pass",
        "exit_code": exit_code,
        "seconds": round(seconds, 3),
        "counts": counts,
    }
    index = write_data_docs(data_docs_root(), checked.docs_key, summary, results)
    summary["data_docs"] = str(index)
    print_results(console, results)
    _print_verdict(console, counts, seconds, run_id, index)
    if junit:
        write_junit(junit, results, seconds)
    if json_path:
        write_json(json_path, summary, results)
    return exit_code


def _print_verdict(console: Console, counts: dict[str, int], seconds: float, run_id: str, index: Path) -> None:
    verdict = "[bold red]FAIL[/]" if counts["errors"] else "[bold green]PASS[/]"
    console.print(
        f"{verdict} {counts['passed']} passed, {counts['errors']} error(s), {counts['warnings']} warning(s), "
        f"{counts['missing']} missing, {counts['not_applicable']} not applicable in {seconds:.1f} s; "
        f"run {run_id} in audit.dq_results; Data Docs: {index}"
    )
