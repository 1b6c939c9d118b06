"""Split what a user hands over into files that land one by one.

- A zip archive: every member, whatever its folder (hidden and `_` folders included), streamed to a safe
  name of its own, so two members of the same name both land; nested archives are opened too. Members
  whose path leaves the archive (`..`, absolute) are refused with their name. The expanded size and the
  compression ratio are capped (REVOPS_ZIP_MAX_BYTES, REVOPS_ZIP_MAX_RATIO) against zip bombs.
- An XLSX workbook: one CSV per worksheet that holds data, values as Excel cached them; a formula cell
  with no cached value is reported.
- A combined export (`ingest.parts`): a contact's and its company's properties in one CSV, one part per export.
- A JSON document (an API page, an incremental-export page, a single-object response, a plain array):
  one JSON-lines part per list of records (side-loads such as `identities` included), named after its
  key so that recognition can tell `users` from `identities`; a single object `{"ticket": {...}}` is one
  record of `tickets`.
Anything else is one member as it is. Members that cannot be landed carry the reason (`problem`).
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ingest import encodings, parts, readers
from ingest.contracts import load_contracts
from ingest.contracts.combined import load_combined_exports
from revops import settings
from revops.errors import FileRejectedError

CHUNK = 1 << 20
MAX_DEPTH = 3
_UNSAFE = re.compile(r"[^\w.\- ]+")


@dataclass
class Member:
    path: Path  # the file to land (the original, or a working copy in the work folder)
    label: str  # what the user sees: `exports/a.zip!Account.csv`, `users.json!identities`
    name: str  # the file name recognition reads
    problem: str | None = None  # why this member cannot be landed (it is then rejected with this reason)
    records: int | None = None  # records written into a working copy, when this module made one
    notes: list[str] = field(default_factory=list)
    sideload: bool = False  # a side-loaded list of an API page: unknown ones are kept, not rejected
    source: str | None = None  # the export this member is, when the split decided it (a combined export's part)
    decision: encodings.Decision | None = None  # the whole file's encoding, for a part written in it


def _size_setting(name: str, default: int) -> int:
    return settings.size_setting(name) or default


def safe_name(name: str, limit: int = 120) -> str:
    """A file name any file system takes: no separators or odd characters, at most `limit` characters."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    cleaned = _UNSAFE.sub("_", stem).strip(". ") or "member"
    suffix = _UNSAFE.sub("_", suffix)[:10]
    return cleaned[: limit - len(suffix) - 1] + (f".{suffix}" if suffix else "")


def expand(path: Path, label: str, workdir: Path, depth: int = 0) -> Iterator[Member]:
    suffix = path.suffix.lower()
    if suffix == ".zip":
        yield from _zip_members(path, label, workdir, depth)
    elif suffix == ".xlsx":
        yield from _sheets(path, label, workdir)
    elif suffix == ".json":
        yield from _json_parts(path, label, workdir)
    elif suffix in readers.CSV_SUFFIXES:
        name = Path(label.rpartition("!")[2] or label).name
        yield from _combined_parts(path, label, workdir) or [Member(path, label, name)]
    else:
        yield Member(path, label, Path(label.rpartition("!")[2] or label).name)


def _combined_parts(path: Path, label: str, workdir: Path) -> list[Member] | None:
    """The parts of a combined export (a contact with its company's properties), or None for any other file."""
    try:
        headers, delimiter = readers.first_record(path)
    except (FileRejectedError, OSError, csv.Error):
        return None  # the landing says what is wrong with it
    contracts = {contract.source_name: contract for contract in load_contracts()}
    combined = [c for c in load_combined_exports() if all(c.source_name(p) in contracts for p in c.parts)]
    if not any(parts.layout_of(headers, c, contracts) for c in combined):
        return None
    decision = encodings.detect(path)
    headers = readers.first_record(path, decision.encoding)[0]
    layout = next(layout for c in combined if (layout := parts.layout_of(headers, c, contracts)))
    split = parts.split(path, decision.encoding, delimiter, layout, workdir / f"c-{safe_name(path.stem)}", label)
    members = []
    for part in split:
        object_name = part.source_name.partition(".")[2]
        member = Member(part.path, f"{label}!{object_name}", path.name, records=part.records, notes=part.notes)
        member.source, member.decision = part.source_name, decision
        members.append(member)
    return members


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    parts = PurePosixPath(info.filename.replace("\\", "/")).parts
    if info.filename.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", info.filename) or ".." in parts:
        return f"member path {info.filename!r} leaves the archive (path traversal); not extracted"
    return None


