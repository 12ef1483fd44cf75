"""Issue #13: Hypothesis annotations in (``import-hypothesis FILE``), onto the copies captured
from the same pages, re-anchored by the existing anchoring, orphans kept with their reason."""

from __future__ import annotations

import json

import pytest

from palmyra_archive.core.exchange.hypothesis import (
    HYPOTHESIS_URL,
    import_hypothesis,
    normalise_url,
    read_export,
)
from palmyra_archive.core.store.errors import Cancelled, ValidationError
from palmyra_archive.core.store.tasks import CancelToken
from tests.exchange import hypothesis_fixture as hf


@pytest.fixture
def pages_archive(archive, tmp_path):
    hf.build_archive(archive, tmp_path / "pages")
    return archive


@pytest.fixture
def export(tmp_path):
    return hf.write_export(tmp_path / "hypothesis-export.json")


def _rows(archive) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in archive.db.execute(
        "SELECT hypothesis_id, status, reason, annotation_id, note_id FROM hypothesis_annotations")}


def test_each_row_becomes_what_it_is(pages_archive, export):
    report = import_hypothesis(pages_archive, export)
    rows, ids = _rows(pages_archive), hf.ids()
    assert {key: rows[ids[key]][0] for key in ids} == hf.EXPECTED
    assert (report.placed, report.fuzzy, report.orphans, report.not_placed, report.notes) == (2, 1, 1, 1, 2)
    exact = pages_archive.annotations.get(rows[ids["exact"]][2])
    assert exact.exact == "ending a strike that had halted container traffic for nine days"
    assert exact.note == "Nine days, not *ten* as the wire had it."
    assert exact.tags == ["harbour", "labour/strikes"]
    assert (exact.created_at, exact.updated_at) == ("2024-03-14T09:12:44Z", "2024-03-15T17:03:10Z")
    assert exact.anchor_status == "anchored"
    detail = pages_archive.articles.get(exact.article_id)
    assert detail.body[exact.start:exact.end] == exact.exact


def test_the_web_archive_copy_is_found_by_its_capture_url(pages_archive, export):
    import_hypothesis(pages_archive, export)
    warc = pages_archive.annotations.get(_rows(pages_archive)[hf.ids()["warc"]][2])
    assert warc.exact == hf.BLOG.paragraphs[2][:80] and warc.tags == ["site:jura"]
    assert "Le Courrier" in (warc.outlet or "") or warc.article_title == hf.BLOG.title


def test_a_fuzzy_placement_is_proposed_not_shown_as_certain(pages_archive, export):
    import_hypothesis(pages_archive, export)
    status, reason, annotation_id, _ = _rows(pages_archive)[hf.ids()["fuzzy"]]
    fuzzy = pages_archive.annotations.get(annotation_id)
    assert fuzzy.anchor_status == "fuzzy" and "to be checked" in reason
    assert fuzzy.exact == "the best it could get without losing the winter season"   # the copy's words


def test_orphans_stay_visible_with_their_reason(pages_archive, export):
    report = import_hypothesis(pages_archive, export)
    rows, ids = _rows(pages_archive), hf.ids()
    orphans = pages_archive.annotations.orphans()
    assert [o.exact for o in orphans] == ["The mayor called the agreement a victory for common sense."]
    assert orphans[0].note == "This sentence was in the first version of the page."
    assert "not in the text of the copy" in rows[ids["lost"]][1]
    note = pages_archive.notes.get(rows[ids["elsewhere"]][3])
    assert note.title == "Hypothesis annotation not placed: Port reopens"
    assert "> The port reopened on Wednesday morning" in note.body
    assert "Not placed: no copy in this archive was captured from https://other-paper.example" in note.body
    assert any("common sense" in p and "not in the text" in p for p in report.problems)
    assert any("port-reopens" in p and "not placed" in p for p in report.problems)


def test_page_notes_and_replies_become_research_notes(pages_archive, export):
    import_hypothesis(pages_archive, export)
    rows, ids = _rows(pages_archive), hf.ids()
    page = pages_archive.notes.get(rows[ids["page"]][3])
    article = pages_archive.annotations.get(rows[ids["exact"]][2]).article_id
    assert page.title == f"Hypothesis page note on {hf.HARBOUR.title}"
    assert "Whole page: compare with the wire copy." in page.body
    assert "to-check" in pages_archive.tags.for_article(article)
    reply = pages_archive.notes.get(rows[ids["reply"]][3])
    assert reply.title == "Hypothesis reply by mquint_research@hypothes.is"
    assert rows[ids["exact"]][2] in reply.annotation_ids


def test_a_second_import_adds_nothing(pages_archive, export):
    import_hypothesis(pages_archive, export)
    counts = lambda: [pages_archive.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: E731
                      for t in ("annotations", "notes", "annotation_tags", "article_tags", "events")]
    before = counts()
    report = import_hypothesis(pages_archive, export)
    assert counts() == before
    assert report.unchanged == 7 and "already in this archive; nothing changed" in report.message


