"""A newsletter's From, Date, Subject and List-Id values keep evidence spans into the stored
message text (#10), which shows those headers above the part read, so the Source tab tints
them as it does a text file's."""

from __future__ import annotations

from palmyra_archive.core.ingest.readers import email_reader
from palmyra_archive.core.ingest.readers.email_reader import EmlReader

from . import builders
from .pages import STORY

HTML = ("<html><body><h1>Notes from the valley</h1>"
        + "".join(f"<p>{p}</p>" for p in STORY["harbour"].paragraphs)
        + '<p>You are receiving this because you subscribed. <a href="https://mail.example/unsub">'
          "Unsubscribe</a></p></body></html>")


def _at(text, span):
    return text[span.start:span.end]


def test_header_values_have_spans_into_the_shown_text():
    data = builders.newsletter("Notes from the valley", "Mara Quint <mara@valley.example>", HTML,
                               list_id='"Valley Letter" <letter.valley.example>')
    doc = EmlReader().read("issue.eml", data)
    article = doc.articles[0]
    assert doc.text.startswith("From: Mara Quint <mara@valley.example>\nDate: ")
    assert _at(doc.text, article.title.span) == "Notes from the valley"
    assert _at(doc.text, article.date.span) == article.date_as_printed
    assert _at(doc.text, article.authors.span) == "Mara Quint"
    assert article.outlet.value == "Valley Letter"
    assert _at(doc.text, article.outlet.span) == "Valley Letter"
    assert EmlReader().source_text("issue.eml", data) == doc.text
    # the part's own spans moved with it: the body still stands where its span says
    assert article.body_span is not None
    first = STORY["harbour"].paragraphs[0][:40]
    assert first in doc.text[article.body_span.start:article.body_span.end]
    header = next(r for r in article.regions if r.kind == "header")
    assert _at(doc.text, header.span).splitlines()[0].startswith("From: ")
    footer = [r for r in article.regions if r.kind == "site_text"]
    assert any("Unsubscribe" in _at(doc.text, r.span) or "receiving this" in _at(doc.text, r.span)
               for r in footer)


def test_a_plain_text_message_and_the_sender_as_outlet():
    data = builders.newsletter("Weekly notes", "Tom Field <tom@field.example>", None,
                               text_body="Weekly notes\n\nBy Tom Field\n\n" + "\n\n".join(
                                   STORY["harbour"].paragraphs))
    doc = EmlReader().read("plain.eml", data)
    article = doc.articles[0]
    assert _at(doc.text, article.title.span) == "Weekly notes"
    assert article.outlet.method == "email:sender"
    assert _at(doc.text, article.outlet.span) == "Tom Field"


def test_imported_the_source_tab_text_holds_the_spans(archive, tmp_path):
    path = tmp_path / "issue.eml"
    path.write_bytes(builders.newsletter("Notes from the valley", "Mara Quint <mara@valley.example>",
                                         HTML, list_id="<letter.valley.example>"))
    report = archive.importer.import_paths([path])
    article_id = report.outcomes[0].article_ids[0]
    view = archive.articles.source_view(article_id)
    text = view.text
    assert text.startswith("From: Mara Quint")
    regions = {r.kind: text[r.start:r.end] for r in view.regions}
    assert regions["header"].startswith("From: Mara Quint <mara@valley.example>")
    assert "Subject: Notes from the valley" in regions["header"]
    detail = archive.articles.get(article_id)
    body_start = archive.db.execute("SELECT body_start FROM copies WHERE article_id = ?",
                                    [article_id]).fetchone()[0]
    assert text[body_start:].startswith(detail.body[:30])
    assert email_reader.SHOWN_HEADERS == ("From", "Date", "Subject", "List-Id")
