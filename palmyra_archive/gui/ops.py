"""Undoable archive operations: the one command class and the one way to run it (``perform``).

Every undoable action of the GUI (corrections, citation fields, region marks, tags, collections,
saved searches, annotations, notes, research notes, Trash and restore, merges, review marks,
decisions on copies found by text) is ``perform(window, text, do, undo=…)``:

1. ``do()`` calls the core now. A refusal (``PalmyraError``) is shown in one sentence and
   nothing lands on the undo stack; with ``raising=True`` it goes to the caller instead (a
   dialog that shows it inline and stays open).
2. On success an ``ArchiveCommand`` holding the inverse goes on the window's undo stack (its
   first ``redo``, which Qt calls on push, is skipped: the change is already written) and the
   hub announces the ``Changes``, so every view refreshes what it shows.
3. Undo and redo call the core again, so each is itself logged in the archive's events, and are
   announced the same way. ``undo``/``redo`` receive the ``Changes`` of the step before, which
   carry what the next inverse needs (``Changes.extra``: a deleted tag's snapshot, the note
   before an edit). A step the core refuses (the row changed meanwhile, in another window or
   process) is shown and the command made obsolete, so the stack never offers it again.

Modelled on Anki's ``CollectionOp`` (``qt/aqt/operations/__init__.py``): the action says what
to write; how it is written, undone and announced is said once, here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from ..core.store.changes import Changes
from ..core.store.errors import PalmyraError
from .common.errors import show_error

if TYPE_CHECKING:
    from .common.signals import Hub

#: one step of a command: the ``Changes`` of the step before -> the ``Changes`` of this one
Step = Callable[[Changes], Changes]


class OpsWindow(Protocol):
    """What ``perform`` needs of the window: its undo stack, its hub, a parent for messages."""

    undo_stack: QUndoStack
    hub: Hub


class ArchiveCommand(QUndoCommand):
    """One undoable write already made: ``undo``/``redo`` call the core again."""

    def __init__(self, text: str, *, changes: Changes, undo: Step, redo: Step,
                 on_done: Callable[[Changes], None], on_error: Callable[[PalmyraError], None]) -> None:
        super().__init__(text)
        self.last = changes
        self._undo, self._redo = undo, redo
        self._on_done, self._on_error = on_done, on_error
        self._written = True

    def redo(self) -> None:
        if self._written:  # the first redo is the push: the change is already written
            self._written = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, step: Step) -> None:
        try:
            changes = step(self.last)
        except PalmyraError as exc:
            self.setObsolete(True)   # the stack drops a step the archive no longer allows
            self._on_error(exc)
            return
        self.last = changes
        self._on_done(changes)


def perform(window: OpsWindow, text: str, do: Callable[[], Changes], *, undo: Step,
            redo: Step | None = None, raising: bool = False) -> Changes | None:
    """Run ``do`` now; on success push its inverse and announce it. None if refused.

    ``redo`` defaults to ``do`` again. ``raising``: a refusal is raised to the caller (which
    shows it inline) instead of shown in a message box.
    """
    parent = window if isinstance(window, QWidget) else None
    try:
        changes = do()
    except PalmyraError as exc:
        if raising:
            raise
        show_error(parent, exc)
        return None
    window.undo_stack.push(ArchiveCommand(
        text, changes=changes, undo=undo, redo=redo or (lambda _last: do()),
        on_done=window.hub.archive_did_change.emit,
        on_error=lambda exc: show_error(parent, exc)))
    window.hub.archive_did_change.emit(changes)
    return changes
