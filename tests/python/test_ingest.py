"""Ingest: every format and encoding lands, exactly once, and every row is landed or quarantined."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from ingest.load import ingest, land_file
from revops.errors import WarehouseLockedError
from revops.warehouse import connect

CONTACT_HEADERS = ["Record ID", "First Name", "Last Name", "Email", "Lifecycle Stage", "Create Date"]
CONTACT_ROWS = [
    ["101", "Taro", "Yamada", "taro@abc.co.jp", "lead", "2026-01-05 10:00"],
    ["102", "花子", "佐藤", "hanako@ＡＢＣ.co.jp", "customer", "2026/01/06 11:00"],
    ["103", "Ann", "Lee", "ann@example.com", "marketingqualifiedlead", ""],
]
JA_HEADERS = ["レコードID", "名", "姓", "Eメール", "ライフサイクルステージ", "作成日"]


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def rows_of(con, table: str, order: str = "_source_row_number") -> list[tuple]:
    return con.execute(f"select * from raw.{table} order by {order}").fetchall()


def column(con, sql: str) -> list:
    return [row[0] for row in con.execute(sql).fetchall()]


def batch(con, source_file: str) -> dict:
    cursor = con.execute("select * from audit.ingest_batches where source_file = ?", [source_file])
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    assert row is not None, f"no batch recorded for {source_file}"
    return dict(zip(names, row, strict=True))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "utf-16"])
def test_csv_in_every_encoding_lands_with_lineage(warehouse, tmp_path, encoding):
    headers = JA_HEADERS if encoding == "cp932" else CONTACT_HEADERS
    path = write_csv(tmp_path / "hubspot-crm-exports-all-contacts-2026-11-01.csv", headers, CONTACT_ROWS, encoding)
    result = land_file(warehouse, path)
    assert result.status == "landed", result.message
    assert (result.rows_read, result.rows_landed, result.rows_quarantined) == (3, 3, 0)
    got = warehouse.execute(
        "select record_id, first_name, email, create_date, _source_row_number, _export_date::varchar, "
        "_export_kind from raw.hubspot__contacts order by _source_row_number"
    ).fetchall()
    assert got == [
        ("101", "Taro", "taro@abc.co.jp", "2026-01-05 10:00", 1, "2026-11-01", "full"),
        ("102", "花子", "hanako@ＡＢＣ.co.jp", "2026/01/06 11:00", 2, "2026-11-01", "full"),
        ("103", "Ann", "ann@example.com", "", 3, "2026-11-01", "full"),
    ]
    assert batch(warehouse, str(path))["encoding"] == encoding


def test_cp932_file_with_ascii_first_megabyte_is_retried_as_cp932(warehouse, tmp_path):
    filler = [[str(1000 + i), "John", "Smith", f"j{i}@example.com", "lead", "2026-01-01"] for i in range(30000)]
    rows = [*filler, ["99999", "株式会社", "ＡＢＣ㈱", "abc@abc.co.jp", "lead", "2026-01-01"]]
    path = write_csv(tmp_path / "hubspot-crm-exports-all-contacts-2026-11-01.csv", CONTACT_HEADERS, rows, "cp932")
    assert path.stat().st_size > 1 << 20
    result = land_file(warehouse, path)
    assert (result.status, result.rows_landed, result.rows_quarantined) == ("landed", 30001, 0)
    assert column(warehouse, "select last_name from raw.hubspot__contacts where record_id = '99999'") == ["ＡＢＣ㈱"]
    assert result.encoding == "cp932"


def test_xlsx_parquet_json_lines_and_api_page_land(warehouse, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Company GSID", "Snapshot Date", "Licenses Purchased", "Active Users"])
    sheet.append(["GS-1", "2026-10-01", 50, 41])
    sheet.append(["GS-2", "2026-10-01", 10, None])
    xlsx = tmp_path / "gainsight-usage-2026-11-01.xlsx"
    workbook.save(xlsx)

    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet = tmp_path / "deals.parquet"
    pq.write_table(pa.table({"Record ID": [1, 2], "Deal Stage": ["closedwon", "appointmentscheduled"]}), parquet)

    tickets = tmp_path / "tickets.jsonl"
    tickets.write_text(
        "\n".join(
            json.dumps(t, ensure_ascii=False)
            for t in [
                {
                    "id": 1,
                    "status": "open",
                    "created_at": "2026-10-01T00:00:00Z",
                    "via": {"channel": "email"},
                    "satisfaction_rating": {"score": "good"},
                    "tags": ["a", "b"],
                    "custom": "x",
                },
                {"id": 2, "status": "solved", "created_at": "2026-10-02T00:00:00Z", "subject": "請求書"},
            ]
        )
        + "\n"
    )
    page = tmp_path / "organizations.json"
    page.write_text(
        json.dumps(
            {
                "organizations": [{"id": 7, "name": "ABC株式会社", "domain_names": ["abc.co.jp"]}],
                "next_page": None,
            }
        )
    )
    results = ingest(warehouse, [xlsx, parquet, tickets, page])
    assert [(r.source_name, r.status, r.rows_landed) for r in results] == [
        ("hubspot.deals", "landed", 2),  # undated files first, then by export date in the name
        ("zendesk.organizations", "landed", 1),
        ("zendesk.tickets", "landed", 2),
        ("gainsight.usage", "landed", 2),
    ]
    assert rows_of(warehouse, "gainsight__usage")[0][:4] == ("GS-1", "2026-10-01", "50", "41")
    assert column(warehouse, "select active_users from raw.gainsight__usage where company_gsid='GS-2'") == [None]
    ticket = warehouse.execute(
        "select channel, satisfaction_score, tags, subject, _extra_columns from raw.zendesk__tickets where id = '1'"
    ).fetchone()
    assert ticket[:4] == ("email", "good", '["a","b"]', None)
    assert json.loads(ticket[4])["custom"] == "x"
    assert column(warehouse, "select domain_names from raw.zendesk__organizations") == ['["abc.co.jp"]']


def test_zip_archive_is_expanded_and_every_member_lands(warehouse, tmp_path, salesforce_export):
    archive = tmp_path / "WE_00D5g000004abcdEAA_1.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for name in ("Account.csv", "Contact.csv"):
            bundle.write(salesforce_export / name, name)
    results = ingest(warehouse, [archive])
    assert [(r.source_file, r.rows_landed) for r in results] == [
        (f"{archive}!Account.csv", 12),
        (f"{archive}!Contact.csv", 35),
    ]


def test_real_salesforce_export_lands_every_row(warehouse, salesforce_export):
    results = ingest(warehouse, [salesforce_export])
    landed = {r.source_name: r for r in results if r.status == "landed"}
    for path in sorted(salesforce_export.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            expected = sum(1 for _ in csv.reader(handle)) - 1
        result = landed[f"salesforce.{path.stem}"]
        assert (result.rows_landed, result.rows_quarantined) == (expected, 0), path.name
    assert column(warehouse, "select name from raw.salesforce__account where id = '0014600001TvgfWAAR'") == [
        "Edge Communications"
    ]
    extra = json.loads(column(warehouse, "select _extra_columns from raw.salesforce__account limit 1")[0])
    assert "SLA__c" in extra  # unmapped fields are kept, not dropped


def test_reingest_is_a_no_op(warehouse, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    path = write_csv(folder / "hubspot-crm-exports-all-contacts-2026-11-01.csv", CONTACT_HEADERS, CONTACT_ROWS)
    first = ingest(warehouse, [folder])
    before = warehouse.execute("select count(*) from raw.hubspot__contacts").fetchone()[0]
    audit_before = warehouse.execute("select count(*) from audit.ingest_batches").fetchone()[0]
    second = ingest(warehouse, [folder])
    assert [r.status for r in first] == ["landed"]
    assert [r.status for r in second] == ["skipped_duplicate"]
    assert warehouse.execute("select count(*) from raw.hubspot__contacts").fetchone()[0] == before == 3
    assert warehouse.execute("select count(*) from audit.ingest_batches").fetchone()[0] == audit_before
    assert path.exists()


def test_missing_required_column_rejects_the_whole_file(warehouse, tmp_path):
    path = write_csv(
        tmp_path / "Opportunity.csv",
        ["Id", "Name", "Amount"],
        [["0061", "Big deal", "100"], ["0062", "Small", "1"]],
    )
    (result,) = ingest(warehouse, [path], source="salesforce.Opportunity")
    assert result.status == "rejected"
    assert "Opportunity.csv" in result.message and "stage_name" in result.message
    assert warehouse.execute("select count(*) from raw.salesforce__opportunity").fetchone()[0] == 0
    assert batch(warehouse, str(path))["status"] == "rejected"


def test_unknown_file_is_rejected_with_the_candidates_considered(warehouse, tmp_path):
    path = write_csv(tmp_path / "export.csv", ["foo", "bar"], [["1", "2"]])
    (result,) = ingest(warehouse, [path])
    assert result.status == "rejected"
    assert "not a recognised export" in result.message and "Candidates considered" in result.message
    assert "salesforce." in result.message or "hubspot." in result.message


def test_broken_rows_are_quarantined_and_accounted(warehouse, tmp_path):
    path = tmp_path / "hubspot-crm-exports-all-contacts-2026-11-01.csv"
    lines = [
        '"Record ID","First Name","Last Name","Email"',
        '"1","A","Alpha","a@x.com"',
        '"2","B","Beta"',  # too few fields
        '"3","C\nmultiline","Gamma","c@x.com"',
        '"4","D","Delta","d@x.com","surplus"',  # too many fields
        '"5","E","Epsilon","e@x.com"',
    ]
    payload = (
        "\n".join(lines).encode()
        + b'\n"6","\xff\xfe","Zeta","z@x.com"\n'
        + b'"7","'
        + b"x" * (9 << 20)
        + b'","Eta","h@x.com"\n"8","H","Theta","t@x.com"\n'
    )
    path.write_bytes(payload)
    result = land_file(warehouse, path)
    assert result.status == "landed"
    assert (result.rows_read, result.rows_landed, result.rows_quarantined) == (8, 4, 4)
    landed = warehouse.execute("select record_id, _source_row_number from raw.hubspot__contacts order by 2").fetchall()
    assert landed == [("1", 1), ("3", 3), ("5", 5), ("8", 8)]
    quarantined = warehouse.execute(
        "select row_number, reason from audit.quarantine where source_file = ? order by row_number",
        [str(path)],
    ).fetchall()
    assert [r[0] for r in quarantined] == [2, 4, 6, 7]
    reasons = " ".join(r[1] for r in quarantined)
    assert "MISSING COLUMNS" in reasons and "TOO MANY COLUMNS" in reasons and "INVALID" in reasons
    recorded = batch(warehouse, str(path))
    assert recorded["rows_read"] == recorded["rows_landed"] + recorded["rows_quarantined"] == 8


def test_invalid_json_lines_and_undecodable_cp932_are_quarantined(warehouse, tmp_path):
    tickets = tmp_path / "tickets.jsonl"
    tickets.write_text(
        '{"id": 1, "status": "open", "created_at": "2026-01-01"}\n{broken\n\n[1, 2]\n'
        '{"id": 2, "status": "new", "created_at": "2026-01-02"}\n'
    )
    result = land_file(warehouse, tickets)
    assert (result.rows_landed, result.rows_quarantined) == (2, 2)
    assert column(warehouse, "select row_number from audit.quarantine order by 1") == [2, 4]
    assert column(warehouse, "select _source_row_number from raw.zendesk__tickets order by 1") == [1, 5]

    data = write_csv(tmp_path / "x.csv", JA_HEADERS, [["1", "太郎", "山田", "t@a.jp", "lead", ""]], "cp932")
    data.write_bytes(data.read_bytes() + '"2","次郎","'.encode("cp932") + b"\x82\xff" + b'","j@a.jp","lead",""\n')
    result = land_file(warehouse, data, source="hubspot.contacts")
    assert (result.encoding, result.rows_landed, result.rows_quarantined) == ("cp932", 1, 1)
    assert (
        "undecodable"
        in column(
            warehouse,
            "select reason from audit.quarantine where row_number = 2 and source_file like '%x.csv'",
        )[0]
    )


def test_hostile_headers_are_kept_safely(warehouse, tmp_path):
    headers = [
        "Record ID",
        'we"ird',
        "a;drop table raw.hubspot__contacts;--",
        "select",
        "Email",
        "Email",
        "",
        "ＥＭＡＩＬ",
    ]
    path = write_csv(tmp_path / "contacts.csv", headers, [["1", "q", "s", "k", "e@x.com", "dup@x.com", "empty", "w"]])
    result = land_file(warehouse, path, source="hubspot.contacts")
    assert result.status == "landed", result.message
    email, extra = warehouse.execute("select email, _extra_columns from raw.hubspot__contacts").fetchone()
    assert email == "e@x.com"
    assert json.loads(extra) == {
        'we"ird': "q",
        "a;drop table raw.hubspot__contacts;--": "s",
        "select": "k",
        "Email (2)": "dup@x.com",
        "column_7": "empty",
        "ＥＭＡＩＬ (2)": "w",
    }
    assert warehouse.execute("select count(*) from raw.hubspot__contacts").fetchone()[0] == 1


def test_lock_held_by_another_process_gives_a_clear_error(tmp_path):
    db = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,sys,time; c=duckdb.connect({str(db)!r}); print('ready', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(WarehouseLockedError, match="warehouse is in use by another process"):
            connect(db)
        cli = subprocess.run(
            [sys.executable, "-m", "ingest", "ingest", str(tmp_path), "--db", str(db)],
            capture_output=True,
            text=True,
        )
        assert cli.returncode != 0
        assert "warehouse is in use by another process" in cli.stderr
        assert "Traceback" not in cli.stderr
    finally:
        holder.kill()
        holder.wait()


def test_killed_ingest_leaves_no_partial_batch_and_the_next_run_lands_it(tmp_path):
    rows = [[str(i), "First", "Last", f"p{i}@example.com", "lead", "2026-01-01"] for i in range(400_000)]
    folder = tmp_path / "exports"
    folder.mkdir()
    write_csv(folder / "hubspot-crm-exports-all-contacts-2026-11-01.csv", CONTACT_HEADERS, rows)
    db = tmp_path / "w.duckdb"
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "import ingest.load as load\n"
        "from revops.warehouse import connect\n"
        "real = load._land\n"
        "def slow(*a, **k):\n"
        "    out = real(*a, **k)\n"
        "    print('inserted', flush=True)\n"
        "    time.sleep(60)\n"
        "    return out\n"
        "load._land = slow\n"
        f"load.ingest(connect(Path({str(db)!r})), [Path({str(folder)!r})])\n"
    )
    victim = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert victim.stdout.readline().strip() == "inserted"  # rows inserted, transaction still open
    finally:
        victim.kill()
        victim.wait()
    con = connect(db)
    try:
        assert con.execute("select count(*) from raw.hubspot__contacts").fetchone()[0] == 0
        assert con.execute("select count(*) from audit.ingest_batches").fetchone()[0] == 0
        (result,) = ingest(con, [folder])
        assert (result.status, result.rows_landed) == ("landed", 400_000)
    finally:
        con.close()


def test_every_generated_export_lands_and_only_the_junk_rows_are_quarantined(warehouse, tmp_path):
    from revops.sample import generate_world

    out = tmp_path / "world"
    report = generate_world(out, accounts=40, seed=3, snapshots=2)
    results = ingest(warehouse, [out])
    assert [r.message for r in results if r.status in ("rejected", "ignored")] == []
    by_file = {}
    for r in results:
        archive, _, member = r.source_file.rpartition("!")
        path = Path(archive) if archive else Path(r.source_file)
        relative = path.relative_to(out).as_posix() + (f"!{member}" if archive else "")
        by_file[relative] = r
    landed = {name: r for name, r in by_file.items() if r.status == "landed"}
    assert set(landed) | {n for n, r in by_file.items() if r.status == "skipped_duplicate"} == set(report["files"])
    for name, r in landed.items():
        assert r.rows_landed == report["files"][name], name
        assert r.rows_quarantined == report["malformed_rows"].get(name, 0), name


def test_large_csv_keeps_file_row_numbers_across_read_buffers(warehouse, tmp_path):
    """A file of many DuckDB read buffers (~90 MB), landed as `revops ingest` lands it: rows numbered on one
    thread stream into an insert that runs on two and does not keep file order. Every landed row keeps its
    record number in the file, also after a broken record in the middle and on top of an earlier batch."""
    import duckdb

    first = write_csv(tmp_path / "hubspot-crm-exports-all-contacts-2026-10-01.csv", CONTACT_HEADERS, CONTACT_ROWS)
    assert land_file(warehouse, first).status == "landed"
    rows, broken = 2_500_000, 1_234_567
    body = tmp_path / "body.csv"
    generator = duckdb.connect()
    generator.execute(
        f"""copy (
            select '"' || i || '","First' || (i % 97) || '","Last","p' || i || '@example.com"'
                || case when i = {broken} then ',"surplus"' else '' end as line
            from range(1, {rows + 1}) t(i)
        ) to '{body}' (header false, quote '', delimiter chr(1))"""
    )
    generator.close()
    path = tmp_path / "hubspot-crm-exports-all-contacts-2026-11-01.csv"
    with path.open("wb") as out, body.open("rb") as src:
        out.write(b'"Record ID","First Name","Last Name","Email"\n')
        shutil.copyfileobj(src, out, 1 << 20)
    result = land_file(warehouse, path)
    assert result.status == "landed", result.message
    assert (result.rows_read, result.rows_landed, result.rows_quarantined) == (rows, rows - 1, 1)
    mismatched, landed = warehouse.execute(
        "select count(*) filter (where cast(record_id as bigint) <> _source_row_number), count(*) "
        "from raw.hubspot__contacts where _batch_id = $batch",
        {"batch": result.batch_id},
    ).fetchone()
    assert (mismatched, landed) == (0, rows - 1)
    assert column(warehouse, "select row_number from audit.quarantine") == [broken]


def ticket_lines(count: int) -> str:
    """Zendesk ticket records, nested as the API exports them."""
    return "".join(
        json.dumps(
            {
                "id": i,
                "subject": f"チケット {i}",
                "status": "open",
                "priority": "high",
                "via": {"channel": "email"},
                "requester_id": 1000 + i,
                "organization_id": 50 + i % 7,
                "tags": ["a", "b"],
                "satisfaction_rating": {"score": "good"},
                "metric_set": {"reply_time_in_minutes": {"calendar": i % 90}},
                "created_at": "2026-01-02T03:04:05Z",
                "updated_at": "2026-01-03T03:04:05Z",
            },
            ensure_ascii=False,
        )
        + "\n"
        for i in range(1, count + 1)
    )


def test_a_file_that_does_not_fit_the_memory_limit_is_retried_with_more(warehouse, tmp_path):
    """JSON functions need far more memory than a CSV read: a file that runs out of memory is rolled back and
    landed again under twice the limit, not rejected."""
    path = tmp_path / "tickets.jsonl"
    path.write_text(ticket_lines(3000), encoding="utf-8")
    warehouse.execute("set memory_limit = '4MB'")
    result = land_file(warehouse, path)
    assert result.status == "landed", result.message
    assert (result.rows_read, result.rows_landed) == (3000, 3000)
    assert column(warehouse, "select count(distinct _source_row_number) from raw.zendesk__tickets") == [3000]
    assert column(warehouse, "select count(*) from audit.ingest_batches") == [1]  # the failed try left nothing
    limit_mib = column(warehouse, "select current_setting('memory_limit')")[0]
    assert limit_mib.endswith("MiB") and float(limit_mib.split()[0]) > 4


def test_out_of_memory_is_recognised_when_it_arrives_wrapped_by_the_arrow_stream():
    """Seen at 10,000 accounts: the parse on the reader cursor ran out of memory, and the insert reading its
    Arrow stream reported it as an Invalid Input Error. It must be retried like a direct Out of Memory Error."""
    from ingest.load import _out_of_memory

    wrapped = duckdb.InvalidInputException(
        "Invalid Input Error: reading the stream registered as 'revops_numbered_rows' failed: IOError: "
        "Out of Memory Error: could not allocate block of size 4.0 MiB (118.4 MiB/122.0 MiB used)"
    )
    assert _out_of_memory(wrapped)
    assert _out_of_memory(duckdb.OutOfMemoryException("Out of Memory Error: could not allocate"))
    assert not _out_of_memory(duckdb.InvalidInputException("Invalid Input Error: malformed JSON"))


def test_a_file_beyond_the_memory_ceiling_is_rejected_with_the_reason(warehouse, tmp_path, monkeypatch):
    path = tmp_path / "tickets.jsonl"
    path.write_text(ticket_lines(3000), encoding="utf-8")
    monkeypatch.setenv("REVOPS_INGEST_MEMORY_MAX", "4MB")
    warehouse.execute("set memory_limit = '4MB'")
    result = land_file(warehouse, path)
    assert result.status == "rejected"
    assert "Out of Memory" in result.message and str(path) in result.message
    assert column(warehouse, "select count(*) from raw.zendesk__tickets") == [0]
    assert column(warehouse, "select status from audit.ingest_batches") == ["rejected"]


def test_each_file_of_a_folder_starts_again_at_the_configured_memory_limit(warehouse, tmp_path, monkeypatch):
    """A file that needed more memory does not leave the limit raised for the files after it."""
    monkeypatch.setenv("REVOPS_INGEST_MEMORY_LIMIT", "4MB")
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "tickets.jsonl").write_text(ticket_lines(3000), encoding="utf-8")  # no date: lands first
    write_csv(folder / "hubspot-crm-exports-all-contacts-2026-11-01.csv", CONTACT_HEADERS, CONTACT_ROWS)

    def limit_mib() -> float:
        return float(column(warehouse, "select current_setting('memory_limit')")[0].split()[0])

    limits_before_each_file: list[float] = []
    results = ingest(warehouse, [folder], on_file=lambda _: limits_before_each_file.append(limit_mib()))
    assert [(Path(r.source_file).name, r.status) for r in results] == [
        ("tickets.jsonl", "landed"),
        ("hubspot-crm-exports-all-contacts-2026-11-01.csv", "landed"),
    ]
    after_json = limits_before_each_file[1]  # what the JSON file needed
    assert after_json >= 32 and limit_mib() < after_json / 4
