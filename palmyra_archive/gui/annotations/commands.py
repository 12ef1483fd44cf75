"""Undoable archive operations: write now, then put the inverse on the window's undo stack.

As with the metadata editor's corrections, the first ``redo`` is skipped (the change is already
written, so a refused value shows its message before anything lands on the stack). Undo and redo
call the core again, so each is itself logged in the archive's events. ``undo``/``redo`` receive
the ``Changes`` of the last step, which carry what the next inverse needs (a snapshot of a
deleted tag, the note before an edit).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from ...core.store.changes import Changes
from ...core.store.errors import PalmyraError
from ..common.errors import show_error

Step = Callable[[Changes], Changes]


class ArchiveCommand(QUndoCommand):
    def __init__(self, text: str, *, changes: Changes, undo: Step, redo: Step,
                 on_done: Callable[[Changes], None], on_error: Callable[[Exception], None]):
        super().__init__(text)
        self.last = changes
        self._undo, self._redo = undo, redo
        self._on_done, self._on_error = on_done, on_error
        self._written = True

    def redo(self) -> None:
        if self._written:
            self._written = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, step: Step) -> None:
        try:
            changes = step(self.last)
        except PalmyraError as exc:
            self._on_error(exc)
            return
        self.last = changes
        self._on_done(changes)


def perform(window, text: str, do: Callable[[], Changes], *, undo: Step,
            redo: Step | None = None) -> Changes | None:
    """Run ``do`` now; on success push its inverse and tell every view. None if refused."""
    try:
        changes = do()
    except PalmyraError as exc:
        show_error(window, exc)
        return None
    window.undo_stack.push(ArchiveCommand(
        text, changes=changes, undo=undo, redo=redo or (lambda _last: do()),
        on_done=window.hub.archive_did_change.emit,
        on_error=lambda exc: show_error(window, exc)))
    window.hub.archive_did_change.emit(changes)
    return changes
