"""Which export is this file, and which of its headers feed which raw column."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ingest.contracts import ExportContract, normalise_header
from revops.errors import FileRejectedError


@dataclass
class HeaderMapping:
    """How a file's headers map onto a contract's raw columns."""

    contract: ExportContract
    sources: dict[str, int] = field(default_factory=dict)  # raw column -> index in the file's headers
    extras: list[tuple[str, int]] = field(default_factory=list)  # (name kept in _extra_columns, index)
    unmapped: int = 0  # how many headers are extras (counted even when `extras` is not built)
    missing_required: list[str] = field(default_factory=list)
    missing_optional: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    @property
    def coverage(self) -> int:
        return len(self.sources)


def map_headers(
    contract: ExportContract, headers: list[str], nested: bool = False, with_extras: bool = True
) -> HeaderMapping:
    """Map headers through the contract's aliases; the first alias (in contract order) present wins.

    Unknown headers become extras (kept in _extra_columns and reported). Empty and repeated header names
    are given unique names (`column_7`, `Email (2)`) so no value is lost. With `nested` (JSON records,
    headers are dotted paths), sub-paths are not reported as extras: their object is kept whole. Without
    `with_extras` only their number is kept (recognition tries every contract; files can have 40,000 columns).
    """
    normalised, positions = _header_index(tuple(headers))
    mapping = HeaderMapping(contract)
    for column, aliases in contract.columns.items():
        for alias in (*aliases, column):
            position = positions.get(normalise_header(alias))
            if position is not None and position not in mapping.sources.values():
                mapping.sources[column] = position
                break
        else:
            target = mapping.missing_required if column in contract.required else mapping.missing_optional
            target.append(column)
    used = set(mapping.sources.values())
    names: set[str] = set()
    for position, header in enumerate(headers):
        if position in used or (nested and "." in header):
            continue
        mapping.unmapped += 1
        if not with_extras:
            continue
        name, key = (header, normalised[position]) if header.strip() else (f"column_{position + 1}", None)
        key = key if key is not None else normalise_header(name)
        if name in names or (key in positions and positions[key] != position):
            mapping.duplicates.append(name)
            suffix = 2
            while f"{name} ({suffix})" in names:
                suffix += 1
            name = f"{name} ({suffix})"
        names.add(name)
        mapping.extras.append((name, position))
    return mapping


@lru_cache(maxsize=4)
def _header_index(headers: tuple[str, ...]) -> tuple[list[str], dict[str, int]]:
    """Each header normalised, and the first position of each normalised name: computed once per header,
    whatever the number of contracts tried (40,000-column files exist)."""
    normalised = [normalise_header(header) for header in headers]
    positions: dict[str, int] = {}
    for position, (header, key) in enumerate(zip(headers, normalised, strict=True)):
        if header.strip():
            positions.setdefault(key, position)
    return normalised, positions


def _fit(mapping: HeaderMapping) -> str:
    understood = mapping.coverage + mapping.unmapped
    return f"{mapping.contract.source_name} ({mapping.coverage} of {understood} columns)"


_HINT = "name the export with --source (e.g. --source zendesk.organizations)"


def _pool(file_name: str, ranked: list[HeaderMapping], nested: bool) -> list[HeaderMapping]:
    """The contracts still in the running, best first: those the file's name matches, unless the header fits
    another clearly better; else all, when the header clearly identifies one."""
    by_name = [m for m in ranked if m.contract.matches_file_name(file_name)]
    if by_name:
        named = by_name[0]
        better = [m for m in ranked if m not in by_name and m.coverage >= max(2 * named.coverage, named.coverage + 3)]
        if better:
            raise FileRejectedError(
                f"{file_name}: the name says {named.contract.source_name} but the header fits another export "
                f"better: {_fit(better[0])} against {_fit(named)}; nothing was landed",
                hint=_HINT,
            )
        return by_name
    pool = ranked
    # a CSV header must be mostly understood; JSON records carry every API field, so there the best
    # contract must understand clearly more of them than the runner-up
    unclear = (
        (
            len(pool) > 1 and pool[0].coverage < pool[1].coverage + 2
            if nested
            else pool[0].coverage * 2 < pool[0].coverage + pool[0].unmapped
        )
        if pool
        else False
    )
    if unclear:
        raise FileRejectedError(
            f"{file_name}: the header does not clearly identify an export; best candidates: "
            + ", ".join(_fit(m) for m in pool[:3]),
            hint=_HINT,
        )
    return pool


def _not_recognised(file_name: str, mappings: list[HeaderMapping]) -> FileRejectedError:
    considered = sorted(
        mappings,
        key=lambda m: (not m.contract.matches_file_name(file_name), len(m.missing_required), -m.coverage),
    )[:4]
    details = "; ".join(
        f"{m.contract.source_name} (missing required: {', '.join(m.missing_required) or 'none'})" for m in considered
    )
    return FileRejectedError(
        f"{file_name}: not a recognised export. Candidates considered: {details}",
        hint="check the file is an unmodified export, name it with --source, or add a header alias to the "
        "vendor's contract in ingest/contracts/",
    )


def recognise(
    file_name: str,
    headers: list[str],
    contracts: tuple[ExportContract, ...],
    nested: bool = False,
) -> HeaderMapping:
    """Pick the contract for a file: its required columns must all be present. A file lands when its name
    and its header agree, or when its header alone identifies one contract by a clear margin (most columns
    understood, at least half of the file's). Otherwise it is rejected naming the candidates and how many
    of the file's columns each understands; `--source` forces a contract."""
    mappings = [map_headers(contract, headers, nested, with_extras=False) for contract in contracts]
    complete = [m for m in mappings if not m.missing_required and m.coverage > 0]
    ranked = sorted(complete, key=lambda m: (-m.coverage, m.unmapped))
    pool = _pool(file_name, ranked, nested)
    if not pool:
        raise _not_recognised(file_name, mappings)
    best = pool[0]
    rivals = [m for m in pool[1:] if m.coverage == best.coverage and m.unmapped == best.unmapped]
    if not rivals:
        return map_headers(best.contract, headers, nested)
    names = ", ".join(_fit(m) for m in (best, *rivals))
    raise FileRejectedError(f"{file_name}: ambiguous export, it fits {names} equally well", hint=_HINT)


def recognise_by_name(file_name: str, contracts: tuple[ExportContract, ...]) -> HeaderMapping:
    """For a file with no records (and so no headers): its name must match exactly one contract."""
    matches = [c for c in contracts if c.matches_file_name(file_name)]
    if len(matches) != 1:
        found = ", ".join(c.source_name for c in matches) or "none"
        raise FileRejectedError(
            f"{file_name}: an empty file whose name does not identify one export (matches: {found})",
            hint="name the export with --source",
        )
    return map_headers(matches[0], [])


def check_required(mapping: HeaderMapping, file_name: str) -> None:
    if mapping.missing_required:
        raise FileRejectedError(
            f"{file_name}: missing required column(s) {', '.join(mapping.missing_required)} "
            f"for {mapping.contract.source_name}; nothing was landed",
            hint="export the file again with those columns, or add their header label as an alias in "
            f"{mapping.contract.contract_file}",
        )
