"""Zendesk as the API returns it: side-loaded lists land in their own export's table when a contract knows
them and are kept as JSON otherwise; incremental-export pages (time-based and cursor-based) are recognised
without --source. Documents follow Zendesk's published response shapes."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.load import ingest
from revops.warehouse import connect


def ticket(number: int, status: str = "open") -> dict:
    return {
        "id": number,
        "subject": f"Ticket {number}",
        "status": status,
        "requester_id": 11,
        "created_at": "2026-11-01T09:00:00Z",
        "updated_at": f"2026-11-0{number % 9 + 1}T10:00:00Z",
        "via": {"channel": "email"},
    }


USERS = [{"id": 11, "name": "Aiko", "email": "aiko@abc.co.jp"}, {"id": 12, "name": "Ben", "email": "ben@x.com"}]
GROUPS = [{"id": 301, "name": "Support"}, {"id": 302, "name": "Billing"}, {"id": 303, "name": "Tier 2"}]
TIME_BASED = {  # GET /api/v2/incremental/tickets.json?start_time=…
    "tickets": [ticket(1), ticket(2, "solved"), ticket(3, "pending")],
    "next_page": "https://example.zendesk.com/api/v2/incremental/tickets.json?start_time=1793923200",
    "count": 3,
    "end_of_stream": True,
    "end_time": 1793923200,
}
CURSOR_BASED = {  # GET /api/v2/incremental/tickets/cursor.json?start_time=…
    "tickets": [ticket(4), ticket(5)],
    "after_url": "https://example.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor=MTU3NjYxMzUzOS4wfHw0Njd8",
    "after_cursor": "MTU3NjYxMzUzOS4wfHw0Njd8",
    "before_url": None,
    "before_cursor": None,
    "end_of_stream": False,
}
USERS_INCREMENTAL = {"users": USERS, "next_page": None, "count": 2, "end_of_stream": True, "end_time": 1793923200}


def land(tmp_path: Path, documents: dict[str, dict]):
    folder = tmp_path / "in"
    folder.mkdir()
    paths = []
    for name, document in documents.items():
        (folder / name).write_text(json.dumps(document), encoding="utf-8")
        paths.append(folder / name)
    con = connect(tmp_path / "w.duckdb")
    try:
        results = ingest(con, paths)
        counts = {
            table: con.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("raw.zendesk__tickets", "raw.zendesk__users", "audit.unmapped_sideloads")
        }
        kept = con.execute(
            "select k.sideload, count(*), min(b.rows_read), min(b.status), min(b.raw_table) "
            "from audit.unmapped_sideloads as k join audit.ingest_batches as b using (batch_id) group by 1 order by 1"
        ).fetchall()
        groups = [
            json.loads(text)["name"]
            for (text,) in con.execute(
                "select record_json from audit.unmapped_sideloads order by record_number"
            ).fetchall()
        ]
        batches = con.execute("select rows_read, rows_landed, rows_quarantined from audit.ingest_batches").fetchall()
    finally:
        con.close()
    return results, counts, kept, groups, batches


def test_side_loads_land_in_their_contract_or_are_kept_as_json(tmp_path):
    page = {"tickets": [ticket(1), ticket(2)], "users": USERS, "groups": GROUPS, "next_page": None, "count": 2}
    results, counts, kept, groups, batches = land(tmp_path, {"tickets-2026-11-10.json": page})
    assert [(r.source_name, r.status, r.rows_landed) for r in results] == [
        ("zendesk.tickets", "landed", 2),
        ("zendesk.users", "landed", 2),  # its own batch, in the users contract's table
        (None, "kept", 3),
    ], [r.message for r in results]
    assert counts == {"raw.zendesk__tickets": 2, "raw.zendesk__users": 2, "audit.unmapped_sideloads": 3}
    assert kept == [("groups", 3, 3, "kept", "audit.unmapped_sideloads")]
    assert groups == ["Support", "Billing", "Tier 2"]
    assert "`groups` of 3 record(s) kept" in results[2].message
    assert all(read == landed + quarantined for read, landed, quarantined in batches)


def test_a_kept_side_load_is_kept_once(tmp_path):
    page = {"users": USERS, "identities": [{"id": 9, "user_id": 11, "type": "email", "value": "aiko@abc.co.jp"}]}
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "users-2026-11-10.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    try:
        statuses = [[r.status for r in ingest(con, [path])] for _ in range(2)]
        kept = con.execute("select count(*) from audit.unmapped_sideloads").fetchone()[0]
    finally:
        con.close()
    assert statuses == [["landed", "kept"], ["skipped_duplicate", "skipped_duplicate"]]
    assert kept == 1


def test_incremental_export_pages_are_recognised_without_source(tmp_path):
    documents = {
        "incremental-tickets-2026-11-10.json": TIME_BASED,
        "incremental-tickets-cursor-2026-11-11.json": CURSOR_BASED,
        "incremental-users-2026-11-10.json": USERS_INCREMENTAL,
        "tickets-incremental-empty-2026-11-12.json": {"tickets": [], "count": 0, "end_of_stream": True},
    }
    results, counts, kept, _, _ = land(tmp_path, documents)
    assert sorted((r.source_name or "", r.status, r.rows_landed) for r in results) == [
        ("zendesk.tickets", "landed", 0),  # the last page of a stream with no changes
        ("zendesk.tickets", "landed", 2),
        ("zendesk.tickets", "landed", 3),
        ("zendesk.users", "landed", 2),
    ], [r.message for r in results]
    assert counts == {"raw.zendesk__tickets": 5, "raw.zendesk__users": 2, "audit.unmapped_sideloads": 0}
    assert kept == []
