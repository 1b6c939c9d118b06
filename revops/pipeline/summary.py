"""The short summary `revops run` and `revops demo` end with: what the warehouse now holds, and where."""

from __future__ import annotations

from pathlib import Path

import duckdb

from revops.pipeline import changes
from revops.warehouse import connect

# (label, query); a query over a table that is not built yet shows as "not built". The figures the run
# summaries also record are read from their one definition, changes.FIGURES.
FIGURES = (
    ("files landed", changes.FIGURES["files_landed"]),
    ("rows landed", changes.FIGURES["rows_landed"]),
    ("rows quarantined", "select count(*) from audit.quarantine"),
    ("accounts", changes.FIGURES["accounts"]),
    ("customers", "select count(*) from marts.dim_accounts where lifecycle_stage = 'customer'"),
    ("people", changes.FIGURES["people"]),
    ("opportunities", "select count(*) from marts.fct_opportunities"),
    ("ARR", changes.FIGURES["arr_reporting"]),  # never a sum across currencies
    ("reporting currency", "select reporting_currency from intermediate.int_reporting_currency"),
)
VERDICT = """
    select count(*) filter (where status in ('failed', 'missing') and severity = 'error'),
           count(*) filter (where status in ('failed', 'missing') and severity = 'warning'),
           count(*) filter (where status = 'not_applicable'),
           count(*)
    from audit.dq_results
    where run_id = (select run_id from audit.dq_results order by run_at desc limit 1)
"""


def _figure(con: duckdb.DuckDBPyConnection, query: str) -> str:
    try:
        value = con.execute(query).fetchone()[0]
    except duckdb.CatalogException:
        return "not built"
    if value is None:
        return "0"
    if isinstance(value, str):
        return value
    return f"{value:,.0f}" if isinstance(value, int | float) else f"{float(value):,.0f}"


def collect(db: Path) -> dict[str, str]:
    """label -> figure, in FIGURES order, then the verdict of the last data-quality run."""
    con = connect(db, read_only=True)
    try:
        figures = {label: _figure(con, query) for label, query in FIGURES}
        try:
            errors, warnings, not_applicable, total = con.execute(VERDICT).fetchone()
            figures["data quality"] = (
                f"{'FAIL' if errors else 'PASS'}: {total} expectations, {errors} error(s), {warnings} warning(s), "
                f"{not_applicable} not applicable"
            )
        except duckdb.CatalogException:
            figures["data quality"] = "not checked"
    finally:
        con.close()
    return figures
