"""Settings: the one place that reads environment variables. Each is checked where it is read: a bad value is
one clear line naming the variable and what it takes, never a traceback. Paths (the dbt project, the warehouse
file, reports) have defaults the variables override."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from revops.errors import RevopsError

DEFAULT_DB = Path("warehouse") / "revops.duckdb"
# The DuckDB storage format a new warehouse file is written in. v1.1.0 (storage version 64) is read by DuckDB
# 1.1 to 2.x: the DuckDB CLI 1.x and the drivers BI tools bundle (Metabase, DBeaver, Evidence); checked with
# DuckDB 1.1.3, 1.2.2, 1.3.2, 1.4.4 and 1.5.6 (1.0 cannot read the catalog; DuckDB 2.0's own format no 1.x can
# open). REVOPS_STORAGE_COMPATIBILITY overrides it: `latest` (the writing DuckDB's newest format, for readers
# as new as it) or a version such as v1.2.0 (files about 15% smaller, read by DuckDB >= 1.2). The format is
# chosen when a file is created; publishing (revops/pipeline/publish.py) converts a work file that is newer.
STORAGE_COMPATIBILITY_DEFAULT = "v1.1.0"
PUBLISHED_SUFFIX = ".published"  # warehouse/revops.duckdb is published as warehouse/revops.published.duckdb
_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30}


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


def published_path(work: Path) -> Path:
    """The finished copy BI tools open, beside the work file: revops.duckdb -> revops.published.duckdb."""
    return work.with_name(work.stem + PUBLISHED_SUFFIX + work.suffix)


def storage_compatibility() -> str:
    """REVOPS_STORAGE_COMPATIBILITY (`latest`, or a DuckDB version such as v1.2.0), else v1.1.0."""
    text = os.environ.get("REVOPS_STORAGE_COMPATIBILITY", "").strip() or STORAGE_COMPATIBILITY_DEFAULT
    if text == "latest" or re.fullmatch(r"v\d+\.\d+\.\d+", text):
        return text
    raise RevopsError(
        f"REVOPS_STORAGE_COMPATIBILITY={text!r} is not a DuckDB storage version",
        hint="set it to `latest` or to a DuckDB version such as v1.1.0 or v1.2.0",
    )


TARGETS = ("duckdb", "postgres", "spark")  # the profiles.yml outputs revops runs on (--target, REVOPS_TARGET)
# The PostgreSQL connection: (environment variable, libpq keyword, default), the same variables profiles.yml reads.
POSTGRES_VARIABLES = (
    ("REVOPS_PG_HOST", "host", "localhost"),
    ("REVOPS_PG_PORT", "port", "5432"),
    ("REVOPS_PG_USER", "user", "postgres"),
    ("REVOPS_PG_PASSWORD", "password", ""),
    ("REVOPS_PG_DBNAME", "dbname", "revops"),
)


def target(given: str | None = None) -> str:
    """Where the models are built: --target, else REVOPS_TARGET, else duckdb. The DuckDB file stays where exports
    land (and the state of builds) on every target."""
    text = (given or os.environ.get("REVOPS_TARGET", "") or "duckdb").strip().lower()
    if text not in TARGETS:
        raise RevopsError(
            f"target {text!r} is not one revops builds on (--target or REVOPS_TARGET)",
            hint=f"use one of: {', '.join(TARGETS)}",
        )
    return text


def postgres_parameters() -> dict[str, str]:
    """libpq connection keywords from REVOPS_PG_HOST, _PORT, _USER, _PASSWORD and _DBNAME (profiles.yml reads the
    same); an empty password is left out (trust or .pgpass)."""
    found = {
        keyword: (value if keyword == "password" else value.strip()) or default
        for name, keyword, default in POSTGRES_VARIABLES
        for value in [os.environ.get(name, "")]
    }
    if not found["port"].isdigit():
        raise RevopsError(f"REVOPS_PG_PORT={found['port']!r} is not a port", hint="set REVOPS_PG_PORT to a number")
    return {keyword: value for keyword, value in found.items() if value}


def postgres_location() -> str:
    """host:port/dbname of the PostgreSQL warehouse, for messages (no password)."""
    found = postgres_parameters()
    return f"{found['host']}:{found['port']}/{found['dbname']}"


DEFAULT_SPARK_DIR = Path("warehouse") / "spark"


def spark_dir() -> Path:
    """The local Spark warehouse (--target spark): REVOPS_SPARK_DIR (relative to the current directory), else
    warehouse/spark in the project. It holds the published landing (landing/, Parquet), the tables dbt builds
    (tables/), the identity tables the client writes (client/) and the embedded metastore (metastore_db/);
    profiles.yml reads the same variable, which the dbt child process is given resolved (dbt_runner.py)."""
    given = os.environ.get("REVOPS_SPARK_DIR", "").strip()
    return Path(given).expanduser().absolute() if given else project_dir() / DEFAULT_SPARK_DIR


def spark_master() -> str:
    """REVOPS_SPARK_MASTER (a Spark master URL), else local[2]: a SparkSession inside the dbt process."""
    text = os.environ.get("REVOPS_SPARK_MASTER", "").strip() or "local[2]"
    if not (re.fullmatch(r"local(\[(\d+|\*)\])?", text) or "://" in text):
        raise RevopsError(
            f"REVOPS_SPARK_MASTER={text!r} is not a Spark master URL",
            hint="set it to local[2], local[*] or spark://host:7077",
        )
    return text


def spark_driver_memory() -> str:
    """REVOPS_SPARK_DRIVER_MEMORY (a JVM size such as 2g), else 2g: the Spark driver's heap (profiles.yml reads the
    same variable for dbt's session)."""
    return os.environ.get("REVOPS_SPARK_DRIVER_MEMORY", "").strip() or "2g"


