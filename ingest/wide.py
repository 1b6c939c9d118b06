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
