"""Land export files in the warehouse: `raw.<vendor>__<object>` text columns plus lineage, exactly once.

Each file is one transaction: its rows, its quarantined rows and its `audit.ingest_batches` record commit
together or not at all. Rows DuckDB cannot parse (wrong field count, undecodable bytes, oversized lines,
invalid JSON) go to `audit.quarantine` with their line and reason, so rows read = landed + quarantined.
File content is never pasted into SQL: paths and labels are bound parameters, identifiers are quoted.
"""

from __future__ import annotations

import bisect
import errno
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from ingest import encodings, readers, wide
from ingest.contracts import ExportContract, find_contract, load_contracts
from ingest.members import Member, expand
from ingest.recognise import HeaderMapping, check_required, map_headers, recognise, recognise_by_name
from ingest.records import RecordScan, exact_count, scan_records
from revops import settings
from revops.errors import FileRejectedError, RevopsError
from revops.warehouse import AUDIT, RAW, ensure_audit, quote_identifier, quote_literal

LANDING_AUDIT_TABLES = ("ingest_batches", "unmapped_sideloads", "quarantine", "pending_full_refresh")
MAX_LINE_BYTES = 2 << 20  # a longer line is quarantined as oversized (DuckDB sizes its read buffers on it)
LINEAGE = (
    ("_batch_id", "bigint"),
    ("_source_file", "varchar"),
    ("_source_row_number", "bigint"),
    ("_loaded_at", "timestamp"),
    ("_export_kind", "varchar"),
    ("_export_date", "date"),
    ("_extra_columns", "varchar"),
)
_DATE_IN_PATH = re.compile(r"(20\d\d|19\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")


def raw_table_ddl(contract: ExportContract, existing: set[str] | None = None) -> list[str]:
    """Create the raw table if missing, and add columns a newer contract declares. Never drop anything:
    staging views depend on these tables and batches are appended. `existing`: the table's current
    columns (None when the table does not exist)."""
    table = f"{RAW}.{quote_identifier(contract.table)}"
    columns = [(name, "varchar") for name in contract.columns] + list(LINEAGE)
    if existing is None:
        body = ",\n  ".join(f"{quote_identifier(name)} {kind}" for name, kind in columns)
        return [f"create table if not exists {table} (\n  {body}\n)"]
    return [
        f"alter table {table} add column if not exists {quote_identifier(name)} {kind}"
        for name, kind in columns
        if name not in existing
    ]


def configure_for_ingest(con: duckdb.DuckDBPyConnection) -> None:
    """Settings for landing, measured on a 1M-row, 349 MB export (benchmarks/ingest_single_file.py):

    - threads (REVOPS_INGEST_THREADS, default 2): numbering rows in file order keeps DuckDB's CSV parse on one
      thread; the rows stream from it to an insert on the other (see `_land`), so two threads overlap the two.
    - preserve_insertion_order off: every row carries its own `_source_row_number`, so the insert need not
      keep file order, which would make it buffer row groups.
    - memory_limit (REVOPS_INGEST_MEMORY_LIMIT, default 128MB): the file is streamed, so a low limit keeps
      peak memory well below the file's size; a higher one buys a little speed (see the benchmark).
    """
    con.execute(f"set threads = {settings.integer_setting('REVOPS_INGEST_THREADS', 2)}")
    con.execute("set preserve_insertion_order = false")
    reset_memory_limit(con)


def reset_memory_limit(con: duckdb.DuckDBPyConnection) -> None:
    """Back to REVOPS_INGEST_MEMORY_LIMIT: each file starts there, whatever the previous one needed."""
    if settings.ingest_memory_unlimited():
        return
    limit = settings.size_setting("REVOPS_INGEST_MEMORY_LIMIT") or 128 * 10**6
    con.execute(f"set memory_limit = '{limit // 2**10}KiB'")


def _out_of_memory(exc: duckdb.Error) -> bool:
    """DuckDB ran out of memory, directly, while reading the Arrow stream of numbered rows (then the error
    arrives wrapped, as an Invalid Input Error that quotes the Out of Memory Error), or at commit, when the
    rows the transaction holds do not fit ("failed to pin block")."""
    text = str(exc)
    return isinstance(exc, duckdb.OutOfMemoryException) or any(
        words in text for words in ("Out of Memory Error", "failed to pin block")
    )


def _memory_ceiling() -> int:
    return settings.size_setting("REVOPS_INGEST_MEMORY_MAX") or (
        os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4
    )


def _memory_limit(con: duckdb.DuckDBPyConnection) -> int | None:
    return settings.bytes_of(con.execute("select current_setting('memory_limit')").fetchall()[0][0])


def raise_memory_limit(con: duckdb.DuckDBPyConnection) -> str | None:
    """Double DuckDB's memory limit for a file that did not fit (wide JSON records need more than CSV),
    up to REVOPS_INGEST_MEMORY_MAX (default a quarter of RAM). The new limit, or None at the ceiling."""
    cap = _memory_ceiling()
    current = _memory_limit(con) or cap
    wanted = min(current * 2, cap) // 2**10
    if wanted * 2**10 <= current * 1.01:  # at the ceiling (the setting reads back rounded)
        return None
    con.execute(f"set memory_limit = '{wanted}KiB'")
    return f"{wanted}KiB"


