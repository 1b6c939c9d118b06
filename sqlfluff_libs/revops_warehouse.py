"""`revops_warehouse.<macro>(...)` (package-qualified macro calls) for the linter.

The project's own macros are loaded by the jinja templater (`load_macros_from_path = macros`) into the
template context, not into this module; a qualified call is resolved there (found by walking up to the
rendering jinja frame) and wrapped like sqlfluff wraps a macro called from a model, so that dbt's `return()`
gives the caller its value (a list, a dict) even from inside another macro. Anything not found renders as a
plain SQL function call.
"""

from __future__ import annotations

import inspect

from jinja2.runtime import Context, Undefined
from sqlfluff.core.templaters.builtins.dbt import DbtMacroWrapper

from sqlfluff_libs._render import stub


def _from_template_context(name: str):
    frame = inspect.currentframe()
    while frame is not None:
        for value in frame.f_locals.values():
            if isinstance(value, Context):
                found = value.resolve_or_missing(name)
                if found is not None and not isinstance(found, Undefined) and found is not value.environment.undefined:
                    return found
        frame = frame.f_back
    return None


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    found = _from_template_context(name)
    return DbtMacroWrapper(found) if callable(found) else stub(name)
