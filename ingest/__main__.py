"""`python -m ingest` still runs the `revops` command line (its home is now `revops.cli`)."""

from revops.cli import entrypoint

entrypoint()
