"""Importing a REFI-QDA project: sources through the importer, codes as tags, coded selections
as annotations re-anchored in the parsed text, memos as notes, orphans kept, idempotent."""

from __future__ import annotations

import zipfile

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.exchange.qdpx_import import import_qdpx

TEXT = ("Aleppo water talks stall again\n\nBy Lina Haddad\n\nNegotiators met in Geneva on Monday "
        "but left without agreement on the water pumping station east of the city. Residents "
        "said the taps had been dry for eleven days.\n\nA second round is planned for next week.\n")


def _qde(text: str) -> str:
    dry = text.index("the taps had been dry for eleven days")
    geneva = text.index("Negotiators met in Geneva")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Water study" origin="QualCoder 3.5"
         creatingUserGUID="9b0d3c3e-1111-4a2b-9c3d-000000000001">
  <Users><User guid="9b0d3c3e-1111-4a2b-9c3d-000000000001" name="lina"/></Users>
  <CodeBook><Codes>
    <Code guid="9b0d3c3e-1111-4a2b-9c3d-0000000000c1" name="infrastructure" isCodable="true">
      <Code guid="9b0d3c3e-1111-4a2b-9c3d-0000000000c2" name="water" isCodable="true"/>
    </Code>
    <Code guid="9b0d3c3e-1111-4a2b-9c3d-0000000000c3" name="diplomacy" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="9b0d3c3e-1111-4a2b-9c3d-0000000000s1" name="aleppo-water.txt"
                plainTextPath="internal://aleppo-water.txt">
      <PlainTextSelection guid="9b0d3c3e-1111-4a2b-9c3d-0000000000a1" name="dry taps"
                          startPosition="{dry}" endPosition="{dry + 37}">
        <Coding guid="9b0d3c3e-1111-4a2b-9c3d-0000000000d1">
          <CodeRef targetGUID="9b0d3c3e-1111-4a2b-9c3d-0000000000c2"/></Coding>
        <NoteRef targetGUID="9b0d3c3e-1111-4a2b-9c3d-0000000000n1"/>
      </PlainTextSelection>
      <PlainTextSelection guid="9b0d3c3e-1111-4a2b-9c3d-0000000000a2" name="headline"
                          startPosition="0" endPosition="30"/>
      <PlainTextSelection guid="9b0d3c3e-1111-4a2b-9c3d-0000000000a3" name="geneva"
                          startPosition="{geneva}" endPosition="{geneva + 25}">
        <Coding guid="9b0d3c3e-1111-4a2b-9c3d-0000000000d2">
          <CodeRef targetGUID="9b0d3c3e-1111-4a2b-9c3d-0000000000c3"/></Coding>
      </PlainTextSelection>
      <Coding guid="9b0d3c3e-1111-4a2b-9c3d-0000000000d3">
        <CodeRef targetGUID="9b0d3c3e-1111-4a2b-9c3d-0000000000c1"/></Coding>
      <NoteRef targetGUID="9b0d3c3e-1111-4a2b-9c3d-0000000000n2"/>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="9b0d3c3e-1111-4a2b-9c3d-0000000000n1" name="memo"><PlainTextContent>Eleven days: check against OCHA.</PlainTextContent></Note>
    <Note guid="9b0d3c3e-1111-4a2b-9c3d-0000000000n2" name="Source memo"><PlainTextContent>Haddad writes for a local paper.</PlainTextContent></Note>
  </Notes>
</Project>
""".replace("0000000000s1", "00000000005a")


def _project(tmp_path, text=TEXT):
    path = tmp_path / "water.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", _qde(text))
        zf.writestr("Sources/aleppo-water.txt", text)
    return path


def test_a_qualcoder_project_comes_in_as_articles_tags_annotations_and_notes(archive, tmp_path):
    path = _project(tmp_path)
    report = import_qdpx(archive, path)
    assert (report.articles, report.annotations) == (1, 2), report.message
    assert report.orphans == 1 and report.problems == []   # the headline is not annotatable text
    assert any(n.body.startswith("> Aleppo water talks stall again") for n in archive.notes.all())
    article_id = archive.db.execute("SELECT id FROM articles").fetchone()[0]
    assert "infrastructure" in archive.tags.for_article(article_id)
    detail = archive.articles.get(article_id)
    anns = {a.exact: a for a in archive.annotations.for_article(article_id)}
    dry = anns["the taps had been dry for eleven days"]
    assert dry.note == "Eleven days: check against OCHA." and dry.tags == ["infrastructure/water"]
    assert anns["Negotiators met in Geneva"].tags == ["diplomacy"]
    assert "the taps had been dry for eleven days" in detail.body
    assert any(n.body == "Haddad writes for a local paper." for n in archive.notes.all())
    again = import_qdpx(archive, path)
    assert again.message == "The QDA project is already in this archive; nothing changed."


def test_our_own_qdpx_opens_in_a_fresh_archive(exported, tmp_path):
    archive, _zip, bag = exported
    with Archive.open(tmp_path / "fresh.palmyra.sqlite") as fresh:
        report = import_qdpx(fresh, bag / "data" / "exchange" / "project.qdpx")
        assert report.articles == archive.articles.total_count()
        assert report.annotations == 3 and report.orphans == 0, report.message
        quotes = {r[0] for r in fresh.db.execute("SELECT exact FROM annotations")}
        theirs = {r[0] for r in archive.db.execute("SELECT exact FROM annotations")}
        assert quotes == theirs
        assert "framing/liberation" in {t.path for t in fresh.tags.all()}


def test_the_cli_imports_a_project_and_refuses_bad_input_in_one_sentence(archive, tmp_path, capsys):
    from palmyra_archive.cli import main
    path = _project(tmp_path)
    assert main(["--archive", str(archive.path), "import-qdpx", str(path)]) == 0
    assert "1 new article(s), 2 annotation(s)" in capsys.readouterr().out
    bad = tmp_path / "broken.qdpx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    code = main(["--archive", str(archive.path), "import-qdpx", str(bad)])
    err = capsys.readouterr().err
    assert code != 0 and "broken.qdpx" in err and "Traceback" not in err
    assert main(["--archive", str(archive.path), "import-qdpx", str(tmp_path / "none.qdpx")]) != 0
    assert "There is no file at" in capsys.readouterr().err
