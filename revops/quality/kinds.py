"""Each expectation kind as one Great Expectations expectation, evaluated as one SQL query inside the warehouse
(DuckDB, or PostgreSQL: the expressions the two spell differently come from `revops.quality.dialect`).

Native GX expectations are used where they work on DuckDB (row count, columns present, not null, in set,
uniqueness, between). The rest are `UnexpectedRowsExpectation`s: a query that returns the offending rows,
`{batch}` standing for the table. GX's regex expectations do not support the duckdb dialect, so text
formats (email, timestamps, numbers) are checked with SQL of our own, mirroring what staging accepts
(timestamps: the shapes of var revops_timestamp_patterns that macros/cross_db/parse_timestamp.sql reads;
numbers: parse_decimal.sql): a value the gate warns about is a value staging will turn into null.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import great_expectations as gx

from revops import facts
from revops.quality.dialect import DUCKDB, Dialect
from revops.quality.suites import Expectation
from revops.warehouse import quote_identifier, quote_literal

# A few offending values are enough to find the problem; GX caps query samples at 200 rows anyway.
SAMPLE_SIZE = 5
NATIVE_RESULT_FORMAT = {"result_format": "BASIC", "partial_unexpected_count": SAMPLE_SIZE}
# Query expectations count their offending rows (CountedRowsExpectation); a failure's sample rows are fetched after.
QUERY_RESULT_FORMAT = {"result_format": "COMPLETE"}
GX_SEVERITY = {"error": "critical", "warning": "warning"}

EMAIL_PATTERN = r"[^@\s]+@[^@\s]+\.[^@\s.]+"
LABEL_NOISE = r"[\s_-]"  # what `normalise: true` drops before comparing (normalise_label)
NUMBER_NOISE = "'[,¥￥$円 　' || chr(9) || chr(160) || ']'"  # same as number_noise_pattern()


def normalise_label(text: str) -> str:
    """How `normalise: true` compares enumerations: case-folded, spaces, `_` and `-` removed
    ('Marketing Qualified Lead' == 'marketingqualifiedlead')."""
    return re.sub(r"[\s_-]", "", text).casefold()


def _sample_columns(expectation: Expectation, column: str) -> str:
    """What an offending row shows: the value, and for landed tables where it came from."""
    lineage = "_batch_id, _source_file, _source_row_number, " if expectation.table.startswith("raw.") else ""
    return f"{lineage}{quote_identifier(column)}"


def _offending_values(expectation: Expectation, column: str, predicate: str) -> str:
    return f"select {_sample_columns(expectation, column)} from {{batch}} where {predicate}"


def _present(column: str) -> str:
    return f"nullif(trim({column}), '') is not null"


def _latest_full_batch_query(table: str) -> str:
    """The latest full export of `table` when it landed no row although an earlier full export of the same object
    had rows: everything vanished. An object the org has none of (no Cases, no CampaignMembers) never had rows,
    so it never fails; nor does a table no full export has reached yet."""
    full = f"raw_table = {quote_literal(table)} and status = 'landed' and export_kind = 'full'"
    return f"""with latest as (
    select batch_id, source_file, export_date from audit.ingest_batches
    where {full}
    order by export_date desc, batch_id desc
    limit 1
),
earlier as (
    select max(export_date) as export_date, max(rows_landed) as rows_landed from audit.ingest_batches
    where {full} and rows_landed > 0 and export_date < (select export_date from latest)
)
select latest.batch_id, latest.source_file, latest.export_date,
    earlier.export_date as earlier_export_date, earlier.rows_landed as earlier_rows
