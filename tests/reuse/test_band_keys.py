"""A copy's band keys kept packed in its fingerprint row (migration 0032, ``store.band_keys``)
instead of an index on ``reuse_bands(copy_id)``: the row says exactly which key rows are the
copy's through imports, scans and the Trash, and an older archive is brought to it."""

from __future__ import annotations

import sqlite3

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store import band_keys, migrations
from tests.support.older_archives import as_before_0032

from .helpers import copy, import_articles, make


def _kept(archive) -> dict[int, set[int]]:
    return {copy_id: set(band_keys.unpack(blob)) for copy_id, blob in
            archive.db.execute("SELECT copy_id, band_keys FROM reuse_fingerprints")}


def _rows(archive) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for key, copy_id in archive.db.execute("SELECT key, copy_id FROM reuse_bands"):
        out.setdefault(copy_id, set()).add(key)
    return out


def _archive(tmp_path):
    archive = Archive.open(tmp_path / "a.sqlite")
    base = make(80)
    ids = import_articles(archive, tmp_path / "files", base, copy(base, "intro", "a00001c0"),
                          copy(base, "typos", "a00001c1", seed=2), make(81, key="a00002"))
    return archive, ids


def test_each_fingerprint_row_holds_exactly_its_copys_key_rows(tmp_path):
    archive, ids = _archive(tmp_path)
    with archive:
        kept = _kept(archive)
        assert len(kept) == 4 and all(kept.values())
        assert kept == _rows(archive)
        assert archive.db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'reuse_bands_copy'").fetchone()[0] == 0
        archive.reuse.scan()                        # every fingerprint made again
        assert _kept(archive) == _rows(archive) == kept
        article = archive.db.execute("SELECT article_id FROM copies WHERE id = ?", [ids["a00002"]]).fetchone()[0]
        archive.trash.trash([article])
        archive.trash.empty([article])              # its copy, its fingerprint, its key rows go
        assert ids["a00002"] not in _rows(archive) and ids["a00002"] not in _kept(archive)
        assert _kept(archive) == _rows(archive)


def test_pack_and_unpack_keep_63_bit_keys_and_their_order():
    keys = [0, 1, 2**63 - 1, 12345678901234567, 7]
    assert band_keys.unpack(band_keys.pack(keys)) == keys
    assert band_keys.unpack(None) == [] and band_keys.pack([]) == b""
    assert len(band_keys.pack(keys)) == 8 * len(keys)


def test_an_archive_from_before_0032_gets_its_keys_packed_and_the_index_dropped(tmp_path):
    path = _before_0032(tmp_path)
    conn = sqlite3.connect(path)
    expected: dict[int, set[int]] = {}
    for key, copy_id in conn.execute("SELECT key, copy_id FROM reuse_bands"):
        expected.setdefault(copy_id, set()).add(key)
    conn.close()
    told = []
    with Archive.open(path, progress=lambda done, total, message: told.append((done, total))) as archive:
        assert archive.schema_version == migrations.SCHEMA_VERSION
        assert _kept(archive) == expected == _rows(archive)
        assert archive.db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'reuse_bands_copy'").fetchone()[0] == 0
    assert list((path.parent / f"{path.name}.backups").glob("before-upgrade-*")), "a backup comes first"
    assert told and told[-1][0] == told[-1][1]


def _before_0032(tmp_path):
    archive, _ids = _archive(tmp_path)
    path = archive.path
    archive.close()
    conn = sqlite3.connect(path)
    as_before_0032(conn)
    conn.close()
    return path


def test_an_upgrade_stopped_while_backing_up_leaves_no_half_a_backup(tmp_path):
    """The copy made before an upgrade is written aside and renamed only when whole: stopped
    half-way (a 10 GB archive takes minutes; the app killed), it leaves no file under a
    backup's name, and the archive is as it was; the next opening backs up and upgrades."""
    import pytest

    path = _before_0032(tmp_path)
    folder = path.parent / f"{path.name}.backups"
    steps: list[tuple[int, int, str]] = []

    def stop(done, total, message):
        steps.append((done, total, message))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Archive.open(path, progress=stop)
    assert steps and steps[0][2] == "Backing up the archive before upgrading it"
    assert not list(folder.glob("before-upgrade-*")), list(folder.iterdir())
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION - 3
    conn.close()
    told: list[tuple[int, int, str]] = []
    with Archive.open(path, progress=lambda d, t, m: told.append((d, t, m))) as archive:
        assert archive.schema_version == migrations.SCHEMA_VERSION
    (backup,) = folder.glob("before-upgrade-*")
    assert backup.suffix == ".sqlite" and not list(folder.glob("*.part")) and not list(folder.glob("*-journal"))
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION - 3
    copy.close()
    backing = [s for s in told if s[2] == "Backing up the archive before upgrading it"]
    assert backing and backing[-1][0] == backing[-1][1]


def test_a_scan_makes_the_key_rows_in_one_pass_and_a_cancel_while_fingerprinting_keeps_them(tmp_path):
    """The full scan stores fingerprint rows batch by batch and the key rows once, sorted
    (``band_keys.index_all``): Cancel part way through still leaves every stored
    fingerprint's keys findable by the next import."""
    from palmyra_archive.core.store.tasks import CancelToken
    archive, _ids = _archive(tmp_path)
    with archive:
        before = _rows(archive)
        token = CancelToken()

        def progress(done, total, message):
            if message.startswith("Fingerprinted"):
                token.cancel()
        report = archive.reuse.scan(batch=2, progress=progress, cancel=token)
        assert report.cancelled and 0 < report.fingerprinted < len(before)
        assert _kept(archive) == _rows(archive) and len(_rows(archive)) == report.fingerprinted
        assert band_keys.complete(archive.db.conn)
        archive.reuse.scan()
        assert _rows(archive) == before


def test_verify_makes_the_key_rows_again_when_a_scan_stopped_before_them(tmp_path):
    archive, _ids = _archive(tmp_path)
    with archive:
        kept = _kept(archive)
        archive.db.execute("DELETE FROM reuse_bands")       # a scan killed before its index_all
        archive.db.conn.commit()
        assert not band_keys.complete(archive.db.conn)
        report = archive.integrity.verify()                # Tools › Verify archive…, `verify`
        assert report.band_keys_repaired == sum(map(len, kept.values())) > 0
        assert "text-reuse index" in report.summary()
        assert _rows(archive) == kept and band_keys.complete(archive.db.conn)
        assert archive.integrity.verify().band_keys_repaired == 0
