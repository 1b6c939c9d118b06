"""Settings read from the environment, each checked where it is read: a bad value is one clear line
naming the variable and what it takes, never a traceback."""

from __future__ import annotations

import os
import re

from ingest.errors import RevopsError

_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30}


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
