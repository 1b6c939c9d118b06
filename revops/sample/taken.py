"""What the parts of a world built so far have used, which a later part must not use again."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa


@dataclass
class WorldNames:
    """Registered company names, domains and free-mail addresses taken by earlier parts of a sharded world.

    A company's own addresses are unique through its domain; free-mail ones are not, so they are kept.
    """

    names: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)
    free_mail: list[pa.Array] = field(default_factory=list)

    def free_mail_taken(self) -> pa.Array:
        return pa.concat_arrays(self.free_mail) if self.free_mail else pa.array([], pa.string())
