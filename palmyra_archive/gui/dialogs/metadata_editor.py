"""The metadata editor: correct title, authors, outlet, date, section, original outlet and date.

Each row shows the extracted value beside the correction. An empty correction means "use the
extracted value" (clearing a correction goes back to it). Apply writes through
``articles.correct`` and pushes one undoable command; validation messages show inline.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout

from ...core.library.corrections import DATE_FIELDS, date_as_shown
from ...core.store.errors import PalmyraError

#: field, label, hint
FIELDS = (
    ("title", "&Title", "The headline as it should be cited"),
    ("authors", "&Authors", "Separate several authors with ;"),
    ("outlet", "&Outlet", "The outlet this copy was read in"),
    ("date", "&Date", "YYYY-MM-DD, YYYY-MM, YYYY or as printed (March 2016)"),
    ("section", "&Section", "The site section, if any"),
    ("original_outlet", "Original o&utlet", "Where the article first appeared"),
    ("original_date", "Original da&te", "YYYY-MM-DD, YYYY-MM, YYYY or as printed (March 2016)"),
)

#: the metadata a citation needs (#20), through ``archive.citation_fields``
CITATION_FIELDS = (
    ("url", "U&RL", "The page's address (https://…)"),
    ("archived_url", "Arc&hived URL", "A Wayback or archive.today address of the page"),
    ("accessed", "A&ccessed", "When you read it: 27 March 2016, mars 2016, 2016-03-27"),
    ("doi", "D&OI", "10.1234/abcd"),
    ("language", "&Language", "ISO 639 code: fr, en, ar…"),
)


def correction_text(fields: dict) -> str:
    """The undo stack's name for a correction: "Correct authors, outlet, date"."""
    labels = {field: label.replace("&", "").lower() for field, label, _hint in FIELDS}
    return "Correct " + ", ".join(labels.get(f, f) for f in fields)


def current_values(detail) -> dict:
    """The value in effect for each editable field, from an ArticleDetail."""
    original = detail.original
    return {"title": detail.title, "authors": list(detail.authors or []), "outlet": detail.outlet,
            "date": detail.date, "section": detail.section,
            "original_outlet": original.outlet if original else None,
            "original_date": original.date if original else None}


def as_text(value, field: str = "") -> str:
    """A value as the editor shows it; dates at their precision ("March 2016")."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(value)
    if field in DATE_FIELDS:
        return date_as_shown(str(value))
    return str(value)


def from_text(field: str, text: str):
    """What the user typed, as ``correct`` takes it: None for empty (clear the correction)."""
    text = text.strip()
    if not text:
        return None
    if field == "authors":
        return [a.strip() for a in text.split(";") if a.strip()]
    return text


class MetadataEditor(QDialog):
    def __init__(self, archive, article_id: int, apply_correction, parent=None, *,
                 apply_citation=None):
        """``apply_correction(article_id, before, after)`` writes and pushes the undo command;
        ``apply_citation`` the same for the citation fields (none: they are not shown)."""
        super().__init__(parent)
        self.setWindowTitle("Edit metadata")
        self.setAccessibleName("Metadata editor")
        self.archive = archive
        self.article_id = article_id
        self._apply_correction = apply_correction
        detail = archive.articles.get(article_id)
        corrections = archive.articles.corrections(article_id)
        effective = current_values(detail)
        self.extracted = {f: corrections[f]["extracted"] if f in corrections else effective[f]
                          for f, _l, _h in FIELDS}
        self.corrected = {f: corrections[f]["corrected"] if f in corrections else None
                          for f, _l, _h in FIELDS}
        self.edits: dict[str, QLineEdit] = {}
        self._apply_citation = apply_citation
        self.citation = archive.citation_fields.get(article_id) if apply_citation else {}
        self._build(detail)

    def _build(self, detail) -> None:
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Field</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Extracted from the text</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Your correction</b>"), 0, 2)
        for row, (field, label, hint) in enumerate(FIELDS, start=1):
            extracted = as_text(self.extracted[field], field)
            shown = QLabel(html.escape(extracted) if extracted else "<i>not found</i>")
            shown.setAccessibleName(f"Extracted {field.replace('_', ' ')}")
            shown.setWordWrap(True)
            shown.setMinimumWidth(220)
            edit = QLineEdit(as_text(self.corrected[field], field))
            edit.setPlaceholderText(extracted or hint)
            edit.setToolTip(f"{hint}. Leave empty to use the extracted value.")
            edit.setAccessibleName(f"Corrected {field.replace('_', ' ')}")
            edit.setClearButtonEnabled(True)
            edit.setMinimumWidth(260)
            name = QLabel(label)
            name.setBuddy(edit)
            grid.addWidget(name, row, 0)
            grid.addWidget(shown, row, 1)
            grid.addWidget(edit, row, 2)
            self.edits[field] = edit
        rows = [(f, label, h, self.citation[f]) for f, label, h in CITATION_FIELDS if f in self.citation]
        for row, (field, label, hint, values) in enumerate(rows, start=len(FIELDS) + 1):
            extracted = as_text(values["extracted"])
            shown = QLabel(html.escape(extracted) if extracted else "<i>not found</i>")
            shown.setAccessibleName(f"Extracted {field.replace('_', ' ')}")
            shown.setWordWrap(True)
            edit = QLineEdit(as_text(values["corrected"]))
            edit.setPlaceholderText(extracted or hint)
            edit.setToolTip(f"{hint}. Leave empty to use the extracted value (or none).")
            edit.setAccessibleName(f"Corrected {field.replace('_', ' ')}")
            edit.setClearButtonEnabled(True)
            name = QLabel(label)
            name.setBuddy(edit)
            grid.addWidget(name, row, 0)
            grid.addWidget(shown, row, 1)
            grid.addWidget(edit, row, 2)
            self.edits[field] = edit
        self.message = QLabel("")
        self.message.setObjectName("validationMessage")
        self.message.setAccessibleName("Validation message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        intro = QLabel(f"Corrections are kept beside what the importer extracted from "
                       f"“{html.escape(detail.title or 'this article')}”; every change is "
                       "logged and can be undone (Ctrl+Z).")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _grow_to_fit(self) -> None:
        """Taller by what the message needs, so no row is squeezed (the Title row was clipped)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else self.sizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    def pending(self) -> tuple[dict, dict]:
        """(before, after) for the fields whose correction the user changed."""
        before, after = {}, {}
        for field, edit in self.edits.items():
            if field in self.citation:
                continue    # a citation field: saved by _apply_citation
            if edit.text().strip() == as_text(self.corrected[field], field):
                continue    # as it was shown ("March 2016" for a stored 2016-03)
            new = from_text(field, edit.text())
            if new != self.corrected[field]:
                before[field] = self.corrected[field]
                after[field] = new
        return before, after

    def pending_citation(self) -> tuple[dict, dict]:
        before, after = {}, {}
        for field, values in self.citation.items():
            new = self.edits[field].text().strip() or None
            if new != values["corrected"]:
                before[field], after[field] = values["corrected"], new
        return before, after

    def save(self) -> None:
        before, after = self.pending()
        cite_before, cite_after = self.pending_citation()
        if not after and not cite_after:
            self.accept()
            return
        try:
            if cite_after:   # checked first: a refused value keeps the dialog open, nothing written
                self._apply_citation(self.article_id, cite_before, cite_after)
                self.citation = self.archive.citation_fields.get(self.article_id)
            if after:
                self._apply_correction(self.article_id, before, after)
        except PalmyraError as exc:
            self.message.setText(f"<span>{html.escape(exc.message)}</span>")
            self._grow_to_fit()
            return
        self.accept()
