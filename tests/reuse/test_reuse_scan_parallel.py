"""The full scan on forked workers (#11): the same fingerprints and the same links as the
single-process scan and as the import's own fingerprinting, with progress and Cancel."""

from __future__ import annotations

import pytest

from benchmarks.reuse_articles import generate
from palmyra_archive.core.reuse import scan_work
from palmyra_archive.core.reuse.links import BOILERPLATE_COPIES
from palmyra_archive.core.store.tasks import CancelToken

LINK = ("SELECT copy_a, copy_b, kind, share_a, share_b, reused_words, passages, from_copy_id, direction"
        " FROM reuse_links ORDER BY id")


@pytest.fixture
def generated(archive, tmp_path):
    """About 60 generated articles (originals, republished copies, quoting and unrelated
    same-beat articles), imported, with an outlet's boilerplate blurb on several of them."""
    src = tmp_path / "src"
    src.mkdir()
    blurb = ("Our newsroom is funded by readers like you; if you value independent reporting on the "
             "council, the port and the schools, please consider a small monthly donation today.")
    for i, art in enumerate(generate(60, seed=5).articles):
        if i % 3 == 0:
            art.outlet = "Harbour Gazette"
            art.paragraphs.append(blurb)
        (src / f"{art.key}.txt").write_text(art.text(), encoding="utf-8")
    archive.importer.parse_ahead = "off"
    archive.importer.import_paths([src])
    archive.reuse.verify_pending()
    return archive


def _state(archive):
    bands = archive.db.execute("SELECT copy_id, key FROM reuse_bands ORDER BY copy_id, key").fetchall()
    return bands, archive.db.execute(LINK).fetchall()


def _forget(archive) -> None:
    archive.db.execute("DELETE FROM reuse_links")


def test_parallel_scan_finds_the_same_links_as_in_process(generated, monkeypatch):
    archive = generated
    _forget(archive)
    one = archive.reuse.scan(workers=1)
    bands_one, links_one = _state(archive)
    assert one.proposed == len(links_one) >= 20 and not one.cancelled
    # the scan's keys are those the archive's own fingerprinting makes with the boilerplate the
    # scan counted (the single-process scan's way before the workers)
    with archive.write("fingerprinting one by one") as db:
        for (copy_id,) in db.execute("SELECT id FROM copies ORDER BY id").fetchall():
            archive.reuse._fingerprint(db.conn, archive.reuse.copy_info_in(db.conn, copy_id),
                                       count_boilerplate=False)
    assert _state(archive)[0] == bands_one
    assert archive.db.execute("SELECT count(*) FROM reuse_boilerplate WHERE copies >= ?",
                             [BOILERPLATE_COPIES]).fetchone()[0] > 0
    _forget(archive)
    monkeypatch.setattr(scan_work, "MIN_PARALLEL", 0)
    used = []
    original = scan_work.ScanWork.__init__

    def spy(self, *args, **kwargs):
        original(self, *args, **kwargs)
        used.append(self.parallel)
    monkeypatch.setattr(scan_work.ScanWork, "__init__", spy)
    seen = []
    two = archive.reuse.scan(workers=2, batch=7, progress=lambda d, t, m: seen.append((d, t, m)))
    assert used == [scan_work.can_fork()]     # the workers did it where forking is safe
    assert _state(archive) == (bands_one, links_one)
    assert (two.proposed, two.candidates, two.fingerprinted) == (one.proposed, one.candidates, one.fingerprinted)
    assert seen[-1][0] == seen[-1][1] and any("Compared" in m for _d, _t, m in seen)


def test_a_cancelled_parallel_scan_keeps_what_it_stored(generated, monkeypatch):
    archive = generated
    _forget(archive)
    monkeypatch.setattr(scan_work, "MIN_PARALLEL", 0)
    token = CancelToken()

    def progress(done, total, message):
        if message.startswith("Compared"):
            token.cancel()
    report = archive.reuse.scan(workers=2, batch=10, progress=progress, cancel=token)
    assert report.cancelled
    kept = archive.db.execute("SELECT count(*) FROM reuse_links").fetchone()[0]
    assert 0 < kept == report.proposed
    full = archive.reuse.scan(workers=2)       # the next scan proposes the rest, not the same twice
    assert not full.cancelled
    total = archive.db.execute("SELECT count(*) FROM reuse_links").fetchone()[0]
    assert total == kept + full.proposed > kept


def test_a_scan_off_the_main_thread_never_forks():
    """The app scans on a worker thread: forking a threaded process is unsafe, so it scans
    in-process there (the CLI, on its main thread, forks)."""
    import threading
    seen = []
    worker = threading.Thread(target=lambda: seen.append(scan_work.can_fork()))
    worker.start()
    worker.join()
    assert seen == [False]
    work = scan_work.ScanWork({}, size=10_000, workers=2, path="unused.sqlite")
    try:
        assert work.parallel == scan_work.can_fork()
    finally:
        work.close()
