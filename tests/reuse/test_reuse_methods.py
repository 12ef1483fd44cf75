"""A link's method and parameters kept once in ``reuse_methods`` (migration 0033) and shown
beside each link by ``reuse_links_described``: links found the same way share one row, what a
link says is unchanged, and an older archive's links are brought to it."""

from __future__ import annotations

import json
import sqlite3

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.reuse import links as reuse_links
from palmyra_archive.core.store import migrations
from tests.support.older_archives import as_before_0033

from .helpers import copy, import_articles, make


def _archive(tmp_path):
    archive = Archive.open(tmp_path / "a.sqlite")
    base = make(80)
    import_articles(archive, tmp_path / "files", base, copy(base, "intro", "a00001c0"),
                    copy(base, "typos", "a00001c1", seed=2), make(81, key="a00002"))
    return archive


def test_links_found_the_same_way_share_one_method_row(tmp_path):
    with _archive(tmp_path) as archive:
        found = archive.reuse.list()
        assert len(found) >= 2
        assert archive.db.execute("SELECT count(*) FROM reuse_methods").fetchone()[0] == 1
        (method_id,) = {r[0] for r in archive.db.execute("SELECT method_id FROM reuse_links")}
        assert method_id is not None
        columns = {r[1] for r in archive.db.execute("PRAGMA table_info(reuse_links)")}
        assert "parameters" not in columns and "method" not in columns
        for link in found:
            assert link.method.startswith(reuse_links.METHOD)
            assert link.parameters == reuse_links.parameters()
        # the evidence is compact JSON and reads back as the same passages
        text = archive.db.execute("SELECT passages FROM reuse_links LIMIT 1").fetchone()[0]
        assert ", " not in text and json.loads(text)


def test_the_view_shows_each_link_with_its_method_and_parameters(tmp_path):
    with _archive(tmp_path) as archive:
        rows = archive.db.execute("SELECT id, method, parameters FROM reuse_links_described").fetchall()
        assert len(rows) == archive.db.execute("SELECT count(*) FROM reuse_links").fetchone()[0]
        assert all(json.loads(p) == reuse_links.parameters() for _id, _m, p in rows)


def test_an_archive_from_before_0033_keeps_what_each_link_said(tmp_path):
    archive = _archive(tmp_path)
    before = {link.id: (link.method, link.parameters, link.passages, link.share_a, link.kind)
              for link in archive.reuse.list()}
    path = archive.path
    archive.close()
    conn = sqlite3.connect(path)
    as_before_0033(conn)
    spaced = conn.execute("SELECT parameters, length(passages) FROM reuse_links LIMIT 1").fetchone()
    assert ", " in spaced[0]
    conn.close()
    with Archive.open(path) as archive:
        assert archive.schema_version == migrations.SCHEMA_VERSION
        after = {link.id: (link.method, link.parameters, link.passages, link.share_a, link.kind)
                 for link in archive.reuse.list()}
        assert after == before
        assert archive.db.execute("SELECT count(*) FROM reuse_methods").fetchone()[0] == 1
        # a link found after the upgrade names the same row (the same parameters, written compactly)
        other = make(81, key="a00002")
        import_articles(archive, tmp_path / "later", copy(other, "truncate", "a00002c0"))
        assert len(archive.reuse.list()) > len(before)
        assert archive.db.execute("SELECT count(DISTINCT method_id) FROM reuse_links").fetchone()[0] == 1
        assert archive.db.execute("SELECT count(*) FROM reuse_methods").fetchone()[0] == 1
    assert list((path.parent / f"{path.name}.backups").glob("before-upgrade-*")), "a backup comes first"
