"""`revops run` end to end on generated worlds shaped like real teams: every vendor missing in turn, Salesforce
only, HubSpot only (each must end with exit 0 and the summary), and a world corrupted on purpose (mis-decoded
text, a year-5 date, two currencies, a blank required value; its funnel already has stages left before they
were entered), which must fail the gate with exit 1 naming each broken expectation.

One small world (30 accounts) is generated once; each case copies it without some vendors' files and runs
`revops run` in its own process, as a user does (one dbt build per case)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from revops.sample import generate_world
from tests.conftest import cli_env, revops

VENDORS = ("salesforce", "hubspot", "zendesk", "gainsight")
WORLDS = {f"without_{vendor}": tuple(v for v in VENDORS if v != vendor) for vendor in VENDORS} | {
    "salesforce_only": ("salesforce",),
    "hubspot_only": ("hubspot",),
}


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gate_world") / "exports"
    generate_world(out, accounts=30, seed=11, snapshots=2)
    return out


def copy_world(world: Path, target: Path, vendors: tuple[str, ...]) -> Path:
    """The world with only `vendors`' files (each snapshot folder holds one folder per vendor)."""
    shutil.copytree(world, target, ignore=lambda _, names: [n for n in names if n in VENDORS and n not in vendors])
    return target


def revops_run(exports: Path, work: Path) -> subprocess.CompletedProcess:
    return revops("run", str(exports), env=cli_env(work, work / "warehouse.duckdb", columns=250))


def last_check(work: Path) -> dict:
    """The results of the check `revops run` ended with, from the per-warehouse Data Docs folder."""
    summaries = list((work / "reports" / "data_docs").glob("*/summary.json"))
    assert len(summaries) == 1, summaries
    return json.loads(summaries[0].read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", list(WORLDS))
def test_every_subset_of_vendors_runs_to_the_end(name, world, tmp_path):
    vendors = WORLDS[name]
    done = revops_run(copy_world(world, tmp_path / "exports", vendors), tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-6000:]
    assert "revops-warehouse summary" in done.stdout and "PASS" in done.stdout, done.stdout[-3000:]
    assert "unexpected" not in output
    summary = last_check(tmp_path)
    assert summary["verdict"] == "pass" and summary["counts"]["missing"] == 0
    # the absent vendors' landing suites are not applicable, not passed
    assert summary["counts"]["not_applicable"] > 0
    for absent in set(VENDORS) - set(vendors):
        assert f"landing_{absent}" in done.stdout


def rewrite_csv(path: Path, change: dict[str, str], row: int = 0) -> None:
    """Set columns of one data row of a CSV export, keeping its encoding (UTF-8 with or without BOM, or CP932)."""
    raw = path.read_bytes()
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        encoding, text = "cp932", raw.decode("cp932")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    for column, value in change.items():
        rows[1 + row][header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def test_a_corrupted_world_fails_the_gate_naming_each_broken_expectation(world, tmp_path):
    exports = copy_world(world, tmp_path / "exports", VENDORS)
    latest = sorted(p for p in exports.iterdir() if p.is_dir() and p.name[:1].isdigit())[-1]
    date = latest.name
    hubspot, gainsight = latest / "hubspot", latest / "gainsight"
    rewrite_csv(hubspot / f"hubspot-crm-exports-all-contacts-{date}.csv", {"First Name": "Jos\uff83\uff69"})
    rewrite_csv(hubspot / f"hubspot-crm-exports-all-deals-{date}.csv", {"Create Date": "0005-03-29 00:05"})
    rewrite_csv(gainsight / f"gainsight-subscriptions-{date}.csv", {"Currency": "USD"})
    rewrite_csv(hubspot / f"hubspot-crm-exports-all-companies-{date}.csv", {"会社名": ""}, row=1)

    done = revops_run(exports, tmp_path)
    output = " ".join((done.stdout + done.stderr).split())
    assert done.returncode == 1, output[-6000:]
    assert "FAIL" in done.stdout and "stage 'check' failed" in output, output[-3000:]
    results = {(r["suite"], r["expectation_id"]): r for r in last_check_results(tmp_path)}
    broken = {
        ("landing_hubspot", "contacts.text_decoded"): "error",
        ("plausible_dates", "date_formats_by_batch.no_implausible_values"): "error",
        ("marts_revops", "arr.amounts_have_a_rate"): "warning",
        ("marts_revops", "fct_funnel.left_after_entered"): "warning",
    }
    for (suite, expectation), severity in broken.items():
        result = results[(suite, expectation)]
        assert result["status"] == "failed" and result["severity"] == severity, result
        assert f"{severity}: {suite}/{expectation}" in output
    assert "Jos\uff83\uff69" in json.dumps(
        results["landing_hubspot", "contacts.text_decoded"]["sample"], ensure_ascii=False
    )
    # staging nulls the year-5 date; the per-batch date audit names it with its value
    implausible = results[("plausible_dates", "date_formats_by_batch.no_implausible_values")]
    assert "0005-03-29" in json.dumps(implausible["sample"])
    # the blank company name: flagged where it landed (an error), or quarantined at landing (a warning naming it)
    blank = results[("landing_hubspot", "companies.company_name.not_blank")]
    quarantined = results[("landing_hubspot", "rows_quarantined")]
    assert blank["status"] == "failed" or "required" in json.dumps(quarantined["sample"]), (blank, quarantined)
    assert "landing_hubspot/companies.company_name.not_blank" in output or "landing_hubspot/rows_quarantined" in output


def last_check_results(work: Path) -> list[dict]:
    import duckdb

    con = duckdb.connect(str(work / "warehouse.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "select suite, expectation_id, severity, status, sample from audit.dq_results "
            "where run_id = (select max(run_id) from audit.dq_results)"
        ).fetchall()
    finally:
        con.close()
    return [
        {"suite": s, "expectation_id": e, "severity": v, "status": t, "sample": json.loads(m)} for s, e, v, t, m in rows
    ]
