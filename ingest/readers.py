"""Readers: turn one export file into something DuckDB's own fast readers can stream.

Detects the format (CSV/TSV, NDJSON, Parquet; JSON documents and XLSX workbooks arrive here already split
into JSON lines / CSV by `ingest.members`) and the encoding (`ingest.encodings`), reads the header, and when
DuckDB cannot read the file directly (anything but UTF-8) writes a UTF-8 working copy in a streaming way,
with line endings made uniform when the file mixes them. Nothing here interprets values.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from ingest import encodings, wide
from revops.errors import FileRejectedError

CHUNK = 1 << 20
SNIFF_BYTES = 1 << 20
DELIMITERS = (",", "\t", ";", "|")
CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = CSV_SUFFIXES | JSON_SUFFIXES | {".xlsx", ".parquet", ".zip"}


@dataclass
class PreparedFile:
    """A file ready for DuckDB: `path` is UTF-8 (the original or a working copy)."""

    original: Path
    path: Path
    kind: str  # csv | ndjson | parquet
    encoding: str  # as detected in the original
    headers: list[str]
    delimiter: str = ","
    confidence: float = 1.0  # of the encoding decision
    transcoded: bool = False
    replaced_characters: int = 0  # undecodable bytes replaced by U+FFFD while transcoding
    flat_keys: bool = False  # JSON lines whose keys are header names, never dotted paths (a wide CSV rewritten)
    notes: list[str] = field(default_factory=list)
    decision: encodings.Decision | None = None  # how `encoding` was decided (None for Parquet)


def file_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in {".xlsx", ".parquet", ".zip"}:
        return suffix[1:]
    raise FileRejectedError(
        f"{path}: unsupported file type {suffix or '(none)'}",
        hint=f"supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}",
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def transcode_to_utf8(source: Path, encoding: str, target: Path, uniform_endings: bool = False) -> int:
    """Stream `source` into UTF-8 `target`; returns how many characters could not be decoded (→ U+FFFD).
    With `uniform_endings`, every CRLF and lone CR becomes LF (also inside quoted values, where a line break
    stays a line break), so a file that mixes line endings reads as one."""
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    replaced = 0
    held_cr = ""  # a CR at a block's end may be the first half of a CRLF
    with source.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
        while True:
            block = src.read(CHUNK)
            text = decoder.decode(block, final=not block)
            if encoding == "cp932":
                text = text.translate(encodings.CP932_STRAYS)
            replaced += text.count("\ufffd")
            if uniform_endings:
                text = held_cr + text
                held_cr = "\r" if text.endswith("\r") and block else ""
                text = (text[:-1] if held_cr else text).replace("\r\n", "\n").replace("\r", "\n")
            dst.write(text)
            if not block:
                return replaced


MAX_HEADER_BYTES = 256 << 20


def _header_text(path: Path, encoding: str = "utf-8-sig") -> str:
    """The text up to the end of the header record, however wide (quoted line breaks included)."""
    parts: list[str] = []
    inside = False
    read = 0
    encoding = "utf-8-sig" if encoding == "utf-8" else encoding
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        while block := handle.read(SNIFF_BYTES):
            read += len(block)
            for position, char in enumerate(block):
                if char == '"':
                    inside = not inside
                elif char in "\r\n" and not inside:
                    parts.append(block[:position])
                    return "".join(parts)
            parts.append(block)
            if read > MAX_HEADER_BYTES:
                raise FileRejectedError(f"{path}: the header row is longer than {MAX_HEADER_BYTES >> 20} MB")
    return "".join(parts)


def first_record(path: Path, encoding: str = "utf-8-sig") -> tuple[list[str], str]:
    """The header record of a CSV and its delimiter (the most frequent candidate on line one)."""
    text = _header_text(path, encoding)
    if not text.strip():
        raise FileRejectedError(f"{path}: the file is empty (no header row)")
    delimiter = max(DELIMITERS, key=text.count)
    header = next(csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"', doublequote=True))
    return header, delimiter


def _json_paths(obj: dict, prefix: str = "") -> list[str]:
    paths = []
    for key, value in obj.items():
        path = f"{prefix}{key}"
        paths.append(path)
        if isinstance(value, dict):
            paths.extend(_json_paths(value, f"{path}."))
    return paths


def _ndjson_headers(path: Path, sample_lines: int = 200) -> list[str]:
    """Every key path seen in the first objects (nested objects as dotted paths)."""
    seen: dict[str, None] = {}
    with path.open("r", encoding="utf-8-sig", errors="replace") as handle:
        for count, line in enumerate(handle):
            if count >= sample_lines:
                break
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict):
                seen.update(dict.fromkeys(_json_paths(obj)))
    return list(seen)


def prepare(
    path: Path,
    workdir: Path,
    force_encoding: str | None = None,
    uniform_endings: bool = False,
    decided: encodings.Decision | None = None,
) -> PreparedFile:
    """Detect and, where needed, convert `path` into a UTF-8 file in `workdir` that DuckDB can stream.
    `uniform_endings` forces a working copy with LF line endings (for a file that mixes them); `decided` is
    an encoding already decided on the file this one was cut from (a part of a combined export)."""
    fmt = file_format(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        headers = list(pq.read_schema(path).names)
        return PreparedFile(path, path, "parquet", "binary", headers=headers)
    decision = (
        encodings.Decision(encodings.canonical(force_encoding), 1.0, "given with --encoding")
        if force_encoding
        else decided or encodings.detect(path)
    )
    readable = path
    replaced = 0
    if decision.encoding not in ("utf-8", "utf-8-sig") or uniform_endings:
        readable = workdir / f"{path.stem[:100]}.utf8{path.suffix}"
        replaced = transcode_to_utf8(path, decision.encoding, readable, uniform_endings)
    if fmt == "json":
        headers, delimiter, kind = _ndjson_headers(readable), "", "ndjson"
    else:
        (headers, delimiter), kind = first_record(readable), "csv"
    prepared = PreparedFile(
        original=path,
        path=readable,
        kind=kind,
        encoding=decision.encoding,
        confidence=decision.confidence,
        headers=headers,
        delimiter=delimiter,
        transcoded=readable != path,
        replaced_characters=replaced,
        decision=decision,
    )
    prepared.notes.append(decision.evidence)
    if kind == "csv" and len(headers) > wide.WIDE_COLUMNS:
        _as_json_lines(prepared, workdir)
    return prepared


def _as_json_lines(prepared: PreparedFile, workdir: Path) -> None:
    """A CSV too wide for DuckDB's column vectors, rewritten as JSON lines (see ingest.wide)."""
    target = workdir / f"{prepared.original.stem[:100]}.wide.jsonl"
    rewrite = wide.rewrite_as_json_lines(prepared.path, prepared.delimiter, target)
    prepared.path, prepared.kind, prepared.headers, prepared.flat_keys = target, "ndjson", rewrite.keys, True
    prepared.notes.append(f"{len(rewrite.keys):,} columns: read as JSON lines, one per record")
    if rewrite.ragged:
        prepared.notes.append(f"{rewrite.ragged:,} record(s) with more or fewer values than the header")
