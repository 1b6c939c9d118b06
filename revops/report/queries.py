"""The report's figures, read from the marts and the audit tables: one query per panel.

A table that is not built (no CS platform, no subscriptions, no `revops check` yet) or holds no rows gives None,
which the page shows as a "no data" panel. The queries are written once for DuckDB and PostgreSQL (revops.readers:
`$name` parameters, no `group by all`, every derived table named). Definitions used here:
- at-risk: churn_risk = 'high' (account_360, rules in var revops_churn_risk);
- the renewal window: var revops_churn_risk.renewal_window_days (dbt_project.yml), the same window as the
  renewal_soon rule;
- NRR / GRR tiles: nrr_ttm / grr_ttm of the newest month of rpt_net_revenue_retention that has them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from revops import facts
from revops.readers import MissingTableError, Reader

AT_RISK = "high"

KPIS = f"""
    select
        (select sum(arr_reporting) from marts.account_360) as arr,
        (select count(*) from marts.dim_accounts where lifecycle_stage = 'customer') as customers,
        (select sum(arr_reporting) from marts.account_360 where churn_risk = '{AT_RISK}') as at_risk_arr,
        (select count(*) from marts.account_360 where churn_risk = '{AT_RISK}') as at_risk_accounts,
        (select max(as_of_date) from marts.account_360) as as_of_date
"""
RETENTION_TILES = """
    select nrr_ttm, grr_ttm from marts.rpt_net_revenue_retention
    where nrr_ttm is not null order by month_start desc limit 1
"""
CURRENCY = "select reporting_currency from marts.rpt_net_revenue_retention order by month_start desc limit 1"
FUNNEL = """
    select entity_type, stage, stage_order, entered_count, converted_count, conversion_rate,
           median_hours_in_stage / 24.0 as median_days_in_stage, p90_hours_in_stage / 24.0 as p90_days_in_stage
    from marts.rpt_funnel_stage_times
    order by entity_type desc, stage_order, stage
"""
ARR_BRIDGE = """
    select month_start, new_arr, expansion_arr, contraction_arr, churned_arr, reactivation_arr, ending_arr,
           net_revenue_retention, gross_revenue_retention, nrr_ttm, grr_ttm
    from marts.rpt_net_revenue_retention
    order by month_start
"""
HEALTH_SCORES = """
    select health_score, coalesce(health_band, 'none') as health_band
    from marts.account_360
    where lifecycle_stage = 'customer' and health_score is not null
    order by health_band, health_score, account_id
"""
AT_RISK_HEALTH = f"""
    select s.snapshot_date, s.health_score, a.account_name, a.account_id
    from marts.fct_account_health_snapshots as s
    inner join marts.account_360 as a on s.account_id = a.account_id
    where a.churn_risk = '{AT_RISK}' and s.health_score is not null
    order by a.account_name, a.account_id, s.snapshot_date
"""
RENEWALS = f"""
    select account_name, arr_reporting, renewal_date, days_to_renewal, churn_risk, churn_risk_reasons,
           health_score, csm_name
    from marts.account_360
    where churn_risk = '{AT_RISK}' and days_to_renewal between 0 and $renewal_window_days
    order by renewal_date, arr_reporting desc nulls last, account_name
"""
VERDICT = """
    select count(*) filter (where status in ('failed', 'missing') and severity = 'error') as errors,
           count(*) filter (where status in ('failed', 'missing') and severity = 'warning') as warnings,
           count(*) as expectations, max(run_at) as run_at
    from audit.dq_results
    where run_id = (select run_id from audit.dq_results order by run_at desc limit 1)
"""
FAILING = """
    select suite, expectation_id, severity, unexpected_count, message
    from audit.dq_results
    where run_id = (select run_id from audit.dq_results order by run_at desc limit 1)
      and status in ('failed', 'missing')
    order by severity = 'error' desc, suite, expectation_id
