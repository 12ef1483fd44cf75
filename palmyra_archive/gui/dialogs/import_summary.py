"""What an import did: counts, then one row per file with its outcome and what needs review.

Double-clicking a row with an article emits ``article_requested(id)`` so the main window can
select it in the library.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from ..common.safe_text import plain_label, plain_tooltip

STATUS_WORDS = {"imported": "Imported", "unchanged": "Unchanged", "new_version": "New version",
                "failed": "Failed", "skipped": "Skipped", "container": "Read"}

ARTICLE_ROLE = Qt.ItemDataRole.UserRole + 1


def details(outcome) -> str:
    """The outcome's message without what the other columns already say (name, status, review)."""
    text = outcome.message or ""
    name = Path(outcome.path).name
    for prefix in (f"{STATUS_WORDS.get(outcome.status, outcome.status)} {name}: ",
                   f"{outcome.status}: "):
        if text.lower().startswith(prefix.lower()):
            text = text[len(prefix):]
    if outcome.needs_review and text.endswith(")") and " (needs review: " in text:
        text = text[:text.rindex(" (needs review: ")]
    return text[:1].upper() + text[1:]


def summary_sentence(report) -> str:
    parts = [f"{report.imported} imported", f"{report.unchanged} unchanged",
             f"{report.new_versions} new version{'s' if report.new_versions != 1 else ''}",
             f"{report.failed} failed", f"{report.needs_review} need review"]
    if getattr(report, "proposed_versions", 0):
        parts.insert(3, f"{report.proposed_versions} proposed version"
                        f"{'s' if report.proposed_versions != 1 else ''} to review")
    if getattr(report, "reuse_proposed", 0):
        parts.append(f"{report.reuse_proposed} cop{'ies' if report.reuse_proposed != 1 else 'y'} "
                     "found by text to review")
    head = "Import cancelled: " if report.cancelled else ""
    return head + ", ".join(parts) + "."


class ImportSummary(QDialog):
    article_requested = Signal(int)

    def __init__(self, report, parent=None, *, archive_getter=None, on_changed=None):
        super().__init__(parent)
        self.setWindowTitle("Import finished" if not report.cancelled else "Import cancelled")
        self.setAccessibleName("Import summary")
        self.resize(720, 380)
        self.report = report
        heading = plain_label(QLabel(summary_sentence(report)))
        heading.setObjectName("importSummaryHeading")
        heading.setWordWrap(True)
        heading.setAccessibleName("Import counts")
        if report.cancelled:
            note = QLabel("Files imported before you cancelled are complete; the rest were not "
                          "touched. Import them again to continue.")
            note.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("importSummary")
        self.tree.setAccessibleName("Imported files")
        self.tree.setHeaderLabels(["File", "Outcome", "Details", "Needs review"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setToolTip("Double-click a file to show its article in the library")
        groups: dict[str, QTreeWidgetItem] = {}   # a WARC/WACZ/mbox row, its records under it
        for outcome in report.outcomes:
            item = QTreeWidgetItem([Path(outcome.path).name if outcome.group is None
                                    or outcome.status == "container"
                                    else outcome.path.rsplit(" › ", 1)[-1],
                                    STATUS_WORDS.get(outcome.status, outcome.status),
                                    details(outcome), ", ".join(outcome.needs_review)])
            item.setToolTip(0, plain_tooltip(outcome.path))        # a file name can hold "<img …>"
            item.setToolTip(2, plain_tooltip(outcome.message))
            item.setToolTip(3, plain_tooltip(", ".join(outcome.needs_review)))
            if outcome.article_ids:
                item.setData(0, ARTICLE_ROLE, outcome.article_ids[0])
            group = getattr(outcome, "group", None)
            if outcome.status == "container" and group is not None:
                groups[group] = item
                self.tree.addTopLevelItem(item)
                self.tree.setRootIsDecorated(True)
            elif group in groups:
                groups[group].addChild(item)
            else:
                self.tree.addTopLevelItem(item)
        for column, width in enumerate((230, 100, 200)):
            self.tree.setColumnWidth(column, width)
        self.tree.itemDoubleClicked.connect(self._on_double_click)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        if report.cancelled:
            layout.addWidget(note)
        if getattr(report, "reuse_cancelled", False):
            layout.addWidget(plain_label(QLabel(
                "Comparing the copies found by text was stopped; the files are imported, and the "
                "rest are compared by the next import or Tools › Find copies by text…")))
        layout.addWidget(self.tree)
        self.proposals = None
        proposal_ids = [i for o in report.outcomes for i in o.proposal_ids]
        if proposal_ids and archive_getter is not None:
            from .version_review import VersionReviewPanel
            label = QLabel(f"{len(proposal_ids)} file{'s' if len(proposal_ids) != 1 else ''} may be "
                           "new versions of files already in the archive. They were imported as "
                           "new sources; confirm to make them versions, or reject.")
            label.setWordWrap(True)
            self.proposals = VersionReviewPanel(archive_getter, on_changed or (lambda _c: None),
                                                only=proposal_ids, parent=self)
            layout.addWidget(label)
            layout.addWidget(self.proposals)
        layout.addWidget(buttons)

    def _on_double_click(self, item: QTreeWidgetItem, _column: int) -> None:
        article_id = item.data(0, ARTICLE_ROLE)
        if article_id is not None:
            self.article_requested.emit(int(article_id))
