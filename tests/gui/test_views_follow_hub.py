"""Each view follows the hub itself and refreshes only what a write changed (#17).

The writes are the service calls the command line makes (``archive.notes.create`` …), announced
on the hub as the app announces its own; the last test is a write by another connection, found
by the external-changes watcher.
"""

from __future__ import annotations

import pytest

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store.records import LibraryQuery


class Spy:
    """Records which views refreshed what, by wrapping the methods that do the reading."""

    def __init__(self, window, monkeypatch) -> None:
        self.parts: list[str] = []
        self.calls: list[str] = []
        sidebar_read = window.sidebar._read
        monkeypatch.setattr(window.sidebar, "_read",
                            lambda part: self.parts.append(part) or sidebar_read(part))
        for name, owner, method in (
                ("library ids", window.model, "_fetch_ids"),
                ("library rows", window.model, "refresh_rows"),
                ("reader", window.reader, "reload"),
                ("annotations", window.annotating, "refresh"),
                ("annotation browser", window.annotating.browser, "refresh"),
                ("research notes", window.annotating.research, "refresh")):
            self._wrap(monkeypatch, name, owner, method)

    def _wrap(self, monkeypatch, name, owner, method) -> None:
        original = getattr(owner, method)

        def wrapped(*args, **kwargs):
            self.calls.append(name)
            return original(*args, **kwargs)
        monkeypatch.setattr(owner, method, wrapped)

    def refreshed(self) -> set[str]:
        return set(self.calls)


@pytest.fixture
def shown(corpus_window):
    """The window reading the first article; returns (window, shown id, another id)."""
    window = corpus_window
    first, second = window.archive.articles.ids(LibraryQuery())[:2]
    window.show_article(first)
    assert window.reader.article_id == first
    return window, first, second


def test_a_saved_search_rereads_only_the_sidebars_searches(shown, monkeypatch):
    window, _first, _second = shown
    spy = Spy(window, monkeypatch)
    changes = window.archive.saved_searches.save("Palmyra", LibraryQuery(text="Palmyra"))
    window.hub.archive_did_change.emit(changes)
    assert spy.parts == ["saved_searches"]
    assert spy.refreshed() == set()
    assert any(item.text().startswith("Palmyra") for item in window.sidebar._iter_items())


def test_a_research_note_refreshes_the_notes_panel_and_nothing_else(shown, monkeypatch):
    window, first, _second = shown
    spy = Spy(window, monkeypatch)
    changes = window.archive.notes.create("Who retook Palmyra", article_ids=[first])
    window.hub.archive_did_change.emit(changes)
    assert spy.parts == []
    assert spy.refreshed() == {"research notes"}
    assert "Who retook Palmyra" in [n.title for n in window.archive.notes.all()]


def test_a_highlight_on_another_article_redraws_rows_and_the_browser_only(shown, monkeypatch):
    window, _first, second = shown
    spy = Spy(window, monkeypatch)
    changes = window.archive.annotations.create(second, 0, 12)
    window.hub.archive_did_change.emit(changes)
    assert spy.parts == []                       # no sidebar count shows annotations
    assert spy.refreshed() == {"library rows", "annotation browser"}


def test_a_highlight_on_the_shown_article_redraws_its_highlights_without_reloading_it(shown,
                                                                                     monkeypatch):
    window, first, _second = shown
    spy = Spy(window, monkeypatch)
    changes = window.archive.annotations.create(first, 0, 12)
    window.hub.archive_did_change.emit(changes)
    assert "reader" not in spy.refreshed() and "library ids" not in spy.refreshed()
    assert {"annotations", "annotation browser", "library rows"} <= spy.refreshed()
    assert changes.created_id in window.annotating.panel.views


def test_a_correction_of_another_article_leaves_the_reader_alone(shown, monkeypatch):
    window, first, second = shown
    spy = Spy(window, monkeypatch)
    changes = window.archive.articles.correct(second, section="Opinion")
    window.hub.archive_did_change.emit(changes)
    assert "library ids" in spy.refreshed() and "reader" not in spy.refreshed()
    assert window.reader.article_id == first
    changes = window.archive.articles.correct(first, section="Opinion")
    spy.calls.clear()
    window.hub.archive_did_change.emit(changes)
    assert "reader" in spy.refreshed()


def test_a_write_by_another_program_refreshes_every_view(shown, monkeypatch, qtbot):
    window, _first, _second = shown
    spy = Spy(window, monkeypatch)
    with Archive.open(window.archive.path) as other:
        other.collections.create("Written elsewhere")
    assert window.external_changes.check_now() is True
    assert {"library ids", "reader", "annotations", "annotation browser",
            "research notes"} <= spy.refreshed()
    assert {"counts", "outlets", "tags", "collections", "saved_searches"} <= set(spy.parts)
    assert "another program" in window.statusBar().currentMessage()   # the window's own part