def hold_uncommitted(con: duckdb.DuckDBPyConnection, size: int) -> None:
    """Raise the memory limit (up to REVOPS_INGEST_MEMORY_MAX) so that `size` bytes of rows fit in the
    transaction: DuckDB keeps uncommitted rows in memory until a row group (122,880 rows) is full, so a file
    of a few hundred megabyte-wide records is held whole until its commit, whatever the limit."""
    current = _memory_limit(con)
    wanted = min(size * 3 // 2, _memory_ceiling())
    if current is not None and wanted > current:
        con.execute(f"set memory_limit = '{wanted // 2**10}KiB'")


def ensure_schema(con: duckdb.DuckDBPyConnection, contracts: Iterable[ExportContract] | None = None) -> None:
    """Every contract's raw table exists (empty until landed), so a missing vendor builds as empty."""
    con.execute(f"create schema if not exists {RAW}")
    ensure_audit(con, *LANDING_AUDIT_TABLES)
    existing: dict[str, set[str]] = {}
    for table, column in con.execute(
        "select table_name, column_name from information_schema.columns where table_schema = $schema",
        {"schema": RAW},
    ).fetchall():
        existing.setdefault(table, set()).add(column)
    for contract in contracts or load_contracts():
        for statement in raw_table_ddl(contract, existing.get(contract.table)):
            con.execute(statement)


@dataclass
class BatchResult:
    source_file: str
    status: str  # landed | kept (an unmapped side-load) | skipped_duplicate | rejected | ignored
    source_name: str | None = None
    raw_table: str | None = None
    batch_id: int | None = None
    rows_read: int = 0
    rows_landed: int = 0
    rows_quarantined: int = 0
    encoding: str | None = None
    encoding_confidence: float | None = None
    export_date: date | None = None
    export_date_origin: str | None = None
    resend_of: int | None = None
    extra_columns: list[str] = field(default_factory=list)
    missing_optional: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    message: str = ""
    seconds: float = 0.0


def export_date_of(label: str, fallback: date | None, path: Path) -> date:
    """The export's date: the last YYYY-MM-DD in its path or name, else --export-date, else the file's mtime."""
    return export_date_with_origin(label, fallback, path)[0]


def export_date_with_origin(label: str, given: date | None, path: Path | None) -> tuple[date | None, str]:
    """(date, origin): the last YYYY-MM-DD in the path or name ('path'), else --export-date ('option'), else
    None ('content': the newest record timestamp decides once the rows are in; the file's modification
    time only when the file has none)."""
    matches = _DATE_IN_PATH.findall(label)
    if matches:
        year, month, day = matches[-1]
        return date(int(year), int(month), int(day)), "path"
    if given:
        return given, "option"
    return None, "content"


def _csv_reader_sql(prepared: readers.PreparedFile, rejects: str | None) -> str:
    columns = ", ".join(f"'c{i:04d}': 'VARCHAR'" for i in range(len(prepared.headers)))
    options = [
        f"columns={{{columns}}}",
        "header=true",
        f"delim={quote_literal(prepared.delimiter)}",
        "quote='\"'",
        "escape='\"'",
        "auto_detect=false",
        "strict_mode=true",
        "allow_quoted_nulls=false",
        f"max_line_size={MAX_LINE_BYTES}",
        f"buffer_size={2 * MAX_LINE_BYTES}",  # DuckDB's default (16 lines' worth, 32 MB) holds more memory
    ]
    options += (
        [f"store_rejects=true, rejects_table='{rejects}', rejects_scan='{rejects}_scan'"]
        if rejects
        else ["ignore_errors=true"]
    )
    return f"read_csv($path, {', '.join(options)})"


def _lines_reader_sql(rejects: str | None) -> str:
    errors = (
        f"store_rejects=true, rejects_table='{rejects}', rejects_scan='{rejects}_scan'"
        if rejects
        else "ignore_errors=true"
    )
    return (
        "read_csv($path, columns={'line': 'VARCHAR'}, header=false, delim=chr(1), quote='', escape='', "
        f"auto_detect=false, max_line_size={MAX_LINE_BYTES}, buffer_size={2 * MAX_LINE_BYTES}, {errors})"
    )


def _json_path(header: str) -> str:
    """The JSON path of a header: dotted parts are nested keys."""
    parts = header.split(".")
    return "$." + ".".join('"' + part.replace('"', '\\"') + '"' for part in parts)


@dataclass
class _Plan:
    """The SQL that lands one prepared file: numbered rows, the good ones and the quarantined ones."""

    numbered: Callable[[str | None], str]  # rows plus `_rn` (record ordinal); arg: rejects table or None
    values: list[str]  # one expression per raw column, in contract order
    extras: str
    good: str = "true"  # predicate for rows that land
    bad_reason: str | None = None  # quarantine reason for the rows that do not (None: every row lands)
    bad_text: str = ""
    parsed: str = ""  # columns computed once per landing row, for `values` to read (`expr as name`)
    uses_rejects: bool = True
    streamed: bool = True  # numbered on a reader connection and streamed to the insert (see `_land`)
    feed: Callable[[], object] | None = None  # a fresh Arrow reader of numbered rows, scanned as `revops_fed_rows`


def _plan(prepared: readers.PreparedFile, mapping: HeaderMapping) -> _Plan:
    contract = mapping.contract
    headers = prepared.headers
    if prepared.kind == "csv":
        refs = {column: f"c{index:04d}" for column, index in mapping.sources.items()}
        pairs = ", ".join(f"{quote_literal(name)}, c{i:04d}" for name, i in mapping.extras)
        all_columns = ", ".join(f"c{i:04d}" for i in range(len(headers)))
        plan = _Plan(
            numbered=lambda rejects: f"select *, row_number() over () as _rn from {_csv_reader_sql(prepared, rejects)}",
            values=[refs.get(column, "null") for column in contract.columns],
            extras=f"json_object({pairs})" if pairs else "null",
            bad_text=f"concat_ws({quote_literal(prepared.delimiter)}, {all_columns})",
        )
        if prepared.replaced_characters:
            plan.good = f"not (concat_ws('', {all_columns}) like '%\ufffd%')"
            plan.bad_reason = f"'undecodable bytes in {prepared.encoding} text'"
        return plan
    if prepared.kind == "ndjson" and prepared.flat_keys:
        return _wide_plan(prepared, mapping)
    if prepared.kind == "ndjson":
        mapped_top = sorted({headers[i] for i in mapping.sources.values() if "." not in headers[i]})
        patch = json.dumps(dict.fromkeys(mapped_top), ensure_ascii=False)
        mapped = [column for column in contract.columns if column in mapping.sources]
        paths = ", ".join(quote_literal(_json_path(headers[mapping.sources[column]])) for column in mapped)
        return _Plan(
            numbered=lambda rejects: f"select line, row_number() over () as _rn from {_lines_reader_sql(rejects)}",
            # one parse per record for every path (a call per column parses it again each time, and its
            # allocations needed 4x the memory)
            parsed=f"case when json_valid(line) then json_extract_string(line, [{paths}]) end as _values"
            if mapped
            else "",
            values=[f"_values[{mapped.index(c) + 1}]" if c in mapping.sources else "null" for c in contract.columns],
            extras=f"json_merge_patch(line, {quote_literal(patch)})",
            good="case when json_valid(line) then json_type(line) = 'OBJECT' else false end",
            bad_reason="'invalid JSON record'",
            bad_text="line",
        )

    # parquet: typed columns are cast to text; names come from the file, so they are quoted
    def text_of(index: int) -> str:
        return f"cast({quote_identifier(headers[index])} as varchar)"

    pairs = ", ".join(f"{quote_literal(name)}, {text_of(i)}" for name, i in mapping.extras)
    return _Plan(
        numbered=lambda _: "select *, file_row_number + 1 as _rn from read_parquet($path, file_row_number=true)",
        values=[text_of(mapping.sources[c]) if c in mapping.sources else "null" for c in contract.columns],
        extras=f"json_object({pairs})" if pairs else "null",
        uses_rejects=False,
        streamed=False,  # file_row_number numbers rows without serialising the scan
    )


def _wide_plan(prepared: readers.PreparedFile, mapping: HeaderMapping) -> _Plan:
    """A wide CSV rewritten as JSON lines (records of about 1 MB at 40,000 columns): each record is split into
    its mapped values and the rest in Python, a few megabytes at a time (`wide.record_batches`). DuckDB's own
    reader would hold 2,048 records at once, and patching a megabyte-wide object needs more still."""
    contract = mapping.contract
    mapped = [column for column in contract.columns if column in mapping.sources]
    keys = [prepared.headers[mapping.sources[column]] for column in mapped]
    return _Plan(
        numbered=lambda _: "select * from revops_fed_rows",
        values=[f"k{mapped.index(c)}" if c in mapping.sources else "null" for c in contract.columns],
        extras="_extra",
        uses_rejects=False,
        streamed=False,
        feed=lambda: wide.record_batches(prepared.path, keys),
    )


# A value that can be a date: a four-digit year, a day/month/2-digit-year, or a serial / epoch number.
DATE_SHAPE = r"[0-9]{4}|^[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2}|^[0-9]+([.][0-9]+)?$"


def _add_row_checks(plan: _Plan, mapping: HeaderMapping) -> None:
    """Quarantine, row by row, records whose required values are blank or not of their declared kind, so
    that no landed record can fail a later build. The reason names the column and what to do."""
    contract = mapping.contract
    checks: list[tuple[str, str]] = []
    for column in contract.required:
        if column not in mapping.sources:
            continue
        value = plan.values[list(contract.columns).index(column)]
        checks.append((f"nullif(trim({value}), '') is null", f"required column {column} is blank"))
        kind = contract.kinds.get(column)
        if kind == "integer":
            checks.append((f"not regexp_full_match(trim({value}), '[0-9]+')", f"invalid {column}: not a whole number"))
        elif kind == "timestamp":
            checks.append(
                (f"not regexp_matches({value}, {quote_literal(DATE_SHAPE)})", f"invalid {column}: not a date")
            )
    if not checks:
        return
    fix = " (fix it in the source system and export again)"
    reasons = " ".join(f"when {bad} then {quote_literal(reason + fix)}" for bad, reason in checks)
    failed = " or ".join(f"coalesce({bad}, true)" for bad, _ in checks)
    if plan.bad_reason:
        reasons = f"when not ({plan.good}) then {plan.bad_reason} {reasons}"
        failed = f"not ({plan.good}) or {failed}"
    plan.good = f"not ({failed})"
    plan.bad_reason = f"case {reasons} end"
    plan.bad_text = plan.bad_text or _row_text(plan)


def _row_text(plan: _Plan) -> str:
    return "json_object(" + ", ".join(f"'{i}', {v}" for i, v in enumerate(plan.values) if v != "null") + ")"


STREAM_BATCH_ROWS = 4_096  # rows per Arrow batch between the reader and the insert (bounds memory)


def _land(
    con: duckdb.DuckDBPyConnection,
    prepared: readers.PreparedFile,
    mapping: HeaderMapping,
    batch_id: int,
    label: str,
    export_kind: str,
    export_date: date,
    loaded_at: datetime,
) -> Landing:
    """Insert one file's rows, and quarantine the rows the row checks refuse.

    The file is streamed, never materialised. Numbering rows in file order (`row_number() over ()`) keeps
    DuckDB's CSV scan on one thread, so that scan runs on a reader connection and its numbered rows stream
    as Arrow batches into the insert, which runs on another thread within this transaction. A second scan
    (same numbering) runs only when some parsed rows must be quarantined (invalid JSON, undecodable bytes)."""
    contract = mapping.contract
    plan = _plan(prepared, mapping)
    _add_row_checks(plan, mapping)
    rejects = f"revops_rejects_{batch_id}" if plan.uses_rejects else None
    table = f"{RAW}.{quote_identifier(contract.table)}"
    target_columns = ", ".join(quote_identifier(c) for c in [*contract.columns, *(n for n, _ in LINEAGE)])
    params = {
        "path": str(prepared.path),
        "label": label,
        "loaded_at": loaded_at,
        "kind": export_kind,
        "export_date": export_date,
    }
    reader = con.cursor() if plan.streamed else con  # rejects tables are temporary: they live on `reader`
    try:
        if plan.streamed:
            stream = reader.sql(plan.numbered(rejects), params={"path": params["path"]})
            con.complete()  # registering needs no pending result on `con` (DuckDB 2.0)
            con.register("revops_numbered_rows", stream.to_arrow_reader(STREAM_BATCH_ROWS))
            rows = "revops_numbered_rows"
        else:
            if plan.feed:
                hold_uncommitted(con, prepared.path.stat().st_size)
            _feed(con, plan)
            rows = f"({plan.numbered(rejects)})"
        landed = con.execute(
            f"""insert into {table} ({target_columns})
            select {", ".join(plan.values)},
                {batch_id}, $label, _rn, $loaded_at, $kind, $export_date, {plan.extras}
            from (select * from (select *{", " + plan.parsed if plan.parsed else ""} from {rows}) where {plan.good})""",
            {k: v for k, v in params.items() if k != "path" or not (plan.streamed or plan.feed)},
        ).fetchone()[0]
        if plan.streamed:  # (after a failure the name stays registered until the next file replaces it)
            con.unregister("revops_numbered_rows")
        quarantined = _quarantine_bad_rows(con, plan, batch_id, params) if plan.bad_reason else 0
        if not rejects:
            return Landing(landed, quarantined)
        rejected_rows = _rejected_rows(reader, rejects)
    finally:
        if plan.streamed:
            reader.close()
    return Landing(landed, quarantined, rejected_rows)


def _quarantine_bad_rows(con: duckdb.DuckDBPyConnection, plan: _Plan, batch_id: int, params: dict) -> int:
    """A second scan (same numbering) moving the parsed rows the row checks refused to audit.quarantine."""
    blank = "line is null or trim(line) = ''" if plan.bad_text == "line" else "false"
    _feed(con, plan)
    return con.execute(
        f"""insert into {AUDIT}.quarantine
        select {batch_id}, $label, _rn, null, {plan.bad_text}, {plan.bad_reason}, $loaded_at
        from (select *{", " + plan.parsed if plan.parsed else ""} from ({plan.numbered(None)}))
        where not ({plan.good}) and not ({blank})""",
        {k: params[k] for k in ("label", "loaded_at", *(() if plan.feed else ("path",)))},
    ).fetchone()[0]


def _rejected_rows(reader: duckdb.DuckDBPyConnection, rejects: str) -> object:
    """The records DuckDB's parser rejected, one Arrow row per line; the rejects tables dropped."""
    rejected_rows = reader.sql(
        f"select line, any_value(column_name) as column_name, any_value(csv_line) as csv_line, "
        f"string_agg(distinct error_type || ': ' || error_message, '; ') as reason, "
        f"list(distinct error_type) as error_types from {rejects} group by line order by line"
    ).to_arrow_table()
    reader.execute(f"drop table if exists {rejects}")
    reader.execute(f"drop table if exists {rejects}_scan")
    return rejected_rows


def _feed(con: duckdb.DuckDBPyConnection, plan: _Plan) -> None:
    """Register a fresh reader of the plan's Python-fed rows (each scan consumes one)."""
    if plan.feed:
        con.complete()
        con.register("revops_fed_rows", plan.feed())


Gap = tuple[int, str | None, str, str]  # a record the parser did not land: (ordinal, column, raw text, reason)


@dataclass
class Landing:
    """What one pass of DuckDB over a file did: rows inserted, rows the row checks quarantined, and the
    records DuckDB's parser rejected (an Arrow table by `line`, not yet written to the quarantine)."""

    landed: int
    quarantined: int
    rejected: object = None  # pyarrow.Table | None

    @property
    def rejected_count(self) -> int:
        return self.rejected.num_rows if self.rejected is not None else 0

    @property
    def error_types(self) -> set[str]:
        if not self.rejected_count:
            return set()
        return {kind for kinds in self.rejected.column("error_types").to_pylist() for kind in kinds}


def _ordinal(line: int, header: int, blank_lines: list[int]) -> int:
    """DuckDB's `line` (records and blank lines, the header being line 1) as a record ordinal."""
    return line - header - bisect.bisect_left(blank_lines, line)


def _shift_sql(row_number: str) -> str:
    """How many gaps (records not returned by the parser) come before the returned record `row_number`."""
    return f"""(select count(*) from (
        select ordinal - row_number() over (order by ordinal) as returned_before from revops_gaps
    ) where returned_before < {row_number})"""


def _settle_rejects(
    con: duckdb.DuckDBPyConnection,
    table: str,
    batch_id: int,
    label: str,
    loaded_at: datetime,
    gaps: list[Gap],
    in_place: list[Gap],
) -> None:
    """Write the records the parser did not return (ordinal, column, raw text, reason) to the quarantine,
    and move the row numbers of the records around them to their place in the file. `in_place` records
    are quarantined without moving others."""
    if in_place:
        _quarantine_gaps(con, batch_id, label, loaded_at, in_place)
    if not gaps:
        return
    import pyarrow as pa

    ordinals = sorted(gap[0] for gap in gaps)
    con.complete()
    con.register("revops_gaps", pa.table({"ordinal": pa.array(ordinals, pa.int64())}))
    con.execute(
        f"update {table} set _source_row_number = _source_row_number + {_shift_sql(table + '._source_row_number')} "
        f"where _batch_id = {batch_id}"
    )
    con.execute(
        f"update {AUDIT}.quarantine set row_number = row_number + {_shift_sql('quarantine.row_number')} "
        f"where batch_id = {batch_id}"
    )
    con.unregister("revops_gaps")
    _quarantine_gaps(con, batch_id, label, loaded_at, gaps)


def _quarantine_gaps(
    con: duckdb.DuckDBPyConnection, batch_id: int, label: str, loaded_at: datetime, gaps: list[Gap]
) -> None:
    con.executemany(
        f"insert into {AUDIT}.quarantine values ({batch_id}, ?, ?, ?, ?, ?, ?)",
        [(label, ordinal, column, text, reason, loaded_at) for ordinal, column, text, reason in gaps],
    )


_SCANNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="revops-scan")


