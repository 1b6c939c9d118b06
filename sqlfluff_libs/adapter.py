"""`adapter.dispatch(name, package)` for the linter: returns a function rendering `name(args)`."""

from __future__ import annotations

from sqlfluff_libs._render import stub


def dispatch(macro_name: str, macro_namespace: str | None = None):
    return stub(macro_name)


def get_columns_in_relation(relation) -> list:
    """No database behind the linter: a relation has no columns to list."""
    return []


def quote(identifier: str) -> str:
    return f'"{identifier}"'
