"""Capped search: past ``cap`` matching rows in a source, only the most recent are ranked.

Why a test of its own: at 100,000 articles a common word would have every matching row
scored (``core/search/ranking.py``); the cap bounds that, and these tests hold it to its promise with
the cap set low on a small archive: the most recent matches, newest first, flagged (bm25
cannot rank them without counting every row the word matches, see ``matching._rank_sql``).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palmyra_archive.core.search.syntax import to_article_terms
from palmyra_archive.core.store.errors import SearchSyntaxError
from palmyra_archive.core.store.records import LibraryQuery
from tests.support.parsed_docs import Comment, install, make_article, make_doc

FILLER = "Caravans crossed the desert on the old road to the market town. "


@pytest.fixture
def oases(archive):
    """Six articles saying 'oasis' in the body only, more often in the older ones (so the
    exact ranking puts old articles first), and one saying 'zeugma' once."""
    docs = {}
    for n in range(1, 7):
        body = FILLER * 3 + "The oasis. " * (8 - n) + FILLER * n
        if n == 2:
            body += "A zeugma mosaic was found."
        docs[str(n).encode()] = make_doc(make_article(
            title=f"Report number {n}", outlet="Site A", date=f"2016-03-{10 + n}", body=body))
    install(archive, docs)
    for n in range(1, 7):
        assert archive.importer.import_bytes(f"{n}.txt", str(n).encode()).status == "imported"
    return archive


def test_under_the_cap_the_ranking_is_exact_and_not_flagged(oases):
    hits = oases.search.search("oasis", cap=1000)
    assert [h.article_id for h in hits] == [1, 2, 3, 4, 5, 6]   # most mentions first
    assert not any(h.capped for h in hits)
    assert oases.search.search_info("oasis", cap=1000) == {"capped": False, "cap": 1000}


def test_capped_search_shows_the_most_recent_matches_newest_first_and_says_so(oases):
    capped = oases.search.search("oasis", cap=3)
    assert [h.article_id for h in capped] == [6, 5, 4]   # the three newest bodies, newest first
    assert all(h.capped for h in capped)
    assert all("[[oasis]]" in h.snippet for h in capped)
    assert oases.search.search_info("oasis", cap=3) == {"capped": True, "cap": 3}


def test_capped_rows_rank_after_every_row_ranked_by_bm25(archive):
    """A capped word's rows are ranked by recency (bm25 would count every row the word matches
    in the whole index): a rare word's exact hit still comes first, and a capped title row
    before a capped body row of the same age."""
    docs = {}
    for n in range(1, 6):
        title = f"Oasis report {n}" if n % 2 else f"Report {n}"
        body = FILLER + "The oasis." + (" A zeugma mosaic." if n == 1 else "")
        docs[str(n).encode()] = make_doc(make_article(
            title=title, outlet="Site A", date=f"2016-03-{10 + n}", body=body))
    install(archive, docs)
    for n in range(1, 6):
        assert archive.importer.import_bytes(f"{n}.txt", str(n).encode()).status == "imported"
    hits = archive.search.search("zeugma OR oasis", cap=2)
    assert hits[0].article_id == 1 and hits[0].kind == "body" and hits[0].rank < -1e-7
    capped = hits[1:]
    assert [h.article_id for h in capped] == [5, 3, 4]     # titles 5, 3 (newest first), then body 4
    assert [h.kind for h in capped] == ["title", "title", "body"]
    assert all(-1e-7 < h.rank < 0 for h in capped) and all(h.capped for h in hits)


def test_a_rare_word_stays_exact_beside_a_capped_one(oases):
    assert [h.article_id for h in oases.search.search("zeugma", cap=3)] == [2]
    assert not oases.search.search("zeugma", cap=3)[0].capped
    # ANDed with a capped word, the rare word leads: article 2 is older than the capped
    # region of 'oasis' but is found, and the answer is complete (not flagged)
    for text in ("zeugma oasis", "oasis zeugma", "oasis AND zeugma"):
        hits = oases.search.search(text, cap=3)
        assert [h.article_id for h in hits] == [2] and not hits[0].capped
        assert "[[zeugma]]" in hits[0].snippet
    assert oases.search.search_info("zeugma oasis", cap=3)["capped"] is False
    assert [h.article_id for h in oases.search.search("zeugma oasis", cap=1000)] == [2]
    assert oases.search.search("zeugma oasis NOT mosaic", cap=3) == []
    query = LibraryQuery(text="zeugma oasis")
    assert oases.articles.ids(query, text_cap=3) == oases.articles.ids(query) == [2]


def test_a_word_rare_in_bodies_leads_though_common_in_comments(archive):
    """'zeugma' stands in one body (the second oldest) and in every comment; 'oasis' in every
    body. Capped at 3, the old region of 'oasis' would hide article 2; led by 'zeugma' (under
    the cap in the bodies) it is found, with the articles whose recent comments say zeugma."""
    docs = {}
    for n in range(1, 7):
        body = FILLER + "The oasis. " + ("A zeugma mosaic. " if n == 2 else "")
        docs[str(n).encode()] = make_doc(make_article(
            title=f"Report number {n}", outlet="Site A", date=f"2016-03-{10 + n}", body=body,
            comments=[Comment(0, None, 0, "Lovely zeugma here")]))
    install(archive, docs)
    for n in range(1, 7):
        assert archive.importer.import_bytes(f"{n}.txt", str(n).encode()).status == "imported"
    hits = archive.search.search("oasis zeugma", cap=3)
    assert {h.article_id for h in hits} == {2, 4, 5, 6} and hits[0].capped
    assert set(archive.articles.ids(LibraryQuery(text="oasis zeugma"), text_cap=3)) == {2, 4, 5, 6}
    exact = archive.search.search("oasis zeugma", cap=1000)
    assert {h.article_id for h in exact} == {1, 2, 3, 4, 5, 6} and not exact[0].capped


def test_not_still_excludes_when_capped(oases):
    hits = oases.search.search("oasis NOT zeugma", cap=5)
    assert [h.article_id for h in hits] == [6, 5, 4, 3] and hits[0].capped   # newest first


def test_the_library_text_filter_can_be_bounded_like_search(oases):
    query = LibraryQuery(text="oasis", sort="date")
    assert oases.articles.ids(query) == [1, 2, 3, 4, 5, 6]            # exact by default
    assert oases.articles.ids(query, text_cap=3) == [4, 5, 6]         # the region search ranks
    assert oases.articles.count(query, text_cap=3) == 3
    assert oases.articles.ids(query, text_cap=100) == [1, 2, 3, 4, 5, 6]


def test_the_search_panel_says_when_results_are_capped(qtbot, oases):
    from palmyra_archive.gui.widgets.search_panel import SearchResults
    panel = SearchResults()
    qtbot.addWidget(panel)
    panel.show_hits("oasis", oases.search.search("oasis", cap=3))
    assert "refine the search to see more" in panel.summary_text
    panel.show_hits("oasis", oases.search.search("oasis", cap=1000))
    assert "refine" not in panel.summary_text and panel.summary_text.startswith("6 hits")


WORDS = st.sampled_from(["oasis", "zeugma", "mosaic", "caravans", "oas*", '"the oasis"', "OR",
                         "AND", "NOT", "report", "market", "nothinghere", '"', "*", "-"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WORDS, max_size=5).map(" ".join) | st.text(max_size=20),
       st.integers(min_value=1, max_value=4))
def test_capped_searches_are_subsets_of_exact_ones_or_say_why(oases, text, cap):
    """Whatever is typed, a capped search never fails otherwise than by SearchSyntaxError and
    never finds an article the exact search does not; uncapped, it is the exact search."""
    try:
        capped = oases.search.search(text, cap=cap, limit=100)
        exact = oases.search.search(text, cap=10_000, limit=100)
        bounded = oases.articles.ids(LibraryQuery(text=text), text_cap=cap)
    except SearchSyntaxError:
        return
    if not to_article_terms(text)[0]:
        return                                  # no words: nothing found, the library unfiltered
    assert {h.article_id for h in capped} <= {h.article_id for h in exact}
    assert set(bounded) == {h.article_id for h in capped}
    if not oases.search.search_info(text, cap=cap)["capped"]:   # an empty answer carries no flag
        assert [h.article_id for h in capped] == [h.article_id for h in exact] or \
            {h.article_id for h in capped} == {h.article_id for h in exact}


@pytest.mark.parametrize("text", ["oas*", "oasis"])
def test_a_capped_word_is_matched_once_per_source_its_rows_reused(oases, text):
    """The probe that finds a capped word's floor reads its rows; the search joins those rows
    instead of matching the word again (#19: FTS5 merges a prefix's rows whole for every
    statement, 125 ms in the bodies at 1,000,000 articles), with the same hits."""
    from palmyra_archive.core.search import matching

    seen: list[str] = []
    oases.db.conn.set_trace_callback(seen.append)
    hits = oases.search.search(text, cap=3)
    oases.db.conn.set_trace_callback(None)
    assert [h.article_id for h in hits] == [6, 5, 4] and all(h.capped for h in hits)
    (main,) = [s for s in seen if "WITH hits AS MATERIALIZED" in s]
    assert "copies_fts MATCH" not in main and "json_each" in main
    floors = matching.region_floors(oases.db, [[to_article_terms(text)[0][0][0]]], 3)
    (floor,) = floors.values()
    assert list(floor) == ["body"] and len(floor["body"].rows) == 3
    assert min(floor["body"].rows) == floor["body"]    # exactly the rows at or above the floor
