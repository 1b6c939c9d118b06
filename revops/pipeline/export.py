"""`revops export`: any mart, or a named list, as CSV or Excel, optionally filtered by a SQL predicate.

- A mart is named as it is in the `marts` schema (checked against the warehouse's catalog, never pasted in).
- `--where` is a SQL predicate over the export's columns (`churn_risk = 'high' and arr_reporting > 100000`),
  run on a read-only connection: it can filter, it cannot change the warehouse.
- CSV is written UTF-8 with a byte-order mark, so Excel opens Japanese text correctly; xlsx through openpyxl.
- `lang="ja"` replaces the column headings with the labels of revops/report/labels.py (the one label module).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from revops import facts
from revops.errors import RevopsError
from revops.readers import Reader
from revops.report.labels import LANGUAGES
from revops.report.labels import column_label as label
from revops.warehouse import quote_identifier

MARTS = "marts"
FORMATS = ("csv", "xlsx")
NAMED_LISTS: dict[str, str] = {
    # customers renewing within var revops_churn_risk.renewal_window_days with churn risk high or medium, riskiest and
    # soonest first
    "at-risk-renewals": f"""
        select account_id, account_name, owner_name, csm_name, arr, currency_code, arr_reporting, renewal_date,
               days_to_renewal, health_score, health_band, churn_risk, churn_risk_reasons
        from {MARTS}.account_360
        where days_to_renewal between 0 and {{renewal_window_days}} and churn_risk in ('high', 'medium')
        order by case churn_risk when 'high' then 0 else 1 end, days_to_renewal, account_id""",
    # source records resolved to one account or person with other records of the same system
    "duplicates": f"""
        select 'account' as entity, account_id as entity_id, source_system, source_object, source_record_id,
               account_name as name, website as contact, is_deleted, match_rule, match_evidence, records_in_system
        from {MARTS}.account_duplicates
        union all
        select 'person', person_id, source_system, source_object, source_record_id, full_name, email, is_deleted,
               match_rule, match_evidence, records_in_system
        from {MARTS}.person_duplicates
        order by entity, entity_id, source_system, source_record_id""",
    "conflicts": f"select * from {MARTS}.data_conflicts order by entity_type, entity_id, field_name, other_system",
}


@dataclass(frozen=True)
class Export:
    path: Path
    rows: int


def source_query(reader: Reader, name: str) -> str:
    """The query behind `name`: a named list, else a table or view of the marts schema."""
    if name in NAMED_LISTS:
        return NAMED_LISTS[name].replace("{renewal_window_days}", str(facts.renewal_window_days()))
    tables = "select table_name from information_schema.tables where table_schema = $schema"
    marts = {row[0] for row in reader.rows(tables, {"schema": MARTS})}
    if name not in marts:
        choices = ", ".join([*NAMED_LISTS, *sorted(marts)]) or "none: build the warehouse first"
        raise RevopsError(f"no mart or list named {name!r}", hint=f"choose one of: {choices}")
    return f"select * from {MARTS}.{quote_identifier(name)}"


def frame(reader: Reader, name: str, where: str | None = None, lang: str = "en"):
    """The rows of `name` (filtered by the SQL predicate `where`) as a DataFrame with headings in `lang`."""
    if lang not in LANGUAGES:
        raise RevopsError(f"unknown language {lang!r}", hint=f"choose one of: {', '.join(LANGUAGES)}")
    query = source_query(reader, name)
    if where:
        query = f"select * from ({query}) as exported where ({where})"
    try:
        data = reader.frame(query)
    except RevopsError as exc:
        raise RevopsError(
            f"the export of {name} failed: {str(exc).splitlines()[0]}",
            hint="--where takes a SQL predicate over the export's columns, e.g. \"churn_risk = 'high'\"",
        ) from exc
    return data.rename(columns={column: label(column, lang) for column in data.columns})


def write(data, out: Path, fmt: str) -> None:
    """`data` to `out` as CSV (UTF-8 with BOM) or xlsx."""
    if fmt not in FORMATS:
        raise RevopsError(f"unknown format {fmt!r}", hint=f"choose one of: {', '.join(FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        data.to_csv(out, index=False, encoding="utf-8-sig")
    else:
        _without_timezones(data).to_excel(out, index=False, sheet_name="export", engine="openpyxl")


def _without_timezones(data):
    """Excel has no time zones: aware timestamps are written as their UTC wall time."""
    for column in data.columns:
        if getattr(data[column].dtype, "tz", None) is not None:
            data[column] = data[column].dt.tz_convert("UTC").dt.tz_localize(None)
    return data


def export(reader: Reader, name: str, fmt: str, out: Path | None, where: str | None, lang: str) -> Export:
    """Write `name` (filtered by `where`) as `fmt` to `out` (default: ./<name>.<fmt>), read from the DuckDB file or
    PostgreSQL (`reader`)."""
    data = frame(reader, name, where, lang)
    path = out or Path(f"{name}.{fmt}")
    write(data, path, fmt)
    return Export(path, len(data))
