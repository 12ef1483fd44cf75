"""Each format's content on the annotated corpus: what a colleague's software will read."""

from __future__ import annotations

import hashlib
import json

import bibtexparser
import pytest
import rispy
from conftest import article_id_for
from prov.model import ProvDocument

from palmyra_archive.core.export.citekeys import is_literal, key_stem, split_name
from palmyra_archive.core.export.safe_names import SafeNamer, is_safe_member, safe_stem
from palmyra_archive.core.export.scope import parse_scope
from palmyra_archive.core.store.errors import ValidationError


def _data(bag, rel):
    return (bag / "data" / rel).read_text(encoding="utf-8")


def _csl(bag):
    return {item["id"]: item for item in json.loads(_data(bag, "citations/references.json"))}


def test_citation_keys_are_readable_unique_and_stable(exported, tmp_path):
    archive, _zip, bag = exported
    keys = list(_csl(bag))
    assert len(keys) == len(set(keys)) == archive.articles.total_count()
    assert "mirzaei2016second" in keys
    assert any(k.startswith("moon2016syria") for k in keys)
    again = tmp_path / "again.zip"
    archive.exports.export_bundle("all", again)
    from tests.export.conftest import unzip
    assert list(_csl(unzip(again, tmp_path / "again"))) == keys


def test_republished_copy_is_cited_as_read_with_its_original(exported):
    archive, _zip, bag = exported
    moon = next(v for k, v in _csl(bag).items() if k.startswith("moon"))
    assert moon["author"] == [{"literal": "Moon of Alabama"}]
    assert moon["container-title"] == "Mondialisation.ca"
    assert moon["issued"] == {"date-parts": [[2016, 3, 31]]}
    assert moon["medium"] == "First published by Moon of Alabama on 28 March 2016"
    assert moon["custom"]["palmyra-original-publisher"] == "Moon of Alabama"
    assert moon["custom"]["palmyra-original-date"] == "2016-03-28"
    detail = archive.articles.get(article_id_for(archive, "000_75c112bd7e1fc9de.txt"))
    imported = archive.db.execute("SELECT imported_at FROM sources WHERE sha256 = ?",
                                  [detail.source.sha256]).fetchone()[0]
    assert moon["accessed"] == {"date-parts": [[int(p) for p in imported[:10].split("-")]]}
    assert moon["custom"]["palmyra-source-sha256"] == detail.source.sha256


def test_unknown_fields_are_left_out_and_people_are_split(exported):
    _archive, _zip, bag = exported
    items = _csl(bag)
    mirzaei = items["mirzaei2016second"]
    assert mirzaei["author"] == [{"family": "Mirzaei", "given": "Aram"}]
    undated = [i for i in items.values() if "issued" not in i]
    assert undated, "the corpus has undated copies; they must stay undated"
    for item in undated:
        assert "n.d." not in json.dumps(item)
    isms = next(i for i in items.values() if i.get("author") == [{"literal": "Inside Syria Media Center"}])
    if isms["custom"]["palmyra-title-status"] == "provisional":
        assert isms["title"].startswith("[") and "provisional" in isms["note"]


def test_bibtex_has_biblatex_fields_and_the_same_entries(exported):
    _archive, _zip, bag = exported
    library = bibtexparser.parse_string(_data(bag, "citations/references.bib"))
    assert not library.failed_blocks
    entries = {e.key: e for e in library.entries}
    assert set(entries) == set(_csl(bag))
    moon = next(v for k, v in entries.items() if k.startswith("moon"))
    assert moon.entry_type == "article"
    assert moon.fields_dict["author"].value == "{Moon of Alabama}"
    assert moon.fields_dict["origpublisher"].value == "Moon of Alabama"
    assert moon.fields_dict["origdate"].value == "2016-03-28"
    assert moon.fields_dict["journaltitle"].value == "Mondialisation.ca"
    assert "{Palmyra}" in moon.fields_dict["title"].value
    assert entries["mirzaei2016second"].fields_dict["author"].value == "Mirzaei, Aram"
    for key, item in _csl(bag).items():
        assert ("date" in entries[key].fields_dict) == ("issued" in item)


def test_ris_has_the_same_records_with_notes_on_the_original(exported):
    _archive, _zip, bag = exported
    records = {r["id"]: r for r in rispy.loads(_data(bag, "citations/references.ris"))}
    assert set(records) == set(_csl(bag))
    moon = next(v for k, v in records.items() if k.startswith("moon"))
    assert moon["authors"] == ["Moon of Alabama,"]
    assert moon["original_publication"] == "Moon of Alabama"
    assert any("first published by Moon of Alabama (2016-03-28)" in n for n in moon["notes"])
    assert moon["year"] == "2016" and moon["date"] == "2016/03/31/"


