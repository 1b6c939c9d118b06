from ingest.cli import entrypoint

entrypoint()
