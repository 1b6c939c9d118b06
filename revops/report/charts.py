"""The report's charts: plotly figures rendered as <div>s without the library (the page inlines plotly.js once).

Each function takes a panel's frame (never None here: the page shows a "no data" panel instead) and the labels,
and returns the chart's HTML. Every chart div gets the class `report-chart` and the panel's id, which the
browser test uses to find them.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

FUNNEL_STAGES = ("engaged", "lead", "mql", "sql", "opportunity", "customer")
BAND_COLOURS = {"good": "#2e7d32", "watch": "#f9a825", "poor": "#c62828", "none": "#9e9e9e"}
MOVEMENT_COLOURS = {
    "new_arr": "#1565c0",
    "expansion_arr": "#2e7d32",
    "reactivation_arr": "#00897b",
    "contraction_arr": "#ef6c00",
    "churned_arr": "#c62828",
}
CONFIG = {"displayModeBar": False, "responsive": True}


def render(fig: go.Figure, chart_id: str, height: int = 380) -> str:
    """The figure as a <div> (no script library, no network), laid out for the page."""
    fig.update_layout(height=height, margin={"l": 50, "r": 20, "t": 40, "b": 40}, template="plotly_white")
    fig.update_layout(legend={"orientation": "h", "y": -0.18}, font={"family": "system-ui, sans-serif"})
    html = fig.to_html(full_html=False, include_plotlyjs=False, div_id=chart_id, config=CONFIG)
    return f'<div class="report-chart" data-chart="{chart_id}">{html}</div>'


def stage_label(stage: str, labels: dict[str, str]) -> str:
    return labels.get(f"stage_{stage}", stage)


def funnel(frame: pd.DataFrame, labels: dict[str, str]) -> str:
    """Entries per stage, people and accounts side by side, with the share of the stage before."""
    entities = [e for e in ("person", "account") if (frame["entity_type"] == e).any()]
    titles = [labels[f"funnel_{e}"] for e in entities]
    fig = make_subplots(rows=1, cols=len(entities), subplot_titles=titles, shared_yaxes=True)
    for column, entity in enumerate(entities, start=1):
        rows = frame[(frame["entity_type"] == entity) & frame["stage"].isin(FUNNEL_STAGES)]
        rows = rows.sort_values("stage_order", kind="stable")
        trace = go.Funnel(
            name=labels[f"funnel_{entity}"],
            y=[stage_label(s, labels) for s in rows["stage"]],
            x=rows["entered_count"].tolist(),
            textinfo="value+percent previous",
        )
        fig.add_trace(trace, row=1, col=column)
    order = [stage_label(s, labels) for s in FUNNEL_STAGES]
    fig.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed")
    fig.update_layout(title=labels["entered"], showlegend=False)
    return render(fig, "chart-funnel")


def stage_times(frame: pd.DataFrame, labels: dict[str, str]) -> str:
    """Median and 90th percentile days in each stage (entries that left it), people and accounts."""
    fig = go.Figure()
    for entity in ("person", "account"):
        rows = frame[(frame["entity_type"] == entity) & frame["median_days_in_stage"].notna()]
        rows = rows.sort_values("stage_order", kind="stable")
        fig.add_trace(
            go.Bar(
                name=f"{labels[f'funnel_{entity}']}: {labels['median_days_in_stage']}",
                x=[stage_label(s, labels) for s in rows["stage"]],
                y=rows["median_days_in_stage"].round(1).tolist(),
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": (rows["p90_days_in_stage"] - rows["median_days_in_stage"]).round(1).tolist(),
                    "arrayminus": [0] * len(rows),
                },
            )
        )
    fig.update_layout(barmode="group", title=labels["stage_times"], yaxis_title=labels["days"])
    return render(fig, "chart-stage-times")


def arr_bridge(frame: pd.DataFrame, labels: dict[str, str], currency: str | None) -> str:
    """Movements per month as relative bars (churn and contraction below zero), ending ARR as a line."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    months = frame["month_start"].astype(str).str[:7].tolist()
    for column, colour in MOVEMENT_COLOURS.items():
        values = frame[column].fillna(0).astype(float)
        fig.add_trace(go.Bar(name=labels[column], x=months, y=values.tolist(), marker_color=colour))
    ending = frame["ending_arr"].fillna(0).astype(float).tolist()
    line = go.Scatter(name=labels["ending_arr"], x=months, y=ending, mode="lines+markers", line={"color": "#37474f"})
    fig.add_trace(line, secondary_y=True)
    unit = f" ({currency})" if currency else ""
    fig.update_layout(barmode="relative", title=labels["arr_bridge"] + unit)
    fig.update_yaxes(title_text=labels["arr"] + unit, secondary_y=False)
    fig.update_yaxes(title_text=labels["ending_arr"] + unit, secondary_y=True, rangemode="tozero")
    return render(fig, "chart-arr-bridge", height=420)


