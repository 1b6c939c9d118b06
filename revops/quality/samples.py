"""The offending rows a failed query expectation shows, fetched for the failures only.

Query expectations count their offending rows inside GX (`kinds.CountedRowsExpectation`); fetching the rows of
every expectation as well would run each query twice. Here the few failed ones run once more, limited to
SAMPLE_SIZE rows, on a read-only connection opened after GX has closed its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from revops.quality.kinds import SAMPLE_SIZE, sql_for
from revops.quality.suites import Expectation


def _failed_with_rows(gx_result: Any) -> bool:
    observed = (gx_result.result or {}).get("observed_value")
    return not gx_result.success and isinstance(observed, int) and observed > 0


def sample_rows(db: Path, evaluated: list[tuple[Expectation, Any]]) -> dict[int, list[dict[str, Any]]]:
    """{id(GX result): its first offending rows as dicts} for the failed query expectations of `evaluated`."""
    from revops.warehouse import connect

    wanted = [(e, r) for e, r in evaluated if sql_for(e) is not None and _failed_with_rows(r)]
    if not wanted:
        return {}
    samples: dict[int, list[dict[str, Any]]] = {}
    con = connect(db, read_only=True)
    try:
        for expectation, gx_result in wanted:
            query = sql_for(expectation).replace("{batch}", expectation.table)
            cursor = con.execute(f"select * from ({query}) as offending limit {SAMPLE_SIZE}")
            names = [column[0] for column in cursor.description]
            samples[id(gx_result)] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()
    return samples
