"""Organising articles: tag them, file them in collections, save the current search.

Each action works on the articles chosen in the library (or the one being read), asks with a
small dialog, and is undoable: the core reports exactly which links it added or removed, and
undo takes back just those.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QInputDialog, QLabel, QVBoxLayout

from ...core.library.tags import namespace_of
from ..ops import perform
from .editor import TagLineEdit


class TagDialog(QDialog):
    """Tags for one article (its whole set) or several (tags to add), with completion."""

    def __init__(self, parent, archive, article_ids: list[int]):
        super().__init__(parent)
        self.setWindowTitle("Tags — Palmyra Archive")
        self.edit = TagLineEdit(self)
        self.edit.set_archive(archive)
        if len(article_ids) == 1:
            label = "Tags of this article (separated by commas):"
            self.edit.set_tags([p for p in archive.tags.for_article(article_ids[0])
                                if namespace_of(p) == "user"])
        else:
            label = f"Tags to add to {len(article_ids)} articles (separated by commas):"
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(label, self))
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())


class Organiser:
    def __init__(self, window):
        self.window = window

    @property
    def archive(self):
        return self.window.archive

    def chosen_articles(self) -> list[int]:
        ids = self.window.library.selected_article_ids()
        if not ids and self.window.reader.article_id is not None:
            ids = [self.window.reader.article_id]
        if not ids:
            self.window.statusBar().showMessage("Choose one or more articles first.", 5000)
        return ids

    # -- tags ----------------------------------------------------------------------------------

    def tag_articles(self, article_ids: list[int], paths: list[str]):
        """One article: its tags become ``paths``; several: ``paths`` are added to each."""
        tags = lambda: self.archive.tags  # noqa: E731 — the archive may be swapped
        if len(article_ids) == 1:
            do = lambda: tags().set_for_article(article_ids[0], paths)  # noqa: E731
        else:
            do = lambda: tags().add_to_articles(article_ids, paths)  # noqa: E731
        return perform(self.window, "Tag articles", do,
                       undo=lambda last: tags().undo_links(last.extra))

    def ask_tags(self) -> None:
        ids = self.chosen_articles()
        if not ids:
            return
        dialog = TagDialog(self.window, self.archive, ids)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            if dialog.edit.tags() or len(ids) == 1:
                self.tag_articles(ids, dialog.edit.tags())

    # -- collections ---------------------------------------------------------------------------

    def file_articles(self, name: str, article_ids: list[int]):
        collections = lambda: self.archive.collections  # noqa: E731
        return perform(self.window, f"Add to collection {name}",
                       lambda: collections().file(name, article_ids),
                       undo=lambda last: collections().unfile(last.extra))

    def ask_collection(self) -> None:
        ids = self.chosen_articles()
        if not ids:
            return
        names = [c.name for c in self.archive.collections.all()]
        name, ok = QInputDialog.getItem(self.window, "Add to collection",
                                        f"Add {len(ids)} article(s) to the collection "
                                        "(type a new name to make one):", names, 0, True)
        if ok and name.strip():
            self.file_articles(name.strip(), ids)

    # -- saved searches --------------------------------------------------------------------------

    def save_search(self, name: str, query):
        searches = lambda: self.archive.saved_searches  # noqa: E731
        previous = next((s for s in searches().all() if s.name == " ".join(name.split())), None)

        def undo(last):
            if previous is None:
                return searches().delete(last.created_id)
            return searches().save(previous.name, previous.query)

        return perform(self.window, f"Save search {name}", lambda: searches().save(name, query),
                       undo=undo)

    def ask_save_search(self) -> None:
        name, ok = QInputDialog.getText(self.window, "Save search",
                                        "Name for the search and filters now in effect:")
        if ok and name.strip():
            self.save_search(name, self.window.model.query)
