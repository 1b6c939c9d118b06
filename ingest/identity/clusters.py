"""Union-find with guards: clusters that may not hold two different strong identifiers.

A merge is refused (and reported) when the two clusters carry different values of a guarded
identifier (e.g. two valid 法人番号), or when it would exceed the maximum cluster size.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Refusal:
    left: int
    right: int
    rule: str
    reason: str


@dataclass
class GuardedClusters:
    size: int
    guarded: tuple[str, ...]
    max_cluster_size: int = 50
    parent: list[int] = field(init=False)
    members: list[int] = field(init=False)
    values: list[dict[str, str]] = field(init=False)
    refusals: list[Refusal] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.parent = list(range(self.size))
        self.members = [1] * self.size
        self.values = [{} for _ in range(self.size)]

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

    def conflict(self, left: int, right: int, guards: tuple[str, ...] | None = None) -> str | None:
        a, b = self.find(left), self.find(right)
        if a == b:
            return None
        for kind in self.guarded if guards is None else guards:
            x, y = self.values[a].get(kind), self.values[b].get(kind)
            if x and y and x != y:
                return f"different {kind}: {x} / {y}"
        if self.members[a] + self.members[b] > self.max_cluster_size:
            return f"cluster would exceed {self.max_cluster_size} records"
        return None

    def union(self, left: int, right: int, rule: str, guards: tuple[str, ...] | None = None) -> bool:
        """Merge the clusters of two records unless a guard forbids it; True when they are now one."""
        a, b = self.find(left), self.find(right)
        if a == b:
            return True
        reason = self.conflict(left, right, guards)
        if reason:
            self.refusals.append(Refusal(left, right, rule, reason))
            return False
        if self.members[a] < self.members[b]:
            a, b = b, a
        self.parent[b] = a
        self.members[a] += self.members[b]
        for kind, value in self.values[b].items():
            self.values[a].setdefault(kind, value)
        return True
