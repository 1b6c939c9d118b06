"""Render a macro call as a SQL function call, for linting only."""

from __future__ import annotations

from typing import Any

# macros taking a Python string that they write as a SQL literal: (macro, position of that argument)
LITERAL_ARGUMENTS = {"matches_pattern": 1}


def as_sql_call(name: str, *args: Any) -> str:
    if name == "reduce_snapshots":  # a CTE body: the rows of the import CTE it reduces
        return f"select * from {args[0]}"
    if name in LITERAL_ARGUMENTS:
        at = LITERAL_ARGUMENTS[name]
        args = (*args[:at], "'" + str(args[at]).replace("'", "''") + "'", *args[at + 1 :])
    rendered = [str(arg) for arg in args if isinstance(arg, (str, int, float)) and not isinstance(arg, bool)]
    return f"{name}({', '.join(rendered)})"


def stub(name: str):
    def call(*args: Any, **kwargs: Any) -> str:
        return as_sql_call(name, *args, *kwargs.values())

    return call
