"""`revops report`: one static HTML page of the marts (KPIs, funnel, ARR bridge, retention, health, renewals,
data quality, identity, journey, conflicts) that opens offline. Reads the warehouse only, through a read-only
reader (revops.readers): the DuckDB file, or PostgreSQL's marts."""

from __future__ import annotations

from pathlib import Path

from revops import settings
from revops.readers import Reader
from revops.report import labels, page, queries, sections

DEFAULT_NAME = "revops-report.html"


def default_path() -> Path:
    """reports/revops-report.html, next to the other reports (REVOPS_REPORTS_DIR)."""
    return settings.reports_dir() / DEFAULT_NAME


def write_report(source: Reader, out: Path | None = None, lang: str = "en") -> Path:
    """Read the warehouse through `source`, write the page to `out` (default: default_path()); the path written."""
    words = labels.labels(lang)
    data = queries.collect(source, source.describe())
    html = page.render(data, words, lang, sections.build_all(data, words))
    target = out or default_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    return target