def _sha_and_scan(original: Path, prepared: readers.PreparedFile, sha: str | None) -> tuple[str, RecordScan | None]:
    """The original's sha256 and the record scan of what DuckDB reads, one pass when they are the same file."""
    digest = hashlib.sha256()
    if prepared.kind == "parquet":
        return sha or readers.sha256_of(original), None
    quote_aware = prepared.kind == "csv"
    if prepared.path == original and sha is None:
        return _scan_with_digest(original, digest, quote_aware)
    scan = scan_records(prepared.path, MAX_LINE_BYTES, None, quote_aware)
    return sha or readers.sha256_of(original), scan


def _scan_with_digest(path: Path, digest, quote_aware: bool) -> tuple[str, RecordScan]:
    scan = scan_records(path, MAX_LINE_BYTES, digest, quote_aware)
    return digest.hexdigest(), scan


def _next_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    # fetchall: a result left pending would block registering Arrow data on the connection
    return con.execute(f"select coalesce(max(batch_id), 0) + 1 from {AUDIT}.ingest_batches").fetchall()[0][0]


_BATCH_COLUMNS = (
    "batch_id, source_file, sha256, size_bytes, file_format, encoding, encoding_confidence, source_name, "
    "raw_table, export_kind, export_date, export_date_origin, resend_of_batch_id, rows_read, rows_landed, "
    "rows_quarantined, extra_columns, missing_optional_columns, notes, status, message, started_at, "
    "finished_at, duration_seconds"
)


