"""Where things are: the dbt project, the warehouse file, reports. Environment variables override defaults."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = Path("warehouse") / "revops.duckdb"


def project_dir() -> Path:
    """The dbt project (repository root): REVOPS_PROJECT_DIR, else the folder holding dbt_project.yml."""
    if env := os.environ.get("REVOPS_PROJECT_DIR"):
        return Path(env).resolve()
    here = Path(__file__).resolve().parent.parent
    if (here / "dbt_project.yml").exists():
        return here
    cwd = Path.cwd().resolve()
    for candidate in (cwd, *cwd.parents):
        if (candidate / "dbt_project.yml").exists():
            return candidate
    return cwd


def warehouse_path(db: str | os.PathLike[str] | None = None) -> Path:
    """The DuckDB file: --db, else REVOPS_DB (relative to the current directory, as a user expects), else
    warehouse/revops.duckdb in the project directory."""
    given = db or os.environ.get("REVOPS_DB")
    if given:
        return Path(given).expanduser().absolute()
    return project_dir() / DEFAULT_DB


def reports_dir() -> Path:
    return Path(os.environ.get("REVOPS_REPORTS_DIR") or project_dir() / "reports")


def disable_telemetry() -> None:
    """dbt and Great Expectations both phone home by default; this network has no way out anyway."""
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
