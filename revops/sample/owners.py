"""How users (owners, CSMs) are named in the non-Salesforce tools: "姓 名"."""

from __future__ import annotations

import numpy as np

from .output import Output


def owner_names(out: Output, index: np.ndarray) -> np.ndarray:
    last = np.array([x[0] for x in out.world.users["last"]])
    first = np.array([x[0] for x in out.world.users["first"]])
    return np.char.add(np.char.add(last[index], " "), first[index])
