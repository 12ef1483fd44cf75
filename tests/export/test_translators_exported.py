"""A translator the copy names ("Translated from the French by Y", read by #12) is exported as
a translator, never as an author: CSL's ``translator`` variable, biblatex's ``translator``
field, and the rendered bibliography says "Translated by"."""

from __future__ import annotations

import re

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.export import bibliography, bibtex, csl_json
from palmyra_archive.core.export.citekeys import assign_keys
from palmyra_archive.core.export.collect import collect
from tests.ingest.layouts.test_layout_store import HEAD_PAGE


def _records(tmp_path, text):
    page = tmp_path / "head.txt"
    page.write_text(text, encoding="utf-8")
    archive = Archive.open(tmp_path / "a.palmyra.sqlite")
    archive.importer.import_paths([page])
    with archive.exports._snapshot() as db:
        data = collect(db, archive.exports.resolve("all"), include_notes=False)
        outlets = frozenset(r[0].casefold() for r in db.execute("SELECT name FROM outlets"))
        assign_keys(data.articles, outlets)
    archive.close()
    return data.articles, outlets


def test_the_translator_is_a_csl_translator_and_a_biblatex_translator(tmp_path):
    articles, outlets = _records(tmp_path, HEAD_PAGE)
    item = csl_json.csl_items(articles, outlets)[0]
    assert [a["family"] for a in item["author"]] == ["Lee", "Stone"]
    assert item["translator"] == [{"family": "Roy", "given": "Paul"}]
    entry = bibtex.bibtex(articles, outlets)
    fields = dict(re.findall(r"^  (\w+)\s*= \{(.*)\},?$", entry, re.MULTILINE))
    assert fields["translator"] == "Roy, Paul"
    assert "Roy" not in fields["author"]
    rendered = bibliography.render_html_entries([item], "chicago-author-date")[0]
    assert "Translated by Paul Roy" in rendered


def test_a_copy_without_a_translator_line_has_none(tmp_path):
    text = HEAD_PAGE.replace("Translated from the French by Paul Roy\n\n", "")
    articles, outlets = _records(tmp_path, text)
    assert "translator" not in csl_json.csl_items(articles, outlets)[0]
    assert not re.search(r"^  translator\s*=", bibtex.bibtex(articles, outlets), re.MULTILINE)
