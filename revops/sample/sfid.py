"""Salesforce record ids: 15 case-sensitive characters plus the 3-character case-safe suffix."""

from __future__ import annotations

import numpy as np

EMPTY_ID = "000000000000000AAA"  # how the Data Export writes an empty lookup
_BASE62 = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", dtype=np.uint8)
_SUFFIX = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", dtype=np.uint8)
_POD = b"5g0000"


def case_safe_suffix(id15: str) -> str:
    """The 3-character suffix Salesforce appends to a 15-character id."""
    out = ""
    for chunk in range(3):
        bits = sum(1 << i for i, c in enumerate(id15[chunk * 5 : chunk * 5 + 5]) if "A" <= c <= "Z")
        out += chr(_SUFFIX[bits])
    return out


def make_ids(prefix: str, start: int, n: int) -> np.ndarray:
    """`n` sequential 18-character ids for the object whose key prefix is `prefix` (e.g. "001")."""
    counter = np.arange(start, start + n, dtype=np.int64)
    chars = np.empty((n, 18), dtype=np.uint8)
    chars[:, 0:3] = np.frombuffer(prefix.encode(), dtype=np.uint8)
    chars[:, 3:9] = np.frombuffer(_POD, dtype=np.uint8)
    for pos in range(14, 8, -1):
        chars[:, pos] = _BASE62[counter % 62]
        counter //= 62
    upper = (chars[:, :15] >= ord("A")) & (chars[:, :15] <= ord("Z"))
    for chunk in range(3):
        bits = (upper[:, chunk * 5 : chunk * 5 + 5] * (1 << np.arange(5))).sum(axis=1)
        chars[:, 15 + chunk] = _SUFFIX[bits]
    return chars.view("S18").ravel().astype("U18")
