"""The `plausible_dates` suite, generated at run time from the staging tables the warehouse holds.

Staging is where text became dates, so it is where a misread date shows: a year 5 AD from a two-digit year, a
2206 from a typo. One expectation per staging table covers all its date and timestamp columns in one pass: a
value before 1900 or after 2100, or a created timestamp (`created_*`) more than a day after the export that
delivered the record (`_export_date`), is an error; the offending rows name their key, column and value."""

from __future__ import annotations

from revops.quality.catalog import Catalog
from revops.quality.suites import Suite, parse_suite
from revops.warehouse import quote_identifier, quote_literal

EARLIEST, LATEST = "1900-01-01", "2101-01-01"  # plausible: on or after EARLIEST, before LATEST
LINEAGE = ("_first_export_date", "_export_date", "_loaded_at")


def _is_temporal(data_type: str) -> bool:
    return data_type.upper().startswith(("DATE", "TIMESTAMP"))


def _problems(column: str, has_export_date: bool) -> str:
    """A SQL expression: null when the value is plausible, else what is wrong with it."""
    quoted = quote_identifier(column)
    conditions = [
        f"when {quoted} < date '{EARLIEST}' or {quoted} >= date '{LATEST}' "
        f"then {quote_literal(column + ' = ')} || cast({quoted} as varchar)"
    ]
    if has_export_date and column.startswith("created"):
        conditions.append(
            f"when cast({quoted} as date) > _export_date + 1 "
            f"then {quote_literal(column + ' = ')} || cast({quoted} as varchar) || ', after the export of ' "
            "|| cast(_export_date as varchar)"
        )
    return f"case {' '.join(conditions)} end"


def date_expectation(table: str, columns: dict[str, str]) -> dict | None:
    """The expectation for one staging table, or None when it has no date column."""
    temporal = [c for c, t in columns.items() if _is_temporal(t) and c not in LINEAGE]
    if not temporal:
        return None
    key = quote_identifier(next(iter(columns)))
    has_export_date = "_export_date" in columns
    problems = ", ".join(_problems(c, has_export_date) for c in temporal)
    name = table.split(".", 1)[1]
    return {
        "id": f"{name}.dates_plausible",
        "table": table,
        "kind": "sql",
        "query": f"""with checked as (
    select {key} as record_key, concat_ws('; ', {problems}) as implausible from {{batch}}
)
select record_key, implausible from checked where implausible <> '' order by record_key""",
        "severity": "error",
        "description": f"Dates in {name} are between {EARLIEST[:4]} and {int(LATEST[:4]) - 1}, and nothing was "
        "created after the export that delivered it",
    }


DATE_FORMATS = "staging.stg_audit__date_formats_by_batch"


def unreadable_dates_expectation() -> dict:
    """Values staging could not read as a plausible date (`0005-07-24`, `31/02/2026`): staging made them null, the
    per-batch date audit counts them with examples; each is an error in the export."""
    return {
        "id": "date_formats_by_batch.no_implausible_values",
        "table": DATE_FORMATS,
        "kind": "sql",
        "query": """select source_table, column_name, _batch_id, implausible_values_count, implausible_examples
from {batch} where implausible_values_count > 0 order by source_table, column_name, _batch_id""",
        "severity": "error",
        "description": "Every date value of a landed batch reads as a date between 1900 and 2100 (the others are null "
        "in staging; stg_audit__date_formats_by_batch lists them with examples)",
    }


def dates_suite(catalog: Catalog) -> Suite | None:
    expectations = []
    for table, columns in sorted(catalog.columns.items()):
        if (
            table.startswith("staging.stg_")
            and catalog.vendor_of(table)
            and table != "staging.stg_audit__ingest_batches"
        ):
            expectation = date_expectation(table, columns)
            if expectation:
                expectations.append(expectation)
    if DATE_FORMATS in catalog.columns:
        expectations.append(unreadable_dates_expectation())
    if not expectations:
        return None
    return parse_suite(
        {
            "name": "plausible_dates",
            "description": "Every date staging read is plausible (1900-2100; created no later than its export). "
            "Generated at run time from the staging tables (revops/quality/dates.py).",
            "expectations": expectations,
        }
    )
