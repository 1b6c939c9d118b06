"""Suites of expectations, declared in `checks/suites/*.yml` (one suite per file) and checked at load time.

A suite names the table it checks (an expectation may name another) and lists expectations. Each expectation
has an `id`, a `description`, a `severity` (error: fails the gate; warning: reported only) and a `kind` with
the kind's parameters. Every kind runs as one SQL query inside the warehouse (DuckDB or PostgreSQL) through Great
Expectations (see `revops.quality.kinds`); a `sql` query is written once, in SQL both engines read.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from revops import settings
from revops.errors import RevopsError

SEVERITIES = ("error", "warning")
# kind -> (required parameters, optional parameters)
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "rows_exist": ((), ("latest_full_batch",)),
    "columns_exist": (("columns",), ()),
    "column_not_null": (("column",), ()),
    "column_not_blank": (("column",), ()),
    "unique": (("columns",), ("per_batch",)),
    "values_in_set": (("column", "values"), ("normalise",)),
    "email_well_formed": (("column",), ()),
    "parseable_timestamp": (("column",), ()),
    "parseable_number": (("column",), ()),
    "between": (("column",), ("min", "max")),
    "sql": (("query",), ("parameters",)),
}
# `requires_columns`: the expectation is not applicable to a warehouse whose table lacks these columns (a column a
# vendor exports only in some orgs, such as a currency code)
_COMMON = {"id", "description", "severity", "kind", "table", "requires_columns"}
_ID = re.compile(r"^[a-z0-9][a-z0-9_.]*$")
_TABLE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


class SuiteError(RevopsError):
    """A suite file is malformed (a developer error, caught by the suite tests)."""


@dataclass(frozen=True)
class Expectation:
    id: str
    kind: str
    severity: str
    description: str
    table: str  # schema-qualified: raw.hubspot__contacts, marts.dim_accounts
    params: dict[str, Any] = field(default_factory=dict)
    requires_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suite:
    name: str
    description: str
    expectations: tuple[Expectation, ...]
    path: Path | None = None
    vendor: str | None = None  # a vendor's suite is not applicable until that vendor has landed an export

    @property
    def tables(self) -> list[str]:
        """The tables this suite reads, in order of first mention."""
        return list(dict.fromkeys(e.table for e in self.expectations))


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_ALIASED_BATCH = re.compile(r"\{batch\}\s+as\b", re.IGNORECASE)


def _query_problem(params: dict[str, Any]) -> str | None:
    """A `sql` query names its table `{batch}` and its declared `parameters` (numbers, e.g. a tolerance) as
    `{name}`; anything else in braces would break GX's templating at run time, so it is refused here."""
    parameters = params.get("parameters") or {}
    if not isinstance(parameters, dict) or not all(
        isinstance(k, str) and _ID.match(k) and isinstance(v, int | float) and not isinstance(v, bool)
        for k, v in parameters.items()
    ):
        return "`parameters` must map lowercase names to numbers"
    if _ALIASED_BATCH.search(str(params["query"])):
        # GX substitutes `{batch}` as `(subquery) AS subselect` (or unaliased when the query joins), so an alias
        # of our own breaks one form or the other
        return "give `{batch}` no alias; name it in a CTE instead: with f as (select * from {batch}) select ..."
    used = set(_PLACEHOLDER.findall(str(params["query"])))
    unknown = sorted(used - set(parameters) - {"batch"})
    if unknown:
        return f"query uses {', '.join('{' + u + '}' for u in unknown)} but `parameters` does not declare it"
    unused = sorted(set(parameters) - used)
    if unused:
        return f"`parameters` declares {unused} but the query never uses it"
    return None