def retention(frame: pd.DataFrame, labels: dict[str, str]) -> str:
    """Monthly and trailing-twelve-month NRR / GRR, as percentages."""
    fig = go.Figure()
    months = frame["month_start"].astype(str).str[:7].tolist()
    series = (
        ("net_revenue_retention", "nrr_monthly", "dot"),
        ("gross_revenue_retention", "grr_monthly", "dot"),
        ("nrr_ttm", "nrr_ttm", "solid"),
        ("grr_ttm", "grr_ttm", "solid"),
    )
    for column, label, dash in series:
        values = [None if pd.isna(v) else round(float(v) * 100, 1) for v in frame[column]]
        fig.add_trace(go.Scatter(name=labels[label], x=months, y=values, mode="lines", line={"dash": dash}))
    fig.update_layout(title=labels["retention"], yaxis={"ticksuffix": "%"})
    return render(fig, "chart-retention")


def health_distribution(frame: pd.DataFrame, labels: dict[str, str]) -> str:
    """Customers' newest health score, in bins of 10, coloured by band."""
    fig = go.Figure()
    for band, colour in BAND_COLOURS.items():
        scores = frame.loc[frame["health_band"] == band, "health_score"].astype(float)
        if scores.empty:
            continue
        bins = {"start": 0, "end": 100, "size": 10}
        fig.add_trace(go.Histogram(name=labels[f"band_{band}"], x=scores.tolist(), xbins=bins, marker_color=colour))
    fig.update_layout(barmode="stack", title=labels["health_distribution"])
    fig.update_xaxes(title_text=labels["health_score"], range=[0, 100])
    fig.update_yaxes(title_text=labels["accounts"])
    return render(fig, "chart-health-distribution")


def at_risk_health(frame: pd.DataFrame, labels: dict[str, str], limit: int = 12) -> str:
    """Health score over the snapshots of each at-risk account (the first `limit` by name)."""
    fig = go.Figure()
    for name in list(dict.fromkeys(frame["account_name"]))[:limit]:
        rows = frame[frame["account_name"] == name]
        fig.add_trace(
            go.Scatter(
                name=str(name),
                x=rows["snapshot_date"].astype(str).tolist(),
                y=rows["health_score"].astype(float).tolist(),
                mode="lines+markers",
            )
        )
    fig.update_layout(title=labels["health_trend"], yaxis={"range": [0, 100], "title": labels["health_score"]})
    return render(fig, "chart-at-risk-health")


def bars(frame: pd.DataFrame, x: str, y: str, title: str, chart_id: str, colour: str = "#1565c0") -> str:
    """A plain bar chart of column `y` by column `x`."""
    fig = go.Figure(go.Bar(x=frame[x].astype(str).tolist(), y=frame[y].astype(float).tolist(), marker_color=colour))
    fig.update_layout(title=title)
    return render(fig, chart_id, height=320)


def stacked(frame: pd.DataFrame, x: str, colour_by: str, y: str, title: str, chart_id: str) -> str:
    """Bars of `y` by `x`, one stacked trace per value of `colour_by`."""
    fig = go.Figure()
    for key in sorted(frame[colour_by].astype(str).unique()):
        rows = frame[frame[colour_by].astype(str) == key]
        fig.add_trace(go.Bar(name=key, x=rows[x].astype(str).tolist(), y=rows[y].astype(float).tolist()))
    fig.update_layout(barmode="stack", title=title)
    return render(fig, chart_id)
