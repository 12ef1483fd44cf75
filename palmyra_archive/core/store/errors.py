"""Typed errors whose message a user can read.

Every failure the core expects is a ``PalmyraError`` subclass carrying a sentence meant for a
person (the CLI prints it, the GUI shows it in a dialog). Anything else is a bug: the CLI and
the GUI log it with its traceback to the log file and show a short apology instead.
"""

from __future__ import annotations


class PalmyraError(Exception):
    """Base of every error the core raises on purpose; ``str(err)`` is the user-facing message."""

    def __init__(self, message: str, *, detail: str | None = None):
        super().__init__(message)
        self.message = message
        self.detail = detail


class ArchiveError(PalmyraError):
    """The archive file cannot be opened, read or written."""


class SchemaTooNewError(ArchiveError):
    """The archive was written by a newer Palmyra Archive; we refuse to write to it."""


class NotFoundError(PalmyraError):
    """An id (article, tag, annotation, …) that does not exist in this archive."""


class ImportFailed(PalmyraError):
    """One file could not be imported; the archive is unchanged for that file."""

    def __init__(self, message: str, *, path: str | None = None, detail: str | None = None):
        super().__init__(message, detail=detail)
        self.path = path


class SearchSyntaxError(PalmyraError):
    """A search query the full-text engine cannot parse."""


class ValidationError(PalmyraError):
    """A value a user typed that the archive cannot accept (an impossible date, an empty tag)."""


class AnchorError(PalmyraError):
    """A quote that is not in the text, or that stands in it more than once."""


class ExportError(PalmyraError):
    """An export or a bundle that could not be written or read."""


class Cancelled(PalmyraError):
    """Long work stopped because the user asked it to; never shown as an error."""

    def __init__(self, message: str = "Cancelled."):
        super().__init__(message)


class DiskFullError(PalmyraError):
    """The disk filled up; what was being written was rolled back or removed."""
