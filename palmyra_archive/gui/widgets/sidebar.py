"""The sidebar: what to show in the library (all, needs review, an outlet, a tag, a collection…).

Each section asks its manager for what to list. Tags, collections and saved searches come from
managers built by another engineer; until a manager (or its ``all()``) exists, its section is
simply empty. Choosing an entry emits ``query_chosen(LibraryQuery)``.

It follows the hub itself (``follow``): a write re-reads only the parts it can have altered
(``parts_changed``): a tag renamed re-reads the tags, never the outlets' counts.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QStyle, QTreeView

from ...core.library.tags import SITE_PREFIX
from ...core.store.changes import Changes
from ...core.store.records import LibraryQuery
from ..common.icons import icon
from ..common.safe_text import plain_tooltip
from ..common.signals import Hub

if TYPE_CHECKING:
    from ...core.archive import Archive

QUERY_ROLE = Qt.ItemDataRole.UserRole + 1
#: ("collection" | "saved-search", id, name) on entries that can be renamed or deleted
ENTITY_ROLE = Qt.ItemDataRole.UserRole + 2
#: True on the "Site sections" node
SITE_ROLE = Qt.ItemDataRole.UserRole + 3
#: True on the "Proposed copies (N)" node: the review queue of copies found by text (#11)
REUSE_ROLE = Qt.ItemDataRole.UserRole + 4
#: what the library puts on the clipboard when articles are dragged (a JSON list of ids)
ARTICLE_IDS_MIME = "application/x-palmyra-article-ids"
#: the node under Tags that holds the sections printed by the sites (``site:…`` tags)
SITE_SECTIONS = "Site sections"




#: the sidebar's parts, each read from the archive on its own: a change re-reads only its part
#: (counting outlets and tags takes a good tenth of a second each at 100,000 articles)
PARTS = ("counts", "outlets", "tags", "collections", "saved_searches", "reuse")


def parts_changed(changes: Changes) -> tuple[str, ...]:
    """Which parts a ``Changes`` can have altered."""
    if changes.articles or changes.outlets:
        return PARTS
    return tuple(part for part, flag in (("tags", changes.tags),
                                         ("collections", changes.collections),
                                         ("saved_searches", changes.saved_searches)) if flag)


class Sidebar(QTreeView):
    query_chosen = Signal(object)
    #: the "Proposed copies (N)" node was chosen: open the review queue
    reuse_queue_requested = Signal()
    #: articles were dropped on a collection: (collection_id, article_ids)
    articles_dropped = Signal(int, list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Library sections")
        self.setToolTip("Choose which articles the library shows")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setObjectName("sidebar")
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self._archive: Archive | None = None
        #: each part as last read (``_read``): counts (total, needing review, in the Trash),
        #: outlets [(id, name, count)], tags ([TagInfo], {id: counts}), collections
        #: [CollectionInfo], saved_searches [(SavedSearchInfo, LibraryQuery)], reuse (pending)
        self._data: dict[str, Any] = {}
        self._restoring = False
        #: View › Show site sections; the node starts collapsed and keeps what the user chose
        self._show_site_sections = True
        self._site_sections_expanded = False
        self._arranging = False
        self.expanded.connect(lambda index: self._note_site_expanded(index, True))
        self.collapsed.connect(lambda index: self._note_site_expanded(index, False))
        self.selectionModel().currentChanged.connect(self._on_current_changed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.activated.connect(self._on_activated)

    def _on_activated(self, index: QModelIndex) -> None:
        if index.data(REUSE_ROLE):
            self.reuse_queue_requested.emit()

    def set_archive(self, archive: Archive | None) -> None:
        self._archive = archive
        self._data = {}
        self.refresh()

    def follow(self, hub: Hub) -> None:
        """Refresh from every ``archive_did_change``: only the parts it can have altered."""
        hub.archive_did_change.connect(self.on_archive_changed)

    def on_archive_changed(self, changes: Changes) -> None:
        parts = parts_changed(changes)
        if parts:
            self.refresh(parts)

    @property
    def article_counts(self) -> tuple[int, int]:
        """(all articles, articles needing review) as last read (the status bar shows them too)."""
        total, review, _trash = self._data.get("counts", (0, 0, 0))
        return total, review

    @property
    def trash_count(self) -> int:
        """How many articles the Trash holds, as last read (#20)."""
        return int(self._data.get("counts", (0, 0, 0))[2])

    def _read(self, part: str):
        archive = self._archive
        assert archive is not None, "refresh() reads the parts only with an archive open"
        if part == "counts":
            return (archive.articles.total_count(), archive.articles.needs_review_count(),
                    archive.trash.count())
        if part == "outlets":
            return list(archive.outlets.counts())
        if part == "tags":
            tags = list(archive.tags.all())
            return tags, (archive.tags.subtree_counts() if tags else {})
        if part == "collections":
            return list(archive.collections.all())
        if part == "reuse":
            return archive.reuse.pending_count()
        return [(saved, saved.query) for saved in archive.saved_searches.all()]

    def refresh(self, parts: tuple[str, ...] = PARTS) -> None:
        """Rebuild the sidebar, re-reading ``parts`` (all by default); the chosen entry stays."""
        chosen = self.current_query()
        self._model.clear()
        if self._archive is None:
            self._data = {}
            return
        for part in PARTS:
            if part in parts or part not in self._data:
                self._data[part] = self._read(part)
        root = self._model.invisibleRootItem()
        total, review = self.article_counts
        root.appendRow(self._entry("All articles", total, LibraryQuery(), "library"))
        root.appendRow(self._entry("Needs review", review, LibraryQuery(needs_review=True), "review"))
        root.appendRow(self._reuse_entry(self._data.get("reuse") or 0))
        self._add_section(root, "Outlets", "outlet", [
            (name, count, LibraryQuery(outlet_id=outlet_id))
            for outlet_id, name, count in self._data["outlets"]])
        self._add_tag_tree(root, *self._data["tags"])
        self._add_section(root, "Collections", "collection", [
            (c.name, c.count, LibraryQuery(collection_id=c.id), ("collection", c.id, c.name))
            for c in self._data["collections"]],
            empty_tip="Drag articles here from the library, or use Annotate › Add to collection "
                      "(Ctrl+Shift+K)")
        self._add_section(root, "Saved searches", "saved-search", [
            (s.name, None, query, ("saved-search", s.id, s.name))
            for s, query in self._data["saved_searches"]],
            empty_tip="Search or filter, then Annotate › Save search… keeps it here")
        trash = self._entry("Trash", self.trash_count, LibraryQuery(trash=True), "trash")
        trash.setToolTip("Articles moved to the Trash: select them to restore them, or empty the "
                         "Trash to remove them for good")
        root.appendRow(trash)
        self._arranging = True  # expanding and collapsing here is not the user's choice
        try:
            self.expandAll()
            site = self.site_sections_item()
            if site is not None and not self._site_sections_expanded:
                self.collapse(site.index())
        finally:
            self._arranging = False
        self._restore_choice(chosen)

    # -- site sections (site: tags) ----------------------------------------------------------

    def site_sections_item(self) -> QStandardItem | None:
        """The "Site sections" node under Tags, if shown."""
        for item in self._iter_items():
            if item.data(SITE_ROLE):
                return item
        return None

    @property
    def show_site_sections(self) -> bool:
        return self._show_site_sections

    def set_show_site_sections(self, show: bool) -> None:
        """Show or hide the "Site sections" node; a site tag being shown gives way to All articles."""
        if bool(show) == self._show_site_sections:
            return
        was_site = not show and self._current_is_site_tag()
        self._show_site_sections = bool(show)
        if self._archive is None:
            return
        self.refresh(())
        if was_site:
            self.setCurrentIndex(self._model.item(0).index())  # announced: the library follows

    def _current_is_site_tag(self) -> bool:
        site = self.site_sections_item()
        index = self.currentIndex()
        while site is not None and index.isValid():
            if index == site.index():
                return True
            index = index.parent()
        return False

    def _note_site_expanded(self, index, expanded: bool) -> None:
        if not self._arranging and index.data(SITE_ROLE):
            self._site_sections_expanded = expanded

    #: the longest fixed entry: the width the sidebar starts at when the archive is not read yet
    WIDEST_FIXED_ENTRY = "Proposed copies  (0)"

    def natural_width(self) -> int:
        """The width at which every fixed entry (All articles, Needs review, Proposed copies,
        Trash) shows whole with its count; outlet and tag names may still be elided (their
        tooltips say them). The delegate's own size for each entry (icon, text, margins),
        its indentation and the frame; before the archive is read, the widest label's."""
        model = self._model
        fixed = [model.item(row).index() for row in range(model.rowCount())
                 if not model.item(row).hasChildren()]
        if fixed:
            widest = max(self.sizeHintForIndex(index).width() for index in fixed)
        else:
            icon_width = self.iconSize().width()
            if icon_width < 0:   # not set: the style's small icon
                icon_width = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
            widest = self.fontMetrics().horizontalAdvance(self.WIDEST_FIXED_ENTRY) + icon_width + 18
        return widest + self.indentation() + 2 * self.frameWidth() + 4

    def _reuse_entry(self, pending: int) -> QStandardItem:
        item = self._entry("Proposed copies", pending, None, "review")
        item.setData(True, REUSE_ROLE)
        item.setToolTip("Copies found by text, waiting for you to confirm or reject them")
        return item

    @staticmethod
    def _entry(label: str, count, query: LibraryQuery | None, icon_name: str) -> QStandardItem:
        text = f"{label}  ({count})" if count is not None else label
        item = QStandardItem(icon(icon_name), text)
        item.setEditable(False)
        item.setData(query, QUERY_ROLE)
        item.setData(text, Qt.ItemDataRole.AccessibleTextRole)
        item.setToolTip(plain_tooltip(label))
        return item

    def _add_section(self, root, title: str, icon_name: str, entries,
                     empty_tip: str = "") -> None:
        header = QStandardItem(title)
        header.setEditable(False)
        header.setSelectable(False)
        font = header.font()
        font.setBold(True)
        header.setFont(font)
        for label, count, query, *entity in entries:
            item = self._entry(label, count, query, icon_name)
            if entity:
                item.setData(entity[0], ENTITY_ROLE)
                item.setToolTip(plain_tooltip(f"{label} — right-click to rename or delete"))
            header.appendRow(item)
        if not entries:
            placeholder = QStandardItem("(none yet)")
            placeholder.setToolTip(empty_tip)
            placeholder.setEnabled(False)
            placeholder.setEditable(False)
            header.appendRow(placeholder)
        root.appendRow(header)

    def _add_tag_tree(self, root, tags: list, counts: dict) -> None:
        """Tags as a tree (children under their parent); counts include the children's articles
        and the articles whose annotations carry the tag; the tooltip says how many of each.

        Ctrl/Shift-click chooses several tags: the library then shows articles carrying all of
        them (see ``current_query``). The sections the sites print (``site:…`` tags) sit apart
        under one "Site sections" node, without their prefix, or not at all when View › Show
        site sections is off.
        """
        header = QStandardItem("Tags")
        header.setEditable(False)
        header.setSelectable(False)
        font = header.font()
        font.setBold(True)
        header.setFont(font)
        items: dict[str, QStandardItem] = {}
        site_node = None
        user_tags = 0
        for tag in tags:
            is_site = tag.namespace == "site" or tag.path.lower().startswith(SITE_PREFIX)
            if is_site and not self._show_site_sections:
                continue
            parent = items.get(tag.parent_path) if tag.parent_path else None
            if is_site and parent is None:
                if site_node is None:
                    site_node = self._site_node()
                parent = site_node
            user_tags += not is_site
            articles, passages = counts.get(tag.id, (0, 0))
            label = tag.name if tag.parent_path and tag.parent_path in items else tag.path
            if is_site and label.lower().startswith(SITE_PREFIX):
                label = label[len(SITE_PREFIX):]
            item = self._entry(label, articles, LibraryQuery(tag_ids=(tag.id,)), "tag")
            item.setToolTip(plain_tooltip(f"{tag.path}: {_counted(articles, 'article')}, "
                                          f"{_counted(passages, 'passage')} — Ctrl-click more "
                                          "tags to combine them"))
            (parent or header).appendRow(item)
            items[tag.path] = item
        if not user_tags and site_node is None:
            empty = QStandardItem("(none yet)")
            empty.setEnabled(False)
            empty.setEditable(False)
            header.appendRow(empty)
        if site_node is not None:
            header.appendRow(site_node)
        root.appendRow(header)

    @staticmethod
    def _site_node() -> QStandardItem:
        node = QStandardItem(icon("folder"), SITE_SECTIONS)
        node.setEditable(False)
        node.setSelectable(False)
        node.setData(True, SITE_ROLE)
        node.setToolTip("Sections the sites printed (site: tags); View › Show site sections hides them")
        return node

    def selected_tag_ids(self) -> tuple[int, ...]:
        """The tags chosen together (several with Ctrl-click), in the order shown."""
        ids: list[int] = []
        for index in sorted(self.selectionModel().selectedIndexes(), key=lambda i: self.visualRect(i).top()):
            query = index.data(QUERY_ROLE)
            if isinstance(query, LibraryQuery) and query.tag_ids and query == LibraryQuery(tag_ids=query.tag_ids):
                ids.extend(query.tag_ids)
        return tuple(dict.fromkeys(ids))

    def current_query(self) -> LibraryQuery | None:
        index = self.currentIndex()
        query = index.data(QUERY_ROLE) if index.isValid() else None
        tag_ids = self.selected_tag_ids()
        if len(tag_ids) > 1 and query is not None and query.tag_ids:
            return LibraryQuery(tag_ids=tag_ids)
        return query

    def _restore_choice(self, chosen: LibraryQuery | None) -> None:
        target = chosen or LibraryQuery()
        if len(target.tag_ids) > 1 and target == LibraryQuery(tag_ids=target.tag_ids):
            self._restore_tags(target.tag_ids)
            return
        for item in self._iter_items():
            if item.data(QUERY_ROLE) == target:
                self._restoring = True
                try:
                    self.setCurrentIndex(item.index())
                finally:
                    self._restoring = False
                return

    def _restore_tags(self, tag_ids: tuple[int, ...]) -> None:
        """Choose several tags again (after a refresh), without announcing it."""
        from PySide6.QtCore import QItemSelectionModel
        flags = QItemSelectionModel.SelectionFlag.Select
        self._restoring = True
        try:
            self.clearSelection()
            for item in self._iter_items():
                query = item.data(QUERY_ROLE)
                if isinstance(query, LibraryQuery) and len(query.tag_ids) == 1 \
                        and query.tag_ids[0] in tag_ids and query == LibraryQuery(tag_ids=query.tag_ids):
                    if query.tag_ids[0] == tag_ids[0]:
                        self.selectionModel().setCurrentIndex(item.index(), flags)
                    else:
                        self.selectionModel().select(item.index(), flags)
        finally:
            self._restoring = False

    def _iter_items(self):
        stack = [self._model.item(r) for r in range(self._model.rowCount())]
        while stack:
            item = stack.pop(0)
            yield item
            stack.extend(item.child(r) for r in range(item.rowCount()))

    def entity_at(self, pos) -> tuple | None:
        """("collection" | "saved-search", id, name) of the entry at ``pos``, if it is one."""
        index = self.indexAt(pos)
        return index.data(ENTITY_ROLE) if index.isValid() else None

    # -- dropping articles on a collection ------------------------------------------------

    def _drop_target(self, event) -> int | None:
        if not event.mimeData().hasFormat(ARTICLE_IDS_MIME):
            return None
        entity = self.entity_at(event.position().toPoint())
        return entity[1] if entity and entity[0] == "collection" else None

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(ARTICLE_IDS_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self._drop_target(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        collection_id = self._drop_target(event)
        if collection_id is None:
            event.ignore()
            return
        ids = [int(i) for i in json.loads(bytes(event.mimeData().data(ARTICLE_IDS_MIME)).decode())]
        event.acceptProposedAction()
        self.articles_dropped.emit(collection_id, ids)

    def choose_query(self, query: LibraryQuery) -> None:
        """Choose the entry for ``query`` (a tag, a collection …) as a click would."""
        self._restore_choice(query)
        self.query_chosen.emit(query)

    def select_all_articles(self) -> None:
        self._restore_choice(LibraryQuery())

    def _on_selection_changed(self, _selected, _deselected) -> None:
        """Several tags chosen together filter the library by all of them."""
        if not self._restoring and len(self.selected_tag_ids()) > 1:
            self.query_chosen.emit(self.current_query())

    def _on_current_changed(self, current, _previous) -> None:
        query = current.data(QUERY_ROLE) if current.isValid() else None
        if query is not None and not self._restoring:
            self.query_chosen.emit(query)
        elif current.isValid() and current.data(REUSE_ROLE) and not self._restoring:
            self.reuse_queue_requested.emit()


def _counted(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
