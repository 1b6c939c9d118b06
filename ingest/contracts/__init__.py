"""Declarative export contracts: one YAML file per vendor describes every export it produces.

A contract says which raw table an export lands in, how to recognise its files (name patterns and the
header signature), its primary key, required columns, and the header aliases (API names, English and
Japanese UI labels, JSON paths) that map to each raw column. Adding a vendor or an alias is a YAML edit.
Extra contract folders can be added with REVOPS_CONTRACTS_PATH (os.pathsep-separated).

A team maps its own fields (Salesforce `__c` fields, HubSpot custom properties) to contract columns in a
user mapping file, without editing the shipped contracts: `revops.yml` in the working directory, or the
file named by REVOPS_MAPPING. Its `mappings` section lists, per export, extra header aliases per column:

    mappings:
      salesforce.Account: {tax_id: [TaxId__c], region: [Region__c]}
      hubspot.companies: {tax_id: [Tax ID], region: [Sales region]}

A mapped header takes precedence over the contract's own aliases for that column.

A contract may name a default `encoding` (vendor level, or per export) for files whose bytes do not decide
it (see `ingest.encodings.with_default`), and `combined_exports`: one file holding the records of several
exports side by side (HubSpot's export "with associated company properties"), split by `ingest.parts`.
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path

import yaml

from ingest.encodings import canonical
from revops import settings
from revops.errors import ContractError

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
    encoding: str | None = None  # the default when the file's bytes do not decide its encoding
    contract_file: Path | None = field(default=None, compare=False)
    # aliases from the user mapping file (also in `columns`): they win over the shipped ones
    mapped_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

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
        for column, aliases in self.mapped_aliases.items():
            for alias in aliases:
                index.setdefault(normalise_header(alias), column)
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
        encoding = spec.get("encoding", document.get("encoding"))
        try:
            encoding = canonical(str(encoding)) if encoding else None
        except ValueError as exc:
            raise fail(f"{obj}: {exc}") from None
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
                encoding=encoding,
                contract_file=path,
            )
        )
    return contracts


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: much faster


def contract_dirs() -> list[Path]:
    return [BUILTIN_DIR, *settings.contracts_path()]


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


MAPPING_FILE = "revops.yml"


def mapping_path() -> Path | None:
    """The user mapping file: REVOPS_MAPPING, else revops.yml in the working directory when present."""
    named = settings.mapping_file()
    if named:
        path = Path(named)
        if not path.is_file():
            raise ContractError(f"REVOPS_MAPPING names {path}, which is not a file", hint="fix or unset REVOPS_MAPPING")
        return path
    default = Path.cwd() / MAPPING_FILE
    return default if default.is_file() else None


def _mapping_error(path: Path, message: str) -> ContractError:
    return ContractError(f"{path}: {message}", hint="see README 'Your own fields' for the mapping file's format")


def _read_mapping(path: Path) -> dict[str, dict[str, tuple[str, ...]]]:
    """source name -> column -> extra aliases, validated for shape (not yet against the contracts)."""
    with path.open(encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=_YAML_LOADER) or {}
    sections = document.get("mappings") if isinstance(document, dict) else None
    if not isinstance(sections, dict):
        raise _mapping_error(path, "expected a `mappings:` section of `<vendor>.<object>: {column: [header, ...]}`")
    mapping: dict[str, dict[str, tuple[str, ...]]] = {}
    for source_name, columns in sections.items():
        if not isinstance(columns, dict):
            raise _mapping_error(path, f"{source_name}: expected `column: [header, ...]` entries")
        mapping[str(source_name)] = {}
        for column, headers in columns.items():
            headers = [headers] if isinstance(headers, str) else headers
            if not isinstance(headers, list) or not all(isinstance(h, str) for h in headers):
                raise _mapping_error(path, f"{source_name}.{column}: expected a list of header names")
            mapping[str(source_name)][str(column)] = tuple(headers)
    return mapping


def _with_mapping(contract: ExportContract, columns: dict[str, tuple[str, ...]], path: Path) -> ExportContract:
    unknown = sorted(set(columns) - set(contract.columns))
    if unknown:
        raise _mapping_error(
            path,
            f"{contract.source_name} has no column {', '.join(unknown)}; map to one of: {', '.join(contract.columns)}",
        )
    merged = {column: (*columns.get(column, ()), *aliases) for column, aliases in contract.columns.items()}
    return replace(contract, columns=merged, mapped_aliases=columns)


@cache
def _apply_mapping(dirs: tuple[Path, ...], path: Path, modified: float) -> tuple[ExportContract, ...]:
    """The contracts of `dirs` with the mapping file applied (cached per file version: `modified`)."""
    contracts = _load(dirs)
    mapping = _read_mapping(path)
    by_name = {contract.source_name.casefold(): contract.source_name for contract in contracts}
    unknown = [name for name in mapping if name.casefold() not in by_name]
    if unknown:
        raise _mapping_error(path, f"unknown export {', '.join(unknown)}; use one of: {', '.join(by_name.values())}")
    wanted = {by_name[name.casefold()]: columns for name, columns in mapping.items()}
    return tuple(
        _with_mapping(contract, wanted[contract.source_name], path) if contract.source_name in wanted else contract
        for contract in contracts
    )


def load_contracts() -> tuple[ExportContract, ...]:
    """Every contract from the built-in folder and REVOPS_CONTRACTS_PATH, with the user mapping applied."""
    dirs = tuple(contract_dirs())
    path = mapping_path()
    if path is None:
        return _load(dirs)
    return _apply_mapping(dirs, path.resolve(), path.stat().st_mtime)


def find_contract(source_name: str) -> ExportContract:
    """`--source` lookup, case-insensitive on the object: `salesforce.opportunity` works too."""
    wanted = source_name.casefold()
    for contract in load_contracts():
        if contract.source_name.casefold() == wanted:
            return contract
    known = ", ".join(c.source_name for c in load_contracts())
    raise ContractError(f"unknown source {source_name!r}", hint=f"use one of: {known}")
