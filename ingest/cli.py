"""Kept for console scripts installed before the command line moved to `revops.cli` (their wrapper imports
`ingest.cli:entrypoint`); a fresh `pip install -e .` points `revops` at `revops.cli` directly."""

from revops.cli import entrypoint

__all__ = ["entrypoint"]
