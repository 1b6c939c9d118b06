"""Support tickets of customers, with reply / resolution times and satisfaction."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .clock import DAY, NEVER

SATISFACTION = np.array(["good", "bad", "offered", "unoffered"])


@dataclass
class Tickets:
    company: np.ndarray
    requester: np.ndarray  # person index
    created: np.ndarray
    replied: np.ndarray
    solved: np.ndarray
    satisfaction: np.ndarray  # index into SATISFACTION once solved
    subject: np.ndarray
    priority: np.ndarray
    channel: np.ndarray
    assignee: np.ndarray

    def __len__(self) -> int:
        return len(self.company)

    def status_at(self, cut: int) -> np.ndarray:
        """new / open / pending / solved / closed at `cut`."""
        status = np.where(self.replied < cut, "open", "new").astype("U7")
        status[(self.replied < cut) & (self.created % 3 == 0)] = "pending"
        status[self.solved < cut] = "solved"
        status[self.solved + 4 * DAY < cut] = "closed"
        return status

    def updated_at(self, cut: int) -> np.ndarray:
        times = np.stack([self.created, self.replied, self.solved, self.solved + 4 * DAY], axis=1)
        return np.where(times < cut, times, -1).max(axis=1)


def make_tickets(
    rng: np.random.Generator,
    revenue,
    people_offsets: np.ndarray,
    people_counts: np.ndarray,
    n_agents: int,
) -> Tickets:
    first_start = revenue.t_customer
    customers = np.flatnonzero(first_start < NEVER)
    end = np.full(len(first_start), revenue.world_end)
    main = revenue.sub_product == 0
    end[revenue.sub_company[main]] = np.minimum(revenue.sub_end_final[main], revenue.world_end)
    days = np.maximum(end[customers] - first_start[customers], 0) / DAY
    count = rng.poisson(days / 30 * 0.6)
    company = np.repeat(customers, count)
    n = len(company)
    created = first_start[company] + (rng.random(n) * (end[company] - first_start[company])).astype(np.int64)
    reply_minutes = np.maximum(1, rng.lognormal(4.5, 1.0, n)).astype(np.int64)
    resolve_minutes = reply_minutes + rng.lognormal(7.0, 1.2, n).astype(np.int64)
    unsolved = rng.random(n) < 0.02  # stuck tickets never solved
    return Tickets(
        company=company,
        requester=people_offsets[company] + (rng.random(n) * people_counts[company]).astype(np.int64),
        created=created,
        replied=created + reply_minutes * 60,
        solved=np.where(unsolved, NEVER - 5 * DAY, created + resolve_minutes * 60),
        satisfaction=np.searchsorted([0.55, 0.65, 0.85], rng.random(n), side="right"),
        subject=rng.integers(0, 8, n),
        priority=rng.integers(0, 4, n),
        channel=rng.integers(0, 4, n),
        assignee=rng.integers(0, n_agents, n),
    )
