"""Search runs on its own thread: results arrive, a superseded one is dropped, a bad query says why."""

from __future__ import annotations

from palmyra_archive.core.store.records import LibraryQuery
from palmyra_archive.gui.workers.search_worker import SearchOutcome


def test_typed_search_answers_from_the_worker(corpus_window, qtbot):
    window = corpus_window
    qtbot.keyClicks(window.search_field, "palmyra")
    results = window.search_results
    qtbot.waitUntil(lambda: results.list_widget.count() > 0 and results.complete, timeout=5000)
    expected = window.archive.search.search("palmyra", limit=50)
    assert results.list_widget.count() == len(expected)
    assert window.model.rowCount() == len(window.archive.articles.ids(LibraryQuery(text="palmyra")))
    assert "hit" in results.summary_text and not window.searcher.pending


def test_searching_state_shows_until_the_answer(corpus_window, qtbot):
    window = corpus_window
    window.search_field.setText("unesco")
    window._on_search("unesco")
    assert "Searching" in window.search_results.summary_text  # before the worker answers
    qtbot.waitUntil(lambda: not window.searcher.pending, timeout=5000)
    assert "1 hit" in window.search_results.summary_text


def test_a_superseded_search_is_dropped(corpus_window, qtbot):
    window = corpus_window
    delivered: list[SearchOutcome] = []
    window.searcher.result.connect(delivered.append)
    path = window.archive.path
    first = window.searcher.request(path, "unesco", LibraryQuery(text="unesco"), 50)
    second = window.searcher.request(path, "palmyra", LibraryQuery(text="palmyra"), 50)
    qtbot.waitUntil(lambda: bool(delivered), timeout=5000)
    qtbot.wait(100)
    assert [o.request_id for o in delivered] == [second] and delivered[0].text == "palmyra"
    window.searcher._deliver(SearchOutcome(first, "unesco", LibraryQuery(text="unesco")))
    assert len(delivered) == 1  # a late answer to an old request never reaches the views


def test_a_malformed_query_shows_its_message_inline(corpus_window, qtbot, _no_blocking_dialogs):
    window = corpus_window
    qtbot.keyClicks(window.search_field, "NOT palmyra")
    qtbot.waitUntil(lambda: window.search_results.summary_text.startswith("⚠"), timeout=5000)
    assert "NOT needs a word before it" in window.search_results.summary_text
    assert window.search_results.isVisible() and window.search_results.list_widget.count() == 0
    assert window.model.rowCount() == 5  # the library stays unfiltered
    assert _no_blocking_dialogs == []  # no dialog


def test_clearing_the_search_forgets_a_pending_answer(corpus_window, qtbot):
    window = corpus_window
    window.search_field.setText("palmyra")
    window._on_search("palmyra")
    window.search_field.setText("")
    window._on_search("")
    qtbot.wait(300)
    assert not window.search_results.isVisible() and window.model.rowCount() == 5


def test_many_hits_are_laid_out_a_screenful_at_a_time(qtbot):
    from palmyra_archive.core.store.records import SearchHit
    from palmyra_archive.gui.widgets.search_panel import HITS_PER_TURN, SearchResults

    results = SearchResults()
    qtbot.addWidget(results)
    hits = [SearchHit(article_id=i, title=f"Article {i}", kind="body",
                      snippet=f"the [[word]] in {i}", rank=-1.0, ref_id=i) for i in range(35)]
    results.show_hits("word", hits)
    assert results.list_widget.count() == HITS_PER_TURN and not results.complete
    assert "35 hits" in results.summary_text  # the count is right before every row is there
    qtbot.waitUntil(lambda: results.complete, timeout=3000)
    assert results.list_widget.count() == 35
    results.show_hits("word", hits[:3])  # a newer answer replaces what was still waiting
    qtbot.wait(50)
    assert results.list_widget.count() == 3
