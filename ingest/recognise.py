"""Which export is this file, and which of its headers feed which raw column."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.contracts import ExportContract, normalise_header
from ingest.errors import FileRejectedError


@dataclass
class HeaderMapping:
    """How a file's headers map onto a contract's raw columns."""

    contract: ExportContract
    sources: dict[str, int] = field(default_factory=dict)  # raw column -> index in the file's headers
    extras: list[tuple[str, int]] = field(default_factory=list)  # (name kept in _extra_columns, index)
    missing_required: list[str] = field(default_factory=list)
    missing_optional: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    @property
    def coverage(self) -> int:
        return len(self.sources)


def map_headers(contract: ExportContract, headers: list[str], nested: bool = False) -> HeaderMapping:
    """Map headers through the contract's aliases; the first alias (in contract order) present wins.

    Unknown headers become extras (kept in _extra_columns and reported). Empty and repeated header names
    are given unique names (`column_7`, `Email (2)`) so no value is lost. With `nested` (JSON records,
    headers are dotted paths), sub-paths are not reported as extras: their object is kept whole.
    """
    positions: dict[str, int] = {}
    for position, header in enumerate(headers):
        if header.strip():
            positions.setdefault(normalise_header(header), position)
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
        name = header if header.strip() else f"column_{position + 1}"
        if name in names or (normalise_header(name) in positions and positions[normalise_header(name)] != position):
            mapping.duplicates.append(name)
            suffix = 2
            while f"{name} ({suffix})" in names:
                suffix += 1
            name = f"{name} ({suffix})"
        names.add(name)
        mapping.extras.append((name, position))
    return mapping


def recognise(
    file_name: str,
    headers: list[str],
    contracts: tuple[ExportContract, ...],
    nested: bool = False,
) -> HeaderMapping:
    """Pick the contract for a file: its required columns must all be present; a matching file-name
    pattern wins over header coverage alone. Raises with the candidates considered when nothing fits."""
    mappings = [map_headers(contract, headers, nested) for contract in contracts]
    complete = [m for m in mappings if not m.missing_required and m.coverage > 0]
    by_name = [m for m in complete if m.contract.matches_file_name(file_name)]
    pool = by_name or complete
    if pool:
        best = max(pool, key=lambda m: (m.coverage, -len(m.extras)))
        rivals = [
            m for m in pool if m is not best and m.coverage == best.coverage and len(m.extras) == len(best.extras)
        ]
        if not rivals:
            return best
        names = ", ".join(m.contract.source_name for m in (best, *rivals))
        raise FileRejectedError(
            f"{file_name}: ambiguous export, it fits {names} equally well",
            hint="name the export with --source",
        )
    considered = sorted(
        mappings,
        key=lambda m: (not m.contract.matches_file_name(file_name), len(m.missing_required), -m.coverage),
    )[:4]
    details = "; ".join(
        f"{m.contract.source_name} (missing required: {', '.join(m.missing_required) or 'none'})" for m in considered
    )
    raise FileRejectedError(
        f"{file_name}: not a recognised export. Candidates considered: {details}",
        hint="check the file is an unmodified export, name it with --source, or add a header alias to the "
        "vendor's contract in ingest/contracts/",
    )


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
