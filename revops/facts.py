"""Facts the landing code shares with the dbt project, read from their one owner there.

- lifecycle stages: var `revops_lifecycle_stages` in `dbt_project.yml` (stage → its export labels, funnel order);
- source priorities: seed `seeds/golden_source_priority.csv` (per attribute or rule, which system wins);
- timestamp shapes: var `revops_timestamp_patterns` in `dbt_project.yml` (what staging can parse).

Python reads the files; SQL reads the vars and refs the seed. Nothing here is a copy to keep in step.
"""

from __future__ import annotations

import csv
from functools import cache
from typing import Any

import yaml

from revops import settings


@cache
def seed_rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of seed `name` (seeds/<name>.csv) as text, in file order."""
    path = settings.project_dir() / "seeds" / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def lifecycle_stages() -> list[str]:
    """HubSpot's lifecycle stages as staging writes them (subscriber … evangelist, other), in funnel order."""
    return list(project_vars()["revops_lifecycle_stages"])


def source_priority(attribute: str) -> dict[str, int]:
    """System → priority (1 wins) for one attribute or rule of the seed golden_source_priority."""
    rows = seed_rows("golden_source_priority")
    return {row["source_system"]: int(row["priority"]) for row in rows if row["attribute"] == attribute}


@cache
def project_vars() -> dict[str, Any]:
    """The vars of dbt_project.yml (their defaults; `--vars` given to one dbt run does not reach Python)."""
    project = yaml.safe_load((settings.project_dir() / "dbt_project.yml").read_text(encoding="utf-8"))
    return project.get("vars") or {}


def renewal_window_days() -> int:
    """var revops_churn_risk.renewal_window_days: the window of the renewal_soon rule, and of the at-risk renewals
    the report, the exports and the run's "what changed" block list."""
    return int(project_vars()["revops_churn_risk"]["renewal_window_days"])


def timestamp_patterns() -> dict[str, str]:
    """The regular expressions of the timestamp spellings staging parses (var revops_timestamp_patterns)."""
    return dict(project_vars()["revops_timestamp_patterns"])
