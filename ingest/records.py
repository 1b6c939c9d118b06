"""Count a delimited file's records independently of the CSV parser that lands them.

The count is what `rows_read` means: every record of the file, counted from its bytes, so that
`read = landed + quarantined` can be checked rather than assumed. A record ends at a line break (CRLF, LF
or CR) outside double quotes; a line holding nothing is not a record. The scan is vectorised (numpy) and
runs on a worker thread while DuckDB lands the file, reading each block once for the count and the hash.

Quotes are counted by parity, which is exact for files whose quotes open fields (RFC 4180). A stray quote
inside an unquoted field (`5'10" tall`) can fool parity; `exact_count` then recounts with Python's csv
module, which reads quotes the way the landing parser does.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

CHUNK = 1 << 22
QUOTE, LF, CR = 0x22, 0x0A, 0x0D


@dataclass
class RecordScan:
    """What the bytes say: records (header included), blank lines, line endings and oversized records."""

    records: int = 0  # non-blank records, the header included
    blank_lines: list[int] = field(default_factory=list)  # 1-based line numbers (records and blanks) of blanks
    endings: dict[str, int] = field(default_factory=lambda: {"crlf": 0, "lf": 0, "cr": 0})
    oversized: list[tuple[int, int, int]] = field(default_factory=list)  # (line number, start byte, end byte)
    unterminated_quote: bool = False

    @property
    def mixed_endings(self) -> bool:
        return sum(1 for count in self.endings.values() if count) > 1


class _Scanner:
    """Feeds blocks through the parity count, carrying state across block boundaries."""

    def __init__(self, max_record_bytes: int, quote_aware: bool) -> None:
        self.quote_aware = quote_aware
        self.scan = RecordScan()
        self.max_record_bytes = max_record_bytes
        self.offset = 0  # bytes consumed before the current block
        self.inside = False  # inside quotes at the end of the previous block
        self.record_start = 0  # byte where the current record began
        self.lines = 0  # terminators seen so far (records and blank lines)
        self.pending_cr: int | None = None  # a CR ending the previous block: CRLF or CR is settled by the next

    def feed(self, block: bytes) -> None:
        data = np.frombuffer(block, dtype=np.uint8)
        if self.pending_cr is not None:
            if data[0] == LF:
                self._close([self.pending_cr + 1], [self.pending_cr], "crlf")
                data, skip = data[1:], 1
            else:
                self._close([self.pending_cr], [self.pending_cr], "cr")
                skip = 0
            self.pending_cr = None
        else:
            skip = 0
        base = self.offset + skip
        quotes = np.flatnonzero(data == QUOTE) if self.quote_aware else np.empty(0, dtype=np.int64)
        breaks = np.flatnonzero((data == LF) | (data == CR))
        if breaks.size:
            outside = ((np.searchsorted(quotes, breaks) + int(self.inside)) & 1) == 0
            self._terminators(data, breaks[outside], base)
        if quotes.size & 1:
            self.inside = not self.inside
        self.offset += len(block)

    def _terminators(self, data: np.ndarray, breaks: np.ndarray, base: int) -> None:
        if not breaks.size:
            return
        if data[breaks[-1]] == CR and breaks[-1] == data.size - 1:
            self.pending_cr, breaks = base + int(breaks[-1]), breaks[:-1]
        kinds = data[breaks]
        is_cr = kinds == CR
        next_is_lf = np.zeros(breaks.size, dtype=bool)
        next_is_lf[:-1] = (kinds[1:] == LF) & (breaks[1:] == breaks[:-1] + 1)
        cr_of_crlf = is_cr & next_is_lf
        crlf = np.zeros(breaks.size, dtype=bool)
        crlf[1:] = cr_of_crlf[:-1]
        keep = ~cr_of_crlf
        ends = breaks[keep] + base
        term_starts = np.where(crlf[keep], ends - 1, ends)
        self.scan.endings["crlf"] += int(crlf.sum())
        self.scan.endings["cr"] += int((is_cr & ~cr_of_crlf).sum())
        self.scan.endings["lf"] += int((~is_cr & ~crlf).sum())
        self._close(ends, term_starts, None)

    def _close(self, ends, term_starts, kind: str | None) -> None:
        """Records (or blank lines) ending at `ends` (absolute byte of the last terminator byte)."""
        ends = np.asarray(ends, dtype=np.int64)
        term_starts = np.asarray(term_starts, dtype=np.int64)
        if not ends.size:
            return
        if kind:
            self.scan.endings[kind] += ends.size
        starts = np.empty(ends.size, dtype=np.int64)
        starts[0] = self.record_start
        starts[1:] = ends[:-1] + 1
        lengths = term_starts - starts
        numbers = self.lines + 1 + np.arange(ends.size)
        blank = lengths == 0
        self.scan.blank_lines.extend(numbers[blank].tolist())
        self.scan.records += int((~blank).sum())
        for index in np.flatnonzero(lengths > self.max_record_bytes).tolist():
            self.scan.oversized.append((int(numbers[index]), int(starts[index]), int(term_starts[index])))
        self.lines += ends.size
        self.record_start = int(ends[-1]) + 1

    def finish(self) -> RecordScan:
        if self.pending_cr is not None:
            self._close([self.pending_cr], [self.pending_cr], "cr")
        if self.offset > self.record_start:
            self._close([self.offset], [self.offset], None)
        self.scan.unterminated_quote = self.inside
        return self.scan


def scan_records(
    path: Path, max_record_bytes: int, digest: hashlib._Hash | None = None, quote_aware: bool = True
) -> RecordScan:
    """Scan `path` (updating `digest` with the same blocks when given). Without `quote_aware` (JSON lines,
    whose strings escape quotes with a backslash) every line break ends a record."""
    scanner = _Scanner(max_record_bytes, quote_aware)
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            if digest is not None:
                digest.update(block)
            scanner.feed(block)
    return scanner.finish()


def exact_count(path: Path, delimiter: str) -> int:
    """Non-blank records (the header included) as a field-aware CSV reader sees them. Slow; for arbitration."""
    with path.open("r", encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter or ",", quotechar='"', doublequote=True, strict=False)
        csv.field_size_limit(1 << 31)
        return sum(1 for row in reader if row)