def _record_batch(con: duckdb.DuckDBPyConnection, result: BatchResult, sha: str, path: Path, **extra) -> None:
    try:
        size = path.stat().st_size
    except OSError:
        size = None
    values = {
        "batch_id": result.batch_id,
        "source_file": result.source_file,
        "sha256": sha,
        "size_bytes": size,
        "file_format": extra["fmt"],
        "encoding": result.encoding,
        "encoding_confidence": result.encoding_confidence,
        "source_name": result.source_name,
        "raw_table": result.raw_table,
        "export_kind": extra.get("kind"),
        "export_date": result.export_date,
        "export_date_origin": result.export_date_origin,
        "resend_of_batch_id": result.resend_of,
        "rows_read": result.rows_read,
        "rows_landed": result.rows_landed,
        "rows_quarantined": result.rows_quarantined,
        "extra_columns": json.dumps(result.extra_columns, ensure_ascii=False),
        "missing_optional_columns": json.dumps(result.missing_optional),
        "notes": json.dumps(result.notes, ensure_ascii=False),
        "status": result.status,
        "message": result.message,
        "started_at": extra["started"],
        "finished_at": datetime.now(UTC).replace(tzinfo=None),
        "duration_seconds": result.seconds,
    }
    placeholders = ", ".join(f"${name.strip()}" for name in _BATCH_COLUMNS.split(","))
    con.execute(f"insert into {AUDIT}.ingest_batches ({_BATCH_COLUMNS}) values ({placeholders})", values)


