"""What the warehouse holds, read once per check run: its tables and columns, and which vendors have landed data.

The gate decides from this whether an expectation can run, is not applicable (a vendor never landed, a column
this warehouse does not have) or is missing (its table should be there and is not)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from revops.quality.target import CheckTarget, DuckDBTarget

BUILT_SCHEMAS = ("staging", "intermediate", "marts")


@dataclass(frozen=True)
class Catalog:
    columns: dict[str, dict[str, str]]  # schema.table -> column -> the engine's type name, in column order
    landed_vendors: frozenset[str] = field(default_factory=frozenset)

    def has(self, table: str) -> bool:
        return table in self.columns

    @property
    def is_built(self) -> bool:
        """dbt has built the warehouse at least once (any model in marts)."""
        return any(table.startswith("marts.") for table in self.columns)

    def vendor_of(self, table: str) -> str | None:
        """The vendor a raw or staging table belongs to (raw.salesforce__case, staging.stg_salesforce__cases)."""
        schema, _, name = table.partition(".")
        if schema == "raw" and "__" in name:
            return name.split("__")[0]
        if schema == "staging" and name.startswith("stg_") and "__" in name:
            return name.removeprefix("stg_").split("__")[0]
        return None


COLUMNS = (
    "select lower(table_schema || '.' || table_name), column_name, data_type from information_schema.columns "
    "where table_catalog = current_database() and table_schema not in ('information_schema', 'pg_catalog') "
    "order by table_schema, table_name, ordinal_position"
)
BATCHES = "audit.ingest_batches"
LANDED_VENDORS = f"select distinct split_part(source_name, '.', 1) from {BATCHES} where status = 'landed'"


def read_catalog_of(target: CheckTarget) -> Catalog:
    """The catalog of the warehouse `target` checks (DuckDB types on DuckDB, PostgreSQL's on PostgreSQL)."""
    ((_, rows),) = target.fetch([COLUMNS])
    columns: dict[str, dict[str, str]] = {}
    for table, column, data_type in rows:
        columns.setdefault(table, {})[column] = data_type
    if BATCHES not in columns:
        return Catalog(columns)
    ((_, vendors),) = target.fetch([LANDED_VENDORS])
    return Catalog(columns, frozenset(row[0] for row in vendors))


def read_catalog(db: Path) -> Catalog:
    return read_catalog_of(DuckDBTarget(db))
