"""Landing: MA / SFA / CS export files recognised by their contracts and landed in raw.* with lineage and
the landing audit (audit.ingest_batches, audit.quarantine). The rest of revops-warehouse is in `revops/`."""

__version__ = "0.1.0"
