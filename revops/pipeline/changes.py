"""What changed since the last run: each successful `revops build` records a small row of figures in
audit.run_summaries; the block `revops build` and `revops run` end with compares the newest row with the one
before it, and the newest data-quality run (audit.dq_results keeps every run) with the run before it.

Accounts and people "merged" and "split" are read from the identity maps: the source records mapped beyond one
per entity (records − entities) grow when records join an existing entity (merged) and shrink when an entity
is divided (split); "added" is the change in the number of entities.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from revops import facts
from revops.warehouse import AUDIT, RAW, ensure_audit, quote_identifier

# audit.run_summaries column -> the query giving it now; a table that is not built gives null
FIGURES: dict[str, str] = {
    "files_landed": f"select count(*) from {AUDIT}.ingest_batches where status = 'landed'",
    "rows_landed": f"select cast(coalesce(sum(rows_landed), 0) as bigint) from {AUDIT}.ingest_batches "
    "where status = 'landed'",
    "accounts": "select count(*) from marts.dim_accounts",
    "people": "select count(*) from marts.dim_people",
    "account_records": "select count(*) from marts.account_source_map",
    "person_records": "select count(*) from marts.person_source_map",
    "arr_reporting": "select cast(coalesce(sum(arr_reporting), 0) as double) from marts.account_360",
    "high_risk_renewals": "select string_agg(account_id, ',' order by account_id) from marts.account_360 "
    "where churn_risk = 'high' and days_to_renewal between 0 and {renewal_window_days}",
}
CHECK_CHANGES = f"""
    with runs as (
        select run_id, row_number() over (order by max(run_at) desc) as recency
        from {AUDIT}.dq_results group by run_id
    ),
    latest as (select expectation_id, status from {AUDIT}.dq_results where run_id = (select run_id from runs
        where recency = 1)),
    previous as (select expectation_id, status from {AUDIT}.dq_results where run_id = (select run_id from runs
        where recency = 2))
    select latest.expectation_id, previous.status, latest.status
    from latest inner join previous on latest.expectation_id = previous.expectation_id
    where latest.status <> previous.status
    order by latest.expectation_id
"""


def _value(con: duckdb.DuckDBPyConnection, query: str) -> object:
    try:
        return con.execute(query).fetchone()[0]
    except duckdb.CatalogException:
        return None


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """The figures of audit.run_summaries as the warehouse holds them now."""
    days = facts.renewal_window_days()  # a "high-risk renewal": churn_risk high, renewal within the window
    return {column: _value(con, query.replace("{renewal_window_days}", str(days))) for column, query in FIGURES.items()}


def record(con: duckdb.DuckDBPyConnection, at: datetime | None = None) -> None:
    """Append the figures now to audit.run_summaries (after a successful build)."""
    ensure_audit(con, "run_summaries")
    figures = snapshot(con)
    columns = ", ".join(["recorded_at", *figures])
    marks = ", ".join("?" * (len(figures) + 1))
    con.execute(
        f"insert into {AUDIT}.run_summaries ({columns}) values ({marks})", [at or datetime.now(), *figures.values()]
    )


def raw_rows(con: duckdb.DuckDBPyConnection) -> int:
    """Rows in all raw tables together (0 before any ingest)."""
    tables = con.execute(
        "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE'",
        [RAW],
    ).fetchall()
    return sum(con.execute(f"select count(*) from {RAW}.{quote_identifier(name)}").fetchone()[0] for (name,) in tables)


def _last_two(con: duckdb.DuckDBPyConnection) -> list[dict[str, object]]:
    try:
        cursor = con.execute(f"select * from {AUDIT}.run_summaries order by recorded_at desc limit 2")
    except duckdb.CatalogException:
        return []
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _checks(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    try:
        return [tuple(row) for row in con.execute(CHECK_CHANGES).fetchall()]
    except duckdb.CatalogException:
        return []


def what_changed(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The lines of the "what changed since the last run" block; empty before the first recorded build."""
    rows = _last_two(con)
    if not rows:
        return []
    now, before = rows[0], (rows[1] if len(rows) > 1 else {})
    lines = [] if before else ["first recorded build: every figure below is new"]
    lines += describe(now, before)
    for expectation, was, is_now in _checks(con):
        lines.append(f"check {expectation}: {was} -> {is_now}")
    return lines


def _delta(now: dict, before: dict, column: str) -> int:
    return int(now.get(column) or 0) - int(before.get(column) or 0)


def _identity(now: dict, before: dict, entity: str, plural: str) -> str:
    """'accounts: 120 (+5 added, 3 record(s) merged, 0 split)'."""
    added = _delta(now, before, plural)
    folded = _delta(now, before, f"{entity}_records") - added
    merged, split = max(folded, 0), max(-folded, 0)
    return (
        f"{plural}: {int(now.get(plural) or 0):,} ({added:+,} added, {merged:,} record(s) merged into existing, "
        f"{split:,} split)"
    )


def describe(now: dict, before: dict) -> list[str]:
    """The figure lines: files and rows landed, identity, ARR delta, new high-risk renewals."""
    arr_delta = float(now.get("arr_reporting") or 0) - float(before.get("arr_reporting") or 0)
    risky_now = {a for a in str(now.get("high_risk_renewals") or "").split(",") if a}
    risky_before = {a for a in str(before.get("high_risk_renewals") or "").split(",") if a}
    new_risky = sorted(risky_now - risky_before)
    return [
        f"landed: {_delta(now, before, 'files_landed'):,} file(s), {_delta(now, before, 'rows_landed'):,} row(s)",
        _identity(now, before, "account", "accounts"),
        _identity(now, before, "person", "people"),
        f"ARR (reporting currency): {float(now.get('arr_reporting') or 0):,.0f} ({arr_delta:+,.0f})",
        f"new high-risk renewals (next {facts.renewal_window_days()} days): {len(new_risky)}"
        + (f" ({', '.join(new_risky[:10])}{' …' if len(new_risky) > 10 else ''})" if new_risky else ""),
    ]
