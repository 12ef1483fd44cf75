"""A bulk import compares the text-reuse pairs it queues between its batches, on its idle
parse workers (#11's import cost, #19), and proposes exactly the links that comparing them all
at its end does; a failure there only leaves the pairs to the end."""

from __future__ import annotations

import sys
from concurrent.futures import Future
from contextlib import contextmanager

import pytest

from benchmarks.reuse_articles import generate
from palmyra_archive.core.archive import Archive
from palmyra_archive.core.importing import batches
from palmyra_archive.core.reuse import alongside as alongside_mod
from palmyra_archive.core.reuse.alongside import ComparingAlongside
from palmyra_archive.core.reuse.service import ReuseManager

from .helpers import copy, make, write

fork_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked parsing is Linux-only")


def _links(archive) -> list[tuple]:
    return [tuple(r) for r in archive.db.execute(
        "SELECT sa.filename, sb.filename, l.kind, l.share_a, l.share_b, l.reused_words, l.passages,"
        " l.direction, l.status FROM reuse_links l"
        " JOIN copies ca ON ca.id = l.copy_a JOIN sources sa ON sa.id = ca.source_id"
        " JOIN copies cb ON cb.id = l.copy_b JOIN sources sb ON sb.id = cb.source_id ORDER BY l.id")]


def _import(path, folder, monkeypatch, *, lending: bool) -> tuple[list[tuple], dict]:
    """Import ``folder`` in batches of 20 files; (links, what was compared where)."""
    seen: dict = {"left_at_end": None, "lent": 0, "proposed_alongside": 0}
    verify = ReuseManager.verify_pending
    finish = ComparingAlongside.finish

    def counting_verify(self, **kwargs):
        seen["left_at_end"] = self.unverified_count()
        return verify(self, **kwargs)

    def counting_finish(self):
        proposed = finish(self)
        seen["lent"], seen["proposed_alongside"] = self.lent, proposed
        return proposed

    monkeypatch.setattr(batches, "BATCH_FILES", 20)
    monkeypatch.setattr(alongside_mod, "CHUNK_PAIRS", 4)
    monkeypatch.setattr(ReuseManager, "verify_pending", counting_verify)
    monkeypatch.setattr(ComparingAlongside, "finish", counting_finish)
    if not lending:
        monkeypatch.setattr(ComparingAlongside, "pump", lambda self: None)
    with Archive.open(path) as archive:
        archive.importer.parse_ahead = "fork"
        report = archive.importer.import_paths([folder])
        assert report.imported == len(list(folder.iterdir())) and not report.cancelled
        assert archive.reuse.unverified_count() == 0
        links = _links(archive)
        assert report.reuse_proposed == len(links)
    monkeypatch.undo()
    return links, seen


@contextmanager
def _queued(tmp_path, *articles):
    """An archive holding ``articles``, their candidate pairs queued and not compared (as if
    the app closed after storing them)."""
    write(tmp_path / "files", *articles)
    with Archive.open(tmp_path / "a.sqlite") as archive:
        with archive.write("storing without comparing") as db:
            for path in sorted((tmp_path / "files").iterdir()):
                assert db.conn.in_transaction
                archive.importer.import_file(path)
        yield archive


@fork_only
@pytest.mark.slow
def test_pairs_compared_between_batches_propose_the_links_that_comparing_at_the_end_does(tmp_path, monkeypatch):
    write(tmp_path / "files", *generate(160, seed=7).articles)
    at_end, end_seen = _import(tmp_path / "end.sqlite", tmp_path / "files", monkeypatch, lending=False)
    alongside, seen = _import(tmp_path / "alongside.sqlite", tmp_path / "files", monkeypatch, lending=True)
    queued = end_seen["left_at_end"]
    assert len(at_end) >= 50 and {r[2] for r in at_end} == {"same_work", "quotes_from"}
    assert end_seen["lent"] == 0 and queued >= 100
    # most pairs were compared during the import, and what they found is the same, in the same order
    assert seen["lent"] >= queued // 2
    assert seen["left_at_end"] == queued - seen["lent"]
    assert 0 < seen["proposed_alongside"] < len(alongside)
    assert alongside == at_end


