"""The package layers and the size of a function, checked on the source (ast), not by convention.

Bottom to top: revops.settings (with revops.errors) -> revops.warehouse (with revops.dbt_plugin and revops.readers) and
revops.facts -> ingest, revops.identity, revops.quality, revops.report, revops.sample (side by side) ->
revops.pipeline -> revops.cli. A module imports its own package and the layers below it, never above,
never a package beside it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ingest", "revops")
MAX_FUNCTION_LINES = 60

# (prefix, layer rank, group): the longest matching prefix decides.
LAYERS = (
    ("revops.errors", 0, "settings"),
    ("revops.settings", 0, "settings"),
    ("revops.warehouse", 1, "warehouse"),
    ("revops.dbt_plugin", 1, "warehouse"),
    ("revops.readers", 1, "warehouse"),
    ("revops.facts", 1, "facts"),
    ("ingest", 2, "ingest"),
    ("revops.identity", 2, "identity"),
    ("revops.quality", 2, "quality"),
    ("revops.report", 2, "report"),
    ("revops.sample", 2, "sample"),
    ("revops.pipeline", 3, "pipeline"),
    ("revops.cli", 4, "cli"),
    ("revops.__main__", 4, "cli"),
)
# A sideways import kept on purpose: the landing suites of the gate are generated from the export contracts.
ALLOWED_SIDEWAYS = {("revops.quality", "ingest.contracts")}
# `python -m ingest` is kept as an entry point; it only delegates to revops.cli.
ENTRY_SHIMS = {"ingest.__main__"}


def layer(module: str) -> tuple[int, str] | None:
    matches = [(len(p), rank, group) for p, rank, group in LAYERS if module == p or module.startswith(p + ".")]
    return max(matches)[1:] if matches else None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(module: str, source: str, is_package: bool = False) -> list[str]:
    """Every module `source` imports (at any depth, relative ones resolved); `from a import b` counts as a.b."""
    names: list[str] = []
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.extend(f"{base}.{alias.name}" for alias in node.names)
    return names


def import_violations(module: str, source: str, is_package: bool = False) -> list[str]:
    """Imports of `module` that go up a layer or sideways to another package of its layer."""
    if module in ENTRY_SHIMS:
        return []
    mine = layer(module)
    problems = []
    for target in imported_modules(module, source, is_package):
        theirs = layer(target)
        if mine is None or theirs is None or theirs[1] == mine[1] or theirs[0] < mine[0]:
            continue
        if any(module.startswith(a) and target.startswith(b) for a, b in ALLOWED_SIDEWAYS):
            continue
        where = "up" if theirs[0] > mine[0] else "sideways"
        problems.append(f"{module} imports {target} ({where}: {mine[1]} -> {theirs[1]})")
    return problems


def long_functions(source: str, limit: int = MAX_FUNCTION_LINES) -> list[tuple[str, int]]:
    """(name, lines) of each function longer than `limit` lines, from `def` to its last line (decorators
    excluded); nested functions count in their parent and on their own."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines = node.end_lineno - node.lineno + 1
            if lines > limit:
                found.append((node.name, lines))
    return found


def sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def test_every_module_has_a_layer():
    assert [module_name(p) for p in sources() if layer(module_name(p)) is None] in ([], ["revops"])


def test_no_import_goes_up_or_sideways():
    problems = [
        problem
        for path in sources()
        for problem in import_violations(
            module_name(path), path.read_text(encoding="utf-8"), is_package=path.name == "__init__.py"
        )
    ]
    assert not problems, "\n".join(problems)


def test_functions_a_reader_can_hold():
    found = {
        f"{module_name(path)}.{name}": lines
        for path in sources()
        for name, lines in long_functions(path.read_text(encoding="utf-8"))
    }
    assert found == {}, f"over {MAX_FUNCTION_LINES} lines: split into named steps"


def test_only_settings_reads_the_environment():
    readers = [
        module_name(path)
        for path in sources()
        if module_name(path) != "revops.settings"
        and any(
            isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv")
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert readers == []


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("ingest.load", "from revops.identity import resolve_people", ["sideways"]),
        ("ingest.load", "def f():\n    from revops.pipeline import steps", ["up"]),
        ("revops.identity.people", "import revops.quality.kinds", ["sideways"]),
        ("revops.sample.noise", "from revops.identity import normalize", ["sideways"]),
        ("revops.quality.kinds", "from ingest.load import ingest", ["sideways"]),
        ("revops.warehouse", "from revops import cli", ["up"]),
        ("revops.identity.people", "from . import normalize\nfrom ..warehouse import connect", []),
        ("revops.pipeline.steps", "from ingest.load import ingest\nfrom revops import settings", []),
        ("revops.quality.landing", "from ingest.contracts import load_contracts", []),
    ],
)
def test_the_import_checker_catches_a_bad_import(module, source, expected):
    found = [problem.split("(")[1].split(":")[0] for problem in import_violations(module, source)]
    assert found == expected


def test_the_length_checker_catches_a_long_function():
    body = "".join(f"    x{i} = {i}\n" for i in range(60))
    assert long_functions(f"@decorator\ndef long():\n{body}") == [("long", 61)]
    assert long_functions(f"@decorator\ndef short():\n{body[: body.rindex('    x59')]}") == []
