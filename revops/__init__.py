"""revops-warehouse: everything beyond landing. `revops.cli` (the command line) calls `revops.pipeline`,
which calls the landing package `ingest` and `revops.identity`, `revops.quality`, `revops.sample`; all of them
stand on `revops.warehouse` and `revops.settings`. tests/python/test_architecture.py holds the layers."""