@dataclass
class LandOptions:
    """What the user said about the files: all optional."""

    source: str | None = None
    export_kind: str | None = None
    export_date: date | None = None
    encoding: str | None = None


@dataclass
class _Repairs:
    """How the next pass over a file differs from the last, decided from what the last one found."""

    encoding: str | None = None
    decision: encodings.Decision | None = None  # the contract's default encoding, chosen on an earlier pass
    uniform_endings: bool = False
    blank_out: list[tuple[int, int, int]] = field(default_factory=list)  # oversized (line, start, end)
    true_blank_lines: list[int] | None = None
    passes: int = 0


class _Retry(Exception):  # control flow, not an error
    """Roll back and land the file again with the repairs decided."""


def land_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    label: str | None = None,
    source: str | None = None,
    export_kind: str | None = None,
    export_date: date | None = None,
    force_encoding: str | None = None,
) -> BatchResult:
    """Land one file (a JSON document or workbook is split first); the result of its main part. Never raises
    for bad input: what cannot be landed comes back `rejected` with the reason, recorded in the audit."""
    options = LandOptions(source, export_kind, export_date, force_encoding)
    with work_folder() as workdir:
        results = [_land_isolated(con, m, options, workdir) for m in expand(path, label or str(path), workdir)]
    main = [r for r in results if r.status not in ("ignored", "kept")] or results
    return main[0]


def _land_isolated(con: duckdb.DuckDBPyConnection, member: Member, options: LandOptions, workdir: Path) -> BatchResult:
    """One member, whatever happens: an unexpected failure becomes a rejection of this file, with its cause."""
    started_at = datetime.now(UTC).replace(tzinfo=None)
    started = time.perf_counter()
    try:
        return _land_member(con, member, options, workdir, started_at)
    except Exception as exc:  # one file must never stop the run: it is rejected with the cause in one line
        _rollback_quietly(con)
        result = BatchResult(member.label, "rejected", message=_failure_line(member.label, exc))
        result.seconds = time.perf_counter() - started
        try:
            result.batch_id = _next_batch_id(con)
            _record_batch(con, result, "", member.path, fmt=_format_of(member.path), started=started_at)
        except (duckdb.Error, OSError) as audit_exc:
            result.message += f" (and the audit row could not be written: {str(audit_exc).splitlines()[0]})"
        return result


def _rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    with suppress(duckdb.Error):  # a statement that failed while its result was read leaves it pending
        con.abort()
    with suppress(duckdb.Error):  # no transaction was open
        con.execute("rollback")


def _failure_line(label: str, exc: BaseException) -> str:
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "No space left on device" in str(exc):
        return (
            f"{label}: disk full while landing it (nothing of it was landed); free space on the disk of the "
            f"warehouse or of the temporary folder ({tempfile.gettempdir()}, or set TMPDIR) and run again"
        )
    if isinstance(exc, MemoryError):
        return f"{label}: ran out of memory while landing it; lower REVOPS_INGEST_THREADS or free memory"
    if isinstance(exc, RevopsError):
        return f"{label}: {exc}" + (f" ({exc.hint})" if exc.hint else "")
    first = (str(exc).splitlines() or [""])[0]
    return f"{label}: could not be landed ({type(exc).__name__}: {first}); nothing of it was landed"


def _format_of(path: Path) -> str:
    return readers.file_format(path) if path.suffix.lower() in readers.SUPPORTED_SUFFIXES else "unknown"


def _duplicate_of(con: duckdb.DuckDBPyConnection, path: Path, when: date | None) -> tuple | None:
    """The landed batch with the same bytes and export date (None when there is none, or a re-send)."""
    size = path.stat().st_size
    if not con.execute(
        f"select 1 from {AUDIT}.ingest_batches where size_bytes = $size and status in ('landed', 'kept') limit 1",
        {"size": size},
    ).fetchone():
        return None
    sha = readers.sha256_of(path)
    rows = con.execute(
        f"select batch_id, source_name, raw_table, export_date from {AUDIT}.ingest_batches "
        "where sha256 = $sha and status in ('landed', 'kept') order by batch_id",
        {"sha": sha},
    ).fetchall()
    return (sha, rows)


