"""Where generated files go: per-snapshot folders, the file manifest, junk-row counts and truth records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from .noise import NoiseLog
from .world import World, stream

TRUTH_COLUMNS = ["source_system", "source_object", "source_record_id", "company_id", "person_id"]


@dataclass
class Snapshot:
    index: int
    label: str  # ISO export date, the folder name
    cut: int  # records created before this instant are in the export
    prev_cut: int  # start of this export's incremental window (very small for the first)

    def rng(self, world: World, name: str) -> np.random.Generator:
        """Noise that belongs to a record (stable across snapshots)."""
        return stream(world.seed, name)

    def period_rng(self, world: World, name: str) -> np.random.Generator:
        """Noise that changes every snapshot (payment status, usage)."""
        return stream(world.seed, name, self.index)


@dataclass
class Output:
    root: Path
    world: World | None = None  # the world, or the part of it being written (start_part)
    log: NoiseLog = field(default_factory=NoiseLog)
    files: dict[str, int] = field(default_factory=dict)
    malformed: dict[str, int] = field(default_factory=dict)
    cache: dict = field(default_factory=dict)  # world-level derived data shared by every snapshot's exporters
    _truth: pacsv.CSVWriter | None = None

    def start_part(self, world: World) -> None:
        """Write `world` (one part of a sharded world, or the whole) from now on."""
        self.world = world
        self.cache.clear()

    def world_rng(self, name: str, *extra: int) -> np.random.Generator:
        return stream(self.world.seed, name, *extra)

    def path(self, snap: Snapshot, vendor: str, name: str) -> Path:
        """Where an export file goes; a later part of a sharded world writes the same names into `part-N/`."""
        folder = self.root / snap.label / vendor
        if self.world.shard.index:
            folder = folder / f"part-{self.world.shard.index + 1}"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name

    def record_file(self, rel: str, rows: int, junk: int = 0) -> None:
        """Count a file's rows and junk lines in the manifest; the parts of one export add up."""
        self.files[rel] = self.files.get(rel, 0) + rows
        if junk:
            self.malformed[rel] = self.malformed.get(rel, 0) + junk

    def truth_table(self, name: str, table: pa.Table) -> None:
        """Write `_truth/<name>`; a later part of a sharded world appends its rows."""
        first = self.world.shard.index == 0
        with (self.root / "_truth" / name).open("wb" if first else "ab") as fh:
            pacsv.write_csv(table, fh, pacsv.WriteOptions(include_header=first))

    def truth(self, system: str, obj: str, ids, company: np.ndarray, person: np.ndarray | None) -> None:
        """Append ground-truth rows: company/person are indexes, -1 for none."""
        n = len(company)
        if n == 0:
            return
        co_ids = pa.array(self.world.companies.company_id).take(pa.array(np.maximum(company, 0)))
        co_ids = pa.compute.if_else(pa.array(company >= 0), co_ids, "")
        if person is None:
            pe_ids = pa.array([""] * n)
        else:
            pe_ids = self.world.people.person_id.take(pa.array(np.maximum(person, 0)))
            pe_ids = pa.compute.if_else(pa.array(person >= 0), pe_ids, "")
        table = pa.table(
            {
                "source_system": pa.array(np.full(n, system)),
                "source_object": pa.array(np.full(n, obj)),
                "source_record_id": pa.array(ids).cast(pa.string()),
                "company_id": co_ids,
                "person_id": pe_ids,
            }
        )
        if self._truth is None:
            (self.root / "_truth").mkdir(parents=True, exist_ok=True)
            self._truth = pacsv.CSVWriter(str(self.root / "_truth" / "records.csv"), table.schema)
        self._truth.write_table(table)

    def close(self) -> None:
        if self._truth is not None:
            self._truth.close()