"""
QUARANTINE = """
    select coalesce(b.source_name, '(unknown)') as source, count(*) as rows
    from audit.quarantine as q
    left join audit.ingest_batches as b on q.batch_id = b.batch_id
    group by coalesce(b.source_name, '(unknown)') order by rows desc, source
"""
IDENTITY = """
    select
        (select count(*) from marts.account_source_map) as source_records,
        (select count(distinct account_id) from marts.account_source_map) as resolved_accounts,
        (select count(*) from (select account_id from marts.account_source_map where account_id is not null
                               group by account_id having count(*) > 1) as merged) as merged_accounts,
        (select count(*) from marts.identity_refusals) as refusals,
        (select count(distinct account_id) from marts.account_duplicates) as duplicates
"""
MATCH_RULES = """
    select coalesce(match_rule, '(unresolved)') as match_rule, count(*) as records
    from marts.account_source_map group by coalesce(match_rule, '(unresolved)') order by records desc, match_rule
"""
REFUSALS = """
    select entity || ': ' || coalesce(guard, '?') as guard, count(*) as records
    from marts.identity_refusals group by entity || ': ' || coalesce(guard, '?') order by records desc, guard
"""
JOURNEY = """
    select cast(date_trunc('month', event_at) as date) as month_start, event_type, count(*) as events
    from marts.fct_customer_journey where event_at is not null
    group by cast(date_trunc('month', event_at) as date), event_type order by month_start, event_type
"""
CONFLICTS = """
    select field_name, other_system, count(*) as conflicts
    from marts.data_conflicts group by field_name, other_system order by conflicts desc, field_name, other_system
"""


@dataclass
class ReportData:
    """Everything the page shows: each frame is None when its table is missing or empty."""

    warehouse: str  # what the page names as its source: the DuckDB file, or the PostgreSQL database
    renewal_window_days: int
    currency: str | None = None
    kpis: dict[str, Any] = field(default_factory=dict)
    verdict: dict[str, Any] | None = None
    identity: dict[str, Any] | None = None
    frames: dict[str, pd.DataFrame | None] = field(default_factory=dict)


def frame(source: Reader, sql: str, params: dict[str, Any] | None = None) -> pd.DataFrame | None:
    """The query's rows, or None when a table it reads is not there or it returns nothing."""
    try:
        result = source.frame(sql, params)
    except MissingTableError:
        return None
    return None if result.empty else result


def row(source: Reader, sql: str) -> dict[str, Any] | None:
    """The query's single row as a dict, or None when a table it reads is not there."""
    result = frame(source, sql)
    if result is None:
        return None
    return {key: (None if pd.isna(value) else value) for key, value in result.iloc[0].items()}


def collect(source: Reader, warehouse: str) -> ReportData:
    """Read every panel's figures through `source` (a read-only reader of the warehouse named `warehouse`)."""
    data = ReportData(warehouse=warehouse, renewal_window_days=facts.renewal_window_days())
    data.kpis = {**(row(source, KPIS) or {}), **(row(source, RETENTION_TILES) or {})}
    data.currency = (row(source, CURRENCY) or {}).get("reporting_currency")
    data.verdict = row(source, VERDICT)
    data.identity = row(source, IDENTITY)
    queries = {
        "funnel": (FUNNEL, None),
        "arr_bridge": (ARR_BRIDGE, None),
        "health_scores": (HEALTH_SCORES, None),
        "at_risk_health": (AT_RISK_HEALTH, None),
        "renewals": (RENEWALS, {"renewal_window_days": data.renewal_window_days}),
        "failing": (FAILING, None),
        "quarantine": (QUARANTINE, None),
        "match_rules": (MATCH_RULES, None),
        "refusals": (REFUSALS, None),
        "journey": (JOURNEY, None),
        "conflicts": (CONFLICTS, None),
    }
    data.frames = {name: frame(source, sql, params) for name, (sql, params) in queries.items()}
    return data
