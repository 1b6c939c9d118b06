"""Union-find with guards: clusters that may not hold two different strong identifiers.

A merge is refused (and reported) when the two clusters carry different values of a guarded
identifier (e.g. two valid 法人番号), when it would put together two records a user declared apart
(a cannot_link override), or when it would exceed the maximum cluster size.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Refusal:
    left: int
    right: int
    rule: str
    reason: str
    guard: str = "conflicting_identifier"  # which guard refused: see identity_refusals


@dataclass
class GuardedClusters:
    size: int
    guarded: tuple[str, ...]
    max_cluster_size: int = 50
    parent: list[int] = field(init=False)
    members: list[int] = field(init=False)
    values: list[dict[str, str]] = field(init=False)
    refusals: list[Refusal] = field(default_factory=list)
    apart: dict[int, set[int]] = field(default_factory=dict)  # root -> records its cluster may never hold

    def __post_init__(self) -> None:
        self.parent = list(range(self.size))
        self.members = [1] * self.size
        self.values = [{} for _ in range(self.size)]

    def keep_apart(self, left: int, right: int) -> None:
        """A cannot_link override: no merge may ever put these two records in one cluster."""
        self.apart.setdefault(self.find(left), set()).add(right)
        self.apart.setdefault(self.find(right), set()).add(left)

    def _kept_apart(self, a: int, b: int) -> bool:
        small, big = (a, b) if len(self.apart.get(a, ())) <= len(self.apart.get(b, ())) else (b, a)
        return any(self.find(record) == big for record in self.apart.get(small, ()))

    def set_identifier(self, record: int, kind: str, value: str | None) -> None:
        if value:
            self.values[self.find(record)].setdefault(kind, value)

    def find(self, record: int) -> int:
        root = record
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[record] != root:  # path compression
            self.parent[record], record = root, self.parent[record]
        return root

    def conflict(self, left: int, right: int, guards: tuple[str, ...] | None = None) -> tuple[str, str] | None:
        """(guard, reason) that forbids merging the clusters of two records, or None."""
        a, b = self.find(left), self.find(right)
        if a == b:
            return None
        if self.apart and self._kept_apart(a, b):
            return "cannot_link", "a cannot_link override keeps these records apart"
        for kind in self.guarded if guards is None else guards:
            kinds = [k for k in self.values[a] if k.startswith("declared:")] if kind == "declared" else [kind]
            for each in kinds:  # "declared": every declared identifier kind (revops/identity/declared.py)
                x, y = self.values[a].get(each), self.values[b].get(each)
                if x and y and x != y:
                    return "conflicting_identifier", f"different {each}: {x} / {y}"
        if self.members[a] + self.members[b] > self.max_cluster_size:
            return "max_cluster_size", f"cluster would exceed {self.max_cluster_size} records"
        return None

    def union(self, left: int, right: int, rule: str, guards: tuple[str, ...] | None = None) -> bool:
        """Merge the clusters of two records unless a guard forbids it; True when they are now one."""
        a, b = self.find(left), self.find(right)
        if a == b:
            return True
        refused = self.conflict(left, right, guards)
        if refused:
            self.refusals.append(Refusal(left, right, rule, refused[1], refused[0]))
            return False
        if self.members[a] < self.members[b]:
            a, b = b, a
        self.parent[b] = a
        self.members[a] += self.members[b]
        for kind, value in self.values[b].items():
            self.values[a].setdefault(kind, value)
        if b in self.apart:
            self.apart.setdefault(a, set()).update(self.apart.pop(b))
        return True

    def refuse(self, left: int, right: int, rule: str, guard: str, reason: str) -> None:
        """Record a link a guard refused before any merge was tried (a code-like name, a group domain, a cap)."""
        self.refusals.append(Refusal(left, right, rule, reason, guard))
