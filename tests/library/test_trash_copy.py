"""One copy of a work to the Trash (#20): the work keeps its other copies and shows the next,
restore brings it back (shown again), purge removes it with an event; undo is a restore."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS_FILES, article_id_for

from palmyra_archive.cli import main
from palmyra_archive.core.store.errors import NotFoundError, PalmyraError


def _two_copy_work(archive):
    keep = article_id_for(archive, CORPUS_FILES[0].name)
    other = article_id_for(archive, CORPUS_FILES[1].name)
    archive.works.merge(keep, [other])
    copies = [c.copy_id for c in archive.articles.get(keep).copies]
    assert len(copies) == 2
    return keep, copies


def test_trash_a_shown_copy_switches_to_the_next_and_restore_brings_it_back(corpus_archive):
    a = corpus_archive
    work, (first, second) = _two_copy_work(a)
    shown = a.articles.get(work).copy_id
    other = second if shown == first else first
    total = a.articles.total_count()
    body_word = next(w for w in a.articles.get(work).body.split() if len(w) > 8 and w.isalpha())

    changes = a.trash.trash_copy(shown)
    assert changes.article_ids == (work,) and changes.extra["shown_copy_id"] == other
    detail = a.articles.get(work)
    assert detail.copy_id == other                        # the shown copy switched
    assert a.articles.total_count() == total              # the work stays in the library
    assert work in a.articles.ids()
    assert {c.copy_id: c.in_trash for c in detail.copies} == {shown: True, other: False}
    assert [c.copy_id for c in a.trash.copies()] == [shown]
    assert a.trash.plan().copy_ids == (shown,) and "1 copy trashed on its own" in a.trash.plan().describe()
    events = a.events.list(entity="article", entity_id=work, limit=5)
    assert events[0].action == "trash_copy"

    a.trash.restore_copy(shown)
    detail = a.articles.get(work)
    assert detail.copy_id == shown and not any(c.in_trash for c in detail.copies)
    assert a.trash.copies() == [] and a.trash.plan().copy_ids == ()
    assert a.events.list(entity="article", entity_id=work, limit=1)[0].action == "restore_copy"
    assert work in {h.article_id for h in a.search.search(body_word)}


def test_a_trashed_copy_leaves_search_until_restored(corpus_archive):
    a = corpus_archive
    work, copies = _two_copy_work(a)
    shown = a.articles.get(work).copy_id
    other = next(c for c in copies if c != shown)
    text_other = a.db.execute("SELECT body FROM copies WHERE id = ?", [other]).fetchone()[0].split()
    text_shown = set(a.db.execute("SELECT body FROM copies WHERE id = ?", [shown]).fetchone()[0].split())
    only_other = next(w for w in text_other if w.isalpha() and len(w) > 6 and w not in text_shown
                      and not a.db.execute("SELECT count(*) FROM copies WHERE id NOT IN (?, ?) AND body LIKE ?",
                                           [shown, other, f"%{w}%"]).fetchone()[0])
    assert work in a.search.article_ids(only_other)
    a.trash.trash_copy(other)
    assert work not in a.search.article_ids(only_other)
    a.trash.restore_copy(other)
    assert work in a.search.article_ids(only_other)


def test_purge_removes_the_copy_keeps_the_work_and_moves_its_annotations(corpus_archive):
    a = corpus_archive
    work, copies = _two_copy_work(a)
    shown = a.articles.get(work).copy_id
    detail = a.articles.get(work)
    word = detail.body.split()[5]
    start = detail.body.index(word)
    a.annotations.create(work, start, start + len(word), note="on the shown copy")
    a.trash.trash_copy(shown)
    changes = a.trash.empty()
    assert changes.extra["purged_copies"] == [shown] and changes.extra["purged"] == []
    left = a.articles.get(work)
    assert [c.copy_id for c in left.copies] == [c for c in copies if c != shown]
    assert a.db.execute("SELECT count(*) FROM copies WHERE id = ?", [shown]).fetchone()[0] == 0
    assert a.db.execute("SELECT count(*) FROM annotations WHERE copy_id = ?", [shown]).fetchone()[0] == 0
    assert len(a.annotations.for_article(work)) + len(a.annotations.orphans(work)) == 1   # kept, moved
    purge = a.events.list(action="purge_copy", limit=1)[0]
    assert purge.entity_id == work
    removed = purge.details["removed"] if isinstance(purge.details, dict) else json.loads(purge.details)["removed"]
    assert removed["copy_id"] == shown and removed["annotations"] == 1
    assert a.db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert a.integrity.verify().ok


def test_refusals_say_one_sentence_and_change_nothing(corpus_archive):
    a = corpus_archive
    lone = article_id_for(a, CORPUS_FILES[2].name)
    only = a.articles.get(lone).copy_id
    with pytest.raises(PalmyraError, match="only copy"):
        a.trash.trash_copy(only)
    with pytest.raises(NotFoundError):
        a.trash.trash_copy(99999)
    with pytest.raises(NotFoundError):
        a.trash.restore_copy(only)
    assert a.trash.copies() == []


def test_cli_trash_copy_list_restore_and_empty(tmp_path, capsys, _corpus_template):
    import shutil

    path = tmp_path / "a.palmyra.sqlite"
    shutil.copy(_corpus_template, path)
    from palmyra_archive.core.archive import Archive

    with Archive.open(path) as a:
        work, copies = _two_copy_work(a)
        shown = a.articles.get(work).copy_id
    capsys.readouterr()
    assert main(["--archive", str(path), "trash", "--copy", str(shown)]) == 0
    assert f"Moved copy {shown} of article {work} to the Trash" in capsys.readouterr().out
    assert main(["--archive", str(path), "trash", "--list"]) == 0
    assert f"copy {shown} of article {work}" in capsys.readouterr().out
    assert main(["--archive", str(path), "restore", "--copy", str(shown)]) == 0
    assert f"Restored copy {shown}" in capsys.readouterr().out
    assert main(["--archive", str(path), "trash", "--copy", str(shown)]) == 0
    assert main(["--archive", str(path), "trash", "--empty", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "1 copy trashed on their own" in out or "1 copy trashed on its own" in out
    assert main(["--archive", str(path), "show", str(work), "--json"]) == 0
    detail = json.loads(capsys.readouterr().out)
    assert shown not in [c["copy_id"] for c in detail["copies"]]


def test_purging_a_copy_with_a_link_found_by_text_removes_the_link_too(corpus_archive):
    a = corpus_archive
    work, copies = _two_copy_work(a)
    shown = a.articles.get(work).copy_id
    other = next(c for c in copies if c != shown)
    lone = a.articles.get(article_id_for(a, CORPUS_FILES[2].name)).copy_id
    low, high = sorted((other, lone))
    a.db.execute("INSERT INTO reuse_links (copy_a, copy_b, kind, share_a, share_b, reused_words, passages,"
                 " direction, method_id, created_at) VALUES (?, ?, 'quotes_from', 0.2, 0.1, 40,"
                 " '[]', 'order unknown', NULL, '2026-12-03')", [low, high])
    a.db.conn.commit()
    a.trash.trash_copy(other)
    a.trash.empty()
    assert a.db.execute("SELECT count(*) FROM reuse_links").fetchone()[0] == 0
    removed = a.events.list(action="purge_copy", limit=1)[0].details["removed"]
    assert removed["reuse_links"] == 1
    assert a.db.execute("PRAGMA foreign_key_check").fetchall() == []
