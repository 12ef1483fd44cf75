"""Markup from a source or a user never goes out live (#21): every HTML file of a bundle, every
Markdown file as a viewer would render it, the Export window's preview, and the note renderer."""

from __future__ import annotations

import zipfile

import pytest
from markdown_it import MarkdownIt

from palmyra_archive.core.export import bibliography
from palmyra_archive.core.text import markup
from tests.support.hostile_markup import (
    BOLD,
    HOSTILE_MARKDOWN,
    OUTLET,
    SCRIPT,
    TITLE,
    audit_html,
    live_markup,
    make_hostile,
)

#: a Markdown viewer that lets raw HTML through, as GitHub-flavoured viewers and pandoc do
VIEWER = MarkdownIt("commonmark", {"html": True})


@pytest.fixture
def hostile_bundle(archive, tmp_path):
    make_hostile(archive, tmp_path)
    out = tmp_path / "bundle.zip"
    archive.exports.export_bundle("all", out)
    with zipfile.ZipFile(out) as zf:
        return {name.split("/data/", 1)[-1]: zf.read(name).decode("utf-8")
                for name in zf.namelist() if name.endswith((".html", ".md"))}


def test_every_html_file_of_a_bundle_shows_source_markup_as_text(hostile_bundle):
    pages = {name: text for name, text in hostile_bundle.items() if name.endswith(".html")}
    assert {"citations/bibliography.html", "quotes.html"} <= set(pages)
    for name, page in pages.items():
        assert live_markup(page) == [], name
    _tags, _urls, bib_text = audit_html(pages["citations/bibliography.html"])
    # still there, as text (the style title-cases it: compare without case)
    assert SCRIPT in bib_text and "<b>bold</b>" in bib_text.lower()
    assert 'src="file:///tmp/probe.png">' in bib_text.lower()
    _tags, _urls, quotes_text = audit_html(pages["quotes.html"])
    assert TITLE in quotes_text and HOSTILE_MARKDOWN in quotes_text


def test_every_markdown_file_of_a_bundle_renders_without_live_markup(hostile_bundle):
    documents = {name: text for name, text in hostile_bundle.items() if name.endswith(".md")}
    assert {"citations/bibliography.md", "quotes.md", "RIGHTS.md"} <= set(documents)
    for name, text in documents.items():
        rendered = VIEWER.render(text)
        assert live_markup(rendered) == [], name
    _tags, _urls, quotes_text = audit_html(VIEWER.render(documents["quotes.md"]))
    assert TITLE in quotes_text and OUTLET in quotes_text
    # the note's Markdown still works where it is harmless
    rendered_quotes = VIEWER.render(documents["quotes.md"])
    assert "<em>kept</em>" in rendered_quotes and 'href="https://example.org/ok"' in rendered_quotes
    _tags, _urls, bib_text = audit_html(VIEWER.render(documents["citations/bibliography.md"]))
    assert SCRIPT in bib_text


def test_a_collection_named_with_markup_is_text_in_the_readme(archive, tmp_path):
    article_id = make_hostile(archive, tmp_path)
    name = f"Coll {BOLD} <img src=\"file:///tmp/probe.png\">"
    archive.collections.create(name)
    archive.collections.add(archive.collections.all()[0].id, [article_id])
    out = tmp_path / "collection.zip"
    archive.exports.export_bundle(f"collection:{name}", out)
    with zipfile.ZipFile(out) as zf:
        readme, = [zf.read(n).decode() for n in zf.namelist() if n.endswith("/data/README.md")]
    rendered = VIEWER.render(readme)
    assert live_markup(rendered) == [] and name in audit_html(rendered)[2]


def test_export_preview_bibliography_is_escaped(archive, tmp_path):
    make_hostile(archive, tmp_path)
    preview = archive.exports.preview("all")
    assert live_markup(preview.bibliography_html) == []
    assert live_markup(VIEWER.render(preview.quotes_markdown)) == []


def test_citeproc_values_are_escaped_once_and_its_own_markup_kept():
    items = [{"id": "K1", "type": "article-newspaper", "title": "Fish & <b>chips</b>",
              "container-title": "The <i>Outlet</i>", "issued": {"date-parts": [[2020]]}}]
    entry, = bibliography.render_html_entries(items)
    assert "&amp;" in entry and "&amp;amp;" not in entry
    assert "&lt;b&gt;chips&lt;/b&gt;" in entry.lower() and "<b>" not in entry
    assert "<em><span class=\"nocase\">The &lt;i&gt;Outlet&lt;/i&gt;</span></em>" in entry  # italics stay
    text = bibliography.html_to_markdown(entry)
    assert "*The \\<i\\>Outlet\\</i\\>*" in text and "Fish & \\<b\\>" in text.replace("Chips", "chips")


def test_note_html_has_no_raw_html_no_images_and_only_web_links():
    rendered = markup.note_html(HOSTILE_MARKDOWN + "\n\n![ref][r] [<qrc>](qrc:/x)\n\n[r]: http://example.invalid/r.png")
    assert live_markup(rendered) == []
    tags, urls, text = audit_html(rendered)
    assert "img" not in tags
    assert urls == [("href", "https://example.org/ok")]
    assert "[image: x — http://example.invalid/n.png]" in text
    assert "[passwd](file:///etc/passwd)" in text and SCRIPT in text
    assert "<em>kept</em>" in rendered


@pytest.mark.parametrize("target, web", [
    ("https://example.org/a", True), ("http://x.org", True), ("mailto:a@example.org", True),
    ("file:///etc/passwd", False), ("javascript:alert(1)", False), ("java\tscript:alert(1)", False),
    (" JavaScript:alert(1)", False), ("data:text/html,<b>x</b>", False), ("qrc:/x.png", False),
    ("http:/no-host", False), ("/relative", False), ("#fn-1", False), ("", False), (None, False)])
def test_only_web_addresses_are_links(target, web):
    assert markup.is_web_link(target) is web


def test_markdown_escapes_cannot_start_markup():
    rendered = VIEWER.render(markup.escape_markdown(f"T {BOLD} [a](file:///x) ![i](http://e.invalid/i) &lt;"))
    assert live_markup(rendered) == [] and "<a " not in rendered
    assert audit_html(rendered)[2].strip() == f"T {BOLD} [a](file:///x) ![i](http://e.invalid/i) &lt;"
    assert markup.code_markdown("a`<img src=x>") == "a\\`\\<img src=x\\>"


def test_a_note_in_a_list_line_reads_as_its_words_not_its_markdown():
    """The annotation list and browser show "Who really won?", not "Who *really* won?" (#16);
    raw HTML stays the characters it is, an image is its alt text, never a resource."""
    from palmyra_archive.core.text.markup import note_plain

    assert note_plain("**Who** *really* won?") == "Who really won?"
    assert note_plain("first line\nsecond `code`") == "first line second code"
    assert note_plain("![map](http://example.invalid/m.png) <b>x</b>") == "[image: map] <b>x</b>"
    assert note_plain("# Heading\n\n- one\n- two") == "Heading one two"
    assert note_plain(None) == ""
