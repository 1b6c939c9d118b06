"""One builder per report section: the section's data in, its title and HTML body out."""

from __future__ import annotations

from textwrap import shorten
from typing import Any

from markupsafe import Markup

from revops.report import charts
from revops.report.page import no_data, number, percent, table, tiles
from revops.report.queries import ReportData

Section = dict[str, Any]
MESSAGE_CHARS = 240  # a failing check's message is cut here: the Data Docs page has it whole


def section(section_id: str, title: str, body: Markup, has_data: bool) -> Section:
    return {"id": section_id, "title": title, "body": body, "has_data": has_data}


def empty(section_id: str, title: str, L: dict[str, str]) -> Section:
    """A section without data: its title and the "no data" note."""
    return section(section_id, title, no_data(L, title), False)


def stacked_section(
    data: ReportData, L: dict[str, str], section_id: str, frame_name: str, columns: tuple[str, str, str], title: str
) -> Section:
    """A section of one stacked bar chart (id chart-<frame_name>) of frame `frame_name` (x, series, value
    `columns`), titled L[title]."""
    frame = data.frames.get(frame_name)
    if frame is None:
        return empty(section_id, L[section_id], L)
    return section(
        section_id, L[section_id], Markup(charts.stacked(frame, *columns, L[title], f"chart-{frame_name}")), True
    )


def kpis(data: ReportData, L: dict[str, str]) -> Section:
    k, unit = data.kpis, data.currency or ""
    if k.get("arr") is None and not k.get("customers"):
        return empty("kpis", L["kpis"], L)
    items = [
        (L["arr"], number(k.get("arr")), unit),
        (L["nrr"], percent(k.get("nrr_ttm")), ""),
        (L["grr"], percent(k.get("grr_ttm")), ""),
        (L["customers"], number(k.get("customers")), ""),
        (L["at_risk_arr"], number(k.get("at_risk_arr") or 0), f"{unit} · {number(k.get('at_risk_accounts'))} "
         f"{L['at_risk_accounts']}"),
    ]  # fmt: skip
    return section("kpis", L["kpis"], tiles(items), True)


def funnel(data: ReportData, L: dict[str, str]) -> Section:
    frame = data.frames.get("funnel")
    if frame is None:
        return empty("funnel", L["funnel"], L)
    shown = frame.assign(
        entity=frame["entity_type"].map(lambda e: L[f"funnel_{e}"]),
        stage_label=frame["stage"].map(lambda s: charts.stage_label(s, L)),
        entered=frame["entered_count"].map(number),
        converted=frame["converted_count"].map(number),
        conversion=frame["conversion_rate"].map(percent),
        median_days=frame["median_days_in_stage"].map(lambda v: number(v, 1)),
        p90_days=frame["p90_days_in_stage"].map(lambda v: number(v, 1)),
    )
    columns = {
        "entity": L["funnel"],
        "stage_label": L["stage"],
        "entered": L["entered"],
        "converted": L["converted"],
        "conversion": L["conversion_rate"],
        "median_days": L["median_days_in_stage"],
        "p90_days": L["p90_days_in_stage"],
    }
    numeric = frozenset(("entered", "converted", "conversion", "median_days", "p90_days"))
    body = Markup('<div class="grid">{}{}</div>{}').format(
        Markup(charts.funnel(frame, L)), Markup(charts.stage_times(frame, L)), table(shown, columns, numeric)
    )
    return section("funnel", L["funnel"], body, True)


def arr(data: ReportData, L: dict[str, str]) -> Section:
    frame = data.frames.get("arr_bridge")
    if frame is None:
        return empty("arr", L["arr_bridge"], L)
    return section("arr", L["arr_bridge"], Markup(charts.arr_bridge(frame, L, data.currency)), True)


def retention(data: ReportData, L: dict[str, str]) -> Section:
    frame = data.frames.get("arr_bridge")
    columns = ("net_revenue_retention", "gross_revenue_retention", "nrr_ttm", "grr_ttm")
    if frame is None or frame[list(columns)].isna().all().all():
        return empty("retention", L["retention"], L)
    return section("retention", L["retention"], Markup(charts.retention(frame, L)), True)


def health(data: ReportData, L: dict[str, str]) -> Section:
    scores, trend = data.frames.get("health_scores"), data.frames.get("at_risk_health")
    if scores is None and trend is None:
        return empty("health", L["health"], L)
    left = Markup(charts.health_distribution(scores, L)) if scores is not None else no_data(L, L["health_score"])
    right = Markup(charts.at_risk_health(trend, L)) if trend is not None else no_data(L, L["health_trend"])
    return section("health", L["health"], Markup('<div class="grid">{}{}</div>').format(left, right), True)


