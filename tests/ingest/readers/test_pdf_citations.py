"""A passage of a PDF cites its page (#10): the annotation records it, the panel shows "p. 2",
and the W3C annotations, CSL-JSON, BibTeX, RIS and quotes.md of a bundle carry it."""

from __future__ import annotations

import json
import zipfile

from palmyra_archive.core.annotate.pages import page_label, passage_pages

from . import builders

FIRST = "The river rose by two metres overnight and the bridge at Carrow closed."
SECOND = "On the second day the water fell again and the council reopened the roads."
THIRD = "By the third morning the farmers counted the cost of the flooded fields."


def _import_report(archive, tmp_path):
    path = tmp_path / "flood-report.pdf"
    path.write_bytes(builders.pdf([["Flood report for the lower valley", "By Tom Field", FIRST],
                                   [SECOND], [THIRD]],
                                  title="Flood report for the lower valley", author="Tom Field"))
    report = archive.importer.import_paths([path])
    assert report.imported == 1, report.outcomes[0].message
    return report.outcomes[0].article_ids[0]


def test_passage_pages_rule():
    pages = [(1, 0, 40), (2, 42, 90), (3, 92, 120)]
    assert passage_pages(pages, 45, 60) == (2, 2)
    assert passage_pages(pages, 30, 50) == (1, 2)          # runs over the page break
    assert passage_pages(pages, 41, 50) == (2, 2)          # starts on the blank line between
    assert passage_pages(pages, 10, 20, body_offset=12) is None   # in the standfirst
    assert passage_pages(pages, 22, 32, body_offset=12) == (1, 1)
    assert passage_pages([], 0, 5) is None
    assert page_label("4") == "p. 4" and page_label("4–5") == "pp. 4–5" and page_label(None) == ""


def test_an_annotation_on_page_two_cites_it_in_every_export(archive, tmp_path):
    article_id = _import_report(archive, tmp_path)
    archive.annotations.create_from_quote(article_id, "the water fell again", note="Falling.")
    archive.annotations.create_from_quote(article_id, "bridge at Carrow closed")

    views = {v.exact: v for v in archive.annotations.for_article(article_id)}
    assert views["the water fell again"].page == "2"
    assert views["bridge at Carrow closed"].page == "1"
    listed = {v.exact: v.page for v in archive.annotations.list()}
    assert listed == {"the water fell again": "2", "bridge at Carrow closed": "1"}

    w3c = archive.annotations.to_w3c()
    items = {i["target"]["selector"][0]["exact"]: i for i in w3c["first"]["items"]}
    fragment = items["the water fell again"]["target"]["selector"][-1]
    assert fragment["type"] == "FragmentSelector" and fragment["value"] == "page=2"
    assert fragment["conformsTo"] == "http://tools.ietf.org/rfc/rfc3778"
    assert fragment["refinedBy"]["exact"] == "the water fell again"
    assert items["the water fell again"]["palmyra:page"] == "2"

    out = tmp_path / "bundle.zip"
    archive.exports.export_bundle("all", out)
    with zipfile.ZipFile(out) as z:
        names = {n.split("/data/", 1)[-1]: n for n in z.namelist()}

        def read(rel: str) -> str:
            return z.read(names[rel]).decode("utf-8")

        csl = json.loads(read("citations/references.json"))[0]
        assert csl["page"] == "1-3"
        assert csl["custom"]["palmyra-quoted-passages"] == [
            {"locator": "1", "label": "page", "exact": "bridge at Carrow closed"},
            {"locator": "2", "label": "page", "exact": "the water fell again"}]
        bib = read("citations/references.bib")
        assert "pages" in bib and "{1--3}" in bib
        assert "Quoted on p. 1: “bridge at Carrow closed”; p. 2: “the water fell again”" in bib
        ris = read("citations/references.ris")
        assert "SP  - 1\n" in ris and "EP  - 3\n" in ris
        assert "N1  - Quoted on p. 2: “the water fell again”" in ris
        quotes = read("quotes.md")
        key = csl["id"]
        assert f"— [@{key}, p. 2]" in quotes and f"— [@{key}, p. 1]" in quotes
        assert f"{key}, p. 2</cite>" in read("quotes.html")
        jsonld = json.loads(read("annotations.jsonld"))
        pages = sorted(i["palmyra:page"] for i in jsonld["first"]["items"])
        assert pages == ["1", "2"]


def test_a_text_source_has_no_pages_anywhere(archive, tmp_path):
    (tmp_path / "a.txt").write_text("A plain headline\n\nBy Ann Lee\n\nThe first paragraph of "
                                    "the plain story, long enough to be the body of it.\n",
                                    encoding="utf-8")
    report = archive.importer.import_paths([tmp_path / "a.txt"])
    article_id = report.outcomes[0].article_ids[0]
    archive.annotations.create_from_quote(article_id, "first paragraph")
    assert archive.annotations.for_article(article_id)[0].page is None
    item = archive.annotations.to_w3c()["first"]["items"][0]
    assert "palmyra:page" not in item
    assert all(s["type"] != "FragmentSelector" for s in item["target"]["selector"])


def test_the_annotations_panel_shows_the_page(qtbot, archive, tmp_path):
    from palmyra_archive.gui.annotations.panel import AnnotationPanel, tooltip

    article_id = _import_report(archive, tmp_path)
    archive.annotations.create_from_quote(article_id, "the farmers counted the cost")
    panel = AnnotationPanel()
    qtbot.addWidget(panel)
    panel.set_archive(archive)
    views = archive.annotations.for_article(article_id)
    panel.show_annotations(views, [])
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert any("the farmers counted the cost" in t and "p. 3" in t for t in texts), texts
    assert "On p. 3 of the PDF." in tooltip(views[0])
