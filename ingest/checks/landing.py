"""Write the landing suites (checks/suites/landing_<vendor>.yml) from the export contracts.

The YAML files are checked in and may be edited by hand; rerun this after a contract change to pick up
new tables or columns (`python -m ingest.checks.landing`), then review the diff. The rules:
required columns present and not blank, primary key unique within a batch, the latest full export not
empty (errors); emails well formed, dates and amounts parseable, known enumerations (warnings).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from ingest.checks.suites import suites_dir
from ingest.contracts import ExportContract, load_contracts

AMOUNT_COLUMNS = ("amount", "arr", "mrr")
# (vendor, object, column) -> the values the vendor documents; compared case- and space-insensitively
ENUMERATIONS: dict[tuple[str, str, str], list[str]] = {
    ("hubspot", "contacts", "lifecycle_stage"): [
        "subscriber",
        "lead",
        "marketingqualifiedlead",
        "salesqualifiedlead",
        "opportunity",
        "customer",
        "evangelist",
        "other",
    ],
    ("zendesk", "tickets", "status"): ["new", "open", "pending", "hold", "solved", "closed"],
    ("gainsight", "subscriptions", "payment_status"): ["paid", "overdue", "failed"],
}
ENUMERATIONS[("hubspot", "companies", "lifecycle_stage")] = ENUMERATIONS[("hubspot", "contacts", "lifecycle_stage")]


def is_email(column: str) -> bool:
    """Columns holding an address (`email`, `requester_email`), not flags about email (`has_opted_out_of_email`)."""
    if column.startswith(("has_", "is_")):
        return False
    return column in ("email", "recipient") or column.endswith("_email")


def is_timestamp(column: str) -> bool:
    return column.endswith(("_date", "_at"))


def is_amount(column: str) -> bool:
    return column in AMOUNT_COLUMNS or column.endswith("_amount")


def table_expectations(contract: ExportContract) -> list[dict]:
    table = f"raw.{contract.table}"
    prefix = contract.object.lower()
    found: list[dict] = [
        {
            "id": f"{prefix}.latest_full_export_not_empty",
            "table": table,
            "kind": "rows_exist",
            "latest_full_batch": True,
            "severity": "error",
            "description": "The latest full export landed at least one row",
        },
        {
            "id": f"{prefix}.required_columns_present",
            "table": table,
            "kind": "columns_exist",
            "columns": list(contract.required),
            "severity": "error",
            "description": "The raw table has every required column of the contract",
        },
    ]
    found += [
        {
            "id": f"{prefix}.{column}.not_blank",
            "table": table,
            "kind": "column_not_blank",
            "column": column,
            "severity": "error",
            "description": f"Required column {column} is never null or blank",
        }
        for column in contract.required
    ]
    if contract.primary_key:
        found.append(
            {
                "id": f"{prefix}.primary_key_unique_per_batch",
                "table": table,
                "kind": "unique",
                "columns": list(contract.primary_key),
                "per_batch": True,
                "severity": "error",
                "description": f"({', '.join(contract.primary_key)}) is unique within each landed batch",
            }
        )
    for column in contract.columns:
        rule = None
        if is_email(column):
            rule = ("email_well_formed", "well_formed", f"{column} looks like an email address")
        elif is_timestamp(column):
            rule = ("parseable_timestamp", "parseable", f"{column} is a date or timestamp staging can read")
        elif is_amount(column):
            rule = ("parseable_number", "parseable", f"{column} is a number staging can read")
        if rule:
            kind, suffix, description = rule
            found.append(
                {
                    "id": f"{prefix}.{column}.{suffix}",
                    "table": table,
                    "kind": kind,
                    "column": column,
                    "severity": "warning",
                    "description": description,
                }
            )
        values = ENUMERATIONS.get((contract.vendor, contract.object.lower(), column))
        if values:
            found.append(
                {
                    "id": f"{prefix}.{column}.known_value",
                    "table": table,
                    "kind": "values_in_set",
                    "column": column,
                    "values": values,
                    "normalise": True,
                    "severity": "warning",
                    "description": f"{column} is one of the values {contract.vendor} documents",
                }
            )
    return found


def landing_suite(vendor: str, contracts: list[ExportContract]) -> dict:
    return {
        "name": f"landing_{vendor}",
        "description": (
            f"What landed from {vendor} exports (raw.{vendor}__*) is usable: required columns filled, keys unique "
            "per batch, the latest full export not empty; formats and enumerations as warnings. "
            "Generated by `python -m ingest.checks.landing` from ingest/contracts; edit freely."
        ),
        "expectations": [e for contract in contracts for e in table_expectations(contract)],
    }


def write_landing_suites(directory: Path | None = None) -> list[Path]:
    directory = directory or suites_dir()
    directory.mkdir(parents=True, exist_ok=True)
    vendors: dict[str, list[ExportContract]] = {}
    for contract in load_contracts():
        vendors.setdefault(contract.vendor, []).append(contract)
    written = []
    for vendor, contracts in sorted(vendors.items()):
        path = directory / f"landing_{vendor}.yml"
        body = yaml.safe_dump(landing_suite(vendor, contracts), sort_keys=False, allow_unicode=True, width=120)
        path.write_text(f"# Landing checks for {vendor}; see ingest/checks/landing.py.\n{body}", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_landing_suites(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(written_path)
