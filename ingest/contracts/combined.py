"""Combined exports: one file holding the records of several exports side by side.

HubSpot's export "with associated company properties" writes one CSV whose header holds the contact's
properties and its company's, each object's `Record ID - <Object>` among them. A vendor contract declares
such a file under `combined_exports`; `ingest.parts` splits it into one part per export:

    combined_exports:
      - name: contacts_with_companies
        parts:
          - object: contacts                 # an export of the same vendor
            key: [Record ID - Contact]       # the header that holds this part's record id
            suffix: [" - Contact"]           # headers carrying it belong to this part (the suffix is dropped)
            carry: [Record ID - Company]     # headers of another part copied into this one (the association)
          - object: companies
            key: [Record ID - Company]
            suffix: [" - Company"]
            distinct: true                   # one record per distinct key value (rows without one are not records)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from revops.errors import ContractError


@dataclass(frozen=True)
class Part:
    object: str
    keys: tuple[str, ...]
    suffixes: tuple[str, ...] = ()
    carry: tuple[str, ...] = ()
    distinct: bool = False


@dataclass(frozen=True)
class CombinedExport:
    vendor: str
    name: str
    parts: tuple[Part, ...]
    contract_file: Path | None = None

    def source_name(self, part: Part) -> str:
        return f"{self.vendor}.{part.object}"


def _texts(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(str(item) for item in value)


def parse_combined(document: dict, path: Path, objects: set[str]) -> list[CombinedExport]:
    """The `combined_exports` of one vendor contract; every part must name one of its `objects`."""
    vendor = str(document.get("vendor"))
    found = []
    for position, spec in enumerate(document.get("combined_exports") or [], start=1):
        name = spec.get("name") or f"combined_{position}"
        parts = []
        for part in spec.get("parts") or []:
            obj, keys = part.get("object"), _texts(part.get("key"))
            if obj not in objects or not keys:
                raise ContractError(
                    f"{path}: combined export {name}: each part needs an `object` of this vendor ({obj!r} is not "
                    "one) and a `key` header",
                    hint="fix the contract file; see ingest/contracts/combined.py",
                )
            parts.append(
                Part(obj, keys, _texts(part.get("suffix")), _texts(part.get("carry")), bool(part.get("distinct")))
            )
        if len(parts) < 2:
            raise ContractError(f"{path}: combined export {name} needs two parts or more")
        found.append(CombinedExport(vendor, name, tuple(parts), path))
    return found


@cache
def _load(dirs: tuple[Path, ...]) -> tuple[CombinedExport, ...]:
    from ingest.contracts import _YAML_LOADER  # the package imports this module's users, not the reverse

    found: list[CombinedExport] = []
    for directory in dirs:
        for path in sorted(directory.glob("*.yml")):
            with path.open(encoding="utf-8") as handle:
                document = yaml.load(handle, Loader=_YAML_LOADER) or {}
            objects = {str(spec.get("object")) for spec in document.get("exports") or []}
            found.extend(parse_combined(document, path, objects))
    return tuple(found)


def load_combined_exports() -> tuple[CombinedExport, ...]:
    from ingest.contracts import contract_dirs

    return _load(tuple(contract_dirs()))
