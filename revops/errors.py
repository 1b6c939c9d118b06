"""Errors the CLI turns into one clear line (what failed, what to do) instead of a traceback."""


class RevopsError(Exception):
    """A failure the user can act on. `hint` says what to do about it. Exit status 1: exit 2 is kept for
    faults of the tool itself."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class WarehouseLockedError(RevopsError):
    """The DuckDB file is held by another process."""


class ContractError(RevopsError):
    """A contract file is malformed (a developer error, caught by the contract tests)."""


class FileRejectedError(RevopsError):
    """An export file cannot be landed at all (unknown export, missing required columns, unreadable)."""
