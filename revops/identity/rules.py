"""The settings of identity resolution that users own: seeds and vars, gathered in one value.

- `itaiji`: variant kanji → standard (seed itaiji);
- `jurisdictions`: canonical legal form → country whose law it belongs to (seed legal_forms, column
  jurisdiction; empty for forms used everywhere, such as Co., Ltd. or LLC);
- `placeholder_emails`: regular expressions (RE2 syntax) of addresses that identify nobody (seed
  placeholder_emails);
- `caps`: per identifier, the most records one value may link (var revops_identity.identifier_caps); a
  larger group is not used as a match key and every record in it gets a refusal;
- `overrides`: must_link / cannot_link pairs of source records (seed identity_overrides), applied before and
  over every rule.

The dbt models build it from the seeds (`from_tables`); tests and `revops explain` read the seed files
(`from_seed_files`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from revops.identity.declared import IdentifierKind, kinds_from_settings

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
DEFAULT_CAPS = {"corporate_number": 50, "domain": 30, "name": 30, "email": 10}
OVERRIDE_COLUMNS = (
    "entity",
    "decision",
    "left_system",
    "left_object",
    "left_record_id",
    "right_system",
    "right_object",
    "right_record_id",
    "note",
)


@dataclass(frozen=True)
class Override:
    entity: str  # account or person
    decision: str  # must_link or cannot_link
    left: tuple[str, str, str]
    right: tuple[str, str, str]
    note: str = ""

    @property
    def key(self) -> str:
        """A match key both records share, so that incremental resolution keeps them in one component."""
        return "|".join(sorted(["/".join(self.left), "/".join(self.right)]))


@dataclass(frozen=True)
class IdentityRules:
    itaiji: dict[str, str] = field(default_factory=dict)
    jurisdictions: dict[str, str] = field(default_factory=dict)
    placeholder_emails: tuple[tuple[str, str], ...] = ()
    caps: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_CAPS))
    overrides: tuple[Override, ...] = ()
    declared: tuple[IdentifierKind, ...] = field(default_factory=lambda: kinds_from_settings(None))

    def cap(self, identifier: str) -> int:
        return int(self.caps.get(identifier, DEFAULT_CAPS.get(identifier, 50)))

    def overrides_for(self, entity: str) -> tuple[Override, ...]:
        return tuple(o for o in self.overrides if o.entity == entity)

    def fingerprint(self) -> tuple:
        """What the resolvers' input hash includes: a change here resolves every record again."""
        return (
            sorted(self.itaiji.items()),
            sorted(self.jurisdictions.items()),
            self.placeholder_emails,
            sorted(self.caps.items()),
            tuple(sorted((o.entity, o.decision, o.left, o.right) for o in self.overrides)),
            self.declared,
        )

    @classmethod
    def from_tables(
        cls,
        itaiji: list[dict],
        legal_forms: list[dict],
        placeholder_emails: list[dict],
        overrides: list[dict],
        caps: dict | None = None,
        declared: dict | None = None,
    ) -> IdentityRules:
        """From seed rows (lists of dicts, column name → value)."""
        return cls(
            itaiji={row["variant"]: row["standard"] for row in itaiji if row.get("variant")},
            jurisdictions={
                row["legal_form"]: row["jurisdiction"] for row in legal_forms if (row.get("jurisdiction") or "").strip()
            },
            placeholder_emails=tuple((row["pattern"], row.get("reason") or "") for row in placeholder_emails),
            caps={**DEFAULT_CAPS, **{k: int(v) for k, v in (caps or {}).items()}},
            overrides=tuple(_override(row, number) for number, row in enumerate(overrides, start=2)),
            declared=kinds_from_settings(declared),
        )


def _override(row: dict, line: int) -> Override:
    missing = [c for c in OVERRIDE_COLUMNS[:-1] if not (row.get(c) or "").strip()]
    if missing or row["decision"] not in ("must_link", "cannot_link") or row["entity"] not in ("account", "person"):
        raise ValueError(
            f"seeds/identity_overrides.csv row {line}: needs entity (account|person), decision "
            f"(must_link|cannot_link) and both records' system, object and id; missing or wrong: "
            f"{', '.join(missing) or 'entity/decision'}"
        )
    left = (row["left_system"], row["left_object"], row["left_record_id"])
    right = (row["right_system"], row["right_object"], row["right_record_id"])
    return Override(row["entity"], row["decision"], left, right, row.get("note") or "")


def _rows(name: str) -> list[dict]:
    with (SEEDS / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def from_seed_files() -> IdentityRules:
    """The rules as the seed files in the repository define them (caps: the defaults)."""
    return IdentityRules.from_tables(
        _rows("itaiji"), _rows("legal_forms"), _rows("placeholder_emails"), _rows("identity_overrides")
    )


def identity_rules(
    itaiji: object, legal_forms: object, placeholder_emails: object, overrides: object, settings: dict
) -> IdentityRules:
    """The rules inside a dbt Python model: the seeds as `dbt.ref` relations (dbt finds a model's refs only in
    its own code, so the model passes them), the caps from the model's meta."""

    def rows(relation: object) -> list[dict]:
        return relation.to_arrow_table().to_pylist()

    caps = settings.get("identifier_caps") or {}
    if isinstance(caps, str):  # a var rendered into meta may arrive as its Python text
        import ast

        caps = ast.literal_eval(caps) if caps.strip() else {}
    return IdentityRules.from_tables(rows(itaiji), rows(legal_forms), rows(placeholder_emails), rows(overrides), caps)


def model_settings(
    free_mail_domains: object, rule_seeds: tuple[object, object, object, object], meta: dict | None
) -> tuple[frozenset[str], int, IdentityRules]:
    """What both identity models read alike: the free-mail domains (never a company's domain), the largest
    cluster a match may build (meta max_cluster_size, 50 by default) and the identity rules. The model passes
    the seeds as `dbt.ref` relations (itaiji, legal_forms, placeholder_emails, identity_overrides) and its meta."""
    settings = meta or {}
    excluded = frozenset(free_mail_domains.to_arrow_table().column("domain").to_pylist())
    max_size = int(settings.get("max_cluster_size", 50))
    return excluded, max_size, identity_rules(*rule_seeds, settings)
