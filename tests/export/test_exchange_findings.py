"""Issue #13's findings, each checked with the tool a reader on the other side would use:
pyld (JSON-LD expansion, offline, with the context the bag carries), the ``prov`` reference
library, rispy (Zotero-like RIS reading) and pandoc's citeproc (pypandoc-binary)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import article_id_for

from tests.export.conftest import unzip

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _data(bag: Path, rel: str) -> str:
    return (bag / "data" / rel).read_text(encoding="utf-8")


@pytest.fixture
def linked_quote_export(annotated_archive, tmp_path):
    """The corpus exported with one more annotation whose words carry link markup in the file."""
    moon = article_id_for(annotated_archive, "000_75c112bd7e1fc9de.txt")
    annotated_archive.annotations.create_from_quote(moon, "congratulated the Syrian government")
    out = tmp_path / "linked.zip"
    annotated_archive.exports.export_bundle("all", out)
    return annotated_archive, unzip(out, tmp_path / "linked")


def _offline_loader(bag: Path):
    """A pyld document loader that serves the bag's own files and refuses the network."""
    from pyld import jsonld

    def load(url, options=None):
        if url == W3C_CONTEXT:
            doc = json.loads(_data(bag, "contexts/anno.jsonld"))
            return {"contentType": "application/ld+json", "contextUrl": None,
                    "documentUrl": url, "document": doc}
        raise jsonld.JsonLdError(f"offline: {url} refused", "loading document failed")
    return load


def test_annotations_expand_offline_with_the_context_in_the_bag(exported):
    pyld = pytest.importorskip("pyld")
    from pyld import jsonld
    _archive, _zip, bag = exported
    doc = json.loads(_data(bag, "annotations.jsonld"))
    expanded = jsonld.expand(doc, {"documentLoader": _offline_loader(bag)})
    assert pyld and expanded
    flat = json.dumps(expanded)
    assert "http://www.w3.org/ns/oa#TextQuoteSelector" in flat
    assert "http://www.w3.org/ns/oa#hasTarget" in flat
    manifest = (bag / "manifest-sha256.txt").read_text(encoding="utf-8")
    assert "data/contexts/anno.jsonld" in manifest           # checksummed like every payload file


def test_every_annotation_is_placeable_in_the_file_it_names(linked_quote_export):
    _archive, bag = linked_quote_export
    items = json.loads(_data(bag, "annotations.jsonld"))["first"]["items"]
    assert len(items) == 4
    for item in items:
        sha = item["target"]["source"].removeprefix("urn:sha256:")
        text = next((bag / "data" / "sources").glob(f"{sha}.*")).read_bytes().decode("utf-8")
        selectors = {s["type"]: s for s in item["target"]["selector"]}
        position, quote = selectors["TextPositionSelector"], selectors["TextQuoteSelector"]
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert quote["exact"] in text
    linked = next(i for i in items if "congratulated" in json.dumps(i))
    quote = next(s for s in linked["target"]["selector"] if s["type"] == "TextQuoteSelector")
    assert quote["exact"] == "[congratulated](#) the Syrian government"


def test_prov_types_are_qualified_names_the_prov_library_understands(exported):
    from prov.model import PROV, ProvAgent, ProvDocument
    _archive, _zip, bag = exported
    doc = ProvDocument.deserialize(content=_data(bag, "provenance.json"), format="json")
    agents = {next(iter(a.get_attribute("prov:label"))): a for a in doc.get_records(ProvAgent)}
    assert PROV["SoftwareAgent"] in agents["importer"].get_asserted_types()
    outlet = agents["Mondialisation.ca"]
    assert all(not isinstance(t, str) for t in outlet.get_asserted_types())


def _entries(html: str) -> list[str]:
    import re
    return [re.sub(r"<[^>]+>", "", e) for e in re.findall(r'<div class="csl-entry">(.*?)</div>', html)]


EXPECTED = {
    "chicago-author-date": ("Moon of Alabama. 2016. “Syria: How The Palmyra Victory Changes the "
                            "Narrative.” Mondialisation.ca, March 31. First published by Moon of "
                            "Alabama on 28 March 2016."),
    "apa": ("Moon of Alabama. (2016, March 31). Syria: How The Palmyra Victory Changes the Narrative "
            "[First published by Moon of Alabama on 28 March 2016]. Mondialisation.ca."),
    "mla": ("Moon of Alabama. “Syria: How The Palmyra Victory Changes the Narrative.” "
            "Mondialisation.ca, 31 Mar. 2016. First published by Moon of Alabama on 28 March 2016."),
    "harvard": ("Moon of Alabama (2016) Syria: How The Palmyra Victory Changes the Narrative [First "
                "published by Moon of Alabama on 28 March 2016], Mondialisation.ca."),
}