def _land_member(
    con: duckdb.DuckDBPyConnection, member: Member, options: LandOptions, workdir: Path, started_at: datetime
) -> BatchResult:
    started = time.perf_counter()
    label = member.label
    if member.problem:
        raise FileRejectedError(member.problem, hint="export the file again, or remove it from the folder")
    when, origin = export_date_with_origin(label, options.export_date, member.path)
    result = BatchResult(label, "rejected", export_date=when, export_date_origin=origin, notes=list(member.notes))
    known = _duplicate_of(con, member.path, when)
    sha = known[0] if known else None
    if known and known[1]:
        same_date = [row for row in known[1] if when is None or row[3] == when]
        if same_date:
            batch_id, source_name, raw_table, _ = same_date[0]
            return BatchResult(label, "skipped_duplicate", source_name, raw_table, batch_id,
                               message=f"same content and export date as batch {batch_id}")  # fmt: skip
        result.resend_of = known[1][-1][0]
        result.notes.append(f"re-send of batch {result.resend_of} under a newer export date: a new observation")
    repairs = _Repairs(encoding=options.encoding)
    while True:
        repairs.passes += 1
        member_dir = workdir / f"pass{repairs.passes}"
        member_dir.mkdir(parents=True, exist_ok=True)
        try:
            return _land_pass(con, member, options, result, repairs, member_dir, sha, started, started_at)
        except _Retry:
            _rollback_quietly(con)
            shutil.rmtree(member_dir, ignore_errors=True)
            if repairs.passes >= 5:
                raise FileRejectedError("could not be read consistently after repairs") from None
        except duckdb.Error as exc:
            _rollback_quietly(con)
            if _out_of_memory(exc) and raise_memory_limit(con):
                continue
            hint = "raise REVOPS_INGEST_MEMORY_MAX (landing's memory ceiling)" if _out_of_memory(exc) else None
            raise FileRejectedError(f"DuckDB could not read it: {str(exc).splitlines()[0]}", hint=hint) from exc


def _default_encoding(
    member: Member,
    prepared: readers.PreparedFile,
    contract: ExportContract,
    options: LandOptions,
    repairs: _Repairs,
) -> None:
    """Raise _Retry with the contract's default encoding when the bytes did not decide (see
    `encodings.with_default`); --encoding and an encoding already settled for this file stay."""
    if not contract.encoding or options.encoding or repairs.encoding or repairs.decision or member.decision:
        return
    if prepared.decision is None or not prepared.decision.scored:
        return
    with member.path.open("rb") as handle:
        sample = handle.read(encodings.SAMPLE_BYTES)
    chosen = encodings.with_default(prepared.decision, sample, contract.encoding)
    if chosen is not None:
        repairs.decision = chosen
        raise _Retry


def _mapping_for(member: Member, prepared: readers.PreparedFile, options: LandOptions) -> HeaderMapping:
    nested = prepared.kind == "ndjson" and not prepared.flat_keys
    if member.source or options.source:  # a combined export's part is the export its split decided
        mapping = map_headers(find_contract(member.source or options.source), prepared.headers, nested)
    elif nested and not prepared.headers:  # an incremental export with no changes that week
        return recognise_by_name(member.name, load_contracts())
    else:
        mapping = recognise(member.name, prepared.headers, load_contracts(), nested)
    check_required(mapping, member.label)
    return mapping


def _prepare_pass(
    member: Member, options: LandOptions, repairs: _Repairs, member_dir: Path
) -> tuple[readers.PreparedFile, Path]:
    """The working copy of this pass (decoded, line endings and oversized lines repaired as decided), and the
    file the scan's byte offsets refer to. Raises _Retry when --source names a contract whose default encoding
    the bytes did not rule out."""
    decided = repairs.decision or member.decision
    prepared = readers.prepare(member.path, member_dir, repairs.encoding, repairs.uniform_endings, decided)
    if options.source and not member.source:  # the contract is known before the header is read
        _default_encoding(member, prepared, find_contract(options.source), options, repairs)
    text_source = prepared.path  # byte offsets of the scan refer to this file
    if repairs.blank_out:
        prepared.path = _blank_out(prepared.path, repairs.blank_out, member_dir / f"blanked{prepared.path.suffix}")
    return prepared, text_source


def _describe_pass(result: BatchResult, prepared: readers.PreparedFile, mapping: HeaderMapping) -> None:
    """What the result says of the file before its rows land: encoding, notes, export, columns."""
    contract = mapping.contract
    result.encoding, result.encoding_confidence = prepared.encoding, prepared.confidence
    result.notes += [note for note in prepared.notes if note not in result.notes]
    result.source_name, result.raw_table = contract.source_name, f"{RAW}.{contract.table}"
    result.extra_columns = [name for name, _ in mapping.extras]
    result.missing_optional = mapping.missing_optional


def _confirm_count(
    prepared: readers.PreparedFile, expected: int | None, landing: Landing, gaps: int, result: BatchResult
) -> None:
    """Every record the scan counted came back (landed, quarantined, or a gap), else the file is rejected; a
    CSV whose stray quotes misled the scan is confirmed by a field-aware recount."""
    returned = landing.landed + landing.quarantined + gaps
    if expected is None or returned == expected:
        return
    if not (prepared.kind == "csv" and exact_count(prepared.path, prepared.delimiter) - 1 == returned):
        raise FileRejectedError(
            f"counted {expected:,} records in the file but the parser returned {returned:,} "
            f"({landing.landed:,} landed, {landing.quarantined + gaps:,} quarantined); nothing was landed",
            hint="check the file's quoting (an unbalanced quote swallows the lines after it) and export it again",
        )
    result.notes.append("record count confirmed by a field-aware recount (stray quotes inside values)")


