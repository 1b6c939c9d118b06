"""The report page: one self-contained HTML file (plotly.js inlined once, system fonts, no network).

Sections, each with an id the exposures link to (models/marts/_exposures.yml): kpis, funnel, arr, retention,
health, renewals, quality, identity, journey, triage. A panel without data says so ("no data"), never fails.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from revops.report.queries import ReportData

SECTIONS = ("kpis", "funnel", "arr", "retention", "health", "renewals", "quality", "identity", "journey", "triage")
STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Yu Gothic UI", Meiryo,
       "Noto Sans CJK JP", sans-serif;
       margin: 0; background: #f5f6f8; color: #1f2933; }
header { background: #1f2933; color: #fff; padding: 1rem 2rem; }
header h1 { margin: 0 0 .3rem; font-size: 1.5rem; } header p { margin: 0; opacity: .8; font-size: .9rem; }
nav { padding: .5rem 2rem; background: #e4e7eb; font-size: .9rem; } nav a { margin-right: 1rem; color: #1f2933; }
main { padding: 1rem 2rem; }
section { background: #fff; border-radius: 8px; padding: 1rem 1.5rem; margin-bottom: 1.2rem;
          box-shadow: 0 1px 3px rgba(0,0,0,.08); }
section h2 { margin-top: 0; font-size: 1.2rem; }
.tiles { display: flex; flex-wrap: wrap; gap: 1rem; }
.tile { flex: 1 1 10rem; background: #f5f7fa; border-radius: 6px; padding: .8rem 1rem; }
.tile .label { font-size: .85rem; color: #52606d; } .tile .value { font-size: 1.6rem; font-weight: 600; }
.tile .note { font-size: .8rem; color: #7b8794; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(28rem, 1fr)); gap: 1rem; }
.grid > * { min-width: 0; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .5rem 0; }
th, td { border-bottom: 1px solid #e4e7eb; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f5f7fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.no-data { padding: 1.5rem; text-align: center; color: #7b8794; background: #f5f7fa; border: 1px dashed #cbd2d9;
           border-radius: 6px; margin: .5rem 0; }
.verdict-pass { color: #2e7d32; } .verdict-fail { color: #c62828; }
.risk-high { color: #c62828; font-weight: 600; } .risk-medium { color: #ef6c00; }
"""
TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ L.title }}</title><style>{{ style }}</style>
<script type="text/javascript">{{ plotlyjs }}</script></head>
<body><header><h1>{{ L.title }}</h1>
<p>{{ L.as_of }}: {{ as_of }} · {{ L.generated }}: {{ generated }} · {{ L.warehouse }}: {{ warehouse }}</p></header>
<nav>{% for s in sections %}<a href="#{{ s.id }}">{{ s.title }}</a>{% endfor %}</nav>
<main>{% for s in sections %}
<section id="{{ s.id }}" data-section="{{ s.id }}" data-has-data="{{ 'true' if s.has_data else 'false' }}">
<h2>{{ s.title }}</h2>{{ s.body }}</section>{% endfor %}
</main></body></html>
"""
_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def no_data(labels: dict[str, str], what: str = "") -> Markup:
    title = f"{labels['no_data']}: {what}" if what else labels["no_data"]
    return Markup('<div class="no-data"><strong>{}</strong><br>{}</div>').format(title, labels["no_data_hint"])


def number(value: Any, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    return f"{float(value):,.{digits}f}"


def percent(value: Any) -> str:
    return "—" if value is None or pd.isna(value) else f"{float(value) * 100:.1f}%"


def table(frame: pd.DataFrame, columns: dict[str, str], numeric: frozenset[str] = frozenset()) -> Markup:
    """An HTML table of `columns` (column -> heading); numeric columns right-aligned."""
    head = Markup("").join(Markup("<th>{}</th>").format(h) for h in columns.values())
    body = Markup("")
    for record in frame.to_dict("records"):
        cells = Markup("")
        for column in columns:
            value = record.get(column)
            shown = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else value
            css = ' class="num"' if column in numeric else ""
            cells += Markup("<td{}>{}</td>").format(Markup(css), shown)
        body += Markup("<tr>{}</tr>").format(cells)
    return Markup("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>").format(head, body)


def tiles(items: list[tuple[str, str, str]]) -> Markup:
    """KPI tiles: (label, value, note)."""
    return Markup('<div class="tiles">{}</div>').format(
        Markup("").join(
            Markup('<div class="tile"><div class="label">{}</div><div class="value">{}</div>'
                   '<div class="note">{}</div></div>').format(label, value, note)
            for label, value, note in items
        )
    )  # fmt: skip


def render(data: ReportData, labels: dict[str, str], lang: str, sections: list[dict[str, Any]]) -> str:
    """The whole page."""
    return _ENV.from_string(TEMPLATE).render(
        lang=lang,
        L=labels,
        style=Markup(STYLE),
        plotlyjs=Markup(get_plotlyjs()),
        as_of=str(data.kpis.get("as_of_date") or "—"),
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
        warehouse=str(data.warehouse),
        sections=sections,
    )