@pytest.mark.parametrize("style", sorted(EXPECTED))
def test_read_in_x_first_published_by_y_reads_as_expected_in_every_style(annotated_archive, style):
    entries = _entries(annotated_archive.exports.preview("all", style=style).bibliography_html)
    assert EXPECTED[style] in entries
    mirzaei = next(e for e in entries if e.startswith("Mirzaei"))
    assert "First published by The Saker" in mirzaei
    assert "The Saker, December" not in mirzaei and "Original work published The Saker" not in mirzaei
    assert not any("March 28, March 31" in e for e in entries)


@pytest.mark.parametrize("style", ["chicago-author-date", "apa", "mla", "harvard"])
def test_bibliography_equals_pandoc_citeproc(exported, style):
    """The bundle's bibliography is what ``pandoc --citeproc`` prints from its references.json."""
    import re
    pypandoc = pytest.importorskip("pypandoc")
    from palmyra_archive.core.store.paths import resource
    archive, _zip, bag = exported
    refs = bag / "data" / "citations" / "references.json"
    out = pypandoc.convert_text('---\nnocite: "[@*]"\n---\n', "html", format="markdown", extra_args=[
        "--citeproc", f"--csl={resource('csl', style + '.csl')}", f"--bibliography={refs}", "--wrap=none"])
    theirs = [re.sub(r"<[^>]+>", "", e) for e in
              re.findall(r'<div id="ref-[^"]*" class="csl-entry"[^>]*>\s*(.*?)\s*</div>', out, re.S)]
    ours = _entries(archive.exports.preview("all", style=style).bibliography_html)
    assert ours == theirs and len(ours) == 5
    if style == "chicago-author-date":
        assert any(e.startswith("Mirzaei, Aram. 2016.") for e in ours)            # full given names
        assert any("Narrative.” Mondialisation.ca" in e for e in ours)             # stop inside quotes
        assert any("“Syria Audio Analysis: Why Palmyra Is Not Quite ‘Assad’s Victory’" in e
                   for e in ours)                                                   # nested quotes
        assert ours[0].startswith("Inside Syria")          # the entry with no author sorts by title


def test_biblatex_undated_works_fall_back_to_nd_and_the_original_is_printed(exported):
    """biblatex's label date is date → year → eventdate → origdate → urldate → "n.d.": an
    undated work must carry no urldate, or the access year prints as its year."""
    import bibtexparser
    _archive, _zip, bag = exported
    entries = {e.key: e.fields_dict for e in bibtexparser.parse_string(
        _data(bag, "citations/references.bib")).entries}
    omouggos = next(v for k, v in entries.items() if k.startswith("omouggos"))
    assert "date" not in omouggos and "urldate" not in omouggos and "origdate" not in omouggos
    assert "Accessed 20" in omouggos["note"].value                    # the access date is kept
    moon = next(v for k, v in entries.items() if k.startswith("moon"))
    assert moon["urldate"].value and moon["origpublisher"].value == "Moon of Alabama"
    assert "First published by Moon of Alabama on 28 March 2016" in moon["addendum"].value


def test_ris_keeps_original_date_and_evidence_where_pandoc_and_zotero_readers_keep_them(exported):
    import rispy
    pypandoc = pytest.importorskip("pypandoc")
    _archive, _zip, bag = exported
    ris_path = bag / "data" / "citations" / "references.ris"
    items = {i["id"]: i for i in json.loads(pypandoc.convert_file(str(ris_path), "csljson", format="ris"))}
    moon = next(v for k, v in items.items() if k.startswith("moon"))
    assert "first published by Moon of Alabama (2016-03-28)" in moon["abstract"]
    assert "La source originale de cet article est Moon of Alabama" in moon["abstract"]
    assert "Accessed 20" in moon["abstract"]
    records = {r["id"]: r for r in rispy.loads(ris_path.read_text(encoding="utf-8"))}
    zotero_like = next(v for k, v in records.items() if k.startswith("moon"))   # AB → abstract
    assert "first published by Moon of Alabama" in zotero_like["abstract"]
