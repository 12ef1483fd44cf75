"""The tag manager: the tag tree with counts; rename, move, merge, delete and colour, all undoable.

Each operation goes through the core's tag service and lands on the window's undo stack (the
dialog's Undo/Redo buttons and Ctrl+Z share it): a rename undoes by renaming back, a delete or a
merge by restoring the snapshot the core returned, a colour by setting the old one.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from ...core.library.tags import COLORS
from ...core.store.records import TagInfo
from ..annotations.colors import swatch
from ..common.safe_text import plain_rich, plain_tooltip
from ..ops import perform

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class TagManagerDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Tags — Palmyra Archive")
        self.setObjectName("tagManager")
        self.setAccessibleName("Tag manager")
        self.resize(560, 520)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Tag", "Articles", "Annotations"])
        self.tree.setAccessibleName("Tags")
        self.tree.itemDoubleClicked.connect(lambda _i, _c: self.ask_rename())
        buttons = QVBoxLayout()
        for label, slot, tip in (
                ("&Rename…", self.ask_rename, "Rename the tag; its children move with it"),
                ("&Move…", self.ask_move, "Put the tag under another parent"),
                ("Mer&ge into…", self.ask_merge, "Move every use of this tag onto another"),
                ("&Colour…", self.ask_color, "The tag's colour"),
                ("&Delete", self.delete_current, "Delete the tag, its children and their uses")):
            button = QPushButton(label, self)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        stack = window.undo_stack
        for label, action in (("&Undo", stack.undo), ("Re&do", stack.redo)):
            button = QPushButton(label, self)
            button.clicked.connect(action)
            buttons.addWidget(button)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QHBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        window.hub.archive_did_change.connect(self._on_changed)
        self.refresh()

    # -- the tree ----------------------------------------------------------------------------

    def refresh(self) -> None:
        keep = self.current_id()
        self.tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for tag in self.window_.archive.tags.all():
            parent = items.get(tag.parent_path) if tag.parent_path else None
            item = QTreeWidgetItem([tag.name if parent else tag.path,
                                    str(tag.article_count), str(tag.annotation_count)])
            item.setData(0, ID_ROLE, tag.id)
            item.setToolTip(0, plain_tooltip(tag.path + (" (from the site's sections)"
                                                         if tag.namespace == "site" else "")))
            if tag.color:
                item.setIcon(0, swatch(tag.color))
            (parent.addChild(item) if parent else self.tree.addTopLevelItem(item))
            items[tag.path] = item
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        if keep is not None:
            self.select(keep)

    def _on_changed(self, changes) -> None:
        if changes.tags and self.isVisible():
            self.refresh()

    def current_id(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def current(self) -> TagInfo | None:
        tag_id = self.current_id()
        return self.window_.archive.tags.get(tag_id) if tag_id is not None else None

    def select(self, tag_id: int) -> bool:
        for item in self._items():
            if item.data(0, ID_ROLE) == tag_id:
                self.tree.setCurrentItem(item)
                return True
        return False

    def select_path(self, path: str) -> bool:
        tag = self.window_.archive.tags.find(path)
        return tag is not None and self.select(tag.id)

    def _items(self) -> Iterator[QTreeWidgetItem]:
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            if item is None:
                continue
            yield item
            stack.extend(item.child(i) for i in range(item.childCount()))

    # -- operations (each undoable) ----------------------------------------------------------

    def _tags(self):
        return self.window_.archive.tags

    def rename(self, tag_id: int, new_path: str):
        old = self._tags().get(tag_id).path
        return perform(self.window_, f"Rename tag {old}",
                       lambda: self._tags().rename(tag_id, new_path),
                       undo=lambda last: self._tags().rename(tag_id, old))

    def move_tag(self, tag_id: int, parent: str | None):  # QWidget.move places the window
        old = self._tags().get(tag_id).path
        return perform(self.window_, f"Move tag {old}", lambda: self._tags().move(tag_id, parent),
                       undo=lambda last: self._tags().rename(tag_id, old))

    def merge(self, from_id: int, into_id: int):
        name = self._tags().get(from_id).path
        return perform(self.window_, f"Merge tag {name}",
                       lambda: self._tags().merge(from_id, into_id),
                       undo=lambda last: self._tags().restore(last.extra["snapshot"]))

    def delete(self, tag_id: int):
        name = self._tags().get(tag_id).path
        return perform(self.window_, f"Delete tag {name}", lambda: self._tags().delete(tag_id),
                       undo=lambda last: self._tags().restore(last.extra["snapshot"]))

    def set_color(self, tag_id: int, color: str | None):
        old = self._tags().get(tag_id).color
        return perform(self.window_, "Colour tag", lambda: self._tags().set_color(tag_id, color),
                       undo=lambda last: self._tags().set_color(tag_id, old))

    # -- asking the user ---------------------------------------------------------------------

    def ask_rename(self) -> None:
        tag = self.current()
        if tag is None:
            return
        path, ok = QInputDialog.getText(self, "Rename tag", "New name (a path: framing/liberation):",
                                        text=tag.path)
        if ok and path.strip():
            self.rename(tag.id, path)

    def ask_move(self) -> None:
        tag = self.current()
        if tag is None:
            return
        parent, ok = QInputDialog.getText(self, "Move tag",
                                          plain_rich(f"Put “{tag.name}” under (empty: at the top):"),
                                          text=tag.parent_path or "")
        if ok:
            self.move_tag(tag.id, parent.strip() or None)

    def ask_merge(self) -> None:
        tag = self.current()
        if tag is None:
            return
        others = [t.path for t in self._tags().all(namespace=tag.namespace) if t.id != tag.id]
        path, ok = QInputDialog.getItem(self, "Merge tag", plain_rich(f"Merge “{tag.path}” into:"),
                                        others, 0, True)
        target = self._tags().find(path) if ok and path.strip() else None
        if target is not None:
            self.merge(tag.id, target.id)

    def ask_color(self) -> None:
        tag = self.current()
        if tag is None:
            return
        menu = QMenu(self)
        for name in COLORS:
            menu.addAction(swatch(name), name.title()).setData(name)
        menu.addAction("No colour").setData("")
        menu.addAction("Other…").setData("other")
        chosen = menu.exec(self.cursor().pos())
        if chosen is None:
            return
        value = chosen.data()
        if value == "other":
            color = QColorDialog.getColor(parent=self)
            if not color.isValid():
                return
            value = color.name()
        self.set_color(tag.id, value or None)

    def delete_current(self) -> None:
        tag = self.current()
        if tag is not None:
            self.delete(tag.id)
