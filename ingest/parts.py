"""Split a combined export (`ingest.contracts.combined`) into one CSV per part.

Which part a header belongs to, in this order:

1. a header ending in a part's suffix (` - Contact`, ` - Company`) belongs to that part, the suffix dropped;
2. a label that occurs more than once (`Create Date`, `Phone Number`) gives its first occurrence to the first
   part, the second to the second, and so on (HubSpot writes the exported object's properties first);
3. a label only one part's contract knows (`Email`, `Company Domain Name`) belongs to that part;
4. anything else to the part whose key column last precedes it (the first part before any key).

Every row of the file is a record of the first part (the exported object), written whole; a row whose field
count does not match the header stays unmatched there, so the landing quarantines it with its raw text. A
`distinct` part gets one record per distinct non-blank key value (the first row's values), so its count is
reconcilable: rows of the file = rows without a key + rows repeating a key + records of the part. Parts are
written in the file's own encoding, byte for byte (undecodable bytes included), so the landing treats them
as it would the file.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ingest.contracts import ExportContract, normalise_header
from ingest.contracts.combined import CombinedExport, Part

csv.field_size_limit(1 << 30)  # a record longer than the reader's limit is the landing's to quarantine


@dataclass
class Layout:
    """Which columns of the file each part takes, and under which header."""

    combined: CombinedExport
    columns: list[list[tuple[int, str]]]  # per part: (position in the file, header in the part)
    keys: list[int]  # per part: position of its key column


@dataclass
class SplitPart:
    source_name: str
    path: Path
    records: int
    notes: list[str] = field(default_factory=list)


def _key_positions(normalised: list[str], combined: CombinedExport) -> list[int] | None:
    positions = []
    for part in combined.parts:
        found = [normalised.index(k) for k in map(normalise_header, part.keys) if k in normalised]
        if not found:
            return None
        positions.append(found[0])
    return positions


def _own_suffix(header: str, combined: CombinedExport) -> tuple[int, str] | None:
    for index, part in enumerate(combined.parts):
        for suffix in part.suffixes:
            if normalise_header(header).endswith(normalise_header(suffix)) and len(header) > len(suffix):
                return index, header[: len(header.rstrip()) - len(suffix.strip())].rstrip()
    return None


def _knowers(label: str, indexes: list[dict[str, str]]) -> list[int]:
    return [number for number, index in enumerate(indexes) if normalise_header(label) in index]


def _owner(position: int, keys: list[int]) -> int:
    before = [number for number, key in enumerate(keys) if key <= position]
    return max(before, key=lambda number: keys[number]) if before else 0


def layout_of(headers: list[str], combined: CombinedExport, contracts: dict[str, ExportContract]) -> Layout | None:
    """The split of a header holding every part's key column (None when it does not)."""
    keys = _key_positions([normalise_header(h) for h in headers], combined)
    if keys is None:
        return None
    indexes = [contracts[combined.source_name(part)].alias_index() for part in combined.parts]
    columns: list[list[tuple[int, str]]] = [[] for _ in combined.parts]
    counts = Counter(normalise_header(h) for h in headers if not _own_suffix(h, combined))
    seen: Counter[str] = Counter()
    for position, header in enumerate(headers):
        if position in keys:
            owner, label = keys.index(position), _own_suffix(header, combined)
            columns[owner].append((position, label[1] if label else header))
            continue
        if suffixed := _own_suffix(header, combined):
            columns[suffixed[0]].append((position, suffixed[1]))
            continue
        norm = normalise_header(header)
        knowers = _knowers(header, indexes)
        if counts[norm] > 1:
            owner = min(seen[norm], len(combined.parts) - 1)
            seen[norm] += 1
        else:
            owner = knowers[0] if len(knowers) == 1 else _owner(position, keys)
        columns[owner].append((position, header))
    _add_carried(headers, combined, columns)
    return Layout(combined, columns, keys)


def _add_carried(headers: list[str], combined: CombinedExport, columns: list[list[tuple[int, str]]]) -> None:
    normalised = [normalise_header(h) for h in headers]
    for number, part in enumerate(combined.parts):
        for carried in part.carry:
            if normalise_header(carried) in normalised:
                columns[number].append((normalised.index(normalise_header(carried)), carried))


def _errors(encoding: str) -> str:
    return "strict" if encoding.startswith("utf-16") else "surrogateescape"


def split(path: Path, encoding: str, delimiter: str, layout: Layout, workdir: Path, label: str) -> list[SplitPart]:
    """Write one CSV per part into `workdir`; returns them with their record counts and notes."""
    combined, errors = layout.combined, _errors(encoding)
    out_encoding = "utf-8-sig" if encoding == "utf-8-sig" else encoding
    read_encoding = "utf-8-sig" if encoding in ("utf-8", "utf-8-sig") else encoding
    targets = [workdir / f"p{number}-{part.object}.csv" for number, part in enumerate(combined.parts)]
    workdir.mkdir(parents=True, exist_ok=True)
    handles = [t.open("w", encoding=out_encoding, errors=errors, newline="") for t in targets]
    tally = _Tally(len(combined.parts))
    try:
        writers = [csv.writer(h, delimiter=delimiter, lineterminator="\r\n") for h in handles]
        with path.open("r", encoding=read_encoding, errors=errors, newline="") as source:
            reader = csv.reader(source, delimiter=delimiter)
            width = len(next(reader))
            for number, columns in enumerate(layout.columns):
                writers[number].writerow([header for _, header in columns])
            for row in reader:
                _write_row(row, width, layout, writers, tally)
    finally:
        for handle in handles:
            handle.close()
    return [
        SplitPart(combined.source_name(part), target, tally.records[number], tally.notes(number, part, label))
        for number, (part, target) in enumerate(zip(combined.parts, targets, strict=True))
    ]


class _Tally:
    def __init__(self, parts: int) -> None:
        self.records = [0] * parts
        self.rows = 0
        self.keyless = [0] * parts
        self.repeated = [0] * parts
        self.seen: list[set[str]] = [set() for _ in range(parts)]

    def notes(self, number: int, part: Part, label: str) -> list[str]:
        if number == 0:
            return [f"part {part.object} of a combined export ({label}): one record per row"]
        if not part.distinct:
            return [f"part {part.object} of a combined export ({label}): {self.records[number]} of {self.rows} rows"]
        return [
            f"part {part.object} of a combined export ({label}): {self.records[number]} distinct record(s) from "
            f"{self.rows} row(s); {self.keyless[number]} row(s) without a {part.keys[0]}, "
            f"{self.repeated[number]} repeating one already written"
        ]


def _write_row(row: list[str], width: int, layout: Layout, writers: list, tally: _Tally) -> None:
    if not row:  # a blank line is no record, in the file as in its parts
        return
    tally.rows += 1
    if len(row) != width:  # left unmatched so that the landing quarantines it with its raw text
        first = len(layout.columns[0])
        writers[0].writerow(row if len(row) != first else [*row, ""])
        tally.records[0] += 1
        return
    for number, (columns, part) in enumerate(zip(layout.columns, layout.combined.parts, strict=True)):
        if number and part.distinct:
            key = row[layout.keys[number]].strip()
            if not key:
                tally.keyless[number] += 1
                continue
            if key in tally.seen[number]:
                tally.repeated[number] += 1
                continue
            tally.seen[number].add(key)
        writers[number].writerow([row[position] for position, _ in columns])
        tally.records[number] += 1
