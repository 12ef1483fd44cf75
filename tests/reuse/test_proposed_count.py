""""Proposed copies (N)" read from a total kept by triggers on the links (#19, migration 0034):
after a proposal, a confirmation, a rejection, their undoing, a scan and a purge it equals the
count of proposed links, ``verify`` repairs it, and an older archive is brought to it."""

from __future__ import annotations

import sqlite3

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store import kept_counts, migrations
from tests.support.older_archives import as_before_0034

from .helpers import copy, import_articles, make


def _counted(archive) -> int:
    return archive.db.execute("SELECT count(*) FROM reuse_links WHERE status = 'proposed'").fetchone()[0]


def _archive(tmp_path):
    archive = Archive.open(tmp_path / "a.sqlite")
    first, second = make(80), make(81, key="a00002")
    import_articles(archive, tmp_path / "files", first, copy(first, "intro", "a00001c0"),
                    copy(first, "typos", "a00001c1", seed=2), second, copy(second, "truncate", "a00002c0"))
    return archive


def test_the_kept_total_follows_every_decision(tmp_path):
    with _archive(tmp_path) as archive:
        links = archive.reuse.list()
        assert len(links) >= 3
        assert archive.reuse.pending_count() == _counted(archive) == len(links)
        archive.reuse.confirm(links[0].id)
        archive.reuse.reject(links[1].id)
        assert archive.reuse.pending_count() == _counted(archive) == len(links) - 2
        archive.reuse.reopen(links[1].id)
        assert archive.reuse.pending_count() == _counted(archive) == len(links) - 1
        archive.reuse.scan()                       # decided links stay, proposals are found again
        assert archive.reuse.pending_count() == _counted(archive)
        article = archive.db.execute("SELECT ca.article_id FROM reuse_links l JOIN copies ca"
                                     " ON ca.id = l.copy_b WHERE l.status = 'proposed' LIMIT 1").fetchone()[0]
        archive.trash.trash([article])
        archive.trash.empty([article])             # its links are purged with its copies
        assert archive.reuse.pending_count() == _counted(archive)
        assert kept_counts.drift(archive.db)["totals"] == []


def test_verify_repairs_a_total_edited_behind_the_archives_back(tmp_path):
    with _archive(tmp_path) as archive:
        archive.db.execute("UPDATE library_counts SET n = 999 WHERE name = 'proposed'")
        archive.db.conn.commit()
        assert kept_counts.drift(archive.db)["totals"] == ["proposed"]
        archive.integrity.verify()                  # Tools › Verify archive…, `verify`
        assert archive.reuse.pending_count() == _counted(archive)


def test_an_archive_from_before_0034_gets_the_total_counted_once(tmp_path):
    archive = _archive(tmp_path)
    path, expected = archive.path, archive.reuse.pending_count()
    archive.close()
    conn = sqlite3.connect(path)
    as_before_0034(conn)
    assert conn.execute("SELECT count(*) FROM library_counts WHERE name = 'proposed'").fetchone()[0] == 0
    conn.close()
    with Archive.open(path) as archive:
        assert archive.schema_version == migrations.SCHEMA_VERSION
        assert archive.reuse.pending_count() == expected == _counted(archive)
        archive.reuse.reject(archive.reuse.list()[0].id)    # and the triggers keep it from then on
        assert archive.reuse.pending_count() == expected - 1
