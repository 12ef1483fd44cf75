"""Review per reason (#20) and merging works: every annotation stays anchored; undo restores."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS_FILES, article_id_for

from palmyra_archive.core.store.errors import PalmyraError
from palmyra_archive.core.store.records import LibraryQuery


def _flag(archive, article_id, reasons):
    """Give the shown copy importer flags (as the importer writes them)."""
    copy_id = archive.articles.get(article_id).copy_id
    archive.db.execute("UPDATE copies SET needs_review = ? WHERE id = ?", [json.dumps(reasons), copy_id])
    archive.db.conn.commit()


def test_each_reason_shown_with_how_to_resolve_and_marked_reviewed(corpus_archive):
    a = corpus_archive
    article_id = article_id_for(a, CORPUS_FILES[0].name)
    _flag(a, article_id, ["outlet", "date", "caption truncated", "footnotes unresolved"])
    before = a.articles.needs_review_count()
    assert article_id in a.articles.ids(LibraryQuery(needs_review=True))
    items = {i.reason: i for i in a.review.items(article_id)}
    assert set(items) == {"outlet", "date", "caption truncated", "footnotes unresolved"}
    assert all(i.state == "open" and i.how_to_resolve for i in items.values())
    assert items["date"].field == "date" and items["caption truncated"].field is None

    a.articles.correct(article_id, outlet="Moon of Alabama", date="mars 2016")
    states = {i.reason: i.state for i in a.review.items(article_id)}
    assert states == {"outlet": "corrected", "date": "corrected", "caption truncated": "open",
                      "footnotes unresolved": "open"}
    assert article_id in a.articles.ids(LibraryQuery(needs_review=True))   # two still open
    a.review.mark_reviewed(article_id, "caption truncated")
    assert a.articles.get(article_id).needs_review == ["footnotes unresolved"]
    assert article_id in a.articles.ids(LibraryQuery(needs_review=True))
    a.review.mark_reviewed(article_id, "footnotes unresolved")
    assert article_id not in a.articles.ids(LibraryQuery(needs_review=True))
    assert a.articles.needs_review_count() == before - 1
    assert a.articles.summaries([article_id])[0].needs_review is False
    events = [e for e in a.articles.history(article_id) if e.action == "mark_reviewed"]
    assert [e.after["reason"] for e in events] == ["footnotes unresolved", "caption truncated"]
    with pytest.raises(PalmyraError, match="already reviewed"):
        a.review.mark_reviewed(article_id, "caption truncated")
    a.review.unmark_reviewed(article_id, "footnotes unresolved")   # the undo
    assert article_id in a.articles.ids(LibraryQuery(needs_review=True))


def test_marking_reviewed_without_any_correction_clears_the_flag(corpus_archive):
    a = corpus_archive
    article_id = article_id_for(a, CORPUS_FILES[1].name)
    _flag(a, article_id, ["caption truncated"])
    assert article_id in a.articles.ids(LibraryQuery(needs_review=True))
    a.review.mark_reviewed(article_id, "caption truncated")
    assert article_id not in a.articles.ids(LibraryQuery(needs_review=True))
    with pytest.raises(PalmyraError, match="not flagged"):
        a.review.mark_reviewed(article_id, "date")


def _anchors(archive, article_id):
    return {v.id: (v.exact, v.start, v.end, v.anchor_status, v.copy_id)
            for v in archive.annotations.list() if v.article_id == article_id}


def _annotate(archive, article_id, nth_word, tag):
    detail = archive.articles.get(article_id)
    word = detail.body.split()[nth_word]
    start = detail.body.index(word)
    archive.annotations.create(article_id, start, start + len(word), note=tag, tags=[tag])


def test_merge_moves_everything_keeps_anchors_and_undoes(corpus_archive):
    a = corpus_archive
    keep, other = (article_id_for(a, f.name) for f in CORPUS_FILES[:2])
    _annotate(a, keep, 2, "kept/passage")
    _annotate(a, other, 4, "other/passage")
    a.tags.add_to_articles([other], ["framing/merged"])
    a.notes.set_article_note(keep, "kept note")
    a.notes.set_article_note(other, "other note")
    a.notes.create("Research", "", article_ids=[other])
    a.collections.create("Dossier")
    a.collections.add(a.collections.all()[0].id, [other])
    anchors = {**_anchors(a, keep), **_anchors(a, other)}
    other_title = a.articles.get(other).title
    total = a.articles.total_count()

    changes = a.works.merge(keep, [other], title_from=other)
    assert a.articles.total_count() == total - 1
    detail = a.articles.get(keep)
    assert detail.title == other_title
    assert a.articles.corrections(keep)["title"]["corrected"] == other_title   # beside the extracted
    assert "framing/merged" in detail.tags
    assert a.notes.article_note(keep) == "kept note\n\nother note"
    assert [n.title for n in a.notes.for_article(keep)] == ["Research"]
    assert a.collections.all()[0].count == 1 and keep in a.articles.ids(
        LibraryQuery(collection_id=a.collections.all()[0].id))
    assert a.articles.summaries([keep])[0].copy_count == 2
    after = _anchors(a, keep)
    assert after == anchors                   # same quotes, offsets, status, copy: still anchored
    for view in a.annotations.list():
        assert view.anchor_status == "anchored"
    merge_event = a.events.list(action="merge")[0]
    assert merge_event.entity_id == keep and merge_event.details["merged"] == [other]

    a.works.unmerge(changes.extra["snapshot"])
    assert a.articles.total_count() == total
    assert a.articles.get(other).title == other_title
    assert a.articles.corrections(keep).get("title", {}).get("corrected") is None
    assert "framing/merged" not in a.articles.get(keep).tags and "framing/merged" in a.articles.get(other).tags
    assert a.notes.article_note(keep) == "kept note" and a.notes.article_note(other) == "other note"
    assert _anchors(a, keep) == {k: v for k, v in anchors.items() if v[4] == a.articles.get(keep).copy_id}
    assert set(_anchors(a, other)) | set(_anchors(a, keep)) == set(anchors)
    assert a.db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert a.integrity.verify().ok


def test_merge_refusals(corpus_archive):
    a = corpus_archive
    keep = article_id_for(a, CORPUS_FILES[0].name)
    with pytest.raises(PalmyraError, match="at least two"):
        a.works.merge(keep, [keep])
    with pytest.raises(PalmyraError, match="no article 999"):
        a.works.merge(keep, [999])
    other = article_id_for(a, CORPUS_FILES[1].name)
    a.trash.trash([other])
    with pytest.raises(PalmyraError, match="in the Trash"):
        a.works.merge(keep, [other])


def test_cli_review_and_merge(tmp_path, capsys, _corpus_template):
    import shutil

    from palmyra_archive.cli import main
    from palmyra_archive.core.archive import Archive
    path = tmp_path / "cli.palmyra.sqlite"
    shutil.copy(_corpus_template, path)
    with Archive.open(path) as a:
        _flag(a, 1, ["caption truncated"])

    def run(*args):
        code = main(["--archive", str(path), *args])
        return code, capsys.readouterr()

    code, (out, _) = run("review", "1")
    assert code == 0 and "[open] caption truncated" in out and "Source tab" in out
    code, (out, _) = run("review", "1", "--mark", "caption truncated")
    assert code == 0 and "Marked “caption truncated” reviewed" in out and "Nothing left to review" in out
    code, (_out, err) = run("review", "1", "--mark", "date")
    assert code == 1 and "not flagged" in err
    code, (out, _) = run("merge", "1", "2", "--title-from", "2")
    assert code == 0 and "Merged 2 works into article 1" in out
    code, (out, _) = run("list", "--json")
    assert [r["id"] for r in json.loads(out)] == [1, 3, 4, 5]


def test_copy_citation_renders_with_the_export_bibliography(corpus_archive):
    from palmyra_archive.core.library.citation import cite
    a = corpus_archive
    ids = [article_id_for(a, f.name) for f in CORPUS_FILES[:2]]
    citation = cite(a, ids, "apa")
    assert citation.entries == 2 and len(citation.keys) == 2
    preview = a.exports.preview(f"ids:{ids[0]},{ids[1]}", style="apa").bibliography_html
    for line in citation.text.splitlines():
        assert line and "<" not in line
    assert citation.html.count('class="csl-entry"') == 2
    assert all(f"@{k}" in citation.pandoc for k in citation.keys)
    assert citation.latex.startswith(r"\cite{") and citation.keys[0] in citation.latex
    # the same entries the export's bibliography holds
    for fragment in citation.html.split('<div class="csl-entry">')[1:]:
        assert fragment.split("</div>")[0] in preview
    a.trash.trash(ids)
    with pytest.raises(PalmyraError, match="Trash"):
        cite(a, ids)


def test_merging_three_with_shared_tags_and_collections_undoes_exactly(corpus_archive):
    a = corpus_archive
    keep, second, third = (article_id_for(a, f.name) for f in CORPUS_FILES[:3])
    a.tags.add_to_articles([keep, second], ["shared"])
    a.tags.add_to_articles([third], ["own"])
    a.collections.create("Both")
    both = a.collections.all()[0].id
    a.collections.add(both, [keep, second])
    keep_tags = a.tags.for_article(keep)
    changes = a.works.merge(keep, [second, third], authors_from=third)
    assert set(a.tags.for_article(keep)) >= {"shared", "own"}
    assert a.articles.get(keep).authors == a.events.list(action="merge")[0].after["authors"]
    assert a.articles.summaries([keep])[0].copy_count == 3
    assert a.collections.all()[0].count == 1
    a.works.unmerge(changes.extra["snapshot"])
    assert a.tags.for_article(keep) == keep_tags            # "shared" stays: it was there before
    assert "shared" in a.tags.for_article(second) and "own" in a.tags.for_article(third)
    assert a.collections.all()[0].count == 2
    assert [s.copy_count for s in a.articles.summaries([keep, second, third])] == [1, 1, 1]
    assert a.db.execute("PRAGMA foreign_key_check").fetchall() == []
