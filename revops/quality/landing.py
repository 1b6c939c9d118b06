"""The landing suites (`landing_<vendor>`), generated from the export contracts each time `revops check` runs.

Nothing generated is committed: a contract change (a new column, a new export) is checked by the next run.
`python -m revops.quality.landing` prints the suites as YAML for review. The rules, per raw table:
required columns present and not blank, primary key unique within a batch, text decoded (no mojibake), the
latest full export not empty when an earlier full export had rows (errors); emails well formed, dates and
amounts parseable, known enumerations, amounts with a currency (warnings); and per vendor, the rows
quarantined at landing (a warning: they are not in the warehouse, each with its file, row and reason).
"""

from __future__ import annotations

import sys

import yaml

from ingest.contracts import ExportContract, load_contracts
from revops import facts
from revops.quality.dialect import DUCKDB, Dialect
from revops.quality.mojibake import mojibake_query
from revops.quality.suites import Suite, parse_suite
from revops.warehouse import RAW, quote_identifier

AMOUNT_COLUMNS = ("amount", "arr", "mrr")
CURRENCY_COLUMNS = ("currency", "currency_code", "currency_iso_code")
# (vendor, object, column) -> the values the vendor documents; compared case- and space-insensitively
# lifecycle stages: var revops_lifecycle_stages (what staging maps the labels to)
ENUMERATIONS: dict[tuple[str, str, str], list[str]] = {
    ("hubspot", "contacts", "lifecycle_stage"): facts.lifecycle_stages(),
    ("zendesk", "tickets", "status"): ["new", "open", "pending", "hold", "solved", "closed"],
    ("gainsight", "subscriptions", "payment_status"): ["paid", "overdue", "failed"],
}
ENUMERATIONS[("hubspot", "companies", "lifecycle_stage")] = ENUMERATIONS[("hubspot", "contacts", "lifecycle_stage")]


def is_email(column: str) -> bool:
    """Columns holding an address (`email`, `requester_email`), not flags about email (`has_opted_out_of_email`)."""
    if column.startswith(("has_", "is_")):
        return False
    return column in ("email", "recipient") or column.endswith("_email")


def is_amount(column: str) -> bool:
    return column in AMOUNT_COLUMNS or column.endswith("_amount")


def is_currency(column: str) -> bool:
    return column in CURRENCY_COLUMNS


def _structure(contract: ExportContract, table: str, prefix: str) -> list[dict]:
    """Errors: the export is whole and usable (not emptied, required columns there and filled, keys unique)."""
    found: list[dict] = []
    if contract.export_kind == "full":
        found.append(
            {
                "id": f"{prefix}.latest_full_export_not_empty",
                "table": table,
                "kind": "rows_exist",
                "latest_full_batch": True,
                "severity": "error",
                "description": "The latest full export still has rows, when an earlier full export had some "
                "(everything vanished); an object the org has none of is never an error",
            }
        )
    found.append(
        {
            "id": f"{prefix}.required_columns_present",
            "table": table,
            "kind": "columns_exist",
            "columns": list(contract.required),
            "severity": "error",
            "description": "The raw table has every required column of the contract",
        }
    )
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
    return found


def _text(contract: ExportContract, table: str, prefix: str, dialect: Dialect) -> list[dict]:
    """Text decoded right (error), and amounts that say their currency (warning)."""
    found = [
        {
            "id": f"{prefix}.text_decoded",
            "table": table,
            "kind": "sql",
            "query": mojibake_query(list(contract.columns), dialect),
            "severity": "error",
            "description": "No mis-decoded text (mojibake: U+FFFD, private-use or C1 code points, Ã© / ﾃｩ sequences, "
            "CJK or half-width katakana inside a Latin word): the file was read in the wrong encoding",
        }
    ]
    currency = next((c for c in contract.columns if is_currency(c)), None)
    amounts = [c for c in contract.columns if is_amount(c)]
    if currency and amounts:
        filled = " or ".join(f"nullif(trim({quote_identifier(c)}), '') is not null" for c in amounts)
        shown = ", ".join(quote_identifier(c) for c in amounts)
        code = quote_identifier(currency)
        found.append(
            {
                "id": f"{prefix}.amount_has_currency",
                "table": table,
                "kind": "sql",
                "query": f"select _batch_id, _source_file, _source_row_number, {shown}, {code}"
                f" from {{batch}} where ({filled}) and nullif(trim({code}), '') is null"
                # a batch with no currency at all is a single-currency org's export (no currency column)
                f" and _batch_id in (select _batch_id from {{batch}} where nullif(trim({code}), '') is not null)",
                "severity": "warning",
                "description": f"Every amount ({', '.join(amounts)}) comes with its {currency} in an export that "
                "states currencies: amounts without one cannot be told apart from another currency's",
            }
        )
    return found


