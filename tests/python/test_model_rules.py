"""Rules of the model layers, read from the model files themselves (no dbt run):
- the layers only look down: staging and intermediate models never `ref()` a mart;
- the marts name no vendor: a vendor's facts live in its own staging and adapter models (or a var), so a new
  vendor touches nothing downstream of them.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO

MODELS = REPO / "models"
REF = re.compile(r"""\bref\(\s*['"]([^'"]+)['"]\s*\)""")
COMMENT = re.compile(r"\{#.*?#\}|--[^\n]*", re.DOTALL)
VENDOR = re.compile(r"salesforce|hubspot|zendesk|gainsight", re.IGNORECASE)
# vendor object names as string literals (case matters: 'lead' and 'account' are the warehouse's own words)
VENDOR_OBJECT = re.compile(
    r"'(Account|Contact|Lead|Opportunity|OpportunityHistory|Campaign|CampaignMember|Case|User"
    r"|contacts|companies|deals|organizations|users|tickets|subscriptions|company_snapshots|usage)'"
)


def model_files() -> dict[str, Path]:
    """Every model of the project by name (the file's stem), SQL and Python."""
    return {path.stem: path for pattern in ("*.sql", "*.py") for path in MODELS.rglob(pattern)}


def layer(path: Path) -> str:
    """The model's layer: its first folder under models/ (staging, intermediate, marts)."""
    return path.relative_to(MODELS).parts[0]


def code_without_comments(path: Path) -> str:
    """The file's text with its Jinja and SQL comments blanked (line numbers kept)."""
    return COMMENT.sub(lambda comment: "\n" * comment.group().count("\n"), path.read_text(encoding="utf-8"))


def test_the_layers_are_where_the_rule_expects_them() -> None:
    layers = {layer(path) for path in model_files().values()}

    assert {"staging", "intermediate", "marts"} <= layers


def test_no_staging_or_intermediate_model_refs_a_mart() -> None:
    models = model_files()
    upward = sorted(
        f"{path.relative_to(REPO)} refs {name}"
        for path in models.values()
        if layer(path) in ("staging", "intermediate")
        for name in REF.findall(path.read_text(encoding="utf-8"))
        if name in models and layer(models[name]) == "marts"
    )

    assert upward == []


def test_the_marts_name_no_vendor_and_no_vendor_object() -> None:
    hits = sorted(
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in (MODELS / "marts").rglob("*.sql")
        for number, line in enumerate(code_without_comments(path).splitlines(), start=1)
        if VENDOR.search(line) or VENDOR_OBJECT.search(line)
    )

    assert hits == []
