"""generate_world: build the true world from a seed and write every snapshot's vendor exports plus the truth.

A world larger than SHARD_COMPANIES companies is built and written one part at a time (a shard: its companies,
their people, deals and tickets), so memory stays that of one part at any size. A later part writes its files
under `part-N/` beside the first part's, with its own ids; users, agents and campaigns are the whole world's.
"""

from __future__ import annotations

import itertools
import time
from datetime import date
from pathlib import Path

from .activities import export_activities, write_lead_responses
from .clock import snapshot_dates, to_seconds
from .gainsight import export_gainsight
from .hubspot import export_hubspot
from .noise import RATES
from .output import Output, Snapshot
from .salesforce import export_salesforce
from .taken import WorldNames
from .truth import merge_summaries, noise_summary, write_companies, write_truth
from .world import SHARD_COMPANIES, Shard, build_world
from .zendesk import export_zendesk

EXPORTERS = {
    "salesforce": export_salesforce,
    "hubspot": export_hubspot,
    "zendesk": export_zendesk,
    "gainsight": export_gainsight,
    "activities": export_activities,  # last: the other exporters' files and truth rows stay as they were
}


def part_bounds(accounts: int) -> list[int]:
    """Where each part of the world starts, and its end: as few parts as SHARD_COMPANIES allows, of equal size
    (so no part is a handful of companies)."""
    parts = -(-accounts // SHARD_COMPANIES)
    return [accounts * k // parts for k in range(parts + 1)]


def _snapshots(as_of: date, snapshots: int) -> list[Snapshot]:
    dates = snapshot_dates(as_of, snapshots)
    return [
        Snapshot(i, d.isoformat(), to_seconds(d), to_seconds(dates[i - 1]) if i else -(2**62))
        for i, d in enumerate(dates)
    ]


def _write_part(output: Output, snaps: list[Snapshot], timings: dict[str, float]) -> dict:
    """Every snapshot's exports of the part `output` holds, then its truth rows; returns its noise summary."""
    for snap in snaps:
        for vendor, export in EXPORTERS.items():
            tick = time.perf_counter()
            export(output, snap)
            timings[vendor] = timings.get(vendor, 0.0) + time.perf_counter() - tick
    tick = time.perf_counter()
    write_companies(output, snaps[-1])
    write_lead_responses(output)
    timings["truth"] = timings.get("truth", 0.0) + time.perf_counter() - tick
    return noise_summary(output)


def generate_world(
    out: Path,
    accounts: int,
    seed: int,
    snapshots: int = 1,
    as_of: date = date(2026, 11, 1),
) -> dict:
    """Write a sample world of `accounts` companies to `out`; same arguments give byte-identical files.

    Returns a report: files written with row counts, junk rows per file, noise rates, timings in seconds.
    """
    if accounts < 1 or snapshots < 1:
        raise ValueError("accounts and snapshots must be at least 1")
    timings: dict[str, float] = {"world": 0.0}
    started = time.perf_counter()
    snaps = _snapshots(as_of, snapshots)
    output, taken, summaries, people = Output(Path(out)), WorldNames(), [], 0
    bounds = part_bounds(accounts)
    try:
        for index, (first, end) in enumerate(itertools.pairwise(bounds)):
            tick = time.perf_counter()
            shard = Shard(index, first, people, accounts)
            output.start_part(build_world(seed, end - first, as_of, shard, taken))
            timings["world"] += time.perf_counter() - tick
            people += len(output.world.people)
            summaries.append(_write_part(output, snaps, timings))
    finally:
        output.close()
    noise = write_truth(output, RATES, merge_summaries(summaries))
    timings["total"] = time.perf_counter() - started
    return {
        "out": str(out),
        "accounts": accounts,
        "people": people,
        "snapshots": [s.label for s in snaps],
        "parts": len(summaries),
        "files": noise["files"],
        "malformed_rows": noise["malformed_rows"],
        "noise": {k: v for k, v in noise.items() if k not in ("files", "malformed_rows")},
        "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
    }