from latest
cross join earlier
where earlier.rows_landed is not null
  and not exists (select 1 from {{batch}} where _batch_id = latest.batch_id)"""


def _parseable_timestamp(column: str, dialect: Dialect) -> str:
    """True when staging's parse_timestamp can read the text: the shapes of var revops_timestamp_patterns (one owner)
    and epoch seconds / milliseconds. Shapes only, as the gate warns and staging decides each value."""
    text = f"trim({column})"
    patterns = facts.timestamp_patterns()
    shaped = " or ".join(
        dialect.matches(text, dialect.pattern(patterns[name])) for name in ("year_first", "part_first", "excel_serial")
    )
    # CASE, not OR: DuckDB evaluates a later WHEN only for the rows no earlier one accepted, so the cheap ISO casts
    # settle almost every row and the other shapes see only the rest
    return (
        f"case when {dialect.matches(text, dialect.pattern(patterns['plain_iso']))}"
        f" then {dialect.reads_as_timestamp(text)}"
        f" when {dialect.matches(text, dialect.pattern(patterns['zoned']))}"
        f" then {dialect.reads_as_zoned_timestamp(text)}"
        f" when length({text}) in (10, 13) and {dialect.full_match(text, '[0-9]+')} then true"  # epoch s / ms
        f" else {shaped} end"
    )


def sql_for(expectation: Expectation, dialect: Dialect = DUCKDB) -> str | None:
    """The offending-rows query of a SQL-backed kind (None for kinds GX checks natively), in `dialect`."""
    p = expectation.params
    kind = expectation.kind
    if kind == "rows_exist" and p.get("latest_full_batch"):
        return _latest_full_batch_query(expectation.table)
    if kind == "sql":
        query = str(p["query"]).strip().rstrip(";")
        for name, value in (p.get("parameters") or {}).items():  # declared numbers; `{batch}` is left to GX
            query = query.replace("{" + name + "}", repr(value))
        return query
    if kind in ("rows_exist", "columns_exist", "column_not_null", "unique", "between"):
        return None
    if kind == "values_in_set" and not p.get("normalise"):
        return None
    return _offending_values(expectation, p["column"], _offending(kind, p, dialect))


def _offending(kind: str, p: dict[str, Any], dialect: Dialect) -> str:
    """The predicate of an offending value of a column kind."""
    column = quote_identifier(p["column"])
    if kind == "column_not_blank":
        return f"not {_present(column)}"
    if kind == "values_in_set":
        allowed = ", ".join(quote_literal(v) for v in sorted({normalise_label(str(v)) for v in p["values"]}))
        normalised = f"lower(regexp_replace({column}, {dialect.pattern(LABEL_NOISE)}, '', 'g'))"
        return f"{_present(column)} and {normalised} not in ({allowed})"
    if kind == "email_well_formed":
        return f"{_present(column)} and not {dialect.full_match(f'trim({column})', EMAIL_PATTERN)}"
    if kind == "parseable_timestamp":
        return f"{_present(column)} and not ({_parseable_timestamp(column, dialect)})"
    if kind == "parseable_number":
        cleaned = f"nullif(regexp_replace({column}, {NUMBER_NOISE}, '', 'g'), '')"
        return f"{_present(column)} and {dialect.not_a_double(cleaned)}"
    raise ValueError(f"no SQL for kind {kind}")


def _native(expectation: Expectation) -> Any:
    p = expectation.params
    kind = expectation.kind
    if kind == "rows_exist":
        return gx.expectations.ExpectTableRowCountToBeBetween, {"min_value": 1}
    if kind == "columns_exist":
        return gx.expectations.ExpectTableColumnsToMatchSet, {"column_set": list(p["columns"]), "exact_match": False}
    if kind == "column_not_null":
        return gx.expectations.ExpectColumnValuesToNotBeNull, {"column": p["column"]}
    if kind == "values_in_set":
        return gx.expectations.ExpectColumnValuesToBeInSet, {"column": p["column"], "value_set": list(p["values"])}
    if kind == "between":
        return gx.expectations.ExpectColumnValuesToBeBetween, {
            "column": p["column"],
            "min_value": p.get("min"),
            "max_value": p.get("max"),
        }
    if kind == "unique":
        columns = (["_batch_id"] if p.get("per_batch") else []) + list(p["columns"])
        if len(columns) == 1:
            return gx.expectations.ExpectColumnValuesToBeUnique, {"column": columns[0]}
        return gx.expectations.ExpectCompoundColumnsToBeUnique, {"column_list": columns}
    raise ValueError(f"kind {kind} is not native")


class CountedRowsExpectation(gx.expectations.UnexpectedRowsExpectation):
    """GX's UnexpectedRowsExpectation, depending on the count of offending rows only.

    The stock expectation always computes two metrics, the count and the offending rows themselves, so every
    query runs twice inside DuckDB, passing or not. This one runs the count; the few offending rows a failed
    expectation shows are fetched afterwards, for the failures only (`revops.quality.samples`)."""

    metric_dependencies: ClassVar[tuple[str, ...]] = ("unexpected_rows_query.row_count",)

    def _validate(self, metrics: dict, runtime_configuration: dict | None = None, execution_engine: Any = None) -> dict:
        count = metrics["unexpected_rows_query.row_count"]
        return {"success": count == 0, "result": {"observed_value": count}}


def to_gx(expectation: Expectation, dialect: Dialect = DUCKDB) -> gx.expectations.Expectation:
    """The GX expectation for one suite expectation, its SQL in `dialect`; `meta.revops_id` maps its result back."""
    common = {
        "description": expectation.description or None,
        "severity": GX_SEVERITY[expectation.severity],
        "meta": {"revops_id": expectation.id, "kind": expectation.kind, "severity": expectation.severity},
    }
    query = sql_for(expectation, dialect)
    if query is not None:
        query = dialect.with_batch(query, expectation.table)
        return CountedRowsExpectation(unexpected_rows_query=query, result_format=QUERY_RESULT_FORMAT, **common)
    cls, kwargs = _native(expectation)
    return cls(**kwargs, result_format=NATIVE_RESULT_FORMAT, **common)
