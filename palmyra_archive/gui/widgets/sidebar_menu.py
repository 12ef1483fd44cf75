"""Managing collections and saved searches from the sidebar: rename, delete, drop articles on.

Right-click a collection or a saved search for Rename… and Delete…; deleting asks first, and
every step is undoable from Edit › Undo (the core returns what the inverse needs: a deleted
collection's snapshot, a deleted search's name and query, the old name). Articles dragged from
the library onto a collection are added to it, also undoable.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QMessageBox

from ..common.safe_text import plain_label
from ..ops import perform


def confirm(parent, title: str, text: str, action: str) -> bool:
    """Ask before a destructive step; True only when the user chose ``action``."""
    box = plain_label(QMessageBox(QMessageBox.Icon.Question, title, text,
                                  QMessageBox.StandardButton.Cancel, parent))   # names as text
    button = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is button


def ask_name(parent, title: str, label: str, current: str) -> str | None:
    name, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, current)
    name = " ".join(name.split()) if ok else ""
    return name if name and name != current else None


class SidebarMenu:
    """The sidebar's context menu and article drops; ``install(window)`` wires it in."""

    def __init__(self, window):
        self.window = window
        window.sidebar.customContextMenuRequested.connect(self._on_menu)
        window.sidebar.articles_dropped.connect(self.add_to_collection)

    @property
    def archive(self):
        return self.window.archive

    def menu_for(self, entity) -> QMenu | None:
        """The menu for a sidebar entry, or None for entries without one."""
        if not entity:
            return None
        kind, entity_id, name = entity
        menu = QMenu(self.window.sidebar)
        noun = "collection" if kind == "collection" else "saved search"
        rename = self.rename_collection if kind == "collection" else self.rename_search
        delete = self.delete_collection if kind == "collection" else self.delete_search
        menu.addAction(f"&Rename {noun}…").triggered.connect(lambda _c=False: rename(entity_id, name))
        menu.addAction(f"&Delete {noun}…").triggered.connect(lambda _c=False: delete(entity_id, name))
        return menu

    def _on_menu(self, pos) -> None:
        menu = self.menu_for(self.window.sidebar.entity_at(pos))
        if menu is not None:
            menu.exec(self.window.sidebar.viewport().mapToGlobal(pos))
            menu.deleteLater()

    # -- collections -----------------------------------------------------------------------

    def rename_collection(self, collection_id: int, current: str):
        name = ask_name(self.window, "Rename collection", "New name for the collection:", current)
        if name is None:
            return None
        collections = lambda: self.archive.collections  # noqa: E731 — the archive may be swapped
        return perform(self.window, f"Rename collection {current}",
                       lambda: collections().rename(collection_id, name),
                       undo=lambda last: collections().rename(collection_id, last.extra["old_name"]))

    def delete_collection(self, collection_id: int, name: str):
        if not confirm(self.window, "Delete collection",
                       f"Delete the collection “{name}”? Its articles stay in the archive; "
                       "Edit › Undo brings the collection back.", "Delete collection"):
            return None
        collections = lambda: self.archive.collections  # noqa: E731
        return perform(self.window, f"Delete collection {name}",
                       lambda: collections().delete(collection_id),
                       undo=lambda last: collections().restore(last.extra["snapshot"]))

    def add_to_collection(self, collection_id: int, article_ids: list[int]):
        collections = lambda: self.archive.collections  # noqa: E731
        return perform(self.window, "Add to collection",
                       lambda: collections().add(collection_id, article_ids),
                       undo=lambda last: collections().remove(collection_id,
                                                              last.extra["added_ids"]))

    # -- saved searches --------------------------------------------------------------------

    def rename_search(self, search_id: int, current: str):
        name = ask_name(self.window, "Rename saved search", "New name for the search:", current)
        if name is None:
            return None
        searches = lambda: self.archive.saved_searches  # noqa: E731
        return perform(self.window, f"Rename search {current}",
                       lambda: searches().rename(search_id, name),
                       undo=lambda last: searches().rename(search_id, last.extra["old_name"]))

    def delete_search(self, search_id: int, name: str):
        if not confirm(self.window, "Delete saved search",
                       f"Delete the saved search “{name}”? No article is touched; "
                       "Edit › Undo brings it back.", "Delete search"):
            return None
        searches = lambda: self.archive.saved_searches  # noqa: E731
        current = {"id": search_id}  # restoring gives the search a new id

        def undo(last):
            restored = searches().save(last.extra["name"], last.extra["query"])
            current["id"] = restored.created_id
            return restored

        return perform(self.window, f"Delete search {name}",
                       lambda: searches().delete(current["id"]), undo=undo)


def install(window) -> SidebarMenu:
    return SidebarMenu(window)