def parse_suite(document: dict, path: Path | None = None) -> Suite:
    where = str(path or "<suite>")

    def fail(message: str) -> SuiteError:
        return SuiteError(f"{where}: {message}", hint="fix the suite file; see README 'Data-quality checks'")

    name = document.get("name")
    if not isinstance(name, str) or not _ID.match(name):
        raise fail("`name` must be a lowercase identifier")
    suite_table = document.get("table")
    expectations: list[Expectation] = []
    for position, spec in enumerate(document.get("expectations") or [], start=1):
        label = f"expectation #{position} ({spec.get('id', '?')})"
        if not isinstance(spec.get("id"), str) or not _ID.match(spec["id"]):
            raise fail(f"{label}: `id` must be a lowercase identifier (dots allowed)")
        kind = spec.get("kind")
        if kind not in KINDS:
            raise fail(f"{label}: unknown kind {kind!r}; use one of {', '.join(KINDS)}")
        severity = spec.get("severity")
        if severity not in SEVERITIES:
            raise fail(f"{label}: `severity` must be error or warning")
        table = spec.get("table", suite_table)
        if not isinstance(table, str) or not _TABLE.match(table):
            raise fail(f"{label}: `table` (or the suite's `table`) must be schema.table in lowercase")
        required, optional = KINDS[kind]
        params = {key: value for key, value in spec.items() if key not in _COMMON}
        requires_columns = spec.get("requires_columns") or []
        if not isinstance(requires_columns, list) or not all(isinstance(c, str) for c in requires_columns):
            raise fail(f"{label}: `requires_columns` must be a list of column names")
        missing = [key for key in required if key not in params]
        unknown = [key for key in params if key not in required + optional]
        if missing or unknown:
            raise fail(f"{label}: kind {kind} needs {list(required)}; missing {missing}, unknown {unknown}")
        if kind == "between" and "min" not in params and "max" not in params:
            raise fail(f"{label}: kind between needs `min`, `max` or both")
        if kind == "sql":
            problem = _query_problem(params)
            if problem:
                raise fail(f"{label}: {problem}")
        expectations.append(
            Expectation(
                id=spec["id"],
                kind=kind,
                severity=severity,
                description=str(spec.get("description") or ""),
                table=table,
                params=params,
                requires_columns=tuple(requires_columns),
            )
        )
    ids = [e.id for e in expectations]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise fail(f"expectation ids must be unique within a suite: {duplicated}")
    vendor = document.get("vendor")
    if vendor is not None and not (isinstance(vendor, str) and _ID.match(vendor)):
        raise fail("`vendor` must be a lowercase identifier")
    return Suite(name, str(document.get("description") or ""), tuple(expectations), path, vendor)


def load_suites(directory: Path | None = None, generated: list[Suite] | None = None) -> list[Suite]:
    """Every suite under `directory` (default `settings.suites_dir()`) and the `generated` ones (default: the
    landing suites made from the export contracts at run time), sorted by name; names must be unique."""
    from revops.quality.landing import landing_suites

    directory = directory or settings.suites_dir()
    suites: dict[str, Suite] = {}
    for suite in landing_suites() if generated is None else generated:
        suites[suite.name] = suite
    for path in sorted(directory.glob("*.yml")):
        with path.open(encoding="utf-8") as handle:
            suite = parse_suite(yaml.safe_load(handle) or {}, path)
        if suite.name in suites:
            where = suites[suite.name].path or "generated from the contracts"
            raise SuiteError(f"suite {suite.name!r} is declared twice: {where} and {path}")
        suites[suite.name] = suite
    return [suites[name] for name in sorted(suites)]


def select_suites(suites: list[Suite], name: str | None) -> list[Suite]:
    """The suite named, or every suite matching a pattern (`landing_*` runs the landing checks before a build)."""
    if name is None:
        return suites
    chosen = [s for s in suites if fnmatch.fnmatchcase(s.name, name)]
    if not chosen:
        known = ", ".join(s.name for s in suites) or "(none)"
        raise SuiteError(f"unknown suite {name!r}", hint=f"use one of: {known}")
    return chosen
