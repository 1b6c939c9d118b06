"""Identifiers the user declares: custom fields (`TaxId__c`, a DUNS number, a 法人番号 in a differently named field)
that the canonical account record carries in `declared_identifiers` as `kind:value` pairs separated by `;`
(`duns:150483782;corporate_number:7000012050002`). The user-level mapping file says which source field holds which
kind; each kind is a match key as strong as the 法人番号 once its value passes the kind's validation pattern and
check digit (var revops_identity.declared_identifiers). Invalid values are ignored and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from revops.identity import normalize as norm

CHECKS = ("none", "jp_corporate_number", "luhn")
DEFAULT_KINDS = {
    "corporate_number": {"pattern": "^[0-9]{13}$", "check": "jp_corporate_number"},
    "duns": {"pattern": "^[0-9]{9}$", "check": "none"},
    "vat": {"pattern": "^[A-Z]{2}[0-9A-Z]{2,12}$", "check": "none"},
}


@dataclass(frozen=True)
class IdentifierKind:
    name: str
    pattern: str
    check: str = "none"

    def valid(self, value: str) -> str | None:
        """The cleaned value (NFKC, upper case, no spaces or hyphens) when it passes pattern and check digit."""
        cleaned = re.sub(r"[\s\-]", "", norm.nfkc(value)).upper()
        if not cleaned or not re.fullmatch(self.pattern, cleaned):
            return None
        if self.check == "jp_corporate_number":
            return norm.corporate_number(cleaned)[0]
        if self.check == "luhn" and not _luhn(cleaned):
            return None
        return cleaned


def _luhn(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def kinds_from_settings(settings: dict | None) -> tuple[IdentifierKind, ...]:
    """The declared kinds: the defaults overridden and extended by var revops_identity.declared_identifiers."""
    merged = {**DEFAULT_KINDS, **(settings or {})}
    out = []
    for name, spec in sorted(merged.items()):
        check = (spec or {}).get("check", "none")
        if check not in CHECKS:
            raise ValueError(
                f"var revops_identity.declared_identifiers.{name}: check must be one of {', '.join(CHECKS)}, "
                f"not {check!r}"
            )
        out.append(IdentifierKind(name, spec["pattern"], check))
    return tuple(out)


# A value declared as `tax_id:` (the contract column a team maps its own tax-id field to, see revops.yml) has no kind
# of its own: it takes the one kind whose pattern and check digit it passes (13 digits with a valid check digit →
# corporate_number, 9 digits → duns, a VAT number → vat). A value valid under none, or under several, is ignored.
INFERRED = "tax_id"


def _add_inferred(value: str, kinds: tuple[IdentifierKind, ...], valid: dict[str, str], notes: list[str]) -> None:
    matches = [(kind.name, cleaned) for kind in kinds if (cleaned := kind.valid(value)) is not None]
    if len(matches) == 1:
        valid.setdefault(*matches[0])
    elif not matches:
        notes.append(f"tax_id of no declared kind ignored: {value.strip()}")
    else:
        notes.append(f"tax_id valid as {' and '.join(name for name, _ in matches)} ignored: {value.strip()}")


@cache
def _by_name(kinds: tuple[IdentifierKind, ...]) -> dict[str, IdentifierKind]:
    return {kind.name: kind for kind in kinds}


def parse(text: str | None, kinds: tuple[IdentifierKind, ...]) -> tuple[dict[str, str], list[str]]:
    """({kind: valid value}, notes on the values ignored) of one record's declared_identifiers."""
    valid: dict[str, str] = {}
    notes: list[str] = []
    if not isinstance(text, str) or not text.strip():
        return valid, notes
    known = _by_name(kinds)
    for part in text.split(";"):
        if not part.strip():
            continue
        name, _, value = part.partition(":")
        if name.strip().casefold() == INFERRED:
            _add_inferred(value, kinds, valid, notes)
            continue
        kind = known.get(name.strip().casefold())
        if kind is None:
            notes.append(f"undeclared identifier kind ignored: {name.strip()}")
            continue
        cleaned = kind.valid(value)
        if cleaned is None:
            notes.append(f"invalid {kind.name} ignored: {value.strip()}")
        else:
            valid.setdefault(kind.name, cleaned)
    return valid, notes
