"""Proposed new versions, for the user to confirm or reject (issue #18).

The import summary shows the ones its import proposed; Tools › Review proposed versions… shows
all of them, with the links made by name alone before 0.2. Each row names both files (their
paths), the evidence and how alike the texts are. Confirm and Reject are quick writes on the
window's archive; the change is announced like any other so the library refreshes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.store.errors import PalmyraError
from ..common.errors import show_error

PROPOSAL_ROLE = Qt.ItemDataRole.UserRole + 2


class VersionReviewPanel(QWidget):
    """The list with Confirm / Reject; ``only``: show just these proposal ids."""

    def __init__(self, archive_getter: Callable, on_changed: Callable, *, only=None, parent=None):
        super().__init__(parent)
        self.archive_getter = archive_getter
        self.on_changed = on_changed
        self.only = set(only) if only is not None else None
        self.tree = QTreeWidget()
        self.tree.setObjectName("versionProposals")
        self.tree.setAccessibleName("Proposed versions")
        self.tree.setHeaderLabels(["New file", "Perhaps a new version of", "Evidence", "Alike", "Status"])
        self.tree.setRootIsDecorated(False)
        self.confirm_button = QPushButton("&Confirm version")
        self.confirm_button.setToolTip("Make the new file a new version of the earlier one")
        self.reject_button = QPushButton("&Reject")
        self.reject_button.setToolTip("Keep the two files apart")
        self.confirm_button.clicked.connect(lambda: self._decide("confirm"))
        self.reject_button.clicked.connect(lambda: self._decide("reject"))
        self.tree.currentItemChanged.connect(lambda *_: self._enable())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.reject_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        review = self.archive_getter().versions
        proposals = review.list(status=None) if self.only is not None else review.list()
        for p in proposals:
            if self.only is not None and p.id not in self.only:
                continue
            kind = "linked before 0.2" if p.linked else p.status
            alike = f"{p.similarity:.0%}".replace("%", " %") if p.similarity is not None else ""
            item = QTreeWidgetItem([p.original_path or p.filename, p.candidate_path or p.candidate_filename,
                                    p.evidence, alike, kind])
            item.setToolTip(0, p.original_path or p.filename)
            item.setToolTip(1, p.candidate_path or p.candidate_filename)
            item.setData(0, PROPOSAL_ROLE, p.id)
            item.setData(1, PROPOSAL_ROLE, p.status)
            self.tree.addTopLevelItem(item)
        for column, width in enumerate((220, 220, 220, 50)):
            self.tree.setColumnWidth(column, width)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self._enable()

    def _enable(self) -> None:
        item = self.tree.currentItem()
        pending = item is not None and item.data(1, PROPOSAL_ROLE) == "proposed"
        self.confirm_button.setEnabled(pending)
        self.reject_button.setEnabled(pending)

    def _decide(self, verb: str) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        review = self.archive_getter().versions
        try:
            changes = getattr(review, verb)(int(item.data(0, PROPOSAL_ROLE)))
        except PalmyraError as exc:   # e.g. decided meanwhile in another window: say why
            show_error(self, exc)
            return
        self.on_changed(changes)
        self.refresh()


class VersionReviewDialog(QDialog):
    def __init__(self, archive_getter: Callable, on_changed: Callable, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Review proposed versions")
        self.setAccessibleName("Review proposed versions")
        self.resize(860, 360)
        note = QLabel("Files that may be new versions of files already in the archive. Nothing is "
                      "linked until you confirm; rejecting keeps them apart (for links made by "
                      "name alone before 0.2, it separates them).")
        note.setWordWrap(True)
        self.panel = VersionReviewPanel(archive_getter, on_changed, parent=self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.panel)
        layout.addWidget(buttons)


class DialogAction(QAction):
    """A menu action that opens a dialog; ``show_dialog()`` opens it and returns it (tests)."""

    show_dialog: Callable[[], QDialog]


def install_version_review_action(window):
    """Tools › Review proposed versions…"""
    from ..actions.verify import tools_menu

    action = DialogAction("Review proposed &versions…", window)
    action.setToolTip("Confirm or reject files that may be new versions of earlier ones")
    action.setStatusTip(action.toolTip())

    def show():
        dialog = VersionReviewDialog(lambda: window.archive, window.hub.archive_did_change.emit, window)
        window.version_review_dialog = dialog
        dialog.show()
        return dialog

    action.triggered.connect(lambda _checked=False: show())
    action.show_dialog = show
    tools_menu(window).addAction(action)
    if isinstance(getattr(window, "actions_by_name", None), dict):
        window.actions_by_name["review_versions"] = action
    return action