def _zip_members(archive: Path, label: str, workdir: Path, depth: int) -> Iterator[Member]:
    if depth >= MAX_DEPTH:
        yield Member(archive, label, archive.name, problem=f"archives nested deeper than {MAX_DEPTH} levels")
        return
    max_bytes = _size_setting("REVOPS_ZIP_MAX_BYTES", 16 << 30)
    max_ratio = settings.number_setting("REVOPS_ZIP_MAX_RATIO", 200.0)
    try:
        bundle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Member(archive, label, archive.name, problem=f"not a readable zip archive ({exc})")
        return
    written = 0
    with bundle:
        for index, info in enumerate(sorted(bundle.infolist(), key=lambda i: i.filename)):
            if info.is_dir():
                continue
            member_label = f"{label}!{info.filename}"
            name = PurePosixPath(info.filename.replace("\\", "/")).name
            if problem := _member_problem(info):
                yield Member(archive, member_label, name, problem=problem)
                continue
            target = workdir / f"z{depth}-{index:05d}" / safe_name(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                size = _extract(bundle, info, target, max_bytes - written, max_ratio)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
                yield Member(archive, member_label, name, problem=f"could not be extracted: {exc}")
                continue
            written += size
            yield from expand(target, member_label, workdir, depth + 1)


class ExpansionLimit(ValueError):
    """A member expands beyond the configured size or ratio."""


def _extract(bundle: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int, max_ratio: float) -> int:
    """Stream one member to `target`, stopping at the size budget or the ratio cap; returns its size."""
    size = 0
    compressed = max(info.compress_size, 1)
    with bundle.open(info) as src, target.open("wb") as dst:
        while block := src.read(CHUNK):
            size += len(block)
            if size > budget:
                raise ExpansionLimit(
                    f"expands beyond REVOPS_ZIP_MAX_BYTES ({budget:,} bytes left); raise it if the archive is genuine"
                )
            if size > (16 << 20) and size / compressed > max_ratio:
                raise ExpansionLimit(
                    f"compression ratio over {max_ratio:g}:1 (a zip bomb?); raise REVOPS_ZIP_MAX_RATIO if genuine"
                )
            dst.write(block)
    return size


def _excel_text(value: object) -> str:
    if hasattr(value, "isoformat"):
        text = value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
        return text.removesuffix(" 00:00:00")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheets(book: Path, label: str, workdir: Path) -> Iterator[Member]:
    """Every worksheet with data, as CSV; formulas Excel never calculated are counted per sheet."""
    from openpyxl import load_workbook  # imported lazily: only XLSX files need it

    try:
        values = load_workbook(book, read_only=True, data_only=True)
        formulas = load_workbook(book, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        yield Member(book, label, book.name, problem=f"not a readable XLSX workbook ({type(exc).__name__}: {exc})")
        return
    try:
        sheets = list(values.worksheets)
        for index, sheet in enumerate(sheets):
            target = workdir / f"x{index:03d}" / f"{safe_name(book.stem)}.csv"
            target.parent.mkdir(parents=True, exist_ok=True)
            rows, uncached = _sheet_to_csv(sheet, formulas[sheet.title], target)
            if rows == 0:
                continue
            member_label = label if len(sheets) == 1 else f"{label}!{sheet.title}"
            member = Member(target, member_label, book.name)
            member.records = rows - 1
            if uncached:
                member.notes.append(
                    f"{len(uncached)} formula cell(s) without a cached value landed blank (first: sheet "
                    f"{sheet.title!r} {uncached[0]}); open and save the workbook in Excel to calculate them"
                )
            yield from _combined_parts(target, member_label, target.parent) or [member]
    finally:
        values.close()
        formulas.close()


def _sheet_to_csv(sheet, formula_sheet, target: Path) -> tuple[int, list[str]]:
    rows = 0
    uncached: list[str] = []
    width = 0
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL)
        for row, formula_row in zip(
            sheet.iter_rows(values_only=True), formula_sheet.iter_rows(values_only=True), strict=False
        ):
            cells = ["" if v is None else _excel_text(v) for v in row]
            for column, (value, formula) in enumerate(zip(row, formula_row, strict=False)):
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    uncached.append(f"row {rows + 1} column {column + 1}")
            if not any(cells):
                continue
            width = width or len(cells)  # the header's width; Excel drops trailing empty cells
            while len(cells) > width and cells[-1] == "":
                cells.pop()
            writer.writerow(cells + [""] * (width - len(cells)))
            rows += 1
    return rows, uncached


def _load_json(path: Path) -> object:
    decision = encodings.detect(path)
    encoding = "utf-8-sig" if decision.encoding == "utf-8" else decision.encoding
    with path.open("r", encoding=encoding, errors="replace") as handle:
        return json.load(handle)


def _looks_like_json_lines(path: Path) -> bool:
    """JSON lines when the first non-blank line is a whole JSON object that is not itself an API page."""
    with path.open("r", encoding="utf-8-sig", errors="replace") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                first = json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                return not line.lstrip().startswith(("[", "{"))  # a pretty-printed document starts with { alone
            wrapped = isinstance(first, dict) and len(first) == 1 and isinstance(next(iter(first.values())), dict)
            return isinstance(first, dict) and not _record_lists(first) and not wrapped
    return True


def _record_lists(document: dict) -> dict[str, list]:
    return {
        key: value
        for key, value in document.items()
        if isinstance(value, list) and (not value or isinstance(value[0], dict))
    }


def _parts_of(document: object, stem: str) -> dict[str, list] | str:
    """name -> records of a JSON document, or the reason it holds none."""
    if isinstance(document, list):
        return {stem: document}
    if not isinstance(document, dict):
        return "JSON must be an array of records, an API page, an object response, or JSON lines"
    lists = {key: value for key, value in _record_lists(document).items() if value or len(document) > 1}
    if lists:
        return lists
    objects = {key: value for key, value in document.items() if isinstance(value, dict)}
    if len(objects) == 1:  # a Show response: {"ticket": {...}}
        key, record = next(iter(objects.items()))
        return {key if key.endswith("s") else f"{key}s": [record]}
    return "a JSON object without a list of records in it"


def _primary_list(parts: dict[str, list], file_name: str) -> str:
    """The page's own list: the one its file name names first (`tickets-….json`), else the longest; the others
    are side-loads (a page of 2 tickets may side-load 3 groups)."""
    name = file_name.casefold()
    named = sorted((name.find(key.casefold()), key) for key in parts if key.casefold() in name)
    return named[0][1] if named else max(parts, key=lambda key: len(parts[key]))


def _json_parts(path: Path, label: str, workdir: Path) -> Iterator[Member]:
    if _looks_like_json_lines(path):
        yield Member(path, label, path.name)
        return
    try:
        document = _load_json(path)
    except json.JSONDecodeError as exc:
        yield Member(
            path, label, path.name, problem=f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        )
        return
    except RecursionError:
        yield Member(path, label, path.name, problem="JSON nested too deeply to be a record export")
        return
    parts = _parts_of(document, path.stem)
    if isinstance(parts, str):
        yield Member(path, label, path.name, problem=parts)
        return
    primary = _primary_list(parts, path.name)
    records_paths = {contract.json_records_path for contract in load_contracts() if contract.json_records_path}
    for key, records in parts.items():
        target = workdir / f"j-{safe_name(key)}" / f"{safe_name(key)}.jsonl"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        # a list a contract declares as its `json_records_path` (`{"users": [...]}`) is named by its key, so an
        # incremental-export page saved under any name is recognised as a file of that export would be
        keyed = isinstance(document, dict) and key in records_paths
        name = path.name if key == primary and len(parts) == 1 and not keyed else f"{key}.json"
        member = Member(target, label if len(parts) == 1 else f"{label}!{key}", name, records=len(records))
        member.sideload = key != primary
        yield member