def renewals(data: ReportData, L: dict[str, str]) -> Section:
    title = L["renewals"].format(days=data.renewal_window_days)
    frame = data.frames.get("renewals")
    if frame is None:
        return empty("renewals", title, L)
    shown = frame.assign(
        arr=frame["arr_reporting"].map(number),
        risk=frame["churn_risk"].map(lambda r: L.get(f"risk_{r}", r)),
        renewal=frame["renewal_date"].astype(str),
        score=frame["health_score"].map(number),
        reasons=frame["churn_risk_reasons"].fillna("").str.replace(",", ", "),
    )
    columns = {
        "account_name": L["account"],
        "arr": f"{L['arr']} ({data.currency})" if data.currency else L["arr"],
        "renewal": L["renewal_date"],
        "days_to_renewal": L["days_to_renewal"],
        "risk": L["churn_risk"],
        "reasons": L["churn_risk_reasons"],
        "score": L["health_score"],
        "csm_name": L["csm"],
    }
    return section("renewals", title, table(shown, columns, frozenset(("arr", "days_to_renewal", "score"))), True)


def verdict_tiles(data: ReportData, L: dict[str, str]) -> Markup:
    v = data.verdict
    if not v or not v.get("expectations"):
        return tiles([(L["verdict"], L["not_checked"], "")])
    failed = bool(v.get("errors"))
    word = Markup('<span class="verdict-{}">{}</span>').format(
        "fail" if failed else "pass", L["verdict_fail"] if failed else L["verdict_pass"]
    )
    return tiles(
        [
            (L["verdict"], word, str(v.get("run_at") or "")[:19]),
            (L["expectations"], number(v.get("expectations")), ""),
            (L["errors"], number(v.get("errors")), ""),
            (L["warnings"], number(v.get("warnings")), ""),
        ]
    )


def quality(data: ReportData, L: dict[str, str]) -> Section:
    failing, quarantine = data.frames.get("failing"), data.frames.get("quarantine")
    if failing is None:
        checks = Markup("<p>{}</p>").format(L["no_failing_checks"] if data.verdict else L["not_checked"])
    else:
        columns = {
            "suite": L["suite"],
            "expectation_id": L["check"],
            "severity": L["severity"],
            "unexpected_count": L["unexpected"],
            "message": L["message"],
        }
        shown = failing.assign(message=failing["message"].fillna("").map(lambda m: shorten(m, MESSAGE_CHARS)))
        checks = table(shown, columns, frozenset(("unexpected_count",)))
    if quarantine is None:
        chart = no_data(L, L["quarantine_by_source"])
    else:
        chart = Markup(charts.bars(quarantine, "source", "rows", L["quarantine_by_source"], "chart-quarantine",
                                   "#ef6c00"))  # fmt: skip
    body = Markup("{}<h3>{}</h3>{}{}").format(verdict_tiles(data, L), L["failing_checks"], checks, chart)
    has_data = bool(data.verdict and data.verdict.get("expectations")) or quarantine is not None
    return section("quality", L["quality"], body, has_data)


def identity(data: ReportData, L: dict[str, str]) -> Section:
    figures, rules, refusals = data.identity, data.frames.get("match_rules"), data.frames.get("refusals")
    if not figures or not figures.get("source_records"):
        return empty("identity", L["identity"], L)
    keys = ("source_records", "resolved_accounts", "merged_accounts", "refusals", "duplicates")
    head = tiles([(L[key], number(figures.get(key)), "") for key in keys])
    left = Markup(charts.bars(rules, "match_rule", "records", L["match_rule"], "chart-match-rules"))
    if refusals is None:
        right = no_data(L, L["refusals_by_guard"])
    else:
        right = Markup(charts.bars(refusals, "guard", "records", L["refusals_by_guard"], "chart-refusals", "#c62828"))
    return section("identity", L["identity"], Markup('{}<div class="grid">{}{}</div>').format(head, left, right), True)


def journey(data: ReportData, L: dict[str, str]) -> Section:
    return stacked_section(data, L, "journey", "journey", ("month_start", "event_type", "events"), "journey_events")


def triage(data: ReportData, L: dict[str, str]) -> Section:
    columns = ("field_name", "other_system", "conflicts")
    return stacked_section(data, L, "triage", "conflicts", columns, "conflicts_by_field")


BUILDERS = (kpis, funnel, arr, retention, health, renewals, quality, identity, journey, triage)


def build_all(data: ReportData, L: dict[str, str]) -> list[Section]:
    """Every section, in page order."""
    return [builder(data, L) for builder in BUILDERS]
