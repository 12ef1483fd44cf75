"""After a write the library fetches its id list again only when the change can alter it."""

from __future__ import annotations

from palmyra_archive.core.store.changes import Changes
from palmyra_archive.core.store.records import LibraryQuery
from palmyra_archive.gui.widgets.sidebar import QUERY_ROLE


def _count_id_fetches(window, monkeypatch) -> list:
    calls: list = []
    original = window.model._fetch_ids
    monkeypatch.setattr(window.model, "_fetch_ids", lambda q: calls.append(q) or original(q))
    return calls


def test_a_highlight_redraws_rows_without_refetching_ids(corpus_window, monkeypatch):
    window = corpus_window
    calls = _count_id_fetches(window, monkeypatch)
    window.hub.archive_did_change.emit(Changes(annotations=True, tags=True, article_ids=(1,)))
    assert calls == []
    window.model.sort(7)  # by annotations: now a new annotation can reorder the rows
    calls.clear()
    window.hub.archive_did_change.emit(Changes(annotations=True, article_ids=(1,)))
    assert len(calls) == 1
    window.hub.archive_did_change.emit(Changes(articles=True))
    assert len(calls) == 2


def test_the_collection_being_viewed_follows_a_drop(corpus_window):
    window = corpus_window
    archive = window.archive
    collection_id = archive.collections.create("Watched").created_id
    window.sidebar.refresh()
    [item] = [i for i in window.sidebar._iter_items()
              if i.data(QUERY_ROLE) == LibraryQuery(collection_id=collection_id)]
    window.sidebar.setCurrentIndex(item.index())
    assert window.model.rowCount() == 0
    window.sidebar_menu.add_to_collection(collection_id, [1, 2])
    assert sorted(window.model.article_id(r) for r in range(window.model.rowCount())) == [1, 2]
