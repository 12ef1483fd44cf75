"""Whatever is typed into the search field gives results or a plain message, never an exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store.errors import SearchSyntaxError
from palmyra_archive.core.store.records import LibraryQuery
from tests.conftest import CORPUS_DIR

#: FTS5 syntax and things people paste, mixed with words that are in the corpus
TOKENS = st.sampled_from([
    '"', '""', "'", "*", "**", "NEAR(", "NEAR", ")", "(", "OR", "AND", "NOT", "or", "-", "^", ":",
    "title:", "body:", "{", "}", "+", ",", "NEAR(a b, 3)", "\\", "%", "_", "\x00", "\u00a0", "\ud800",
    "palmyra", "army", "city", "the", "of", "Palmyra*", "pal*", "é", "日本", "🙂", " ", "  ", "\n",
    "SELECT", "';--", "$", "#", "@", "~", "`", "|", "&", "[[", "]]", "0", "1e309", "-1",
])
TYPED = st.one_of(st.text(max_size=80), st.lists(TOKENS, max_size=15).map(" ".join),
                  st.lists(TOKENS, max_size=15).map("".join))
FUZZ = settings(max_examples=400, deadline=2000,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def searchable(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "s.sqlite"
    with Archive.open(path) as archive:
        archive.importer.import_paths([CORPUS_DIR])
        yield archive


def _plain_message(exc: SearchSyntaxError) -> None:
    assert exc.message and len(exc.message) < 400 and "Traceback" not in exc.message


@FUZZ
@given(text=TYPED)
def test_search_gives_hits_or_a_plain_message(searchable, text):
    try:
        hits = searchable.search.search(text, limit=20)
    except SearchSyntaxError as exc:
        _plain_message(exc)
        return
    assert isinstance(hits, list)
    for hit in hits:
        assert isinstance(hit.article_id, int) and isinstance(hit.snippet, str)


@FUZZ
@given(text=TYPED, offset=st.integers(-5, 10**6), limit=st.integers(-5, 10**6))
def test_article_ids_and_paging_never_raise(searchable, text, offset, limit):
    try:
        ids = searchable.search.article_ids(text, LibraryQuery())
        searchable.search.search(text, limit=limit, offset=offset)
    except SearchSyntaxError as exc:
        _plain_message(exc)
        return
    assert len(ids) == len(set(ids))


def test_operator_soup_examples(searchable):
    """The cases named in the issue, spelled out so a regression names itself."""
    for text in ['"unbalanced', 'NEAR(', 'NEAR(palmyra', '*', '**', 'palmyra"', '"" OR ""', 'NOT',
                 'OR OR', 'AND palmyra', 'palmyra NOT', '-palmyra', 'title:palmyra', '^palmyra',
                 '(palmyra', 'palmyra)', "'", '\x00', '\ud800']:
        try:
            searchable.search.search(text)
        except SearchSyntaxError as exc:
            _plain_message(exc)


@pytest.mark.gui
def test_gui_search_handler_shows_a_message_not_a_traceback(qtbot, searchable):
    search_panel = pytest.importorskip("palmyra_archive.gui.widgets.search_panel")
    results = search_panel.SearchResults()
    qtbot.addWidget(results)
    results.set_archive(searchable)

    @FUZZ
    @given(text=TYPED)
    def run(text):
        results.show_results(text)  # qt_default_raising turns any exception into a failure

    run()
    from PySide6.QtWidgets import QLabel
    summary = results.findChild(QLabel, "searchSummary")
    for text in ('palmyra "', "NEAR(", "*", '"'):
        results.show_results(text)
        assert summary.text().strip(), text  # hits counted, "No hits", or the plain message