def test_bibliography_is_rendered_in_the_chosen_style(annotated_archive):
    chicago = annotated_archive.exports.preview("all", style="chicago-author-date")
    apa = annotated_archive.exports.preview("all", style="apa")
    assert "Mirzaei, Aram. 2016. <span>“The Second Fall of Palmyra" in chicago.bibliography_html
    assert "Mirzaei, A. (2016, December 30). <em>The second fall of Palmyra" in apa.bibliography_html
    assert "Mondialisation.ca" in chicago.bibliography_html
    assert chicago.article_count == annotated_archive.articles.total_count()
    with pytest.raises(ValidationError):
        annotated_archive.exports.preview("all", style="vancouver")


def test_quotes_carry_note_key_provenance_and_required_attribution(exported):
    _archive, _zip, bag = exported
    quotes = _data(bag, "quotes.md")
    moon_key = next(k for k in _csl(bag) if k.startswith("moon"))
    assert "> One important part of liberating Palmyra was the use of Russian electronic warfare equipment" in quotes
    assert "Framing: *technology* wins." in quotes
    assert "`framing/liberation`" in quotes
    assert f"[@{moon_key}]" in quotes
    assert "Read in Mondialisation.ca (2016-03-31); first published by Moon of Alabama (2016-03-28)" in quotes
    assert "require: source of the article, URL, hyperlink to the original article, copyright notice" in quotes
    html = _data(bag, "quotes.html")
    assert "Numbers from the Ministry; check." in html and "<blockquote>" in html


def test_rights_are_verbatim_in_their_language_with_plain_words(exported):
    archive, _zip, bag = exported
    rights = _data(bag, "RIGHTS.md")
    detail = archive.articles.get(article_id_for(archive, "000_75c112bd7e1fc9de.txt"))
    reprint = next(r for r in detail.rights if r.kind == "reprint_terms")
    first_line = reprint.text.splitlines()[0]
    assert "> " + first_line in rights
    assert "### Reprint terms (fr)" in rights
    assert "To republish this text you must follow Mondialisation.ca's reprint terms" in rights
    assert "assume all rights are reserved" in rights   # a copy that printed no terms


def test_annotations_target_the_source_by_hash(exported):
    _archive, _zip, bag = exported
    collection = json.loads(_data(bag, "annotations.jsonld"))
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == 3
    for item in items:
        sha = item["target"]["source"].removeprefix("urn:sha256:")
        source = next((bag / "data" / "sources").glob(f"{sha}.*"))
        assert hashlib.sha256(source.read_bytes()).hexdigest() == sha
        text = source.read_bytes().decode("utf-8")
        quote, position = item["target"]["selector"]      # the words stand verbatim in the file
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert text[:position["start"]].endswith(quote["prefix"])
    tagged = next(i for i in items if "Russian" in i["target"]["selector"][0]["exact"])
    assert {"type": "TextualBody", "value": "framing/liberation", "purpose": "tagging"} in tagged["body"]


def test_provenance_links_the_copy_to_its_original_with_evidence(exported):
    _archive, _zip, bag = exported
    doc = ProvDocument.deserialize(content=_data(bag, "provenance.json"), format="json")
    text = doc.get_provn()
    assert "La source originale de cet article est Moon of Alabama" in text
    assert "wasDerivedFrom" in text and "Mondialisation.ca" in text
    assert "palmyra:import" in text


def test_private_notes_can_be_left_out(annotated_archive, tmp_path):
    from palmyra_archive.core.export.payload import ExportOptions
    from tests.export.conftest import unzip
    out = tmp_path / "public.zip"
    annotated_archive.exports.export_bundle("all", out, options=ExportOptions(include_private_notes=False))
    bag = unzip(out, tmp_path / "public")
    everything = "".join(p.read_text(encoding="utf-8") for p in (bag / "data").rglob("*")
                         if p.is_file() and "sources" not in p.parts and p.suffix != ".qdpx")
    import zipfile
    with zipfile.ZipFile(bag / "data" / "exchange" / "project.qdpx") as qdpx:   # the QDA project too
        everything += "".join(qdpx.read(n).decode("utf-8") for n in qdpx.namelist())
    for secret in ("Framing: *technology* wins.", "Numbers from the Ministry", "liberation* frame",
                   "Compare March and December"):
        assert secret not in everything
    assert "One important part of liberating Palmyra" in everything   # the quotes stay


# -- small units ---------------------------------------------------------------------------

@pytest.mark.parametrize("name, literal", [
    ("Moon of Alabama", True), ("Inside Syria Media Center", True), ("omouggos", True),
    ("Aram Mirzaei", False), ("Ludwig van Beethoven", False), ("Global Research News", True)])
def test_organisations_and_pseudonyms_are_literal(name, literal):
    assert is_literal(name) is literal


def test_name_split_and_key_stem():
    assert split_name("Ludwig van Beethoven") == ("Ludwig", "van Beethoven")
    assert key_stem(["Aram Mirzaei"], None, "2016-12-30", "The second fall of Palmyra") == "mirzaei2016second"
    assert key_stem([], "Mondialisation.ca", None, None) == "mondialisationnd"
    assert key_stem([], None, None, "«Ça» ?") == "anonndca"


