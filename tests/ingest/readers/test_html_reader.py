"""The HTML reader on pages written for these tests: every field of every layout and language."""

from __future__ import annotations

import pytest

from palmyra_archive.core.ingest.readers import detect, read_document, source_text
from palmyra_archive.core.ingest.readers.html import MAX_DEPTH
from palmyra_archive.core.store.errors import ImportFailed

from .pages import NO_ARTICLE, PAGES, STORY

#: layouts whose pages carry a reader comment and an inline link in the story
WITH_COMMENTS = {"news", "wordpress", "substack", "singlefile"}
WITH_LINKS = {"news", "wordpress", "substack", "singlefile"}


@pytest.mark.parametrize("layout,key", sorted(PAGES))
def test_every_field_of_every_page(layout, key):
    story = STORY[key]
    doc = read_document(f"{key}.html", PAGES[(layout, key)].encode("utf-8"))
    article = doc.articles[0]
    assert doc.format == "html"
    assert article.title.value == story.title and article.title.status == "printed"
    assert "<" not in article.title.value
    assert article.authors.value == [story.author]
    assert article.date.value == story.date and article.date.status == "printed"
    expected_outlet = "Medium" if layout == "medium" else story.outlet
    assert article.outlet.value == expected_outlet
    for paragraph in story.paragraphs:
        assert paragraph[60:120] in article.body
    for chrome in ("Subscribe for free", "More from Medium", "Recent Posts", "Privacy", "Sign in",
                   "Weekend weather", "Written by"):
        assert chrome not in article.body
    assert article.body_language == story.lang
    if layout in WITH_COMMENTS:
        assert [c.text for c in article.comments] == [story.comment]
        assert story.comment not in article.body
    if layout in WITH_LINKS:
        link = next(link for link in article.links if link.target == story.link_url)
        assert article.body[link.body_start:link.body_end] == story.link_text
    # every value's evidence is where the markup says it
    for value in (article.title, article.date, article.outlet):
        if value.span is not None:
            assert doc.text[value.span.start:value.span.end].strip()
    assert article.needs_review == []


@pytest.mark.parametrize("layout", ["news", "wordpress"])
def test_regions_tint_the_original_markup(layout):
    story = STORY["harbour"]
    doc = read_document("p.html", PAGES[(layout, "harbour")].encode())
    article = doc.articles[0]
    body = [r for r in article.regions if r.kind == "body"]
    assert len(body) >= len(story.paragraphs)
    first = doc.text[body[0].span.start:body[0].span.end]
    assert first.startswith(story.paragraphs[0][:40])
    comments = [r for r in article.regions if r.kind == "comments"]
    if layout == "news":
        assert doc.text[comments[0].span.start:comments[0].span.end] == story.comment
        rights = [r for r in article.regions if r.kind == "rights"]
        assert "All rights reserved" in doc.text[rights[0].span.start:rights[0].span.end]
        assert article.rights[0].kind == "copyright" and article.rights[0].holder == story.outlet
    assert source_text("p.html", PAGES[(layout, "harbour")].encode()) == doc.text


def test_metadata_methods_say_where_each_value_came_from():
    article = read_document("p.html", PAGES[("news", "vignes")].encode()).articles[0]
    assert article.title.method == "html:jsonld-headline"
    assert article.authors.method == "html:jsonld-author"
    assert article.date.method == "html:jsonld-datePublished"
    assert article.outlet.method == "html:publisher"
    wire = read_document("p.html", PAGES[("wire", "vignes")].encode()).articles[0]
    assert wire.title.method == "html:citation-title" and wire.authors.method == "html:citation-author"
    assert wire.date.method == "html:citation-publication_date"


def test_outlet_from_the_canonical_domain_is_inferred_and_flagged():
    page = PAGES[("wordpress", "harbour")].replace('<meta property="og:site_name" content="The Coastal Ledger">', "")
    article = read_document("p.html", page.encode()).articles[0]
    assert article.outlet.value == "coastal-ledger.example"
    assert article.outlet.status == "inferred" and article.outlet.method == "html:canonical-domain"


