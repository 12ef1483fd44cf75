"""Undoable corrections: each Apply in the metadata editor is one QUndoCommand.

The core's ``articles.correct`` writes and logs every field change; undo calls it again with the
previous corrected values (``None`` clears a correction, back to the extracted value), so the
undo is itself logged. The first ``redo`` is skipped: the editor has already written the
change (so a refused value shows its message before anything lands on the stack).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from ...core.store.errors import PalmyraError

FIELD_LABELS = {
    "title": "title", "authors": "authors", "outlet": "outlet", "date": "date",
    "section": "section", "original_outlet": "original outlet", "original_date": "original date",
}


class CorrectionCommand(QUndoCommand):
    def __init__(self, *, archive_getter: Callable, article_id: int, before: dict, after: dict,
                 on_done: Callable, on_error: Callable):
        names = ", ".join(FIELD_LABELS.get(f, f) for f in after)
        super().__init__(f"Correct {names}")
        self._archive = archive_getter
        self.article_id = article_id
        self.before = before
        self.after = after
        self._on_done = on_done
        self._on_error = on_error
        self._written = True

    def _apply(self, values: dict) -> None:
        try:
            changes = self._archive().articles.correct(self.article_id, **values)
        except PalmyraError as exc:
            self._on_error(exc)
            return
        self._on_done(changes)

    def redo(self) -> None:
        if self._written:  # the editor wrote it already
            self._written = False
            return
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)
