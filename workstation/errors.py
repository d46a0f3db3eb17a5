"""User-facing failures: every refusal an officer can act on is a WorkstationError with a clear message."""

from __future__ import annotations


class WorkstationError(Exception):
    """A failure caused by input or state, with a message that names the file, row or field and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DatabaseError(WorkstationError):
    """The database file cannot be used (not SQLite, corrupt, locked, or from a newer version)."""


class ValidationError(WorkstationError):
    """One or more fields are invalid; ``errors`` maps field names to messages."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {msg}" for field, msg in self.errors.items()))


class TransitionRefused(WorkstationError):
    """A procedure transition is not allowed in the case's state or its legal conditions are not met."""


class ImportRefused(WorkstationError):
    """A file could not be imported; ``errors`` lists every bad row as {row, field, message}."""

    def __init__(self, message: str, errors: list[dict] | None = None):
        super().__init__(message)
        self.errors = list(errors or [])


class NotFound(WorkstationError):
    """A record named by the user does not exist."""


class Cancelled(WorkstationError):
    """Long work was cancelled by the user; everything it wrote was rolled back."""
