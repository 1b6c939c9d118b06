"""The model layers only look down: staging and intermediate models never read a mart.

Read from the model files themselves (every `ref('...')` of a SQL or Python model), so the rule is checked
without running dbt.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO

MODELS = REPO / "models"
REF = re.compile(r"""\bref\(\s*['"]([^'"]+)['"]\s*\)""")


def model_files() -> dict[str, Path]:
    """Every model of the project by name (the file's stem), SQL and Python."""
    return {path.stem: path for pattern in ("*.sql", "*.py") for path in MODELS.rglob(pattern)}


def layer(path: Path) -> str:
    """The model's layer: its first folder under models/ (staging, intermediate, marts)."""
    return path.relative_to(MODELS).parts[0]


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
