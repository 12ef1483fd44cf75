"""A Zotero RDF export (the .rdf and its files/ folder) comes in with its snapshots read by the
readers (#10): the HTML snapshot and the PDF become the copies, an item without a file is
citation-only, and a file named outside the export is never opened."""

from __future__ import annotations

from palmyra_archive.core.exchange.zotero import import_zotero
from palmyra_archive.core.exchange.zotero_rdf import read_rdf
from tests.ingest.readers import builders

SNAPSHOT = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Water talks in Geneva end without a deal | Levant Ledger</title>
<meta property="og:site_name" content="Levant Ledger"></head><body>
<nav><a href="/">Home</a> <a href="/region">Region</a></nav>
<article><h1>Water talks in Geneva end without a deal</h1>
<p>Negotiators left Geneva on Wednesday without agreeing how to share the river's water.</p>
<p>In the villages downstream, residents said the taps had been dry for eleven days in a row.</p>
<p>A second round is planned for next week, officials said, though no date has been set.</p>
</article><footer>© Levant Ledger</footer></body></html>"""

PDF_LINES = ["Palmyra museum reopens its doors", "By Omar Saleh",
             "The museum in Palmyra reopened on Sunday after restorers repaired the main hall.",
             "Visitors queued from early morning to see the restored funerary busts."]

RDF = """<rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns:z="http://www.zotero.org/namespaces/export#"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:dcterms="http://purl.org/dc/terms/"
 xmlns:bib="http://purl.org/net/biblio#"
 xmlns:foaf="http://xmlns.com/foaf/0.1/"
 xmlns:link="http://purl.org/rss/1.0/modules/link/">
    <bib:Document rdf:about="https://levant-ledger.example/2024/05/water-talks">
        <z:itemType>webpage</z:itemType>
        <dcterms:isPartOf><z:Website><dc:title>Levant Ledger</dc:title></z:Website></dcterms:isPartOf>
        <bib:authors><rdf:Seq><rdf:li><foaf:Person>
            <foaf:surname>Haddad</foaf:surname><foaf:givenName>Lina</foaf:givenName>
        </foaf:Person></rdf:li></rdf:Seq></bib:authors>
        <link:link rdf:resource="#item_2"/>
        <dc:subject>water</dc:subject>
        <dc:subject><z:AutomaticTag><rdf:value>geneva</rdf:value></z:AutomaticTag></dc:subject>
        <dcterms:isReferencedBy rdf:resource="#item_3"/>
        <dc:title>Water talks in Geneva end without a deal</dc:title>
        <dc:date>May 1, 2024</dc:date>
        <dc:identifier><dcterms:URI><rdf:value>https://levant-ledger.example/2024/05/water-talks</rdf:value></dcterms:URI></dc:identifier>
    </bib:Document>
    <z:Attachment rdf:about="#item_2">
        <z:itemType>attachment</z:itemType>
        <rdf:resource rdf:resource="files/2/water-talks.html"/>
        <dc:title>Snapshot</dc:title>
        <link:type>text/html</link:type>
    </z:Attachment>
    <bib:Memo rdf:about="#item_3"><rdf:value>&lt;p&gt;Compare with the &lt;b&gt;OCHA&lt;/b&gt; figures.&lt;/p&gt;</rdf:value></bib:Memo>
    <bib:Article rdf:about="#item_4">
        <z:itemType>newspaperArticle</z:itemType>
        <dcterms:isPartOf><bib:Periodical><dc:title>The Desert Review</dc:title></bib:Periodical></dcterms:isPartOf>
        <link:link rdf:resource="#item_5"/>
        <link:link rdf:resource="#item_7"/>
        <dc:title>Palmyra museum reopens its doors</dc:title>
        <dc:date>2019-10</dc:date>
    </bib:Article>
    <z:Attachment rdf:about="#item_5">
        <z:itemType>attachment</z:itemType>
        <rdf:resource rdf:resource="files/5/museum.pdf"/>
        <link:type>application/pdf</link:type>
    </z:Attachment>
    <z:Attachment rdf:about="#item_7">
        <z:itemType>attachment</z:itemType>
        <rdf:resource rdf:resource="../outside.html"/>
        <link:type>text/html</link:type>
    </z:Attachment>
    <bib:Document rdf:about="https://blog.example/tadmur">
        <z:itemType>webpage</z:itemType>
        <dc:title>Notes on the Tadmur road</dc:title>
    </bib:Document>
