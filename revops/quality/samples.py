"""The offending rows a failed query expectation shows, fetched for the failures only.

Query expectations count their offending rows inside GX (`kinds.CountedRowsExpectation`); fetching the rows of
every expectation as well would run each query twice. Here the few failed ones run once more, limited to
SAMPLE_SIZE rows, on a read-only connection opened after GX has closed its own (DuckDB file or PostgreSQL).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from revops.quality.kinds import SAMPLE_SIZE, sql_for
from revops.quality.suites import Expectation
from revops.quality.target import CheckTarget, DuckDBTarget


def _failed_with_rows(gx_result: Any) -> bool:
    observed = (gx_result.result or {}).get("observed_value")
    return not gx_result.success and isinstance(observed, int) and observed > 0


def sample_rows(
    target: CheckTarget | Path, evaluated: list[tuple[Expectation, Any]]
) -> dict[int, list[dict[str, Any]]]:
    """{id(GX result): its first offending rows as dicts} for the failed query expectations of `evaluated`."""
    target = DuckDBTarget(target) if isinstance(target, Path) else target
    wanted = [(e, r) for e, r in evaluated if sql_for(e) is not None and _failed_with_rows(r)]
    if not wanted:
        return {}
    queries = [
        f"select * from ({sql_for(e, target.dialect).replace('{batch}', e.table)}) as offending limit {SAMPLE_SIZE}"
        for e, _ in wanted
    ]
    found = target.fetch(queries)
    return {
        id(gx_result): [dict(zip(names, row, strict=True)) for row in rows]
        for (_, gx_result), (names, rows) in zip(wanted, found, strict=True)
    }