def test_a_worker_that_fails_leaves_its_pairs_for_the_end(tmp_path):
    base = make(60)
    with _queued(tmp_path, base, copy(base, "intro", "a00001c0"), copy(base, "typos", "a00001c1", seed=2)) as archive:
        queued = archive.reuse.unverified_count()
        assert queued >= 2

        def broken(function, argument):
            future: Future = Future()
            future.set_exception(OSError("the worker was killed"))
            return future

        alongside = ComparingAlongside(archive.reuse, broken, chunk_pairs=1)
        alongside.pump()    # lends every pair, then finds the worker broken: stops, stores nothing
        alongside.pump()
        assert alongside.stopped and alongside.finish() == 0
        assert archive.reuse.unverified_count() == queued and archive.reuse.list(status=None) == []
        assert archive.reuse.verify_pending() >= 2
        assert archive.reuse.unverified_count() == 0


def test_pairs_compared_meanwhile_by_someone_else_are_not_stored_twice(tmp_path):
    base = make(61)
    with _queued(tmp_path, base, copy(base, "footer", "a00001c0"), copy(base, "dropped", "a00001c1", seed=3)) as archive:
        assert archive.reuse.unverified_count() >= 2
        lent: list[tuple] = []

        def inline(function, argument):
            future: Future = Future()
            lent.append((function, argument, future))
            return future

        alongside = ComparingAlongside(archive.reuse, inline, chunk_pairs=1, in_flight=8)
        alongside.pump()
        assert lent and alongside.lent == len(lent)
        proposed_by_the_app = archive.reuse.verify_pending()    # the app compared them first
        assert proposed_by_the_app >= 2
        for function, argument, future in lent:
            future.set_result(function(argument))
        alongside.pump()     # stores what was aligned: nothing new, and no error either
        assert not alongside.stopped and not alongside._flight
        assert alongside.finish() == 0
        assert len(archive.reuse.list(status=None)) == proposed_by_the_app


def test_nothing_is_lent_when_comparing_at_import_is_off_or_there_are_no_workers(tmp_path):
    with Archive.open(tmp_path / "a.sqlite") as archive:
        archive.reuse.verify_at_import = 0
        assert archive.reuse.compare_alongside(lambda f, a: None).stopped
        archive.reuse.verify_at_import = 3
        nobody = archive.reuse.compare_alongside(lambda f, a: None)
        assert not nobody.stopped
        base = make(62)
        write(tmp_path / "files", base, *[copy(base, "typos", f"a00001c{i}", seed=i) for i in range(3)])
        with archive.write("storing without comparing") as db:
            for path in sorted((tmp_path / "files").iterdir()):
                assert db.conn.in_transaction
                archive.importer.import_file(path)
        nobody._chunk = 1
        nobody.pump()
        assert nobody.stopped and nobody.lent == 0


def test_a_bug_while_comparing_alongside_never_ends_the_import(tmp_path, monkeypatch, caplog):
    """An unexpected error in the lent comparing (a bug) is logged and stops the lending only:
    the import's files are all stored and its pairs compared at its end."""
    base = make(63)
    with _queued(tmp_path, base, copy(base, "intro", "a00001c0"), copy(base, "typos", "a00001c1", seed=4)) as archive:
        queued = archive.reuse.unverified_count()

        def buggy(self, conn, copy_id, other_id, reads):
            raise KeyError("a bug")

        monkeypatch.setattr(type(archive.reuse), "_queued_pair", buggy)
        alongside = ComparingAlongside(archive.reuse, lambda f, a: Future(), chunk_pairs=1)
        alongside.pump()
        assert alongside.stopped and "comparing copies during the import failed" in caplog.text
        monkeypatch.undo()
        assert archive.reuse.unverified_count() == queued
        assert archive.reuse.verify_pending() >= 2