@pytest.mark.parametrize("title", ["../../etc/passwd", "a/b\\c", "\x00\x07bell\n", "CON", "." * 30,
                                   "x" * 500, "é" * 300, "", "  ", "name.zip/../"])
def test_safe_names_never_escape_and_stay_short(title):
    name = safe_stem(title)
    assert name and "/" not in name and "\\" not in name and ".." not in name.split("/")
    assert not name.startswith(".") and len(name.encode()) <= 80
    assert all(ord(ch) >= 32 for ch in name)
    assert name.lower() != "con"
    assert is_safe_member(f"bundle/data/{name}")


def test_safe_namer_makes_names_unique_case_insensitively():
    namer = SafeNamer()
    names = [namer.name(t, ".md") for t in ["Palmyra", "palmyra", "PALMYRA", "Palmyra"]]
    assert len({n.casefold() for n in names}) == 4


@pytest.mark.parametrize("member, safe", [("a/b.txt", True), ("../x", False), ("/etc/x", False),
                                          ("a/../../x", False), ("C:/x", False), ("\\x", False)])
def test_zip_member_names(member, safe):
    assert is_safe_member(member) is safe


def test_scopes_parse_or_explain():
    assert parse_scope("all").kind == "all"
    assert parse_scope("ids:3, 5,3").ids == (3, 5)
    assert parse_scope("tag:framing/liberation").value == "framing/liberation"
    assert parse_scope("collection:Draft paper").value == "Draft paper"
    assert parse_scope("search:Palmyra OR Tadmur").value == "Palmyra OR Tadmur"
    for bad in ("", "everything", "ids:", "ids:a,b", "tag:"):
        with pytest.raises(ValidationError):
            parse_scope(bad)


def test_bibliography_is_in_the_styles_order_and_prints_a_substituted_title_once(corpus_archive):
    import re
    html = corpus_archive.exports.preview("all", style="chicago-author-date").bibliography_html
    entries = re.findall(r'<div class="csl-entry">(.*?)</div>', html)
    assert len(entries) == corpus_archive.articles.total_count()
    untitled_author = next(e for e in entries if "Syria Audio Analysis" in e)
    assert untitled_author.count("Syria Audio Analysis") == 1
    firsts = [re.sub(r"<[^>]+>|[“”\"]", "", e).casefold() for e in entries]
    assert firsts == sorted(firsts)


def test_bundle_annotations_are_the_items_the_cli_exports(exported):
    """One W3C exporter: a bundle's items are the ones ``annotations --json`` prints (same URNs)."""
    archive, _zip, bag = exported
    bundled = json.loads(_data(bag, "annotations.jsonld"))["first"]["items"]
    printed = archive.annotations.to_w3c()["first"]["items"]
    assert sorted(bundled, key=lambda i: i["id"]) == sorted(printed, key=lambda i: i["id"])
    uuid = archive.db.execute("SELECT value FROM archive_info WHERE key = 'uuid'").fetchone()[0]
    assert all(i["id"].startswith(f"urn:palmyra:annotation:{uuid}:") for i in bundled)


def test_exporting_does_not_write_to_the_archive(annotated_archive, tmp_path):
    before = annotated_archive.db.execute("SELECT count(*), max(id) FROM events").fetchone()
    annotated_archive.exports.export_bundle("all", tmp_path / "b.zip")
    assert annotated_archive.db.execute("SELECT count(*), max(id) FROM events").fetchone() == before


def typed_iso(parts: list[int]) -> str:
    return "-".join([str(parts[0])] + [f"{p:02d}" for p in parts[1:]])


@pytest.mark.parametrize("typed, parts, biblatex, ris_year, ris_date", [
    ("March 2016", [2016, 3], "2016-03", "2016", "2016/03//"),
    ("2016", [2016], "2016", "2016", "2016///")])
def test_month_and_year_dates_are_exported_at_their_precision(annotated_archive, tmp_path, typed,
                                                              parts, biblatex, ris_year, ris_date):
    """#16: a date with no day is cited with no day, in each format."""
    archive = annotated_archive
    moon = article_id_for(archive, "000_75c112bd7e1fc9de.txt")
    archive.articles.correct(moon, date=typed, original_date=typed)
    from tests.export.conftest import unzip
    out = tmp_path / "bundle.zip"
    archive.exports.export_bundle("all", out)
    bag = unzip(out, tmp_path / "unzipped")
    key, item = next((k, v) for k, v in _csl(bag).items() if k.startswith("moon"))
    assert item["issued"] == {"date-parts": [parts]}
    assert item["custom"]["palmyra-original-date"] == typed_iso(parts)
    entry = {e.key: e for e in bibtexparser.parse_string(
        _data(bag, "citations/references.bib")).entries}[key]
    assert entry.fields_dict["date"].value == biblatex
    assert entry.fields_dict["origdate"].value == biblatex
    record = {r["id"]: r for r in rispy.loads(_data(bag, "citations/references.ris"))}[key]
    assert record["year"] == ris_year and record["date"] == ris_date
