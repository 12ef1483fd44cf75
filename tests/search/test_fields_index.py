"""Authors and article notes in their own full-text index (migration 0030, issue #19).

Why: the search looks authors and notes up in ``article_fields_fts`` instead of beside the
titles in ``articles_fts``; the index must follow every write (triggers) and an archive from
before 0030 must be brought to it, with its backup first and progress, finding the same
articles as before.
"""

from __future__ import annotations

import sqlite3

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store import migrations


def _fields_rows(archive, word: str) -> list[int]:
    return [r[0] for r in archive.db.execute(
        "SELECT rowid FROM article_fields_fts WHERE article_fields_fts MATCH ? ORDER BY rowid",
        [word]).fetchall()]


def _integrity(archive) -> None:
    archive.db.execute("INSERT INTO article_fields_fts (article_fields_fts, rank)"
                       " VALUES ('integrity-check', 1)")


def test_the_index_follows_corrections_notes_and_deletions(corpus_archive):
    archive = corpus_archive
    first = archive.db.execute("SELECT min(id) FROM articles").fetchone()[0]
    archive.articles.correct(first, authors=["Zenobia Septimia"])
    archive.notes.set_article_note(first, "A memo about the caravan road")
    assert _fields_rows(archive, "zenobia") == [first] == _fields_rows(archive, "caravan")
    assert [h.kind for h in archive.search.search("zenobia")] == ["author"]
    assert [h.kind for h in archive.search.search("caravan memo")] == ["note"]
    archive.articles.correct(first, authors=["Odaenathus"])
    archive.notes.set_article_note(first, "")
    assert _fields_rows(archive, "zenobia") == [] == _fields_rows(archive, "caravan")
    assert archive.search.search("zenobia") == []
    _integrity(archive)


def test_an_archive_from_before_0030_is_brought_to_the_index(corpus_archive):
    archive = corpus_archive
    first = archive.db.execute("SELECT min(id) FROM articles").fetchone()[0]
    archive.articles.correct(first, authors=["Zenobia Septimia"])
    before = [(h.article_id, h.kind) for h in archive.search.search("zenobia")]
    path = archive.path
    archive.close()
    conn = sqlite3.connect(path)
    for name in migrations.FIELDS_FTS_TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP TABLE article_fields_fts")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0030_article_fields_index'")
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    told = []
    with Archive.open(path, progress=lambda done, total, message: told.append((done, total))) as upgraded:
        assert upgraded.schema_version == migrations.SCHEMA_VERSION
        assert [(h.article_id, h.kind) for h in upgraded.search.search("zenobia")] == before
        assert before == [(first, "author")]
        _integrity(upgraded)
        total = upgraded.db.execute("SELECT count(*) FROM article_fields_fts_docsize").fetchone()[0]
        assert total == upgraded.db.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert list((path.parent / f"{path.name}.backups").glob("before-upgrade-*")), "backup first"
    assert told and told[-1][0] == told[-1][1]
