"""The library (ids, count, summaries, sorting and filtering in SQL) and corrections."""

from __future__ import annotations

import pytest

from palmyra_archive.core.store.errors import NotFoundError, ValidationError
from palmyra_archive.core.store.records import ChainHop, LibraryQuery
from tests.support.parsed_docs import Republication, body_text, install, make_article, make_doc


@pytest.fixture
def library(archive):
    specs = [
        ("b.txt", make_article(title="Bravo", authors=("Zed",), outlet="Outlet Two", date="2016-05-01",
                               body=body_text(11, 50), site_sections={"Thème": "Terrorism"})),
        ("a.txt", make_article(title="alpha", authors=("Amy",), outlet="Outlet One", date="2016-12-30",
                               body=body_text(12, 300),
                               republications=[Republication("The Saker", "courtesy", True)])),
        ("c.txt", make_article(title="Charlie", authors=(), outlet=None, date=None,
                               body=body_text(13, 10))),
    ]
    install(archive, {name.encode(): make_doc(article) for name, article in specs})
    for name, _article in specs:
        archive.importer.import_bytes(name, name.encode())
    return archive


def test_ids_sorted_in_sql(library):
    arts = library.articles
    assert arts.ids(LibraryQuery()) == [1, 2, 3]
    assert arts.ids(LibraryQuery(sort="title")) == [2, 1, 3]
    assert arts.ids(LibraryQuery(sort="title", descending=True)) == [3, 1, 2]
    assert arts.ids(LibraryQuery(sort="date")) == [3, 1, 2]
    assert arts.ids(LibraryQuery(sort="words")) == [3, 1, 2]
    assert arts.ids(LibraryQuery(sort="outlet")) == [3, 2, 1]
    assert arts.ids(LibraryQuery(sort="original_outlet", descending=True)) == [2, 3, 1]
    assert arts.ids(LibraryQuery(sort="authors")) == [3, 2, 1]
    assert arts.ids(LibraryQuery(sort="needs_review")) == [1, 2, 3]
    assert arts.ids(LibraryQuery(sort="tags", descending=True))[0] == 1
    assert arts.ids(LibraryQuery(sort="annotations")) == [1, 2, 3]


def test_filters(library):
    arts = library.articles
    outlet_one = library.outlets.find("outlet one")
    assert arts.ids(LibraryQuery(outlet_id=outlet_one)) == [2]
    assert arts.ids(LibraryQuery(needs_review=True)) == [3]
    assert arts.ids(LibraryQuery(needs_review=False)) == [1, 2]
    assert arts.ids(LibraryQuery(date_from="2016-06-01")) == [2]
    assert arts.ids(LibraryQuery(date_to="2016-05-01")) == [1]
    assert arts.count(LibraryQuery(date_from="2016-01-01", date_to="2016-12-31")) == 2
    assert arts.ids(LibraryQuery(text="bravo")) == [1]


def test_tag_filter_includes_descendants(library):
    with library.write():
        library.db.execute("INSERT INTO tags (path, namespace, created_at) VALUES ('framing', 'user', 'now')")
        library.db.execute("INSERT INTO tags (path, namespace, created_at) VALUES ('framing/liberation', 'user', 'now')")
        library.db.execute("INSERT INTO tags (path, namespace, created_at) VALUES ('framingx', 'user', 'now')")
        child = library.db.execute("SELECT id FROM tags WHERE path = 'framing/liberation'").fetchone()[0]
        other = library.db.execute("SELECT id FROM tags WHERE path = 'framingx'").fetchone()[0]
        library.db.execute("INSERT INTO article_tags VALUES (2, ?)", [child])
        library.db.execute("INSERT INTO article_tags VALUES (3, ?)", [other])
    parent = library.db.execute("SELECT id FROM tags WHERE path = 'framing'").fetchone()[0]
    assert library.articles.ids(LibraryQuery(tag_ids=(parent,))) == [2]
    assert library.articles.ids(LibraryQuery(tag_ids=(child,))) == [2]


def test_summaries_in_the_order_asked_without_bodies(library):
    rows = library.articles.summaries([3, 1])
    assert [r.id for r in rows] == [3, 1]
    bravo = rows[1]
    assert (bravo.title, bravo.outlet, bravo.date, bravo.authors) == ("Bravo", "Outlet Two", "2016-05-01", ["Zed"])
    assert bravo.tags == ["site:Thème/Terrorism"] and bravo.word_count == 51
    assert library.articles.summaries([2])[0].original_outlet == "The Saker"
    assert rows[0].needs_review and not bravo.needs_review
    assert not hasattr(bravo, "body")
    assert library.articles.summaries([]) == []


