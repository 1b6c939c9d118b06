from revops.cli import entrypoint

entrypoint()
