"""generate_world: build the true world from a seed and write every snapshot's vendor exports plus the truth."""

from __future__ import annotations

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
from .truth import write_truth
from .world import build_world
from .zendesk import export_zendesk

EXPORTERS = {
    "salesforce": export_salesforce,
    "hubspot": export_hubspot,
    "zendesk": export_zendesk,
    "gainsight": export_gainsight,
    "activities": export_activities,  # last: the other exporters' files and truth rows stay as they were
}


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
    timings: dict[str, float] = {}
    started = time.perf_counter()
    world = build_world(seed, accounts, as_of)
    timings["world"] = time.perf_counter() - started
    output = Output(Path(out), world)
    dates = snapshot_dates(as_of, snapshots)
    snaps = [
        Snapshot(i, d.isoformat(), to_seconds(d), to_seconds(dates[i - 1]) if i else -(2**62))
        for i, d in enumerate(dates)
    ]
    try:
        for snap in snaps:
            for vendor, export in EXPORTERS.items():
                tick = time.perf_counter()
                export(output, snap)
                timings[vendor] = timings.get(vendor, 0.0) + time.perf_counter() - tick
    finally:
        output.close()
    tick = time.perf_counter()
    noise = write_truth(output, snaps[-1], RATES)
    write_lead_responses(output)
    timings["truth"] = time.perf_counter() - tick
    timings["total"] = time.perf_counter() - started
    return {
        "out": str(out),
        "accounts": accounts,
        "people": len(world.people),
        "snapshots": [s.label for s in snaps],
        "files": noise["files"],
        "malformed_rows": noise["malformed_rows"],
        "noise": {k: v for k, v in noise.items() if k not in ("files", "malformed_rows")},
        "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
    }
