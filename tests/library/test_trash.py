"""The Trash (#20): trash → restore → purge keeps verify, backups and the event log consistent;
trashed articles leave the library, searches, counts and exports."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import CORPUS_FILES, article_id_for

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store.errors import PalmyraError
from palmyra_archive.core.store.records import LibraryQuery


def _decorate(archive, article_id):
    """Give the article everything a purge must account for."""
    archive.tags.add_to_articles([article_id], ["framing/liberation"])
    detail = archive.articles.get(article_id)
    word = detail.body.split()[3]
    start = detail.body.index(word)
    archive.annotations.create(article_id, start, start + len(word), note="a passage",
                               tags=["framing/siege"])
    archive.notes.set_article_note(article_id, "my note on it")
    archive.notes.create("Research", "body", article_ids=[article_id])
    archive.collections.create("Dossier")
    collection = archive.collections.all()[0].id
    archive.collections.add(collection, [article_id])
    return word


def _fk_problems(archive):
    return archive.db.execute("PRAGMA foreign_key_check").fetchall()


def test_trash_hides_everywhere_and_restore_brings_back_whole(corpus_archive):
    a = corpus_archive
    article_id = article_id_for(a, CORPUS_FILES[0].name)
    word = _decorate(a, article_id)
    total, tags_before = a.articles.total_count(), {t.path: t.article_count for t in a.tags.all()}
    outlets_before = a.outlets.counts()
    hits_before = {h.article_id for h in a.search.search(word)}
    assert article_id in hits_before

    changes = a.trash.trash([article_id])
    assert changes.articles and changes.article_ids == (article_id,)
    assert article_id not in a.articles.ids()
    assert a.articles.total_count() == total - 1
    assert a.articles.ids(LibraryQuery(trash=True)) == [article_id]
    assert article_id not in {h.article_id for h in a.search.search(word)}
    assert article_id not in a.search.article_ids(word)
    assert {t.path: t.article_count for t in a.tags.all()}["framing/liberation"] == \
        tags_before["framing/liberation"] - 1
    assert sum(n for *_x, n in a.outlets.counts()) == sum(n for *_x, n in outlets_before) - 1
    assert a.collections.all()[0].count == 0
    assert all(v.article_id != article_id for v in a.annotations.list())
    assert a.exports.preview("all").article_count == total - 1
    assert a.exports.preview(f"ids:{article_id}").article_count == 0

    a.trash.restore([article_id])
    assert article_id in a.articles.ids() and a.articles.total_count() == total
    assert {t.path: t.article_count for t in a.tags.all()} == tags_before
    assert article_id in {h.article_id for h in a.search.search(word)}
    actions = [e.action for e in a.articles.history(article_id)]
    assert actions[:2] == ["restore", "trash"]


def test_purge_removes_rows_writes_one_event_each_and_verify_stays_ok(corpus_archive, tmp_path):
    a = corpus_archive
    first, second = (article_id_for(a, f.name) for f in CORPUS_FILES[:2])
    _decorate(a, first)
    sources_before = a.db.execute("SELECT count(*) FROM sources").fetchone()[0]
    a.trash.trash([first, second])
    plan = a.trash.plan()
    assert plan.article_ids == (first, second) and plan.annotations == 1
    uses = a.db.execute("SELECT count(*) FROM article_tags WHERE article_id IN (?, ?)",
                        [first, second]).fetchone()[0]
    assert plan.sources == 2 and plan.notes == 2 and plan.tag_uses == uses + 1   # + the passage's
    assert "cannot be undone" in plan.describe() and "2 source files" in plan.describe()

    a.trash.empty()
    assert a.trash.count() == 0
    assert a.db.execute("SELECT count(*) FROM articles WHERE id IN (?, ?)", [first, second]).fetchone()[0] == 0
    assert a.db.execute("SELECT count(*) FROM sources").fetchone()[0] == sources_before - 2
    assert a.db.execute("SELECT count(*) FROM copies WHERE article_id IN (?, ?)", [first, second]).fetchone()[0] == 0
    assert a.db.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0
    assert a.tags.find("framing/liberation") is not None   # the tags stay, their uses went
    assert _fk_problems(a) == []
    purges = a.events.list(action="purge")
    assert sorted(e.entity_id for e in purges) == [first, second]
    removed = next(e for e in purges if e.entity_id == first).details["removed"]
    assert removed["annotations"] == 1 and "framing/liberation" in removed["tags"]
    assert removed["note"] is True and removed["collections"] == ["Dossier"]
    assert len(removed["sources"]) == 1 and len(removed["sources"][0]["sha256"]) == 64
    # the events about the purged articles stay
    assert [e.action for e in a.events.list(entity="article", entity_id=first)][:2] == ["purge", "trash"]
    report = a.integrity.verify()
    assert report.ok, report.summary()
    backup = a.backups.backup(tmp_path / "after-purge.sqlite")
    with Archive.open(backup, create=False) as copy:
        assert copy.integrity.verify().ok
        assert copy.articles.total_count() == a.articles.total_count()


def test_refusals_say_one_sentence_and_change_nothing(corpus_archive):
    a = corpus_archive
    article_id = article_id_for(a, CORPUS_FILES[0].name)
    with pytest.raises(PalmyraError, match="no article 999"):
        a.trash.trash([article_id, 999])
    assert a.trash.count() == 0
    with pytest.raises(PalmyraError, match="not in the Trash"):
        a.trash.restore([article_id])
    with pytest.raises(PalmyraError, match="not in the Trash"):
        a.trash.empty([article_id])
    assert article_id in a.articles.ids()


def test_cli_trash_restore_empty(tmp_path, capsys, _corpus_template):
    import shutil

    from palmyra_archive.cli import main
    path = tmp_path / "cli.palmyra.sqlite"
    shutil.copy(_corpus_template, path)

    def run(*args):
        code = main(["--archive", str(path), *args])
        return code, capsys.readouterr()

    assert run("trash", "1", "2")[0] == 0
    code, (out, _) = run("trash", "--list", "--json")
    assert code == 0 and '"id": 1' in out and '"id": 2' in out
    code, (out, _) = run("restore", "2")
    assert code == 0 and "Restored 1 article" in out
    code, (out, _) = run("trash", "--empty")          # no terminal: asks, and removes nothing
    assert code == 1 and "cannot be undone" in out and "Nothing was removed" in out
    code, (out, _) = run("trash", "--empty", "--yes")
    assert code == 0 and "Removed 1 article for good" in out
    code, (out, _) = run("verify")
    assert code == 0
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM events WHERE action = 'purge' AND entity_id = 1").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM articles WHERE id = 2").fetchone()[0] == 1
    conn.close()
    code, (_out, err) = run("restore", "7")
    assert code == 1 and "not in the Trash" in err
