"""Data Docs a person reads: one self-contained HTML page per warehouse, written from this run's results.

`reports/data_docs/<warehouse>/index.html` opens with the verdict and the counts by severity, then the failing
expectations (errors first) with their count and example rows, then every suite with the severity and result of
each expectation. It loads nothing from the network (no scripts at all), its file names are plain ASCII, and each
warehouse gets its own folder (named from the file name and a hash of its full path), so checking a second
warehouse never overwrites the first. `reports/data_docs/index.html` lists the warehouses checked.
"""

from __future__ import annotations

import hashlib
import json
import re
from html import escape
from pathlib import Path
from typing import Any

from revops.quality.results import CheckResult, _plain

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; font-size: 0.9rem; }
.verdict-pass { color: #1e7e34; } .verdict-fail { color: #bd2130; }
.severity { display: inline-block; padding: 0 0.4em; border-radius: 0.25em; font-weight: bold; }
.severity-error { background: #f8d7da; color: #721c24; } .severity-warning { background: #fff3cd; color: #856404; }
.status-passed { color: #1e7e34; } .status-failed, .status-missing { color: #bd2130; }
.status-not_applicable { color: #777; }
dl.counts { display: grid; grid-template-columns: max-content max-content; gap: 0.2rem 1rem; }
dl.counts dt { font-weight: bold; }
"""
COUNT_LABELS = (
    ("errors", "errors (fail the gate)"),
    ("warnings", "warnings"),
    ("passed", "passed"),
    ("missing", "missing (could not run)"),
    ("not_applicable", "not applicable"),
)


def warehouse_folder(db: Path) -> str:
    """A folder name safe on every OS: the warehouse file's stem (ASCII letters, digits, - and _) and a hash of its
    full path, so two warehouses with the same file name get two folders."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", db.stem).strip("_") or "warehouse"
    digest = hashlib.sha1(str(db.resolve()).encode("utf-8")).hexdigest()[:8]
    return f"{stem}-{digest}"


def _severity(r: CheckResult) -> str:
    return f'<span class="severity severity-{escape(r.severity)}">{escape(r.severity)}</span>'


def _examples(sample: list[Any]) -> str:
    if not sample:
        return ""
    rows = [row if isinstance(row, dict) else {"value": row} for row in sample]
    columns = list(dict.fromkeys(key for row in rows for key in row))
    head = "".join(f"<th>{escape(str(c))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(_plain(row.get(c, ''))))}</td>" for c in columns) + "</tr>" for row in rows
    )
    return f'<table class="examples"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _problem(r: CheckResult) -> str:
    count = "" if r.unexpected_count is None else f" ({r.unexpected_count:,} offending)"
    return (
        f'<li class="problem">{_severity(r)} <strong>{escape(r.suite)}/{escape(r.expectation_id)}</strong>'
        f"{escape(count)}: {escape(r.description)}<br><small>{escape(r.message or r.observed_value)}</small>"
        f"{_examples(r.sample)}</li>"
    )


def _suite_table(suite: str, results: list[CheckResult]) -> str:
    rows = "".join(
        f"<tr><td>{_severity(r)}</td><td>{escape(r.expectation_id)}</td><td>{escape(r.table)}</td>"
        f'<td class="status-{escape(r.status)}">{escape(r.status.replace("_", " "))}</td>'
        f"<td>{escape(r.observed_value or r.message)}</td></tr>"
        for r in results
    )
    head = "<tr><th>severity</th><th>expectation</th><th>table</th><th>result</th><th>observed</th></tr>"
    return (
        f'<h3 id="suite-{escape(suite)}">{escape(suite)}</h3><table><thead>{head}</thead><tbody>{rows}</tbody></table>'
    )


def render_page(summary: dict[str, Any], results: list[CheckResult]) -> str:
    verdict = summary["verdict"]
    counts = summary["counts"]
    figures = "".join(
        f'<dt>{escape(label)}</dt><dd id="count-{key}">{counts.get(key, 0)}</dd>' for key, label in COUNT_LABELS
    )
    problems = sorted((r for r in results if r.status in ("failed", "missing")), key=lambda r: not r.blocks)
    listed = "".join(_problem(r) for r in problems) or "<li>none</li>"
    suites = "".join(
        _suite_table(suite, [r for r in results if r.suite == suite])
        for suite in dict.fromkeys(r.suite for r in results)
    )
    title = f"revops check: {Path(summary['database']).name}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title><style>{STYLE}</style></head>
<body>
<h1>{escape(title)}</h1>
<section id="summary">
<h2>Verdict: <span id="verdict" class="verdict-{escape(verdict)}">{escape(verdict.upper())}</span></h2>
<p>Warehouse <code>{escape(summary["database"])}</code>, run <code>{escape(summary["run_id"])}</code> at
{escape(str(_plain(summary["run_at"])))} UTC, {summary["seconds"]} s.</p>
<dl class="counts">{figures}</dl>
</section>
<section id="problems"><h2>Failing expectations</h2><ul>{listed}</ul></section>
<section id="suites"><h2>Every expectation by suite</h2>{suites}</section>
</body></html>
"""


def _write_root_index(root: Path) -> None:
    rows = []
    for summary_file in sorted(root.glob("*/summary.json")):
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
        folder = summary_file.parent.name
        rows.append(
            f'<tr><td><a href="{escape(folder)}/index.html">{escape(summary["database"])}</a></td>'
            f'<td class="verdict-{escape(summary["verdict"])}">{escape(summary["verdict"].upper())}</td>'
            f"<td>{escape(str(summary['run_at']))}</td></tr>"
        )
    (root / "index.html").write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>revops check: warehouses</title><style>{STYLE}</style></head>
<body><h1>Data quality by warehouse</h1><table><thead><tr><th>warehouse</th><th>verdict</th><th>last run</th></tr>
</thead><tbody>{"".join(rows)}</tbody></table></body></html>
""",
        encoding="utf-8",
    )


def write_data_docs(root: Path, db: Path, summary: dict[str, Any], results: list[CheckResult]) -> Path:
    """Write this run's page for `db` and refresh the list of warehouses; returns the page."""
    folder = root / warehouse_folder(db)
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "index.html"
    page.write_text(render_page(summary, results), encoding="utf-8")
    (folder / "summary.json").write_text(json.dumps(_plain(summary), ensure_ascii=False, indent=2), encoding="utf-8")
    _write_root_index(root)
    return page
