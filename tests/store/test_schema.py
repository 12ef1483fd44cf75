"""The archive file: created, migrated, versioned, and readable by plain sqlite3."""

import sqlite3

import pytest

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store.errors import SchemaTooNewError
from palmyra_archive.core.store.migrations import SCHEMA_VERSION


def test_new_archive_has_current_schema_and_pragmas(tmp_path):
    path = tmp_path / "a.sqlite"
    with Archive.open(path) as arch:
        assert arch.schema_version == SCHEMA_VERSION
        assert arch.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert arch.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view')")}
    assert {"sources", "articles", "copies", "outlets", "outlet_aliases", "republications",
            "rights_statements", "comments", "footnotes", "captions", "links", "tags", "events",
            "annotations", "notes", "collections", "saved_searches", "library", "copies_fts"} <= tables
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_archive_from_the_future_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "future.sqlite"
    Archive.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError, match="newer Palmyra Archive"):
        Archive.open(path)
    assert path.read_bytes() == before


def test_write_rolls_back_everything_on_error(archive):
    with pytest.raises(RuntimeError):
        with archive.write():
            archive.events.record("x")
            raise RuntimeError("boom")
    assert archive.events.list() == []


def test_read_only_connection_handles_awkward_paths(tmp_path):
    from palmyra_archive.core.store import db as dbmod

    folder = tmp_path / "odd #1 ?dir"
    folder.mkdir()
    path = folder / "a%20b.sqlite"
    with Archive.open(path) as arch:
        with arch.write():
            arch.events.record("probe")
    ro = dbmod.connect(path, read_only=True)
    assert ro.execute("SELECT count(*) FROM events").fetchone()[0] == 1
    ro.close()


def test_every_archive_is_named_when_created(tmp_path):
    with Archive.open(tmp_path / "a.sqlite") as arch:
        (value,) = arch.db.execute("SELECT value FROM archive_info WHERE key = 'uuid'").fetchone()
        assert len(value) == 36
        assert arch.events.list() == []        # named as part of its creation, not a change
    with Archive.open(tmp_path / "a.sqlite") as arch:     # opening again keeps the name
        assert arch.db.execute("SELECT value FROM archive_info WHERE key = 'uuid'").fetchone() == (value,)


def test_an_archive_created_before_is_upgraded_and_named(tmp_path):
    """tests/data/archive_schema_v1.sqlite.gz was written by the first schema (0001 only)."""
    import gzip
    from pathlib import Path

    path = tmp_path / "old.sqlite"
    path.write_bytes(gzip.decompress(
        (Path(__file__).parents[1] / "data" / "archive_schema_v1.sqlite.gz").read_bytes()))
    with Archive.open(path) as arch:
        assert arch.schema_version == SCHEMA_VERSION
        (value,) = arch.db.execute("SELECT value FROM archive_info WHERE key = 'uuid'").fetchone()
        assert len(value) == 36
        (event,) = arch.events.list(action="archive_uuid")   # a change to existing data: logged
        assert event.after == {"uuid": value} and event.actor == "system"
        assert arch.annotations.to_w3c()["first"]["items"][0]["id"].startswith(
            f"urn:palmyra:annotation:{value}:")
    assert list((tmp_path / "old.sqlite.backups").glob("before-upgrade-v1-*.sqlite"))


def test_an_archive_created_before_finds_notes_and_authors_after_the_upgrade(tmp_path):
    import gzip
    from pathlib import Path

    path = tmp_path / "old.sqlite"
    path.write_bytes(gzip.decompress(
        (Path(__file__).parents[1] / "data" / "archive_schema_v1.sqlite.gz").read_bytes()))
    with Archive.open(path) as arch:
        assert [(h.article_id, h.kind) for h in arch.search.search("harbourmaster")] == [(1, "note")]
        assert [(h.article_id, h.kind) for h in arch.search.search("halvorsen")] == [(1, "author")]
        assert [h.article_id for h in arch.search.search("wierzbicki")] == [2]   # a correction
        assert [h.article_id for h in arch.search.search("zeppelin harbourmaster")] == [1]
        with arch.write():                      # the new triggers keep the index in step
            arch.db.execute("UPDATE articles SET note = 'balloon census' WHERE id = 2")
        assert [h.article_id for h in arch.search.search("census")] == [2]
        assert arch.search.search("harbourmaster") != []
