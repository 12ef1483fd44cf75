"""One hub of application-wide signals, so views refresh from what a write says it changed.

Modelled on Anki's ``operation_did_execute``: after every write the GUI emits
``archive_did_change(Changes)`` and each view decides whether it cares; after opening another
archive it emits ``archive_did_open(Archive)`` so every panel rebinds to it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Hub(QObject):
    #: a write finished; payload: ``core.store.changes.Changes``
    archive_did_change = Signal(object)
    #: another archive is now the current one; payload: ``core.archive.Archive``
    archive_did_open = Signal(object)
    #: the user wants to see one article (from search, import summary …); payload: article id
    article_was_requested = Signal(int)
