"""Long work as plain Python that reports progress and can be stopped.

Core functions that may take a while take ``progress`` (a callable ``(done, total, message)``)
and ``cancel`` (a ``CancelToken``). They call ``cancel.raise_if_cancelled()`` between units of
work, never in the middle of a transaction they cannot roll back. The GUI owns the threads
and dialogs (``palmyra_archive.gui.workers.runner``); the CLI passes a printer or nothing.
"""

from __future__ import annotations

import threading
from typing import Protocol

from .errors import Cancelled


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str) -> None: ...


def no_progress(done: int, total: int, message: str) -> None:
    """The progress sink for callers that do not show progress."""


class CancelToken:
    """A thread-safe flag the GUI sets and the worker polls."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


NEVER_CANCELLED = CancelToken()