def _land_pass(
    con: duckdb.DuckDBPyConnection,
    member: Member,
    options: LandOptions,
    result: BatchResult,
    repairs: _Repairs,
    member_dir: Path,
    sha: str | None,
    started: float,
    started_at: datetime,
) -> BatchResult:
    """One pass over the file in one transaction; raises _Retry when the scan says the pass was misled."""
    prepared, text_source = _prepare_pass(member, options, repairs, member_dir)
    facts = _SCANNER.submit(_sha_and_scan, member.path, prepared, sha)
    try:
        mapping = _mapping_for(member, prepared, options)
    except FileRejectedError:
        if member.sideload:
            return _keep_sideload(con, member, result, started, started_at)
        raise
    contract = mapping.contract
    try:
        _default_encoding(member, prepared, contract, options, repairs)
    except _Retry:
        facts.result()  # the scan reads the working copy the retry removes
        raise
    kind = options.export_kind or contract.export_kind
    _describe_pass(result, prepared, mapping)
    when = result.export_date or date(1900, 1, 1)  # settled from the content below when not known yet
    con.execute("begin transaction")
    ensure_schema(con, [contract])
    result.batch_id = _next_batch_id(con)
    table = f"{RAW}.{quote_identifier(contract.table)}"
    try:
        landing = _land(con, prepared, mapping, result.batch_id, member.label, kind, when, started_at)
        parse_error = None
    except duckdb.InvalidInputException as exc:  # e.g. mixed line endings: the scan says what to repair
        landing, parse_error = None, exc
    sha, scan = facts.result()
    _decide_repairs(member, prepared, repairs, scan, landing, parse_error, options)
    expected, gaps, in_place = _expected_and_gaps(prepared, scan, landing, repairs, member.records, text_source)
    _settle_rejects(con, table, result.batch_id, member.label, started_at, gaps, in_place)
    gaps += in_place
    _confirm_count(prepared, expected, landing, len(gaps), result)
    result.rows_landed = landing.landed
    result.rows_quarantined = landing.quarantined + len(gaps)
    result.rows_read = result.rows_landed + result.rows_quarantined
    if result.export_date is None:
        _settle_export_date(con, table, contract, result, member.path)
    result.status = "landed"
    result.seconds = time.perf_counter() - started
    result.message = _landed_message(result)
    _record_batch(con, result, sha, member.path, fmt=_format_of(member.path), kind=kind, started=started_at)
    con.execute("commit")
    return result


def _keep_sideload(
    con: duckdb.DuckDBPyConnection, member: Member, result: BatchResult, started: float, started_at: datetime
) -> BatchResult:
    """A side-loaded list no contract knows: every record kept as JSON in audit.unmapped_sideloads, in a batch
    of its own (status `kept`), so that nothing of the page is lost and a later contract can land it."""
    import pyarrow as pa

    sideload = Path(member.name).stem
    with member.path.open(encoding="utf-8") as handle:
        records = [line.rstrip("\n") for line in handle if line.strip()]
    con.execute("begin transaction")
    result.batch_id = _next_batch_id(con)
    kept = pa.table(
        {
            "batch_id": [result.batch_id] * len(records),
            "source_file": [member.label] * len(records),
            "sideload": [sideload] * len(records),
            "record_number": list(range(1, len(records) + 1)),
            "record_json": records,
            "kept_at": [started_at] * len(records),
        }
    )
    con.from_arrow(kept).insert_into(f"{AUDIT}.unmapped_sideloads")
    result.status, result.raw_table = "kept", f"{AUDIT}.unmapped_sideloads"
    result.rows_read = result.rows_landed = len(records)
    result.encoding, result.encoding_confidence = "utf-8", 1.0
    result.message = (
        f"side-loaded list `{sideload}` of {len(records)} record(s) kept as JSON in {AUDIT}.unmapped_sideloads "
        "(no contract knows it)"
    )
    result.seconds = time.perf_counter() - started
    sha = readers.sha256_of(member.path)
    _record_batch(con, result, sha, member.path, fmt="json", started=started_at)
    con.execute("commit")
    return result


def _landed_message(result: BatchResult) -> str:
    parts = []
    if result.extra_columns:
        shown = ", ".join(result.extra_columns[:5]) + (", …" if len(result.extra_columns) > 5 else "")
        parts.append(f"{len(result.extra_columns)} extra column(s) kept in _extra_columns ({shown})")
    if result.resend_of:
        parts.append(f"re-send of batch {result.resend_of}")
    return "; ".join(parts)


def _decide_repairs(
    member: Member,
    prepared: readers.PreparedFile,
    repairs: _Repairs,
    scan: RecordScan | None,
    landing: Landing | None,
    parse_error: Exception | None,
    options: LandOptions,
) -> None:
    """Raise _Retry (with the repairs set) when this pass cannot be trusted; else return."""
    if scan is not None and prepared.kind == "csv" and scan.mixed_endings and not repairs.uniform_endings:
        repairs.uniform_endings, repairs.blank_out = True, []
        raise _Retry
    if scan is not None and scan.oversized and not repairs.blank_out:
        repairs.blank_out = list(scan.oversized)
        raise _Retry
    wrong_encoding = parse_error is None and "INVALID ENCODING" in landing.error_types
    if wrong_encoding and options.encoding is None and prepared.encoding in ("utf-8", "utf-8-sig"):
        decision = encodings.decide(encodings.non_ascii_lines(member.path), final=True)
        if decision.encoding != prepared.encoding and repairs.encoding is None:
            repairs.encoding = decision.encoding
            raise _Retry
    if parse_error is not None:
        raise FileRejectedError(f"DuckDB could not read it: {str(parse_error).splitlines()[0]}")


TRUNCATED_TEXT = 65_536


def _blank_out(source: Path, ranges: list[tuple[int, int, int]], target: Path) -> Path:
    """A copy of `source` with the bytes of each (line, start, end) record removed (the line stays, empty)."""
    with source.open("rb") as src, target.open("wb") as dst:
        position = 0
        for _, start, end in sorted(ranges, key=lambda r: r[1]):
            _copy_range(src, dst, position, start)
            position = end
        _copy_range(src, dst, position, None)
    return target


def _copy_range(src, dst, start: int, end: int | None) -> None:
    src.seek(start)
    remaining = None if end is None else end - start
    while remaining is None or remaining > 0:
        block = src.read(readers.CHUNK if remaining is None else min(readers.CHUNK, remaining))
        if not block:
            return
        dst.write(block)
        if remaining is not None:
            remaining -= len(block)


def _oversized_text(path: Path, start: int, end: int) -> str:
    with path.open("rb") as handle:
        handle.seek(start)
        head = handle.read(min(TRUNCATED_TEXT, end - start)).decode("utf-8", errors="replace")
    return f"{head}…[truncated: {end - start:,} bytes in all]"