def use_this_python_for_spark_workers() -> None:
    """Spark's Python workers run this interpreter (PYSPARK_PYTHON, unless set): they import revops."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)


def dbt_target_dir() -> Path:
    """Where dbt writes its artifacts (manifest.json): DBT_TARGET_PATH (relative to the project, where dbt runs),
    else target/ in the project."""
    return project_dir() / (os.environ.get("DBT_TARGET_PATH") or "target")


def reports_dir() -> Path:
    return Path(os.environ.get("REVOPS_REPORTS_DIR") or project_dir() / "reports")


def suites_dir() -> Path:
    """REVOPS_SUITES_DIR, else checks/suites in the project."""
    return Path(os.environ.get("REVOPS_SUITES_DIR") or project_dir() / "checks" / "suites")


def contracts_path() -> list[Path]:
    """Folders of the user's own contracts: REVOPS_CONTRACTS_PATH, separated like PATH."""
    extra = os.environ.get("REVOPS_CONTRACTS_PATH", "")
    return [Path(p) for p in extra.split(os.pathsep) if p]


def mapping_file() -> str | None:
    """REVOPS_MAPPING as given (None or empty when unset): the user's mapping file."""
    return os.environ.get("REVOPS_MAPPING")


def debug() -> bool:
    """REVOPS_DEBUG set: show tracebacks instead of one line."""
    return bool(os.environ.get("REVOPS_DEBUG"))


def ingest_memory_unlimited() -> bool:
    """REVOPS_INGEST_MEMORY_LIMIT=none: landing leaves DuckDB's memory limit alone."""
    return os.environ.get("REVOPS_INGEST_MEMORY_LIMIT", "").strip().lower() == "none"


CONSOLE_WIDTH_OFF_TERMINAL = 160  # CI logs: wide enough that tables do not wrap identifiers mid-word


def console_width(is_terminal: bool) -> int | None:
    """The console's width: the terminal's own (None: rich asks it); off a terminal COLUMNS, else 160."""
    if is_terminal:
        return None
    columns = os.environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and int(columns) > 0 else CONSOLE_WIDTH_OFF_TERMINAL


def disable_telemetry() -> None:
    """dbt and Great Expectations both phone home by default; this network has no way out anyway."""
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def gx_analytics_off() -> None:
    """Great Expectations reads GX_ANALYTICS_ENABLED when its module loads: call before importing it."""
    os.environ["GX_ANALYTICS_ENABLED"] = "false"


def child_environment(**overrides: str) -> dict[str, str]:
    """This process's environment with `overrides`, for a child process (dbt)."""
    return {**os.environ, **overrides}


def bytes_of(text: str) -> int | None:
    """'128MB', '3.8 MiB', '2GiB' in bytes; None when it is not a size."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*", text)
    if not match or match.group(2).lower() not in _UNITS:
        return None
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def size_setting(name: str) -> int | None:
    """A size from variable `name` (None when unset); a value that is not a size is an error."""
    text = os.environ.get(name, "").strip()
    if not text:
        return None
    size = bytes_of(text)
    if size is None or size <= 0:
        raise RevopsError(f"{name}={text!r} is not a size", hint=f"set {name} to a size such as 512MB or 2GiB")
    return size


def number_setting(name: str, default: float) -> float:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise RevopsError(
            f"{name}={text!r} is not a positive number", hint=f"set {name} to a number such as {default:g}"
        )
    return value


def integer_setting(name: str, default: int) -> int:
    return int(number_setting(name, default))


IDENTITY_BATCH_ROWS = 2_000_000  # 1.57M person records at 100,000 accounts: resolved at once


def identity_batch_rows() -> int:
    """REVOPS_IDENTITY_BATCH_ROWS: the most records identity resolution holds at once; more are resolved a batch of
    whole match components at a time (revops/identity/batches.py), so that its memory follows the batch."""
    return integer_setting("REVOPS_IDENTITY_BATCH_ROWS", IDENTITY_BATCH_ROWS)


def identity_workers() -> int:
    """REVOPS_IDENTITY_WORKERS: the processes that resolve batches of match components side by side (default 1). More
    cost memory (each holds a batch) and, at 1.57M person records on 2 cores, saved no time
    (benchmarks/results/identity_batches.md)."""
    return integer_setting("REVOPS_IDENTITY_WORKERS", 1)