def _formats(contract: ExportContract, table: str, prefix: str) -> list[dict]:
    """Warnings: values staging will turn into null (emails, amounts) or not recognise (enumerations). Dates have one
    owner: staging reads them in the order decided per batch, and every value it cannot read is an error of the
    `plausible_dates` suite (stg_audit__date_formats_by_batch), with examples."""
    found: list[dict] = []
    for column in contract.columns:
        rule = None
        if is_email(column):
            rule = ("email_well_formed", "well_formed", f"{column} looks like an email address")
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


def table_expectations(contract: ExportContract, dialect: Dialect = DUCKDB) -> list[dict]:
    table = f"{RAW}.{contract.table}"
    prefix = contract.object.lower()
    text = _text(contract, table, prefix, dialect)
    return _structure(contract, table, prefix) + text + _formats(contract, table, prefix)


def quarantine_expectation(vendor: str) -> dict:
    """Rows of this vendor's files that did not land (a blank or invalid required value, a malformed line)."""
    return {
        "id": "rows_quarantined",
        "table": "audit.quarantine",
        "kind": "sql",
        "query": f"""with quarantined as (select * from {{batch}})
select batches.source_name, quarantined.source_file, quarantined.row_number, quarantined.column_name,
    left(quarantined.reason, 120) as reason
from quarantined
join audit.ingest_batches as batches on batches.batch_id = quarantined.batch_id
where starts_with(batches.source_name, '{vendor}.')
order by batches.source_name, quarantined.source_file, quarantined.row_number""",
        "severity": "warning",
        "description": f"No {vendor} row was quarantined at landing (a blank or invalid required value, a malformed "
        "line): each one is missing from the warehouse until its file is fixed and landed again",
    }


def landing_suite(vendor: str, contracts: list[ExportContract], dialect: Dialect = DUCKDB) -> dict:
    return {
        "name": f"landing_{vendor}",
        "vendor": vendor,
        "description": (
            f"What landed from {vendor} exports (raw.{vendor}__*) is usable: required columns filled, keys unique "
            "per batch, text decoded, a full export not emptied; formats, enumerations, currencies and quarantined "
            "rows as warnings. Generated at run time from ingest/contracts (revops/quality/landing.py)."
        ),
        "expectations": [e for contract in contracts for e in table_expectations(contract, dialect)]
        + [quarantine_expectation(vendor)],
    }


def landing_suites(dialect: Dialect = DUCKDB) -> list[Suite]:
    """One suite per vendor of the contracts (ingest/contracts, and REVOPS_CONTRACTS_PATH), its SQL in `dialect`."""
    vendors: dict[str, list[ExportContract]] = {}
    for contract in load_contracts():
        vendors.setdefault(contract.vendor, []).append(contract)
    return [parse_suite(landing_suite(vendor, contracts, dialect)) for vendor, contracts in sorted(vendors.items())]


if __name__ == "__main__":
    for suite in landing_suites():
        document = landing_suite(suite.name.removeprefix("landing_"), [])
        document["expectations"] = [
            {"id": e.id, "table": e.table, "kind": e.kind, "severity": e.severity, "description": e.description}
            | e.params
            for e in suite.expectations
        ]
        sys.stdout.write(yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120) + "\n")
