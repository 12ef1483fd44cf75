"""Front matter (``---`` YAML, Hugo's ``+++`` TOML) is read as metadata with its evidence,
never as the title or the body, and a block that does not read is a needs-review reason (#16)."""

from __future__ import annotations

from palmyra_archive.core.ingest.parse import parse_document

JEKYLL = """---
title: "Water rights in the Orontes valley"
author: Leila Haddad
date: 2016-03-14
source: Levant Weekly
original_url: https://levant-weekly.example/2016/03/orontes
tags: [water, agriculture]
---

Farmers along the Orontes say the new dam has halved their summer flow.

The ministry disputes the figures, pointing to a survey published last year.
"""


def _read(text: str, name: str = "note.md"):
    doc = parse_document(name, text.encode("utf-8"))
    return doc, doc.articles[0]


def _at(doc, span) -> str:
    return doc.text[span.start:span.end]


def test_yaml_keys_are_the_metadata_with_their_lines_as_evidence():
    doc, article = _read(JEKYLL)
    assert article.title.value == "Water rights in the Orontes valley"
    assert _at(doc, article.title.span) == 'title: "Water rights in the Orontes valley"'
    assert article.title.method == "front-matter:title" and article.title.status == "printed"
    assert article.authors.value == ["Leila Haddad"]
    assert _at(doc, article.authors.span) == "author: Leila Haddad"
    assert article.date.value == "2016-03-14" and _at(doc, article.date.span) == "date: 2016-03-14"
    assert article.body.startswith("Farmers along the Orontes")
    assert "---" not in article.body and "title:" not in article.body
    header = article.regions[0]
    assert header.kind == "header" and _at(doc, header.span).startswith("---\ntitle:")
    assert _at(doc, header.span).endswith("---")
    assert all(r.span.start >= header.span.end for r in article.regions[1:])
    assert {"title", "authors", "date"}.isdisjoint(article.needs_review)


def test_source_and_original_url_are_one_hop_with_both_lines_as_evidence():
    doc, article = _read(JEKYLL)
    [hop] = article.republications
    assert hop.from_outlet == "Levant Weekly" and hop.is_original and hop.hop == 1
    assert hop.method == "front-matter:source" and _at(doc, hop.span) == "source: Levant Weekly"
    assert "https://levant-weekly.example/2016/03/orontes" in hop.evidence


def test_an_original_url_of_another_site_is_the_original_beyond_the_source():
    doc, article = _read(JEKYLL.replace("levant-weekly.example", "www.moonofalabama.org"))
    nearer, original = article.republications
    assert (nearer.from_outlet, nearer.hop, nearer.is_original) == ("Levant Weekly", 1, False)
    # a host the outlet data knows is named as the outlet, else the host itself
    assert (original.from_outlet, original.hop, original.is_original) == ("Moon of Alabama", 2, True)
    assert original.relation == "original_source" and original.evidence.startswith("original_url:")


def test_tags_become_site_tags_on_import(archive):
    outcome = archive.importer.import_bytes("note.md", JEKYLL.encode("utf-8"))
    [article_id] = outcome.article_ids
    assert set(archive.tags.for_article(article_id)) == {"site:Tags/water", "site:Tags/agriculture"}
    detail = archive.articles.get(article_id)
    assert detail.title == "Water rights in the Orontes valley"
    assert detail.original.outlet == "Levant Weekly"
    assert not detail.body.startswith("---")


def test_a_heading_repeating_the_title_stays_out_of_the_body_and_a_first_paragraph_stays_in():
    text = JEKYLL.replace("---\n\nFarmers", "---\n\n# Water rights in the Orontes valley\n\nFarmers")
    _doc, article = _read(text)
    assert article.title.value == "Water rights in the Orontes valley"
    assert article.body.startswith("Farmers along")
    short = "---\ntitle: Dams and drought\n---\n\nA short first line\n\nThe second paragraph goes on.\n"
    _doc, article = _read(short)
    assert article.title.value == "Dams and drought"
    assert article.body.startswith("A short first line")


def test_authors_lists_partial_dates_and_hugo_toml():
    _doc, article = _read("---\nauthors:\n  - Leila Haddad\n  - name: Omar Said\ndate: March 2016\n"
                          "categories: Water, Farming\n---\nThe text of the piece.\n")
    assert article.authors.value == ["Leila Haddad", "Omar Said"]
    assert article.date.value == "2016-03" and article.date_as_printed == "March 2016"
    assert article.site_sections == {"Categories": ["Water", "Farming"]}
    doc, article = _read('+++\ntitle = "Dams and drought"\ndate = 2016\nauthor = "Leila Haddad"\n'
                         '+++\r\nThe text of the piece.\n', "post.md")
    assert (article.title.value, article.date.value) == ("Dams and drought", "2016")
    assert _at(doc, article.title.span) == 'title = "Dams and drought"'
    assert article.body == "The text of the piece."


def test_crlf_front_matter_keeps_its_offsets():
    doc, article = _read(JEKYLL.replace("\n", "\r\n"))
    assert _at(doc, article.authors.span) == "author: Leila Haddad"
    assert article.body.startswith("Farmers")


def test_unreadable_front_matter_is_a_reason_to_review_never_a_crash_nor_body():
    broken = '---\ntitle: "Water rights\nauthor: [Leila\n---\n\nFarmers along the Orontes.\n'
    _doc, article = _read(broken)
    [reason] = [r for r in article.needs_review if r.startswith("front matter not read")]
    assert "YAML" in reason
    assert article.body == "Farmers along the Orontes." and "title" in article.needs_review
    hostile = '---\ntitle: !!python/object/apply:os.system ["touch /tmp/pwned-by-front-matter"]\n---\nText.\n'
    _doc, article = _read(hostile)
    assert any(r.startswith("front matter not read") for r in article.needs_review)
    bad_date = _read("---\ntitle: Dams\ndate: next tuesday\n---\nText here.\n")[1]
    assert "front matter date: “next tuesday” is not a date" in bad_date.needs_review
    assert "date" in bad_date.needs_review and bad_date.date.value is None


def test_rules_around_a_paragraph_are_not_front_matter():
    text = "---\nA paragraph between two rules, with no keys at all.\n---\n\nMore text.\n"
    _doc, article = _read(text)
    assert "A paragraph between two rules" in (article.title.value or "") + article.body
    assert not any(r.startswith("front matter") for r in article.needs_review)


def test_a_month_date_from_front_matter_is_cited_without_a_day(archive, tmp_path):
    import json

    import bibtexparser
    import rispy

    from tests.export.conftest import unzip

    text = JEKYLL.replace("date: 2016-03-14", "date: March 2016")
    [article_id] = archive.importer.import_bytes("note.md", text.encode("utf-8")).article_ids
    assert archive.articles.get(article_id).date == "2016-03"
    out = tmp_path / "bundle.zip"
    archive.exports.export_bundle("all", out)
    data = unzip(out, tmp_path / "unzipped") / "data" / "citations"
    [item] = json.loads((data / "references.json").read_text("utf-8"))
    assert item["issued"] == {"date-parts": [[2016, 3]]}
    [entry] = bibtexparser.parse_string((data / "references.bib").read_text("utf-8")).entries
    assert entry.fields_dict["date"].value == "2016-03"
    [record] = rispy.loads((data / "references.ris").read_text("utf-8"))
    assert record["date"] == "2016/03//"
