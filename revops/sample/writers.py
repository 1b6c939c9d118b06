"""Deterministic file writers: CSV in a given encoding (with optional junk rows), zip, JSON lines, XLSX."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pacsv

BATCH_ROWS = 100_000
FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def _csv_bytes(table: pa.Table, header: bool) -> bytes:
    sink = io.BytesIO()
    pacsv.write_csv(table, sink, pacsv.WriteOptions(include_header=header, quoting_style="needed"))
    return sink.getvalue()


def write_csv(out: BinaryIO, table: pa.Table, encoding: str = "utf-8", junk_lines: Iterable[str] = ()) -> int:
    """Write `table` in `encoding` ("utf-8", "utf-8-sig" or "cp932"); `junk_lines` go after the first batch.

    String values are always quoted (pyarrow's behaviour), numbers are not. Returns the number of data rows.
    """
    if encoding == "utf-8-sig":
        out.write(b"\xef\xbb\xbf")
    junk = list(junk_lines)
    for start in range(0, max(table.num_rows, 1), BATCH_ROWS):
        chunk = _csv_bytes(table.slice(start, BATCH_ROWS), header=start == 0)
        if start == 0 and junk:
            chunk += "".join(line + "\n" for line in junk).encode("utf-8")
        out.write(chunk if encoding != "cp932" else chunk.decode("utf-8").encode("cp932"))
    return table.num_rows


def salesforce_table(columns: dict[str, pa.Array]) -> pa.Table:
    """Every value a string, empty for missing: the Data Export quotes every field."""
    arrays = {k: pa.array(v).cast(pa.string()).fill_null("") for k, v in columns.items()}
    return pa.table(arrays)


def zip_entry(archive: zipfile.ZipFile, name: str) -> BinaryIO:
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return archive.open(info, "w")


def write_jsonl(path: Path, records: Iterable[dict]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
    return count


def write_xlsx(path: Path, sheet: str, header: list[str], rows: Iterable[list]) -> int:
    """openpyxl write-only workbook, rewritten with fixed zip timestamps and document dates."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.properties.created = workbook.properties.modified = datetime(2026, 1, 1)
    worksheet = workbook.create_sheet(sheet)
    worksheet.append(header)
    count = 0
    for row in rows:
        worksheet.append(row)
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = _fix_core_dates(data)
            with zip_entry(dst, item.filename) as fh:
                fh.write(data)
    return count


def _fix_core_dates(xml: bytes) -> bytes:
    """openpyxl stamps `modified` with the wall clock at save time; pin it."""
    import re

    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>2026-01-01T00:00:00Z\g<2>", xml)
