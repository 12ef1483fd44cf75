"""Search: ranking, snippets, escaping of user text, filters, and no stray exception ever."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palmyra_archive.core.search.syntax import to_fts_query
from palmyra_archive.core.store.errors import SearchSyntaxError
from palmyra_archive.core.store.records import LibraryQuery
from tests.support.parsed_docs import Comment, install, make_article, make_doc


@pytest.fixture
def searchable(archive):
    docs = {
        b"1": make_doc(make_article(title="Palmyra liberated", outlet="Site A", date="2016-03-27",
                                    body="The army entered the ancient city. " * 5)),
        b"2": make_doc(make_article(title="Desert roads", outlet="Site B", date="2016-12-13",
                                    body="Palmyra is mentioned once among many other words here. "
                                         "Caravans crossed the oasis on the old road to the market.",
                                    comments=[Comment(0, None, 0, "A reader writes about zeugma mosaics")],
                                    captions=["Map of the oasis near Tadmur"])),
        b"3": make_doc(make_article(title="Café crème in Damascus", outlet="Site A", date="2016-12-30",
                                    body="A long walk through the souk, no\u00a0break between words. " * 3,
                                    site_sections={"Thème": "Culture"})),
    }
    install(archive, docs)
    for name, data in (("one.txt", b"1"), ("two.txt", b"2"), ("three.txt", b"3")):
        assert archive.importer.import_bytes(name, data).status == "imported"
    return archive


def test_title_hits_rank_above_a_passing_mention(searchable):
    hits = searchable.search.search("palmyra")
    assert [h.article_id for h in hits] == [1, 2]
    assert hits[0].kind == "title" and hits[0].snippet == "[[Palmyra]] liberated"
    assert hits[1].kind == "body" and "[[Palmyra]]" in hits[1].snippet
    assert hits[0].rank < hits[1].rank


def test_comments_and_captions_are_searched(searchable):
    comment = searchable.search.search("zeugma")
    assert comment[0].kind == "comment" and "[[zeugma]]" in comment[0].snippet
    caption = searchable.search.search("tadmur")
    assert caption[0].kind == "caption" and caption[0].article_id == 2


def test_diacritics_and_no_break_spaces(searchable):
    assert [h.article_id for h in searchable.search.search("creme")] == [3]
    assert [h.article_id for h in searchable.search.search('"no break between"')] == [3]
    assert [h.article_id for h in searchable.search.search("no\u00a0break")] == [3]


def test_phrases_prefixes_or_not(searchable):
    assert [h.article_id for h in searchable.search.search('"ancient city"')] == [1]
    assert searchable.search.search('"city ancient"') == []
    assert [h.article_id for h in searchable.search.search("carav*")] == [2]
    assert sorted(h.article_id for h in searchable.search.search("zeugma OR damascus")) == [2, 3]
    assert [h.article_id for h in searchable.search.search("palmyra NOT army")] == [2]
    assert searchable.search.search("palmyra AND souk") == []


@pytest.mark.parametrize("text", ['"unbalanced', "NEAR(", "*", "-", "^", ":", "palmyra:", "-army",
                                  "col:palmyra", "(", ")", '"', "a OR", "OR", "AND AND", "^palmyra",
                                  "\x00", "'; DROP TABLE articles; --"])
def test_weird_strings_give_results_or_a_plain_error(searchable, text):
    try:
        hits = searchable.search.search(text)
    except SearchSyntaxError as exc:
        assert str(exc) and "Traceback" not in str(exc)
    else:
        assert isinstance(hits, list)
    assert searchable.articles.total_count() == 3


def test_malformed_operator_use_says_why(searchable):
    with pytest.raises(SearchSyntaxError, match="NOT needs a word before it"):
        searchable.search.search("NOT palmyra")
    with pytest.raises(SearchSyntaxError, match="put a word between"):
        searchable.search.search("palmyra OR NOT army")


def test_words_are_escaped_not_fts_syntax():
    assert to_fts_query("palmyra-army col:x") == '"palmyra-army" "col:x"'
    assert to_fts_query('say "hi there" pal*') == '"say" "hi there" "pal"*'
    assert to_fts_query("*") == "" and to_fts_query("   ") == ""


def test_filters_and_paging(searchable):
    site_b = searchable.outlets.find("Site B")
    assert [h.article_id for h in searchable.search.search("palmyra", query=LibraryQuery(outlet_id=site_b))] == [2]
    assert [h.article_id for h in searchable.search.search(
        "palmyra", query=LibraryQuery(date_from="2016-12-01"))] == [2]
    assert [h.article_id for h in searchable.search.search("palmyra", limit=1, offset=1)] == [2]
    assert searchable.search.article_ids("palmyra") == [1, 2]


def test_annotations_and_notes_are_searched(searchable):
    db = searchable.db
    with searchable.write():
        db.execute("INSERT INTO annotations (copy_id, article_id, exact, start, \"end\", note, created_at,"
                   " updated_at) VALUES (3, 3, 'souk', 0, 4, 'spice merchants quarter', 'now', 'now')")
        note = db.execute("INSERT INTO notes (title, body, created_at, updated_at) VALUES"
                          " ('Field log', 'interview about frankincense', 'now', 'now')").lastrowid
        db.execute("INSERT INTO note_links (note_id, article_id) VALUES (?, 1)", [note])
    annotation = searchable.search.search("merchants")
    assert annotation[0].kind == "annotation" and annotation[0].article_id == 3
    noted = searchable.search.search("frankincense")
    assert noted[0].kind == "note" and noted[0].article_id == 1 and "[[frankincense]]" in noted[0].snippet


def test_article_notes_and_authors_are_searched(searchable):
    with searchable.write():
        searchable.db.execute("UPDATE articles SET note = 'Ask the harbourmaster about it',"
                              " authors = '[\"Ingrid Halvorsen\", \"Tomasz Wierzbicki\"]' WHERE id = 2")
        searchable.db.execute("UPDATE articles SET authors_corrected = '[\"Amira Haddad\"]' WHERE id = 3")
    (noted,) = searchable.search.search("harbourmaster")
    assert (noted.article_id, noted.kind, noted.ref_id) == (2, "note", None)
    assert "[[harbourmaster]]" in noted.snippet
    (author,) = searchable.search.search("halvorsen")
    assert author.article_id == 2 and author.kind == "author"
    assert author.snippet == "Ingrid [[Halvorsen]], Tomasz Wierzbicki"
    assert [(h.article_id, h.kind) for h in searchable.search.search("haddad")] == [(3, "author")]
    assert searchable.articles.ids(LibraryQuery(text="harbourmaster")) == [2]


def test_and_matches_across_an_articles_fields(searchable):
    # title says Palmyra, the body says army: FTS5 alone would need both in one field
    assert [h.article_id for h in searchable.search.search("palmyra army")] == [1]
    assert [h.article_id for h in searchable.search.search("liberated AND army")] == [1]
    hits = searchable.search.search("caravans zeugma tadmur")      # body, comment, caption
    assert [h.article_id for h in hits] == [2]
    assert "[[" in hits[0].snippet
    assert searchable.search.search("liberated souk") == []
    assert sorted(searchable.search.article_ids("liberated army OR zeugma")) == [1, 2]
    assert searchable.search.article_ids("palmyra army NOT ancient") == []
    assert searchable.articles.ids(LibraryQuery(text="oasis zeugma")) == [2]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40) | st.text(alphabet='"*-^:()NEAROTD ab\u00a0', max_size=20))
def test_any_text_gives_results_or_search_syntax_error(searchable, text):
    try:
        result = searchable.search.search(text)
        assert isinstance(result, list)
        assert isinstance(searchable.search.article_ids(text), list)
        assert isinstance(searchable.articles.ids(LibraryQuery(text=text)), list)
    except SearchSyntaxError:
        pass


def test_match_spans_mark_what_the_search_looks_for():
    from palmyra_archive.core.search.syntax import match_spans

    text = 'The Caravan reached Palmyra; caravans passed the Musée. "Deux mots"'
    words = lambda q: [text[a:b] for a, b in match_spans(q, text)]  # noqa: E731
    assert words("carav* NOT palmyra") == ["Caravan", "caravans"]       # prefixes; NOT left out
    assert words("palmyra OR musee") == ["Palmyra", "Musée"]            # accents, case ignored
    assert words('"the caravan"') == ["The Caravan"]                    # a phrase as one span
    assert words("cara") == [] and words("NOT palmyra") == []           # whole words; unreadable
