"""dbt's cross-database macros (`dbt.concat`, `dbt.type_*`, …) for the linter."""

from __future__ import annotations

from sqlfluff_libs._render import stub


def concat(fields: list[str]) -> str:
    return " || ".join(fields)


def type_string() -> str:
    return "varchar"


def type_bigint() -> str:
    return "bigint"


def type_int() -> str:
    return "integer"


def type_numeric() -> str:
    return "decimal(28, 6)"


def type_timestamp() -> str:
    return "timestamp"


def __getattr__(name: str):  # any other dbt.<macro>(...) renders as a function call
    return stub(name)