def test_correction_is_stored_beside_the_extracted_value(library):
    arts = library.articles
    changes = arts.correct(3, title="Charlie, corrected", authors=["Ann", "Bob"], outlet="Outlet One",
                           date="2016-07-04", original_outlet="Moon of Alabama", original_date="2016-07-01")
    assert changes.articles and changes.article_ids == (3,)
    row = library.db.execute("SELECT title, title_corrected FROM articles WHERE id = 3").fetchone()
    assert row == ("Charlie", "Charlie, corrected")
    detail = arts.get(3)
    assert detail.title == "Charlie, corrected" and detail.title_status == "corrected"
    assert detail.authors == ["Ann", "Bob"] and detail.outlet == "Outlet One" and detail.date == "2016-07-04"
    assert detail.original.outlet == "Moon of Alabama" and detail.original.date == "2016-07-01"
    assert detail.chain == [ChainHop("Moon of Alabama", "2016-07-01"), ChainHop("Outlet One", "2016-07-04")]
    assert detail.extracted["title"] == "Charlie" and detail.extracted["outlet"] is None
    assert "title" not in detail.needs_review and "date" not in detail.needs_review
    assert arts.corrections(3)["authors"] == {"extracted": [], "corrected": ["Ann", "Bob"]}
    assert arts.ids(LibraryQuery(outlet_id=library.outlets.find("Outlet One"))) == [2, 3]
    summary = arts.summaries([3])[0]
    assert summary.title_status == "corrected" and summary.date == "2016-07-04"
    assert not summary.needs_review and arts.ids(LibraryQuery(needs_review=True)) == []
    assert arts.needs_review_count() == 0
    arts.correct(3, outlet=None)
    assert arts.ids(LibraryQuery(needs_review=True)) == [3] and arts.summaries([3])[0].needs_review


def test_each_correction_is_an_event_with_before_and_after(library):
    library.articles.correct(1, title="Bravo!")
    library.articles.correct(1, title="Bravo!!")
    events = library.events.list(action="correct")
    assert [(e.before, e.after) for e in events] == [({"title": "Bravo!"}, {"title": "Bravo!!"}),
                                                     ({"title": "Bravo"}, {"title": "Bravo!"})]
    assert events[0].entity == "article" and events[0].entity_id == 1


def test_clearing_a_correction_goes_back_to_the_extracted_value(library):
    arts = library.articles
    arts.correct(1, date="2017-01-01", section="World")
    arts.correct(1, date=None)
    detail = arts.get(1)
    assert detail.date == "2016-05-01" and detail.date_status == "printed" and detail.section == "World"
    last = library.events.list(action="correct")[0]
    assert last.before == {"date": "2017-01-01"} and last.after == {"date": "2016-05-01"}
    assert last.details["cleared"] is True
    assert set(arts.corrections(1)) == {"section"}


def test_unchanged_correction_logs_nothing(library):
    library.articles.correct(1, title="Same")
    count = len(library.events.list())
    assert library.articles.correct(1, title="Same").articles is False
    assert len(library.events.list()) == count


def test_bad_corrections_are_refused_with_a_sentence(library):
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        library.articles.correct(1, date="next tuesday")
    with pytest.raises(ValidationError, match="not a day"):
        library.articles.correct(1, date="2016-02-30")
    with pytest.raises(ValidationError, match="cannot be empty"):
        library.articles.correct(1, title="   ")
    with pytest.raises(NotFoundError):
        library.articles.correct(99, title="x")
    with pytest.raises(NotFoundError):
        library.articles.get(99)
    assert library.events.list(action="correct") == []


def test_totals_and_outlet_counts(library):
    assert library.articles.total_count() == 3 and library.articles.needs_review_count() == 1
    assert [(name, n) for _id, name, n in library.outlets.counts()] == [("Outlet One", 1), ("Outlet Two", 1)]


def test_source_view_returns_the_decoded_file(archive):
    text = "Title line\n\nBody of the article.\n"
    install(archive, {text.encode(): make_doc(make_article(title="Title line"), text=text)})
    outcome = archive.importer.import_bytes("s.txt", text.encode())
    view = archive.articles.source_view(outcome.article_ids[0])
    assert view.text == text and view.filename == "s.txt" and view.encoding == "utf-8"


def test_a_refused_correction_leaves_no_outlet_behind(library):
    names = library.outlets.names()
    with pytest.raises(ValidationError):
        library.articles.correct(1, outlet="Brand New Outlet", date="not a date")
    assert library.outlets.names() == names
    library.articles.correct(1, outlet="Brand New Outlet")
    assert library.articles.get(1).outlet == "Brand New Outlet"


@pytest.mark.parametrize("typed, stored", [
    ("2016-03", "2016-03"), ("2016", "2016"), ("March 2016", "2016-03"), ("mars 2016", "2016-03"),
    ("Mar. 2016", "2016-03"), ("März 2016", "2016-03"), ("31 mars 2016", "2016-03-31"),
    ("2016-03-31", "2016-03-31")])
def test_month_and_year_dates_are_kept_at_their_precision(library, typed, stored):
    """#16: "March 2016" was refused, and a day must never be invented for it."""
    library.articles.correct(1, date=typed, original_date=typed)
    detail = library.articles.get(1)
    assert detail.date == stored and detail.original.date == stored
    assert library.articles.corrections(1)["date"]["corrected"] == stored


def test_a_month_date_sorts_at_the_start_of_its_month(library):
    library.articles.correct(1, date="December 2016")     # article 2 is dated 2016-12-30
    library.articles.correct(3, date="2016")
    assert library.articles.ids(LibraryQuery(sort="date")) == [3, 1, 2]
    library.articles.correct(3, date="2017")
    assert library.articles.ids(LibraryQuery(sort="date")) == [1, 2, 3]


@pytest.mark.parametrize("nonsense", ["next tuesday", "March", "banana 2016", "12/03/2016",
                                      "31 February 2016", "spring 2016", "2016-13"])
def test_dates_that_are_not_dates_are_still_refused_with_a_sentence(library, nonsense):
    with pytest.raises(ValidationError, match=r"is not a (date the archive understands|day on the"
                                              r" calendar).*\.$"):
        library.articles.correct(1, date=nonsense)
    assert library.events.list(action="correct") == []
