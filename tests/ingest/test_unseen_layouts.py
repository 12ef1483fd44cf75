"""Layouts the corpus does not show: the parser must hold on articles of the same kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from palmyra_archive.core.ingest.parse import parse_document

UNSEEN = Path(__file__).resolve().parent.parent / "data" / "unseen"


def parse(name: str):
    doc = parse_document(name, (UNSEEN / name).read_bytes())
    assert len(doc.articles) == 1
    return doc, doc.articles[0]


def chain(article) -> list:
    hops = [hop.from_outlet for hop in reversed(article.republications)]
    return hops + [article.outlet.value] if hops else []


def test_english_global_research_copy():
    doc, art = parse("gr_english_original_source.txt")
    assert art.title.value == "Washington's Shifting Story on Aleppo"
    assert art.authors.value == ["Jane Whitfield"]
    assert (art.outlet.value, art.outlet.status) == ("Global Research", "printed")
    assert (art.date.value, art.date_as_printed) == ("2017-04-12", "April 12, 2017")
    assert art.site_sections == {"Region": "Middle East & North Africa", "Theme": "US NATO War Agenda"}
    assert chain(art) == ["Consortium News", "Global Research"]
    (hop,) = art.republications
    assert (hop.relation, hop.is_original, hop.from_date) == ("original_source", True, "2017-04-09")
    assert hop.evidence == "The original source of this article is Consortium News, April 9, 2017"
    kinds = [(r.kind, r.language) for r in art.rights]
    assert kinds == [("copyright", "en"), ("disclaimer", "en"), ("reprint_terms", "en"), ("fair_use_notice", "en")]
    copyright_, disclaimer, reprint, fair_use = art.rights
    assert (copyright_.holder, copyright_.year) == ("Jane Whitfield", 2017)
    assert disclaimer.text.startswith("Disclaimer: The contents") and disclaimer.text.endswith("in this article.")
    assert reprint.text.startswith("The Centre of Research on Globalization grants permission")
    assert reprint.requires == ["source of the article", "copyright notice", "hyperlink to the original article"]
    assert reprint.allowed_for == "community internet sites"
    assert reprint.otherwise == "ask permission: publications@globalresearch.ca (print, commercial sites)"
    assert reprint.method == "outlet:globalresearch.ca:reprint"
    # spans of statements cut out of one paragraph still point at their own words
    assert doc.text[reprint.span.start:reprint.span.end].startswith("The Centre of Research")
    assert doc.text[disclaimer.span.start:disclaimer.span.end].endswith("in this article.")
    assert art.contacts == ["publications@globalresearch.ca"]
    assert art.body.endswith("according to transcripts of the daily briefings.")
    assert art.body_language == "en" and art.needs_review == []


def test_blog_repost_originally_published_at():
    doc, art = parse("blog_originally_published.txt")
    assert art.title.value == "Why the Ceasefire Failed Again"
    assert art.authors.value == ["Tom Hale"]
    assert (art.date.value, art.date_as_printed) == ("2017-03-03", "March 3, 2017")
    assert art.outlet.status == "missing" and "outlet" in art.needs_review
    (hop,) = art.republications
    assert (hop.from_outlet, hop.relation, hop.from_date) == ("Syria Comment", "first_published", "2017-03-01")
    assert chain(art) == ["Syria Comment", None]
    assert art.body.endswith("as a party to the truce.")
    assert "Share this" not in art.body and "Related" not in art.body


def test_french_byline_with_outlet_and_date():
    doc, art = parse("lemonde_par.txt")
    assert art.title.value == "Palmyre, une victoire en trompe-l'œil"
    assert art.authors.value == ["Jean Dupont"]
    assert (art.outlet.value, art.outlet.status) == ("Le Monde", "printed")
    assert (art.date.value, art.date_as_printed) == ("2017-04-03", "3 avril 2017")
    assert art.signature.value == "Jean Dupont"
    assert art.body_language == "fr"
    assert art.body.startswith("La reprise de Palmyre") and art.body.endswith("cherche à reprendre.")
    assert art.republications == [] and art.needs_review == []


def test_wire_copy_with_two_hops():
    doc, art = parse("wire_source_via.txt")
    assert [(h.hop, h.from_outlet, h.relation, h.is_original) for h in art.republications] == [
        (1, "Al Masdar News", "via", False), (2, "Reuters", "source", True)]
    assert chain(art) == ["Reuters", "Al Masdar News", None]
    assert art.republications[0].evidence == "Source: Reuters, via Al Masdar News"
    assert art.authors.value == ["Staff Writer"]
    assert art.date.value == "2016-12-20"
    assert art.body.endswith("and the Iraqi border.")
    assert "Back to Top" not in art.body


def test_comment_thread_with_reply_lines_and_crlf():
    doc, art = parse("comments_reply_lines.txt")
    assert "\r\n" in doc.text                     # stored as decoded, line endings untouched
    assert art.title.value == "A Town Rebuilds After the Siege"
    assert (art.authors.value, art.date.value) == (["Maria Lopez"], "2017-05-12")
    assert art.body.endswith("only a few hours each evening.")
    assert "Comments" not in art.body
    shape = [(c.author, c.parent_index, c.depth, c.text) for c in art.comments]
    assert shape == [
        ("Ahmed K", None, 0, "Good to see some hope for once."),
        ("Lina", 0, 1, "Hope is not a water supply."),
        ("Peter", None, 0, "Where are the photos?"),
    ]
    for comment in art.comments:
        assert comment.text in doc.text[comment.span.start:comment.span.end]


def test_no_title_no_date_stays_unknown():
    doc, art = parse("no_title_no_date.txt")
    assert art.title.status == "provisional"
    assert art.title.value.startswith("The convoy left the city")
    assert art.title.span is None
    assert {"title", "authors", "outlet", "date"} <= set(art.needs_review)
    assert art.date.value is None and art.outlet.value is None and art.authors.value is None
    assert art.body.startswith("The convoy left the city before dawn")
    assert art.body.endswith("reached the villages by noon.")


@pytest.mark.parametrize("name", sorted(p.name for p in UNSEEN.glob("*.txt")))
def test_every_span_indexes_the_decoded_text(name):
    doc, art = parse(name)
    spans = [r.span for r in art.regions] + [art.body_span]
    spans += [x.span for x in (art.title, art.byline, art.date, art.outlet, art.signature) if x.span]
    spans += [r.span for r in art.rights] + [h.span for h in art.republications]
    for span in spans:
        assert span is not None and 0 <= span.start <= span.end <= len(doc.text)
    for link in art.links:
        assert doc.text[link.span.start:link.span.end].startswith(f"[{link.text}]")
    previous_end = 0
    for region in art.regions:                        # sorted and never overlapping
        assert previous_end <= region.span.start < region.span.end
        previous_end = region.span.end


def test_wordpress_menu_and_posted_on_line():
    doc, art = parse("wordpress_menu_posted_on.txt")
    assert art.title.value == "Ten Years of War in Syria"
    assert (art.authors.value, art.date.value) == (["admin"], "2017-03-03")
    assert art.body.startswith("Ten years after the first protests")
    site = [doc.text[r.span.start:r.span.end] for r in art.regions if r.kind == "site_text"]
    assert site and site[0].startswith("Home")


def test_date_alone_under_the_title_and_tags_line():
    doc, art = parse("date_line_and_tags.txt")
    assert (art.title.value, art.date.value, art.date_as_printed) == (
        "Ten Years of War in Syria", "2017-03-03", "March 3, 2017")
    assert art.authors.status == "missing" and "authors" in art.needs_review
    assert art.body.startswith("Ten years after") and art.body.endswith("at least once.")
    assert "Tags" not in art.body


def test_an_original_on_its_own_outlet_has_no_chain():
    doc, art = parse("gr_original_at_home.txt")
    assert (art.outlet.value, art.date.value) == ("Global Research", "2016-03-28")
    assert art.site_sections == {"Region": "Middle East & North Africa", "Theme": "Terrorism",
                                 "In-depth Report": "SYRIA"}
    assert art.republications == [] and chain(art) == []
    (copyright_,) = art.rights
    assert (copyright_.holder, copyright_.year) == ("Stephen Lendman", 2016)
    assert art.body == ("Syrian forces retook the ancient city on Sunday after weeks of fighting, "
                        "the army said in a statement.")


def test_french_published_and_updated_lines():
    doc, art = parse("french_published_updated.txt")
    assert art.title.value == "Palmyre : la bataille continue"
    assert art.authors.value == ["Marie Curie"]
    assert (art.date.value, art.date_as_printed) == ("2017-04-03", "3 avril 2017")
    assert art.body.startswith("Les combats ont repris") and "Mis à jour" not in art.body
    assert art.body_language == "fr"
    assert [r.kind for r in art.regions][:4] == ["title", "byline", "dateline", "body"]