</rdf:RDF>
"""


def _export(tmp_path):
    folder = tmp_path / "Exported Items"
    (folder / "files" / "2").mkdir(parents=True)
    (folder / "files" / "5").mkdir(parents=True)
    (folder / "files" / "2" / "water-talks.html").write_text(SNAPSHOT, encoding="utf-8")
    (folder / "files" / "5" / "museum.pdf").write_bytes(builders.pdf([PDF_LINES]))
    (tmp_path / "outside.html").write_text("<html><body><p>never read</p></body></html>")
    rdf = folder / "Exported Items.rdf"
    rdf.write_text(RDF, encoding="utf-8")
    return rdf


def _by_title(archive, words):
    for (article_id,) in archive.db.execute("SELECT id FROM articles ORDER BY id"):
        if words in (archive.articles.get(article_id).title or ""):
            return archive.articles.get(article_id)
    raise AssertionError(words)


def test_the_rdf_is_read_into_items(tmp_path):
    items = {i["fields"]["title"]: i for i in read_rdf(_export(tmp_path))}
    water = items["Water talks in Geneva end without a deal"]
    assert water["creators"] == ["Lina Haddad"] and water["tags"] == ["water", "geneva"]
    assert water["fields"]["date"] == "2024-05-01"
    assert water["fields"]["publicationTitle"] == "Levant Ledger"
    assert water["notes"] == ["Compare with the OCHA figures."]
    assert [f.name for f, _t in water["snapshots"]] == ["water-talks.html"]
    museum = items["Palmyra museum reopens its doors"]
    assert [(f.name, t) for f, t in museum["snapshots"]] == [("museum.pdf", "application/pdf")]
    assert museum["fields"]["date"] == "2019-10-00"
    assert items["Notes on the Tadmur road"]["snapshots"] == []


def test_snapshots_become_the_copies_through_the_readers(archive, tmp_path):
    rdf = _export(tmp_path)
    report = import_zotero(archive, rdf)
    assert report.items == 3 and report.citation_only == 1, report.reasons
    water = _by_title(archive, "Water talks in Geneva")
    assert water.format == "html"
    assert "taps had been dry for eleven days" in water.body and "Citation only" not in water.body
    assert {"water", "geneva"} <= set(archive.tags.for_article(water.id))
    assert any(n.body == "Compare with the OCHA figures." for n in archive.notes.all())
    museum = _by_title(archive, "Palmyra museum reopens")
    assert museum.format == "pdf" and "restored funerary busts" in museum.body
    assert [p.page for p in museum.pages] == [1]
    assert museum.outlet == "The Desert Review" and museum.date == "2019-10"
    bare = _by_title(archive, "Notes on the Tadmur road")
    assert "Citation only" in bare.body and "it has no snapshot" in bare.body
    stored = [r[0] for r in archive.db.execute("SELECT filename FROM sources")]
    assert "outside.html" not in stored
    again = import_zotero(archive, rdf)
    assert again.message.endswith("nothing changed."), again.message


def test_a_file_that_is_not_a_zotero_export_is_one_sentence(archive, tmp_path):
    import pytest

    from palmyra_archive.core.store.errors import ValidationError
    path = tmp_path / "notes.rdf"
    path.write_text("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/>")
    with pytest.raises(ValidationError, match="is not a Zotero RDF export"):
        import_zotero(archive, path)


def test_the_cli_imports_a_zotero_rdf_export(tmp_path, capsys):
    from palmyra_archive.cli import main
    rdf = _export(tmp_path)
    assert main(["--archive", str(tmp_path / "a.palmyra.sqlite"), "import-zotero", str(rdf)]) == 0
    out = capsys.readouterr().out
    assert "Imported the Zotero library: 3 item(s)" in out and "1 citation-only entry" in out