def test_known_outlet_domain_gives_the_outlets_name():
    page = PAGES[("wordpress", "harbour")].replace('<meta property="og:site_name" content="The Coastal Ledger">', "")
    page = page.replace("https://coastal-ledger.example/", "https://www.globalresearch.ca/")
    article = read_document("p.html", page.encode()).articles[0]
    assert article.outlet.value == "Global Research"


def test_originally_published_link_becomes_a_chain_hop_with_its_url():
    story = STORY["harbour"]
    page = PAGES[("news", "harbour")].replace(
        "</article>", '<p>This article was originally published by '
        '<a href="https://harbour-weekly.example/strike-ends">Harbour Weekly</a>.</p></article>')
    article = read_document("p.html", page.encode()).articles[0]
    hops = [h for h in article.republications if h.url == "https://harbour-weekly.example/strike-ends"]
    assert hops and hops[0].from_outlet == "Harbour Weekly"
    assert story.paragraphs[0][:40] in article.body


def test_a_page_without_article_text_says_so_and_imports_no_chrome():
    doc = read_document("signin.html", NO_ARTICLE.encode())
    article = doc.articles[0]
    assert article.body == ""
    assert any("No article text was found" in w for w in doc.warnings)
    assert article.title.value.startswith("Sign in")


def test_singlefile_page_carries_its_capture():
    doc = read_document("saved.html", PAGES[("singlefile", "bahn")].encode())
    assert doc.capture.tool == "SingleFile"
    assert doc.capture.url == "https://hessen-rundschau.example/verkehr/bahnstrecke-kassel-erfurt"
    assert doc.capture.captured_at.startswith("Tue Mar 12 2024")
    assert doc.capture_url == doc.capture.url


def test_html_named_txt_is_read_as_html():
    page = PAGES[("news", "most")].encode()
    assert detect("page.txt", page[:4096]).name == "html"
    doc = read_document("page.txt", page)
    assert doc.format == "html" and doc.articles[0].title.value == STORY["most"].title


def test_legacy_encoding_declared_in_the_page_is_honoured():
    page = PAGES[("news", "most")].replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
    doc = read_document("p.html", page.encode("cp1251"))
    assert doc.encoding == "cp1251"
    assert doc.articles[0].title.value == STORY["most"].title


# -- bad input -----------------------------------------------------------------------------

def test_100000_nested_divs_get_one_sentence():
    page = "<html><body>" + "<div>" * 100_000 + "text" + "</div>" * 100_000 + "</body></html>"
    with pytest.raises(ImportFailed, match=f"more than {MAX_DEPTH} levels deep"):
        read_document("deep.html", page.encode())


def test_malformed_and_truncated_html_is_read_as_far_as_it_goes():
    page = PAGES[("news", "sequia")]
    cut = page[: page.index(STORY["sequia"].paragraphs[2][:30])] + "<p>Una frase cortada sin cierre <b><i"
    article = read_document("cut.html", cut.encode()).articles[0]
    assert article.title.value == STORY["sequia"].title
    assert STORY["sequia"].paragraphs[0][:50] in article.body


def test_entity_bomb_is_not_expanded():
    page = ("<!DOCTYPE html><html><head><title>Bomb</title></head><body>"
            + "<p>" + "&amp;lol;" * 200_000 + "</p></body></html>")
    doc = read_document("bomb.html", page.encode())
    assert len(doc.articles[0].body) < 3_000_000


def test_title_with_markup_in_it_is_plain_text():
    page = PAGES[("news", "harbour")].replace("<title>Harbour strike ends after nine days",
                                              "<title>&lt;b&gt;Harbour&lt;/b&gt; strike ends after nine days")
    page = page.replace('"headline": "Harbour strike ends after nine days"', '"headline": ""')
    page = page.replace('<meta property="og:title" content="Harbour strike ends after nine days">', "")
    title = read_document("p.html", page.encode()).articles[0].title.value
    assert "<" not in title and ">" not in title