def _expected_and_gaps(
    prepared: readers.PreparedFile,
    scan: RecordScan | None,
    landing: Landing,
    repairs: _Repairs,
    known_records: int | None,
    text_source: Path,
) -> tuple[int | None, list[Gap], list[Gap]]:
    """(records the file holds, records the parser skipped, records quarantined in place): the last two as
    (ordinal, column, raw text, reason). Emptied oversized lines keep their number in JSON lines (the line
    reader returns them, blank) but not in CSV (the CSV reader skips blank lines)."""
    if prepared.kind == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(prepared.path).metadata.num_rows, [], []
    header = 1 if prepared.kind == "csv" else 0
    oversized_lines = {line for line, _, _ in repairs.blank_out}
    true_blanks = [line for line in scan.blank_lines if line not in oversized_lines] if header else []
    gaps = []
    if landing.rejected_count:
        for row in landing.rejected.to_pylist():
            gaps.append(
                (_ordinal(row["line"], header, true_blanks), row["column_name"], row["csv_line"], row["reason"])
            )
    oversized = []
    for line, start, end in repairs.blank_out:
        reason = (
            f"record of {end - start:,} bytes is longer than the reader's limit of {MAX_LINE_BYTES:,} bytes "
            "(raw text truncated)"
        )
        oversized.append((_ordinal(line, header, true_blanks), None, _oversized_text(text_source, start, end), reason))
    expected = scan.records - header + len(repairs.blank_out)
    if header:
        return expected, gaps + oversized, []
    return expected, gaps, oversized


# Spellings of record timestamps beyond ISO, tried in order (dashes day-first as Excel writes them in
# Europe and Japan, slashes month-first as US Excel writes them); only the newest date is used.
CONTENT_DATE_FORMATS = (
    "['%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d', '%d-%m-%Y %H:%M', '%d-%m-%Y', "
    "'%m/%d/%Y %H:%M', '%m/%d/%Y', '%m/%d/%y %H:%M', '%m/%d/%y', '%d.%m.%Y %H:%M', '%d.%m.%Y']"
)


def _settle_export_date(
    con: duckdb.DuckDBPyConnection, table: str, contract: ExportContract, result: BatchResult, path: Path
) -> None:
    """The export date from the newest record timestamp in the batch, else the file's modification time."""
    columns = [c for c in contract.export_date_columns if c in contract.columns]
    newest = None
    if columns:
        parsed = ", ".join(
            f"cast(coalesce(try_cast(left(replace({quote_identifier(c)}, 'T', ' '), 19) as timestamp), "
            f"try_strptime({quote_identifier(c)}, {CONTENT_DATE_FORMATS})) as date)"
            for c in columns
        )
        newest = con.execute(
            f"select max(d) from (select unnest([{parsed}]) as d from {table} where _batch_id = $batch) "
            "where d between date '1970-01-01' and current_date + 1",
            {"batch": result.batch_id},
        ).fetchone()[0]
    if newest is not None:
        result.export_date, result.export_date_origin = newest, "content"
        result.notes.append(f"export date {newest} from the newest record timestamp ({', '.join(columns)})")
    else:
        result.export_date = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date()
        result.export_date_origin = "file modification time"
        result.notes.append(
            "warning: export date taken from the file's modification time (no date in the path, no "
            "--export-date, no record timestamp); pass --export-date to be sure"
        )
    con.execute(
        f"update {table} set _export_date = $d where _batch_id = $batch",
        {"d": result.export_date, "batch": result.batch_id},
    )


WORK_PREFIX = "revops-ingest-"


@contextmanager
def work_folder() -> Iterator[Path]:
    """A temporary folder for working copies, removed at exit; folders left by killed runs are removed
    at start (their process is gone)."""
    root = Path(tempfile.gettempdir())
    for stale in root.glob(f"{WORK_PREFIX}*"):
        pid = stale.name.removeprefix(WORK_PREFIX).split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[BatchResult]]:
    """(files to land, results for what is not landed) under the given paths.

    Folders are walked recursively. Files of unsupported types (README.md, .DS_Store) are reported as
    ignored; special files (devices, FIFOs, sockets) are refused, never opened. A generated world's
    `_truth/` folder is left out (it is not an export). Files come in export-date order, then path order,
    so weekly snapshots land oldest first.
    """
    found: list[Path] = []
    others: list[BatchResult] = []
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise RevopsError(f"no such file or folder: {path}", hint="check the path")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if "_truth" in parts[:-1] or child.is_dir():
                    continue
                _classify(child, found, others)
        else:
            _classify(path, found, others)

    def order(p: Path) -> tuple[date, str]:
        when = export_date_with_origin(str(p), None, None)[0]
        return (when or date.min, str(p))

    return sorted(found, key=order), others


def _classify(path: Path, found: list[Path], others: list[BatchResult]) -> None:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        others.append(BatchResult(str(path), "rejected", message=f"{path}: cannot be read ({exc.strerror})"))
        return
    if not stat.S_ISREG(mode):
        others.append(
            BatchResult(
                str(path), "rejected", message=f"{path}: not a regular file (a device, FIFO or socket); not read"
            )
        )
    elif path.suffix.lower() in readers.SUPPORTED_SUFFIXES:
        found.append(path)
    else:
        others.append(BatchResult(str(path), "ignored", message="not an export file type"))


def ingest(
    con: duckdb.DuckDBPyConnection,
    paths: Iterable[Path],
    source: str | None = None,
    export_kind: str | None = None,
    export_date: date | None = None,
    on_file: Callable[[str], None] | None = None,
    encoding: str | None = None,
) -> list[BatchResult]:
    """Land every file (archives, workbooks and JSON documents split into their parts) under `paths`; one
    result per part. A file that cannot be landed is rejected with its reason and the run goes on."""
    configure_for_ingest(con)
    ensure_schema(con)
    options = LandOptions(source, export_kind, export_date, encoding)
    files, results = discover(paths)
    with work_folder() as workdir:
        for number, path in enumerate(files):
            file_dir = workdir / f"f{number}"
            try:
                for member in expand(path, str(path), file_dir):
                    if on_file:
                        on_file(member.label)
                    reset_memory_limit(con)
                    results.append(_land_isolated(con, member, options, file_dir / "work"))
                    if member.path.is_relative_to(file_dir):
                        member.path.unlink(missing_ok=True)
            except Exception as exc:  # expanding the file itself failed: reject it, go on with the next
                results.append(
                    _land_isolated(
                        con,
                        Member(path, str(path), path.name, problem=_failure_line(str(path), exc)),
                        options,
                        file_dir,
                    )
                )
            shutil.rmtree(file_dir, ignore_errors=True)
    return results
