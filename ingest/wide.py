"""Wide CSV files (thousands of columns: a 294-column HubSpot export is normal, 40,000 is not unheard of) as JSON lines.

DuckDB holds 2,048 values per column in memory while it scans a CSV, so a file with 40,000 columns needs more
than a gigabyte whatever its row count. A CSV wider than WIDE_COLUMNS is therefore rewritten, one record at a
time, as JSON lines keyed by its header names (blank names → `column_N`, repeats → `Name (2)`), which the
JSON-lines landing reads with a fixed, small number of columns. Empty values become null, as the CSV reader
reads them. A record with more values than the header keeps the surplus under `column_N`; one with fewer gets
nulls; both are counted and reported. Blank lines are skipped, as the CSV reader skips them, so a record's
line in the JSON file is its ordinal in the CSV.
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path

WIDE_COLUMNS = 1024
BATCH_BYTES = 4 << 20  # JSON text per Arrow batch handed to DuckDB (its scan holds one batch per chunk)


@dataclass(frozen=True)
class WideRewrite:
    keys: list[str]  # the JSON keys, one per header column
    records: int  # records written (the header not included)
    ragged: int  # records whose value count differed from the header's


def unique_names(headers: list[str]) -> list[str]:
    """Header names made unique and non-blank, as the landing names extra columns."""
    names: list[str] = []
    seen: set[str] = set()
    for position, header in enumerate(headers):
        name = header if header.strip() else f"column_{position + 1}"
        base, suffix = name, 2
        while name in seen:
            name, suffix = f"{base} ({suffix})", suffix + 1
        seen.add(name)
        names.append(name)
    return names


def rewrite_as_json_lines(source: Path, delimiter: str, target: Path) -> WideRewrite:
    """Stream the UTF-8 CSV `source` into JSON lines at `target`, one object per record."""
    csv.field_size_limit(sys.maxsize)
    records = ragged = 0
    with source.open("r", encoding="utf-8-sig", newline="") as src, target.open("w", encoding="utf-8") as dst:
        rows = csv.reader(src, delimiter=delimiter, quotechar='"', doublequote=True)
        keys = unique_names(next(rows, []))
        for row in rows:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line: the CSV reader skips it too
            if len(row) != len(keys):
                ragged += 1
            names = keys if len(row) <= len(keys) else [*keys, *(f"column_{i + 1}" for i in range(len(keys), len(row)))]
            record = {name: (value if value != "" else None) for name, value in zip(names, row, strict=False)}
            dst.write(json.dumps(record, ensure_ascii=False))
            dst.write("\n")
            records += 1
    return WideRewrite(keys, records, ragged)


def record_batches(path: Path, keys: list[str]):  # -> pyarrow.RecordBatchReader
    """The JSON lines at `path` (a rewrite above) as Arrow batches of about BATCH_BYTES of text each:
    `_rn` (the record's ordinal), `k0`… (the value of each of `keys`, or null) and `_extra` (a JSON object of
    every other key). Split here, so that DuckDB never parses or patches a megabyte-wide JSON object."""
    import pyarrow as pa

    wanted = set(keys)
    values = [(f"k{i}", pa.string()) for i in range(len(keys))]
    schema = pa.schema([("_rn", pa.int64()), *values, ("_extra", pa.string())])

    def batch(rows: list[tuple]) -> pa.RecordBatch:
        return pa.record_batch([list(column) for column in zip(*rows, strict=True)], schema=schema)

    def batches():
        rows: list[tuple] = []
        size = 0
        with path.open("r", encoding="utf-8", newline="\n") as handle:
            for ordinal, line in enumerate(handle, start=1):
                record = json.loads(line)
                extra = {key: value for key, value in record.items() if key not in wanted}
                rows.append((ordinal, *(record.get(key) for key in keys), json.dumps(extra, ensure_ascii=False)))
                size += len(line)
                if size >= BATCH_BYTES:
                    yield batch(rows)
                    rows, size = [], 0
        if rows:
            yield batch(rows)

    return pa.RecordBatchReader.from_batches(schema, batches())
