"""Readers: turn one export file into something DuckDB's own fast readers can stream.

Detects the format (CSV/TSV, NDJSON or JSON, XLSX, Parquet) and the encoding (UTF-8, UTF-8 with BOM,
UTF-16, CP932/Shift_JIS), reads the header, and when DuckDB cannot read the file directly (CP932, UTF-16,
XLSX, a JSON array) writes a UTF-8 working copy in a streaming way. Nothing here interprets values.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import FileRejectedError

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
    transcoded: bool = False
    replaced_characters: int = 0  # undecodable bytes replaced by U+FFFD while transcoding
    notes: list[str] = field(default_factory=list)


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


# Python's cp932 maps the unused single bytes 0x80, 0xA0, 0xFD-0xFF to these code points; in a real
# export they only ever come from bytes that are not CP932 text at all, so they count as undecodable.
_CP932_STRAYS = str.maketrans({ch: "\ufffd" for ch in "\x80\uf8f0\uf8f1\uf8f2\uf8f3"})


def _clean(text: str, encoding: str) -> str:
    return text.translate(_CP932_STRAYS) if encoding == "cp932" else text


def _decode_errors(data: bytes, encoding: str, final: bool) -> int:
    """How many characters of `data` cannot be decoded (a character cut at the end is fine unless final)."""
    text = codecs.getincrementaldecoder(encoding)("replace").decode(data, final=final)
    return _clean(text, encoding).count("\ufffd")


def _likelier_encoding(data: bytes, final: bool) -> str:
    """UTF-8 when it decodes cleanly, else whichever of UTF-8 and CP932 leaves fewer undecodable bytes."""
    utf8_errors = _decode_errors(data, "utf-8", final)
    if utf8_errors == 0:
        return "utf-8"
    return "cp932" if _decode_errors(data, "cp932", final) < utf8_errors else "utf-8"


def detect_encoding(path: Path) -> str:
    """BOMs first; then UTF-8 or CP932, judged on the first megabyte.

    A CP932 file whose first megabyte is pure ASCII is taken for UTF-8 here; the loader notices the
    invalid-encoding rows DuckDB reports and asks `likelier_encoding_of_file` (see load.land_file).
    Rows that still cannot be decoded are quarantined one by one.
    """
    with path.open("rb") as handle:
        sample = handle.read(SNIFF_BYTES)
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return _likelier_encoding(sample, final=len(sample) < SNIFF_BYTES)


def likelier_encoding_of_file(path: Path) -> str:
    """The whole-file version of the judgement, streamed."""
    errors = {}
    for encoding in ("utf-8", "cp932"):
        decoder = codecs.getincrementaldecoder(encoding)("replace")
        count = 0
        with path.open("rb") as handle:
            while block := handle.read(CHUNK):
                count += _clean(decoder.decode(block), encoding).count("\ufffd")
        errors[encoding] = count + _clean(decoder.decode(b"", final=True), encoding).count("\ufffd")
    return "cp932" if errors["utf-8"] > 0 and errors["cp932"] < errors["utf-8"] else "utf-8"


def transcode_to_utf8(source: Path, encoding: str, target: Path) -> int:
    """Stream `source` into UTF-8 `target`; returns how many characters could not be decoded (→ U+FFFD)."""
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    replaced = 0
    with source.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
        while block := src.read(CHUNK):
            text = _clean(decoder.decode(block), encoding)
            replaced += text.count("\ufffd")
            dst.write(text)
        tail = _clean(decoder.decode(b"", final=True), encoding)
        replaced += tail.count("\ufffd")
        dst.write(tail)
    return replaced


def _first_record(path: Path) -> tuple[list[str], str]:
    """The header record of a UTF-8 CSV and its delimiter (the most frequent candidate on line one)."""
    with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
        sample = handle.read(SNIFF_BYTES)
    if not sample.strip():
        raise FileRejectedError(f"{path}: the file is empty (no header row)")
    first_line = sample.splitlines()[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    header = next(csv.reader(io.StringIO(sample), delimiter=delimiter, quotechar='"', doublequote=True))
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


def _json_document_to_ndjson(source: Path, records_path: str | None, target: Path) -> None:
    """A JSON array (or an API page such as {"tickets": [...]}) rewritten as JSON lines."""
    with source.open("r", encoding="utf-8-sig") as handle:
        try:
            document = json.load(handle)
        except json.JSONDecodeError as exc:
            raise FileRejectedError(
                f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
            ) from exc
    if isinstance(document, dict):
        if records_path and isinstance(document.get(records_path), list):
            document = document[records_path]
        else:
            lists = [key for key, value in document.items() if isinstance(value, list)]
            if len(lists) != 1:
                raise FileRejectedError(f"{source}: a JSON object without one list of records in it")
            document = document[lists[0]]
    if not isinstance(document, list):
        raise FileRejectedError(f"{source}: JSON must be an array of records, an API page, or JSON lines")
    with target.open("w", encoding="utf-8") as out:
        for record in document:
            out.write(json.dumps(record, ensure_ascii=False))
            out.write("\n")


def _is_api_page(obj: object) -> bool:
    """An API response page such as {"tickets": [{...}, ...], "next_page": ...}."""
    return isinstance(obj, dict) and any(
        isinstance(value, list) and value and isinstance(value[0], dict) for value in obj.values()
    )


def _looks_like_json_lines(path: Path, probe_lines: int = 5) -> bool:
    """JSON lines when the first non-blank lines are whole JSON objects on their own (a file holding a
    single API page on one line is a document, not a one-record JSON-lines file)."""
    parsed: list[object] = []
    with path.open("r", encoding="utf-8-sig", errors="replace") as handle:
        for line in handle:
            if not line.strip():
                continue
            if not parsed and line.lstrip().startswith("["):
                return False
            try:
                parsed.append(json.loads(line))
            except json.JSONDecodeError:
                parsed.append(None)
            if len(parsed) >= probe_lines:
                break
    objects = [obj for obj in parsed if isinstance(obj, dict)]
    if not objects:
        return not parsed
    return not (len(parsed) == 1 and _is_api_page(objects[0]))


def _xlsx_to_csv(source: Path, target: Path) -> None:
    """First worksheet, streamed (openpyxl read-only), values as Excel shows them in ISO form."""
    from openpyxl import load_workbook  # imported lazily: only XLSX files need it

    workbook = load_workbook(source, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        with target.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL)
            width = 0
            for row in sheet.iter_rows(values_only=True):
                cells = ["" if v is None else _excel_text(v) for v in row]
                width = width or len(cells)  # the header's width; Excel drops trailing empty cells
                while len(cells) > width and cells[-1] == "":
                    cells.pop()
                writer.writerow(cells + [""] * (width - len(cells)))
    finally:
        workbook.close()


def _excel_text(value: object) -> str:
    if hasattr(value, "isoformat"):
        text = value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
        return text.removesuffix(" 00:00:00")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def prepare(
    path: Path, workdir: Path, json_records_path: str | None = None, force_encoding: str | None = None
) -> PreparedFile:
    """Detect and, where needed, convert `path` into a UTF-8 file in `workdir` that DuckDB can stream."""
    fmt = file_format(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        headers = list(pq.read_schema(path).names)
        return PreparedFile(path, path, "parquet", "binary", headers)
    if fmt == "xlsx":
        working = workdir / f"{path.stem}.csv"
        _xlsx_to_csv(path, working)
        headers, delimiter = _first_record(working)
        return PreparedFile(path, working, "csv", "xlsx", headers, delimiter, transcoded=True)

    encoding = force_encoding or detect_encoding(path)
    readable = path
    replaced = 0
    if encoding in {"cp932", "utf-16"}:
        readable = workdir / f"{path.stem}.utf8{path.suffix}"
        replaced = transcode_to_utf8(path, encoding, readable)
    prepared_kind = "csv"
    if fmt == "json":
        prepared_kind = "ndjson"
        if not _looks_like_json_lines(readable):
            working = workdir / f"{path.stem}.jsonl"
            _json_document_to_ndjson(readable, json_records_path, working)
            readable = working
        headers = _ndjson_headers(readable)
        delimiter = ""
    else:
        headers, delimiter = _first_record(readable)
    return PreparedFile(
        original=path,
        path=readable,
        kind=prepared_kind,
        encoding=encoding,
        headers=headers,
        delimiter=delimiter,
        transcoded=readable != path,
        replaced_characters=replaced,
    )