def test_the_row_is_kept_as_exported_and_published_under_its_hypothesis_id(pages_archive, export):
    import_hypothesis(pages_archive, export)
    ident = hf.ids()["exact"]
    data, annotation_id = pages_archive.db.execute(
        "SELECT data, annotation_id FROM hypothesis_annotations WHERE hypothesis_id = ?", [ident]).fetchone()
    assert json.loads(data) == hf.rows()[0]
    doc = pages_archive.annotations.to_w3c([annotation_id])
    assert doc["first"]["items"][0]["id"] == HYPOTHESIS_URL.format(ident)


def test_a_copy_found_by_the_url_the_user_gave_it(archive, tmp_path):
    outcome = archive.importer.import_bytes(
        "harbour.txt", ("Harbour strike ends after nine days\n\nBy Mara Quint\n\n"
                        + "\n\n".join(hf.HARBOUR.paragraphs) + "\n").encode("utf-8"))
    article = outcome.article_ids[0]
    archive.citation_fields.set(article, url=hf.HARBOUR_URL + "/")
    export = tmp_path / "one.json"
    export.write_text(json.dumps([hf.rows()[0]]), encoding="utf-8")
    report = import_hypothesis(archive, export)
    assert report.placed == 1 and report.article_ids == [article]


@pytest.mark.parametrize("a, b", [
    ("https://Example.org/a/b/?utm_source=x&utm_medium=y#top", "https://example.org/a/b"),
    ("http://example.org/a/b", "https://example.org/a/b/"),
    ("https://example.org/a?id=3&utm_campaign=z", "https://example.org/a?id=3"),
    ("https://example.org/a?b=2&a=1", "https://example.org/a?a=1&b=2"),
])
def test_addresses_of_one_page_normalise_to_one(a, b):
    assert normalise_url(a) == normalise_url(b)


def test_different_pages_stay_apart():
    assert normalise_url("https://example.org/a?id=3") != normalise_url("https://example.org/a?id=4")
    assert normalise_url("https://example.org/a") != normalise_url("https://example.org/a/b")


def test_a_file_that_is_not_an_export_is_one_sentence(archive, tmp_path):
    junk = tmp_path / "notes.json"
    junk.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"^notes.json is not a Hypothesis export: it is not JSON"):
        import_hypothesis(archive, junk)
    junk.write_text(json.dumps({"total": 0, "items": {}}), encoding="utf-8")
    with pytest.raises(ValidationError, match="has no list of annotation rows"):
        import_hypothesis(archive, junk)


def test_a_row_it_cannot_read_is_reported_and_the_others_imported(pages_archive, tmp_path):
    good = hf.rows()[0]
    export = tmp_path / "mixed.json"
    export.write_text(json.dumps({"rows": [{"uri": hf.HARBOUR_URL, "text": "no id"}, good]}), encoding="utf-8")
    items, problems = read_export(export)
    assert [i.id for i in items] == [good["id"]]
    assert problems == ["Row 1: it has no Hypothesis id, so it was not imported."]
    report = import_hypothesis(pages_archive, export)
    assert report.placed == 1 and report.problems[0].startswith("Row 1:")


def test_cancel_leaves_the_archive_as_it_was(pages_archive, export):
    token = CancelToken()
    before = pages_archive.db.execute("SELECT count(*) FROM events").fetchone()[0]

    def progress(done, total, message):
        if done == 3:
            token.cancel()

    with pytest.raises(Cancelled):
        import_hypothesis(pages_archive, export, progress=progress, cancel=token)
    assert pages_archive.db.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0
    assert pages_archive.db.execute("SELECT count(*) FROM hypothesis_annotations").fetchone()[0] == 0
    assert pages_archive.db.execute("SELECT count(*) FROM events").fetchone()[0] == before


def test_the_cli_imports_an_export_and_names_the_orphans(pages_archive, export, tmp_path, capsys):
    from palmyra_archive.cli import main
    assert main(["--archive", str(pages_archive.path), "import-hypothesis", str(export)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Imported 7 Hypothesis annotation(s): 2 placed in their text")
    assert "common sense.” (https://coastal-ledger.example" in out and "not in the text" in out
    assert main(["--archive", str(pages_archive.path), "import-hypothesis", str(export)]) == 0
    assert "already in this archive; nothing changed" in capsys.readouterr().out
    junk = tmp_path / "junk.json"
    junk.write_text("<html>", encoding="utf-8")
    assert main(["--archive", str(pages_archive.path), "import-hypothesis", str(junk)]) != 0
    err = capsys.readouterr().err
    assert "junk.json is not a Hypothesis export" in err and "Traceback" not in err
