"""One result per expectation, and where results go: audit.dq_results (append-only), JUnit XML, JSON."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from revops.quality.kinds import SAMPLE_SIZE, sql_for
from revops.quality.suites import Expectation
from revops.warehouse import ensure_audit

# passed / failed: the expectation ran. not_applicable: nothing to check by design (the vendor never landed an
# export, the column it needs is not in this warehouse). missing: it could not run because its table is missing
# from a warehouse that should have it; an error-level one fails the gate.
STATUSES = ("passed", "failed", "not_applicable", "missing")


@dataclass
class CheckResult:
    suite: str
    expectation_id: str
    table: str
    kind: str
    severity: str
    description: str
    status: str  # one of STATUSES
    observed_value: str = ""
    unexpected_count: int | None = None
    sample: list[Any] = field(default_factory=list)
    message: str = ""

    @property
    def success(self) -> bool | None:
        return self.status == "passed" if self.status in ("passed", "failed") else None

    @property
    def blocks(self) -> bool:
        """An error-level expectation that failed, or could not run on a table that should exist: the gate fails."""
        return self.status in ("failed", "missing") and self.severity == "error"


def _plain(value: Any) -> Any:
    """JSON-safe: dates as ISO text, decimals and NaN as numbers / null."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def not_run(suite: str, expectation: Expectation, status: str, message: str) -> CheckResult:
    """An expectation that did not run: `not_applicable` or `missing`, with the reason."""
    result = _result_of(suite, expectation, status)
    result.message = message
    return result


def _result_of(suite: str, expectation: Expectation, status: str) -> CheckResult:
    """The result of `expectation` in `suite`, with its status and nothing observed yet."""
    return CheckResult(
        suite,
        expectation.id,
        expectation.table,
        expectation.kind,
        expectation.severity,
        expectation.description,
        status,
    )


def _exception_message(gx_result: Any) -> str:
    info = gx_result.exception_info or {}
    messages = [info.get("exception_message")] if info.get("raised_exception") else []
    messages += [v.get("exception_message") for v in info.values() if isinstance(v, dict) and v.get("raised_exception")]
    messages = [m.splitlines()[0] for m in messages if m]
    return "; ".join(dict.fromkeys(messages))


def from_gx(suite: str, expectation: Expectation, gx_result: Any, sample_rows: list | None = None) -> CheckResult:
    """Read one GX ExpectationValidationResult: observed value, count and a few offending values."""
    result = _result_of(suite, expectation, "passed" if gx_result.success else "failed")
    detail = gx_result.result or {}
    error = _exception_message(gx_result)
    if error:
        result.status = "failed"
        result.message = f"could not evaluate: {error}"
        return result
    if sql_for(expectation) is not None:  # UnexpectedRowsExpectation: observed value = offending rows
        result.unexpected_count = int(detail.get("observed_value") or 0)
        result.observed_value = f"{result.unexpected_count:,} offending rows"
        rows = sample_rows or (detail.get("details") or {}).get("unexpected_rows") or []
        result.sample = _plain(list(rows)[:SAMPLE_SIZE])
    elif "unexpected_count" in detail:  # column map expectations
        # GX reports `None` (not 0) on an empty table: 0 rows, nothing unexpected
        result.unexpected_count = int(detail["unexpected_count"] or 0)
        element_count = detail.get("element_count") or 0
        result.observed_value = f"{result.unexpected_count:,} of {element_count:,} rows unexpected"
        result.sample = _plain(list(detail.get("partial_unexpected_list") or [])[:SAMPLE_SIZE])
    elif expectation.kind == "columns_exist":
        missing = (detail.get("details") or {}).get("mismatched", {}).get("missing") or []
        result.unexpected_count = len(missing)
        result.observed_value = f"missing {', '.join(missing)}" if missing else "all present"
        result.sample = _plain(missing)
    else:
        result.observed_value = str(_plain(detail.get("observed_value")))
    if expectation.kind == "rows_exist" and expectation.params.get("latest_full_batch"):
        result.observed_value = "latest full batch empty" if result.unexpected_count else "ok"
    if result.status == "failed":
        example = f"; e.g. {json.dumps(result.sample, ensure_ascii=False)}" if result.sample else ""
        what = expectation.description or expectation.kind
        result.message = f"{what}: {result.observed_value} in {expectation.table}{example}"
    return result


def dq_result_rows(run_id: str, run_at: datetime, results: list[CheckResult]) -> list[list[Any]]:
    """This run's rows of audit.dq_results, in its column order."""
    return [
        [
            run_id,
            run_at,
            r.suite,
            r.expectation_id,
            r.table,
            r.kind,
            r.severity,
            r.status,
            r.success,
            r.observed_value,
            r.unexpected_count,
            json.dumps(r.sample, ensure_ascii=False),
            r.message,
        ]
        for r in results
    ]


def write_dq_results(con: duckdb.DuckDBPyConnection, run_id: str, run_at: datetime, results: list[CheckResult]) -> None:
    """Append this run's results; nothing is ever updated or deleted, so BI can chart quality over time."""
    ensure_audit(con, "dq_results")
    con.executemany(
        "insert into audit.dq_results values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        dq_result_rows(run_id, run_at, results),
    )


def write_junit(path: Path, results: list[CheckResult], seconds: float) -> None:
    """One testcase per expectation. Only failed error-level expectations are <failure>s; a failed warning
    passes with the warning in <system-out>; a missing error-level table is a <failure>; a not-applicable
    expectation is <skipped> with the reason."""
    root = ET.Element("testsuites", name="revops check", time=f"{seconds:.3f}")
    for suite in dict.fromkeys(r.suite for r in results):
        mine = [r for r in results if r.suite == suite]
        element = ET.SubElement(
            root,
            "testsuite",
            name=suite,
            tests=str(len(mine)),
            failures=str(sum(r.blocks for r in mine)),
            errors="0",
            skipped=str(sum(r.status == "not_applicable" for r in mine)),
        )
        for r in mine:
            case = ET.SubElement(element, "testcase", classname=suite, name=r.expectation_id)
            if r.blocks:
                failure = ET.SubElement(
                    case, "failure", message=r.message, type=r.kind if r.status == "failed" else "missing"
                )
                failure.text = json.dumps(asdict(r), ensure_ascii=False, indent=2)
            elif r.status == "not_applicable":
                ET.SubElement(case, "skipped", message=r.message)
            elif r.status in ("failed", "missing"):
                ET.SubElement(case, "system-out").text = f"WARNING: {r.message}"
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def write_json(path: Path, summary: dict[str, Any], results: list[CheckResult]) -> None:
    document = {**summary, "results": [{**asdict(r), "success": r.success} for r in results]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_plain(document), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
