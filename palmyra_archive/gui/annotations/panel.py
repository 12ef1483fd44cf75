"""The annotation side panel: the shown article's annotations, and the one chosen, editable.

The list holds what ``annotations.for_article`` placed in the shown copy (those made on another
copy of the work say so) and, below, the orphans whose passage a new version lost. Choosing one
jumps to its passage; the editor under the list saves note, colour and tags.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.annotate.pages import page_label
from ...core.library.tags import COLORS
from ...core.store.records import AnnotationView
from ...core.text.markup import note_plain
from ..common.safe_text import plain_tooltip
from ..widgets.empty_hint import HintedList
from .colors import swatch
from .editor import AnnotationEditor

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def describe(view: AnnotationView, limit: int = 80) -> str:
    quote = " ".join(view.exact.split())
    quote = quote if len(quote) <= limit else quote[:limit - 1] + "…"
    text = f"“{quote}”"
    if view.page:
        text += f"  {page_label(view.page)}"
    if view.anchor_status == "orphan":
        text = "Passage not found in this version — " + text
    elif view.anchor_status == "fuzzy":
        text += "  (text changed: check it)"
    if view.from_other_copy:
        text += "  (made on another copy)"
    if view.tags:
        text += "\n" + "  ".join(f"#{t}" for t in view.tags)
    note = note_plain(view.note)
    if note:
        text += "\n" + note[:100]
    return text


def tooltip(view: AnnotationView) -> str:
    """What hovering over a highlight shows: the note, the tags, where it was made."""
    parts = [view.note.strip() or "(no note)"]
    if view.tags:
        parts.append("Tags: " + ", ".join(view.tags))
    if view.page:
        parts.append(f"On {page_label(view.page)} of the PDF.")
    if view.from_other_copy:
        parts.append("Made on another copy of this article.")
    return "\n".join(parts)


EMPTY_HINT = ("Select words in the Article tab, then press Highlight (Ctrl+H) "
              "or right-click them to annotate.")
NO_ARTICLE_HINT = "Choose an article in the library to see its annotations."


class AnnotationPanel(QWidget):
    highlight_requested = Signal(str)        # colour
    annotation_chosen = Signal(int)          # jump to it
    save_requested = Signal(int, dict)       # id, {color, note, tags}
    delete_requested = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("annotationPanel")
        self.setAccessibleName("Annotations of this article")
        self.views: dict[int, AnnotationView] = {}
        self.highlight_button = QToolButton(self)
        self.highlight_button.setText("Hi&ghlight")  # Alt+H is the Help menu
        self.highlight_button.setToolTip("Highlight the words selected in the Article tab (Ctrl+H)")
        self.highlight_button.setAccessibleName("Highlight selection")
        self.highlight_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.highlight_button.setIcon(swatch("yellow"))
        self.highlight_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        menu = QMenu(self.highlight_button)
        for name in COLORS:
            menu.addAction(swatch(name), name.title()).triggered.connect(
                lambda _c=False, n=name: self.highlight_requested.emit(n))
        self.highlight_button.setMenu(menu)
        self.highlight_button.clicked.connect(lambda: self.highlight_requested.emit("yellow"))
        self.summary = QLabel(self)
        self.list = HintedList(NO_ARTICLE_HINT, self)
        self.list.setAccessibleName("Annotations")
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._on_current)
        self.editor = AnnotationEditor(self)
        self.save_button = QPushButton("&Save", self)
        self.editor.edited.connect(lambda: self.save_button.setEnabled(self.current_id() is not None))
        self.save_button.setToolTip("Save the note, colour and tags (Ctrl+Z undoes it)")
        self.save_button.clicked.connect(self._save)
        self.delete_button = QPushButton("&Delete", self)
        self.delete_button.setToolTip("Delete this annotation (Ctrl+Z brings it back)")
        self.delete_button.clicked.connect(self._delete)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)
        top = QHBoxLayout()
        top.addWidget(self.highlight_button)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.editor, 1)
        layout.addLayout(buttons)
        self._set_editable(False)

    def set_archive(self, archive) -> None:
        self.editor.set_archive(archive)

    def show_annotations(self, placed: list[AnnotationView], orphans: list[AnnotationView]) -> None:
        """Fill the list, keeping the chosen annotation chosen when it is still there."""
        keep = self.current_id()
        self.list.blockSignals(True)
        self.list.clear()
        self.views = {v.id: v for v in [*placed, *orphans]}
        for view in [*placed, *orphans]:
            item = QListWidgetItem(swatch(view.color), describe(view))
            item.setData(ID_ROLE, view.id)
            item.setToolTip(plain_tooltip(tooltip(view)))
            if view.anchor_status == "orphan":
                item.setForeground(Qt.GlobalColor.darkRed)
            self.list.addItem(item)
        self.list.blockSignals(False)
        orphan_text = f", {len(orphans)} not found in this version" if orphans else ""
        count = len(placed)
        self.summary.setText((f"{count} annotation{'s' if count != 1 else ''}" if count or orphans
                              else "No annotations yet") + orphan_text)
        self.list.set_hint(EMPTY_HINT)
        if keep in self.views:
            self.select(keep, jump=False)
        else:
            self._show_in_editor(None)

    def clear(self) -> None:
        self.show_annotations([], [])
        self.summary.setText("No article shown")
        self.list.set_hint(NO_ARTICLE_HINT)

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def select(self, annotation_id: int, *, jump: bool = True) -> bool:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ID_ROLE) == annotation_id:
                if not jump:
                    self.list.blockSignals(True)
                self.list.setCurrentItem(item)
                self.list.blockSignals(False)
                self._show_in_editor(self.views.get(annotation_id))
                return True
        return False

    def _on_current(self, current, _previous) -> None:
        annotation_id = current.data(ID_ROLE) if current is not None else None
        self._show_in_editor(self.views.get(annotation_id) if annotation_id is not None else None)
        if annotation_id is not None:
            self.annotation_chosen.emit(annotation_id)

    def _show_in_editor(self, view: AnnotationView | None) -> None:
        if view is None:
            self.editor.set_values(color="yellow", note="", tags=[])
            self._set_editable(False)
            return
        self.editor.set_values(color=view.color, note=view.note, tags=view.tags)
        self._set_editable(True)
        self.save_button.setEnabled(False)

    def _set_editable(self, on: bool) -> None:
        self.editor.setEnabled(on)
        self.save_button.setEnabled(on)
        self.delete_button.setEnabled(on)

    def _save(self) -> None:
        if self.current_id() is not None:
            self.save_requested.emit(self.current_id(), self.editor.values())

    def _delete(self) -> None:
        if self.current_id() is not None:
            self.delete_requested.emit(self.current_id())
