"""`adapter.dispatch(name, package)` for the linter: returns a function rendering `name(args)`."""

from __future__ import annotations

from sqlfluff_libs._render import stub


def dispatch(macro_name: str, macro_namespace: str | None = None):
    return stub(macro_name)
