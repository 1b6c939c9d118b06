"""The gate's checks for what real data breaks, each on a small hand-made warehouse: mis-decoded text, an
emptied full export (and an object an org has none of), implausible dates, amounts in several currencies; and
the Data Docs page: one folder per warehouse, summary first, opened in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from rich.console import Console

from ingest.load import ingest
from revops.quality import run_checks
from revops.quality.mojibake import MOJIBAKE_PATTERN
from revops.warehouse import connect
from tests.python.test_checks import write_csv

MOJIBAKE = [
    "Caf\ufffd",  # replacement character
    "Sato\ue000",  # private use
    "M\u00c3\u00bcller",  # UTF-8 ü read as Latin-1
    "Caf\uff83\uff69",  # UTF-8 é read as CP932: Cafﾃｩ
    "M\uff83\uff7cller",  # Mﾃｼller
    "Smith\u7aa2\u51c2son",  # CJK inside a Latin word
    "\u8b6c\uff6a\u8811",  # 譬ｪ蠑: Japanese UTF-8 read as CP932
    "it\u00e2\u20ac\u2122s",  # itâ€™s
]
CLEAN = [
    "株式会社ABC",
    "ABC株式会社",
    "ｶ)ｴｰﾋﾞｰｼｰ",
    "ＡＢＣ㈱",
    "São Paulo",
    "Müller GmbH",
    "Café de Flore",
    "山田 太郎",
    "taro@abc.co.jp",
    "ABC Co., Ltd.",
    "東京都千代田区丸の内1-1",
]


@pytest.fixture(autouse=True)
def reports(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("REVOPS_REPORTS_DIR", str(tmp_path / "reports"))
    return tmp_path / "reports"


def check(db: Path, tmp_path: Path, suite: str) -> tuple[int, dict]:
    console = Console(record=True, width=200, force_terminal=False)
    code = run_checks(db, suite=suite, json_path=tmp_path / "results.json", console=console)
    return code, json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))


def by_id(document: dict) -> dict[str, dict]:
    return {r["expectation_id"]: r for r in document["results"]}


def land(db: Path, *folders: Path) -> None:
    con = connect(db)
    try:
        results = ingest(con, list(folders))
    finally:
        con.close()
    assert all(r.status not in ("rejected", "ignored") for r in results), [r.message for r in results]


def land_contacts(tmp_path: Path, rows: list[list[str]]) -> Path:
    """A warehouse under `tmp_path` with one HubSpot contacts export of `rows` (id, first, last name, email)."""
    exports = tmp_path / "exports"
    write_csv(
        exports / "hubspot-crm-exports-all-contacts-2026-11-01.csv",
        ["Record ID", "First Name", "Last Name", "Email"],
        rows,
    )
    db = tmp_path / "warehouse.duckdb"
    land(db, exports)
    return db


def execute(db: Path, *statements: str) -> None:
    con = connect(db)
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


def test_mojibake_pattern_flags_mis_decoded_text_and_spares_real_japanese_and_european_text():
    con = duckdb.connect()
    matches = {
        text: con.execute("select regexp_matches(?, ?)", [text, MOJIBAKE_PATTERN]).fetchone()[0]
        for text in MOJIBAKE + CLEAN
    }
    assert [t for t in MOJIBAKE if not matches[t]] == []
    assert [t for t in CLEAN if matches[t]] == []


def test_mis_decoded_rows_fail_the_landing_suite_with_file_row_and_column(tmp_path):
    rows = [["101", "Taro", "Yamada", "taro@abc.co.jp"], ["102", "Jos\uff83\uff69", "M\u00c3\u00bcller", "j@x.de"]]
    db = land_contacts(tmp_path, rows)
    code, document = check(db, tmp_path, "landing_hubspot")
    result = by_id(document)["contacts.text_decoded"]
    assert code == 1 and result["status"] == "failed" and result["severity"] == "error"
    assert result["unexpected_count"] == 1
    example = result["sample"][0]
    assert example["_source_row_number"] == 2 and example["columns"] == "first_name, last_name"
    assert example["example"] == "Jos\uff83\uff69"


def write_cases(folder: Path, rows: list[list[str]]) -> None:
    write_csv(folder / "Case.csv", ["Id", "Subject"], rows)


def test_latest_full_export_empty_fails_only_when_an_earlier_one_had_rows(tmp_path):
    """An org with no Cases exports an empty Case.csv every week: never an error. Cases that were there and are
    all gone from the newest full export: an error worth stopping for."""
    none_ever = tmp_path / "none"
    write_cases(none_ever / "salesforce-2026-10-25", [])
    write_cases(none_ever / "salesforce-2026-11-01", [])
    db = tmp_path / "none.duckdb"
    land(db, none_ever)
    code, document = check(db, tmp_path, "landing_salesforce")
    assert by_id(document)["case.latest_full_export_not_empty"]["status"] == "passed"
    assert code == 0

    vanished = tmp_path / "vanished"
    write_cases(vanished / "salesforce-2026-10-25", [["5001", "Login broken"]])
    write_cases(vanished / "salesforce-2026-11-01", [])
    db = tmp_path / "vanished.duckdb"
    land(db, vanished)
    code, document = check(db, tmp_path, "landing_salesforce")
    result = by_id(document)["case.latest_full_export_not_empty"]
    assert code == 1 and result["status"] == "failed" and result["severity"] == "error"
    assert result["sample"][0]["earlier_rows"] == 1 and "2026-11-01" in result["sample"][0]["source_file"]


def built_by_hand(tmp_path: Path) -> Path:
    """A warehouse that looks built: a Salesforce batch landed, staging and marts tables made by hand."""
    exports = tmp_path / "exports"
    write_cases(exports / "salesforce-2026-11-01", [["5001", "Login broken"]])
    db = tmp_path / "warehouse.duckdb"
    land(db, exports)
    execute(
        db,
        "create schema staging",
        "create schema marts",
        "create table marts.dim_accounts (account_id varchar)",
    )
    return db


def test_implausible_dates_fail_the_dates_suite_with_key_column_and_value(tmp_path):
    db = built_by_hand(tmp_path)
    execute(
        db,
        """create table staging.stg_salesforce__opportunities as select * from (values
            ('006A', timestamp '2026-03-01 10:00:00', date '2026-04-01', date '2026-11-01'),
            ('006B', timestamp '0005-03-01 00:00:00', date '2026-04-01', date '2026-11-01'),
            ('006C', timestamp '2026-12-24 00:00:00', date '2206-04-01', date '2026-11-01'),
            ('006D', null, null, date '2026-11-01')
        ) as t(opportunity_id, created_at, close_date, _export_date)""",
    )
    code, document = check(db, tmp_path, "plausible_dates")
    result = by_id(document)["stg_salesforce__opportunities.dates_plausible"]
    assert code == 1 and result["status"] == "failed" and result["unexpected_count"] == 2
    found = {row["record_key"]: row["implausible"] for row in result["sample"]}
    assert set(found) == {"006B", "006C"}
    assert found["006B"].startswith("created_at = 0005-03-01")
    assert "after the export of 2026-11-01" in found["006C"] and "close_date = 2206-04-01" in found["006C"]


def test_amounts_without_a_rate_warn_when_the_columns_exist_and_are_not_applicable_without_them(tmp_path):
    db = built_by_hand(tmp_path)
    execute(db, "create table marts.fct_opportunities (opportunity_id varchar, amount decimal(18, 2))")
    _code, document = check(db, tmp_path, "marts_core")
    assert by_id(document)["fct_opportunities.amounts_have_a_rate"]["status"] == "not_applicable"

    execute(
        db,
        "alter table marts.fct_opportunities add column currency_code varchar",
        "alter table marts.fct_opportunities add column is_fx_rate_missing boolean",
        "alter table marts.fct_opportunities add column close_date date",
        "insert into marts.fct_opportunities values ('o1', 100, 'JPY', false, null), ('o2', 200, 'USD', false, null)",
    )
    _code, document = check(db, tmp_path, "marts_core")
    assert by_id(document)["fct_opportunities.amounts_have_a_rate"]["status"] == "passed"

    execute(
        db,
        "insert into marts.fct_opportunities values ('o3', 50, 'MXN', true, date '2026-01-05'), "
        "('o4', 20, 'MXN', true, date '2026-02-01'), ('o5', null, 'BRL', true, null)",
    )
    _code, document = check(db, tmp_path, "marts_core")
    result = by_id(document)["fct_opportunities.amounts_have_a_rate"]
    assert result["status"] == "failed" and result["severity"] == "warning"
    assert {row["currency_code"]: row["opportunities"] for row in result["sample"]} == {"MXN": 2}


# --- Data Docs ----------------------------------------------------------------------------------------------


def test_each_warehouse_gets_its_own_data_docs_folder_with_safe_names(tmp_path, reports):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        write_cases(folder / "exports" / "salesforce-2026-11-01", [["5001", "Login broken"]])
        land(folder / "revops.duckdb", folder / "exports")
    pages = []
    for folder in (first, second):
        check(folder / "revops.duckdb", folder, "landing_*")
        pages.append(Path(json.loads((folder / "results.json").read_text(encoding="utf-8"))["data_docs"]))
    assert pages[0] != pages[1] and all(p.is_file() for p in pages)
    assert str(first / "revops.duckdb") in pages[0].read_text(encoding="utf-8")
    assert str(second / "revops.duckdb") in pages[1].read_text(encoding="utf-8")
    names = [p.relative_to(reports).as_posix() for p in reports.rglob("*")]
    assert [n for n in names if not re.fullmatch(r"[A-Za-z0-9_./-]+", n)] == []
    root = (reports / "data_docs" / "index.html").read_text(encoding="utf-8")
    assert all(f"{p.parent.name}/index.html" in root for p in pages)


def chromium() -> str | None:
    return next(
        (found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None
    )


def test_data_docs_summary_shows_the_right_counts_in_headless_chromium(tmp_path):
    browser = chromium()
    if browser is None:
        pytest.skip("no chromium binary on PATH (CI: apt-get install -y chromium)")
    rows = [["101", "Jos\uff83\uff69", "Yamada", "bob at example.com"], ["101", "Taro", "Yamada", "t@abc.co.jp"]]
    db = land_contacts(tmp_path, rows)
    code, document = check(db, tmp_path, "landing_*")
    counts = document["counts"]
    assert code == 1 and counts["errors"] == 2 and counts["warnings"] == 1 and counts["not_applicable"] > 0
    page = Path(document["data_docs"])
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"(?:src|href)=[\"']https?://", html) and "<script" not in html
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    shown = {key: re.search(rf'id="count-{key}">(\d+)<', dom) for key in counts}
    assert {key: int(m.group(1)) for key, m in shown.items() if m} == counts
    assert re.search(r'id="verdict"[^>]*>FAIL<', dom)
    # failing expectations come first, errors before the warning, each with its severity and examples
    problems = dom[dom.index('id="problems"') : dom.index('id="suites"')]
    order = [problems.index(x) for x in ("contacts.primary_key_unique_per_batch", "contacts.text_decoded")]
    assert order and problems.index("contacts.email.well_formed") > max(order)
    assert problems.count("severity-error") == 2 and problems.count("severity-warning") == 1
    assert "bob at example.com" in problems and "Subscribe" not in dom
