"""`revops report` on a small generated world (60 accounts, two weekly snapshots), as a user runs it.

Every section is there with data, `--lang ja` shows the Japanese labels, a warehouse without marts gives
"no data" panels rather than a crash, and headless Chromium renders every chart with data and requests nothing
from the network.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from revops.report.labels import LABELS, labels
from revops.report.page import SECTIONS
from revops.sample import generate_world
from tests.conftest import cli_env, revops

CHARTS = (
    "chart-funnel",
    "chart-stage-times",
    "chart-arr-bridge",
    "chart-retention",
    "chart-health-distribution",
    "chart-at-risk-health",
    "chart-quarantine",
    "chart-match-rules",
    "chart-refusals",
    "chart-journey",
    "chart-conflicts",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """A 60-account world run through `revops run`, then `revops report` in English and Japanese."""
    work = tmp_path_factory.mktemp("report")
    exports = work / "exports"
    generate_world(exports, accounts=60, seed=5, snapshots=2)
    env = cli_env(work, work / "warehouse.duckdb")
    run = revops("run", str(exports), env=env)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    english = revops("report", env=env)
    japanese = revops("report", "--lang", "ja", "--out", str(work / "ja.html"), env=env)
    return {"work": work, "env": env, "english": english, "japanese": japanese}


def sections_of(html: str) -> dict[str, str]:
    """section id -> data-has-data."""
    return dict(re.findall(r'<section id="([a-z_]+)" data-section="\1" data-has-data="(true|false)"', html))


def test_every_section_is_there_with_data(built):
    done = built["english"]
    assert done.returncode == 0, done.stdout + done.stderr
    page = built["work"] / "reports" / "revops-report.html"
    assert str(page) in done.stdout.replace("\n", "")
    html = page.read_text(encoding="utf-8")
    assert sections_of(html) == dict.fromkeys(SECTIONS, "true")
    for chart in CHARTS:
        assert f'data-chart="{chart}"' in html, chart
    assert LABELS["en"]["no_data"] not in html
    assert len(re.findall(r"\* plotly\.js v\d", html)) == 1  # the library inlined once, not once per chart


def test_japanese_labels(built):
    done = built["japanese"]
    assert done.returncode == 0, done.stdout + done.stderr
    html = (built["work"] / "ja.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in html
    ja = labels("ja")
    for key in ("title", "kpis", "funnel", "arr_bridge", "retention", "health", "quality", "identity", "triage"):
        assert f">{ja[key]}<" in html, key
    assert f">{LABELS['en']['funnel']}<" not in html
    assert sections_of(html) == dict.fromkeys(SECTIONS, "true")


def test_no_external_resources_in_the_markup(built):
    """Outside the inlined plotly.js (whose map attributions hold links never loaded here), nothing points at
    the network: no script, stylesheet, image or font from a URL."""
    html = (built["work"] / "reports" / "revops-report.html").read_text(encoding="utf-8")
    markup = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", markup, flags=re.I)
    assert not re.search(r"@import|url\(\s*[\"']?(?:https?:)?//", markup, flags=re.I)
    assert not re.search(r"<script[^>]+src=", html, flags=re.I)


def test_a_warehouse_without_marts_gives_no_data_panels(tmp_path):
    import duckdb

    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()
    env = {**os.environ, "REVOPS_DB": str(db), "REVOPS_REPORTS_DIR": str(tmp_path / "reports")}
    done = revops("report", "--out", str(tmp_path / "r.html"), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert sections_of(html) == dict.fromkeys(SECTIONS, "false")
    assert html.count('class="no-data"') >= len(SECTIONS)


def test_a_missing_warehouse_is_one_clear_line(tmp_path):
    env = {**os.environ, "REVOPS_DB": str(tmp_path / "absent.duckdb")}
    done = revops("report", env=env)
    assert done.returncode != 0
    assert "no warehouse at" in done.stderr and "Traceback" not in done.stderr


def chromium() -> str | None:
    return next(
        (found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None
    )


def page_requests(net_log: Path) -> list[str]:
    """URLs the page asked for, from Chromium's net log: requests with a page as initiator (the browser's own
    background requests have none: "not an origin")."""
    text = net_log.read_text(encoding="utf-8").rstrip().rstrip(",")
    try:
        events = json.loads(text)["events"]
    except json.JSONDecodeError:  # a log cut short ends inside the events list
        events = json.loads(text + "]}")["events"]
    return [
        params["url"]
        for params in (event.get("params", {}) for event in events)
        if str(params.get("url", "")).startswith(("http:", "https:", "ws:", "wss:"))
        and params.get("initiator", "not an origin") != "not an origin"
    ]


def browse(page: Path, work: Path, *extra: str) -> tuple[str, list[str]]:
    """Render `page` in headless Chromium with every host unresolvable: its DOM after scripts ran, and the
    network requests the page made."""
    net_log = work / f"{page.stem}-net.json"
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--virtual-time-budget=20000",
        f"--log-net-log={net_log}",
        *extra,
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, page_requests(net_log)


def chart_marks(dom: str) -> dict[str, int]:
    """chart id -> marks drawn (bars, funnel segments, markers, line paths) in the rendered SVG."""
    parts = re.split(r'<div class="report-chart" data-chart="([a-z-]+)">', dom)
    found = {}
    for chart, body in zip(parts[1::2], parts[2::2], strict=True):
        drawn = body.count('class="point"') + body.count('class="js-line"') + body.count('class="bars"')
        found[chart] = drawn if "main-svg" in body else 0
    return found


def test_chromium_renders_every_chart_with_data_and_no_network(built):
    if chromium() is None:
        pytest.skip("no chromium binary on PATH (CI: apt-get install -y chromium)")
    work = built["work"]
    page = work / "reports" / "revops-report.html"
    dom, requests = browse(page, work, "--dump-dom")
    marks = chart_marks(dom)
    assert set(marks) == set(CHARTS), marks
    assert all(count > 0 for count in marks.values()), marks
    assert requests == []
    shot = work / "report.png"
    browse(page, work, "--window-size=1400,6000", f"--screenshot={shot}")
    assert shot.is_file() and shot.stat().st_size > 50_000


def test_the_network_check_catches_a_page_that_loads_from_the_web(built, tmp_path):
    if chromium() is None:
        pytest.skip("no chromium binary on PATH (CI: apt-get install -y chromium)")
    html = (built["work"] / "reports" / "revops-report.html").read_text(encoding="utf-8")
    bad = tmp_path / "bad.html"
    bad.write_text(html.replace("<body>", '<body><img src="https://example.com/logo.png">', 1), encoding="utf-8")
    _, requests = browse(bad, tmp_path, "--dump-dom")
    assert requests == ["https://example.com/logo.png"]


def test_each_exposure_links_to_a_section_of_the_report():
    import yaml

    exposures = yaml.safe_load((Path(__file__).parents[2] / "models" / "marts" / "_exposures.yml").read_text())
    urls = {e["name"]: e.get("url", "") for e in exposures["exposures"]}
    assert len(urls) == 5
    for name, url in urls.items():
        page, _, anchor = url.partition("#")
        assert page == "reports/revops-report.html" and anchor in SECTIONS, (name, url)


def test_every_label_has_its_japanese():
    assert set(LABELS["ja"]) == set(LABELS["en"])
    assert all(LABELS["ja"][key] for key in LABELS["en"])
