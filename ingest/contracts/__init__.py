"""Declarative export contracts: one YAML file per vendor describes every export it produces.

A contract says which raw table an export lands in, how to recognise its files (name patterns and the
header signature), its primary key, required columns, and the header aliases (API names, English and
Japanese UI labels, JSON paths) that map to each raw column. Adding a vendor or an alias is a YAML edit.
Extra contract folders can be added with REVOPS_CONTRACTS_PATH (os.pathsep-separated).
"""

from __future__ import annotations

import fnmatch
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import yaml

from ingest.errors import ContractError

BUILTIN_DIR = Path(__file__).parent
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
EXPORT_KINDS = ("full", "incremental")
COLUMN_KINDS = ("integer", "timestamp")


@lru_cache(maxsize=1 << 17)  # recognition compares every header with every contract: wide files repeat them
def normalise_header(text: str) -> str:
    """How headers are compared: NFKC (full-width → ASCII), case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class ExportContract:
    vendor: str
    object: str
    file_patterns: tuple[str, ...]
    primary_key: tuple[str, ...]
    required: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]  # raw column -> header aliases (the column name itself is implied)
    export_kind: str = "full"
    json_records_path: str | None = None
    kinds: dict[str, str] = field(default_factory=dict)  # column -> integer | timestamp, checked per row
    export_date_columns: tuple[str, ...] = ()  # record timestamps that date an export with no date given
    contract_file: Path | None = field(default=None, compare=False)

    @property
    def source_name(self) -> str:
        """What --source takes: `salesforce.Opportunity`, `hubspot.contacts`."""
        return f"{self.vendor}.{self.object}"

    @property
    def table(self) -> str:
        """The raw table name inside the `raw` schema: `salesforce__opportunity`."""
        return f"{self.vendor}__{self.object.lower()}"

    def alias_index(self) -> dict[str, str]:
        """normalised header -> raw column."""
        index: dict[str, str] = {}
        for column, aliases in self.columns.items():
            for alias in (column, *aliases):
                index.setdefault(normalise_header(alias), column)
        return index

    def matches_file_name(self, name: str) -> bool:
        lowered = unicodedata.normalize("NFKC", name).casefold()
        return any(fnmatch.fnmatchcase(lowered, pattern.casefold()) for pattern in self.file_patterns)


def _parse(document: dict, path: Path) -> list[ExportContract]:
    def fail(message: str) -> ContractError:
        return ContractError(f"{path}: {message}", hint="fix the contract file; see README 'Adding a vendor'")

    vendor = document.get("vendor")
    if not isinstance(vendor, str) or not _IDENTIFIER.match(vendor):
        raise fail("`vendor` must be a lowercase identifier")
    default_kind = document.get("default_export_kind", "full")
    contracts = []
    for position, spec in enumerate(document.get("exports") or [], start=1):
        obj = spec.get("object")
        if not isinstance(obj, str) or not re.match(r"^[A-Za-z][A-Za-z0-9_]*$", obj):
            raise fail(f"export #{position}: `object` must be an identifier")
        raw_columns = spec.get("columns") or {}
        columns: dict[str, tuple[str, ...]] = {}
        for column, aliases in raw_columns.items():
            if not _IDENTIFIER.match(str(column)) or column.startswith("_"):
                raise fail(f"{obj}: column `{column}` must be a lowercase identifier not starting with _")
            columns[column] = tuple(str(alias) for alias in (aliases or []))
        for key in ("primary_key", "required"):
            unknown = [c for c in spec.get(key, []) if c not in columns]
            if unknown:
                raise fail(f"{obj}: {key} names undeclared columns {unknown}")
        kinds = {str(c): str(k) for c, k in (spec.get("kinds") or {}).items()}
        bad_kinds = [c for c, k in kinds.items() if c not in columns or k not in COLUMN_KINDS]
        if bad_kinds:
            raise fail(f"{obj}: kinds must name declared columns with one of {COLUMN_KINDS}: {bad_kinds}")
        dating = spec.get("export_date_columns", document.get("export_date_columns")) or []
        kind = spec.get("export_kind", default_kind)
        if kind not in EXPORT_KINDS:
            raise fail(f"{obj}: export_kind must be one of {EXPORT_KINDS}")
        contracts.append(
            ExportContract(
                vendor=vendor,
                object=obj,
                file_patterns=tuple(spec.get("file_patterns") or ()),
                primary_key=tuple(spec.get("primary_key") or ()),
                required=tuple(spec.get("required") or ()),
                columns=columns,
                export_kind=kind,
                json_records_path=spec.get("json_records_path"),
                kinds=kinds,
                export_date_columns=tuple(c for c in dating if c in columns),
                contract_file=path,
            )
        )
    return contracts


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 5x faster


def contract_dirs() -> list[Path]:
    extra = os.environ.get("REVOPS_CONTRACTS_PATH", "")
    return [BUILTIN_DIR, *(Path(p) for p in extra.split(os.pathsep) if p)]


@cache
def _load(dirs: tuple[Path, ...]) -> tuple[ExportContract, ...]:
    contracts: list[ExportContract] = []
    for directory in dirs:
        for path in sorted(directory.glob("*.yml")):
            with path.open(encoding="utf-8") as handle:
                contracts.extend(_parse(yaml.load(handle, Loader=_YAML_LOADER) or {}, path))
    seen: dict[str, ExportContract] = {}
    for contract in contracts:
        if contract.source_name in seen:
            raise ContractError(
                f"{contract.source_name} is declared twice: {seen[contract.source_name].contract_file} "
                f"and {contract.contract_file}"
            )
        seen[contract.source_name] = contract
    return tuple(contracts)


def load_contracts() -> tuple[ExportContract, ...]:
    """Every contract from the built-in folder and REVOPS_CONTRACTS_PATH."""
    return _load(tuple(contract_dirs()))


def find_contract(source_name: str) -> ExportContract:
    """`--source` lookup, case-insensitive on the object: `salesforce.opportunity` works too."""
    wanted = source_name.casefold()
    for contract in load_contracts():
        if contract.source_name.casefold() == wanted:
            return contract
    known = ", ".join(c.source_name for c in load_contracts())
    raise ContractError(f"unknown source {source_name!r}", hint=f"use one of: {known}")
