"""Bulk imports: batches of files per transaction, each file still atomic; parsing ahead in
forked workers gives the same archive as parsing in-process, and a crashing parser fails alone."""

from __future__ import annotations

import os
import sys

import pytest
from conftest import ROOT

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.importing import batches as batches_module
from palmyra_archive.core.importing import importer as importer_module
from palmyra_archive.core.importing.importer import BULK_FILES, default_parser
from palmyra_archive.core.store.tasks import CancelToken

sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate_corpus  # noqa: E402
from tests.reliability.helpers import assert_archive_whole, write_articles  # noqa: E402

FILES = 60
assert FILES >= BULK_FILES   # these tests are about the bulk path

fork_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked parsing is Linux-only")


def _statements(archive) -> list[str]:
    """Every SQL statement the archive's connection runs from now on."""
    seen: list[str] = []
    archive.db.conn.set_trace_callback(seen.append)
    return seen


def _filenames(archive) -> set[str]:
    return {r[0] for r in archive.db.execute("SELECT filename FROM sources")}


def test_a_file_failing_while_stored_mid_batch_rolls_back_alone(archive, tmp_path, monkeypatch):
    write_articles(tmp_path / "in", FILES)
    real = importer_module.insert_details

    def failing_details(conn, copy_id, article):
        if article.title.value.endswith("story number 30"):
            raise RuntimeError("simulated bug after the source and copy rows were written")
        return real(conn, copy_id, article)

    monkeypatch.setattr(importer_module, "insert_details", failing_details)
    # batches end at BATCH_SECONDS of work too; on a loaded machine that cut this import into
    # more transactions than the test allows, so the time budget is taken out of the question
    monkeypatch.setattr(batches_module, "BATCH_SECONDS", 60.0)
    archive.importer.parse_ahead = "in-process"
    statements = _statements(archive)
    report = archive.importer.import_paths([tmp_path / "in"])
    assert report.imported == FILES - 1 and report.failed == 1
    assert report.failures[0].path.endswith("article_00030.txt")
    assert "unexpected error (RuntimeError)" in report.failures[0].message
    assert "article_00030.txt" not in _filenames(archive) and len(_filenames(archive)) == FILES - 1
    # it really was inside a batch: few transactions, one file rolled back to its savepoint
    assert statements.count("BEGIN IMMEDIATE") <= 3
    assert statements.count("ROLLBACK TO import_file") == 1
    counts = assert_archive_whole(archive.path)
    assert counts["articles"] == counts["sources"] == FILES - 1
    events = archive.db.execute("SELECT count(*) FROM events WHERE action = 'import'").fetchone()[0]
    assert events == FILES - 1


def test_cancel_mid_batch_commits_the_files_done_and_each_is_whole(archive, tmp_path):
    write_articles(tmp_path / "in", FILES)
    cancel = CancelToken()

    def progress(done, total, message):
        if done == 25:
            cancel.cancel()   # the 26th file is being stored: it is finished, then the batch commits

    archive.importer.parse_ahead = "in-process"
    report = archive.importer.import_paths([tmp_path / "in"], progress=progress, cancel=cancel)
    assert report.cancelled and report.imported == 26
    assert not archive.db.conn.in_transaction
    counts = assert_archive_whole(archive.path)
    assert counts["articles"] == counts["sources"] == counts["copies"] == 26
    again = archive.importer.import_paths([tmp_path / "in"])
    assert again.unchanged == 26 and again.imported == FILES - 26
    assert assert_archive_whole(archive.path)["articles"] == FILES


def _without_times(value):
    """An article's JSON without the moments it was imported (they differ between two runs)."""
    if isinstance(value, dict):
        return {k: _without_times(v) for k, v in value.items() if not k.endswith("_at")}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    return value


#: what the text-reuse side of an import stores, without its moments
_REUSE_ROWS = ("SELECT key, copy_id FROM reuse_bands ORDER BY 1, 2",
               "SELECT copy_id, outlet_id, keys, parameters FROM reuse_fingerprints ORDER BY 1",
               "SELECT outlet_id, unit_hash, copies, since_copy FROM reuse_boilerplate ORDER BY 1, 2",
               "SELECT copy_a, copy_b, kind, share_a, share_b, reused_words, passages, from_copy_id,"
               " direction, status FROM reuse_links ORDER BY id")


def _archive_as_json(path, folder, mode: str, workers: int = 2) -> list:
    with Archive.open(path) as archive:
        archive.importer.parse_ahead = mode
        archive.importer.parse_workers = workers
        report = archive.importer.import_paths([folder])
        assert report.failed == 0 and report.imported == FILES
        ids = [r[0] for r in archive.db.execute("SELECT id FROM articles ORDER BY id")]
        reuse = [archive.db.execute(sql).fetchall() for sql in _REUSE_ROWS]
        events = archive.db.execute("SELECT action, entity, entity_id FROM events ORDER BY id").fetchall()
        return [_without_times(archive.articles.get(i).to_json()) for i in ids] + [reuse, events]


@pytest.mark.slow
@fork_only
def test_forked_parsing_and_in_process_parsing_give_the_same_archive(tmp_path):
    """Two parse-ahead workers (the default from two cores), one, and none: the same articles,
    copies, text-reuse fingerprints, links and events, in the same order."""
    generate_corpus(tmp_path / "gen", FILES, seed=11)
    forked = _archive_as_json(tmp_path / "forked.sqlite", tmp_path / "gen", "fork")
    one = _archive_as_json(tmp_path / "one.sqlite", tmp_path / "gen", "fork", workers=1)
    local = _archive_as_json(tmp_path / "local.sqlite", tmp_path / "gen", "in-process")
    assert len(forked) >= FILES // 2 and forked[-2][0] and forked[-1]
    assert forked == local
    assert one == local


def test_two_parse_workers_from_two_cores(monkeypatch):
    from palmyra_archive.core.importing import parse_ahead
    for cores, workers in ((1, 1), (2, 2), (3, 2), (4, 3), (16, 4)):
        monkeypatch.setattr(parse_ahead.os, "cpu_count", lambda cores=cores: cores)
        assert parse_ahead.default_workers() == workers


def _crashing_parser(filename: str, data: bytes):
    if filename == "article_00010.txt":
        os._exit(3)            # the worker process dies, as on a segfault
    if filename == "article_00020.txt":
        raise ValueError("a parser bug")
    return default_parser(filename, data)


@fork_only
def test_a_parser_crash_in_a_worker_fails_that_file_alone(archive, tmp_path):
    write_articles(tmp_path / "in", FILES)
    archive.importer.parser = _crashing_parser
    archive.importer.parse_ahead = "fork"
    archive.importer.parse_workers = 1
    report = archive.importer.import_paths([tmp_path / "in"])
    failed = {os.path.basename(o.path): o.message for o in report.failures}
    assert set(failed) == {"article_00010.txt", "article_00020.txt"}
    assert "parser stopped unexpectedly" in failed["article_00010.txt"]
    assert "unexpected error (ValueError)" in failed["article_00020.txt"]
    assert report.imported == FILES - 2
    assert assert_archive_whole(archive.path)["articles"] == FILES - 2


def test_a_bulk_import_again_does_not_parse_files_already_archived(archive, tmp_path):
    write_articles(tmp_path / "in", FILES)
    archive.importer.parse_ahead = "in-process"
    assert archive.importer.import_paths([tmp_path / "in"]).imported == FILES
    calls = []

    def counting_parser(filename, data):
        calls.append(filename)
        return default_parser(filename, data)

    archive.importer.parser = counting_parser
    archive.importer.parse_ahead = "in-process"
    again = archive.importer.import_paths([tmp_path / "in"])
    assert again.unchanged == FILES and calls == []


def _children(pid: int) -> list[int]:
    import subprocess
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False).stdout
    return [int(p) for p in out.split()]


def _alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped counts as gone: it holds no memory, runs nothing)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return not any(line.startswith("State:\tZ") for line in status)
    except FileNotFoundError:
        return False


@fork_only
def test_parsing_workers_do_not_outlive_an_import_killed_with_kill_9(tmp_path):
    import signal
    import time

    from tests.reliability.helpers import cli_popen
    write_articles(tmp_path / "in", 1500)
    proc = cli_popen("--archive", str(tmp_path / "a.sqlite"), "import", str(tmp_path / "in"))
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while not workers and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        workers = _children(proc.pid)
    assert workers, "the import ended before a parsing worker was seen"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = [w for w in workers if _alive(w)]
    for pid in survivors:   # do not leave them behind on a failure
        os.kill(pid, signal.SIGKILL)
    assert survivors == []


@fork_only
def test_when_no_worker_can_be_started_the_files_are_parsed_in_process(archive, tmp_path, monkeypatch):
    write_articles(tmp_path / "in", FILES)

    def refused():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    archive.importer.parse_ahead = "fork"
    report = archive.importer.import_paths([tmp_path / "in"])
    assert report.imported == FILES and report.failed == 0
    assert assert_archive_whole(archive.path)["articles"] == FILES


def test_bulk_import_collects_garbage_less_often_and_puts_the_thresholds_back(monkeypatch):
    import gc

    from palmyra_archive.core.importing.importer import rarer_garbage_collection

    before = gc.get_threshold()
    with rarer_garbage_collection(first_generation=12_345):
        assert gc.get_threshold()[0] == max(12_345, before[0])
        assert gc.get_threshold()[1:] == before[1:]
    assert gc.get_threshold() == before
    try:
        with rarer_garbage_collection():
            raise RuntimeError("a failing import")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before


@fork_only
def test_sources_compressed_by_the_workers_are_the_files_byte_for_byte(tmp_path):
    """The parse-ahead workers compress each file (``Prepared.packed``) so the writer does not:
    what is stored is ``source_bytes.pack`` of the file, its SHA-256 the file's, and unpacked it
    is the file again."""
    import hashlib

    from palmyra_archive.core.importing.importer import read_file
    from palmyra_archive.core.importing.parse_ahead import prepare
    from palmyra_archive.core.store import source_bytes

    write_articles(tmp_path / "in", FILES)
    first = sorted((tmp_path / "in").iterdir())[0]
    ready = prepare(first, default_parser, lambda sha: False, read_file)
    assert ready.packed == source_bytes.pack(first.read_bytes()) and len(ready.packed) < len(ready.data)
    assert prepare(first, default_parser, lambda sha: True, read_file).packed is None   # not parsed: known
    with Archive.open(tmp_path / "a.sqlite") as archive:
        archive.importer.parse_ahead = "fork"
        report = archive.importer.import_paths([tmp_path / "in"])
        assert report.imported == FILES
        rows = archive.db.execute("SELECT original_path, sha256, size_bytes, content FROM sources").fetchall()
    assert len(rows) == FILES
    for path, sha, size, content in rows:
        raw = open(path, "rb").read()
        assert bytes(content) == source_bytes.pack(raw) and len(content) < size
        assert source_bytes.unpack(content, size) == raw and hashlib.sha256(raw).hexdigest() == sha


def test_workers_ask_the_archive_whether_it_holds_a_files_bytes(tmp_path):
    """The parse-ahead workers skip a file whose SHA-256 the archive holds by asking the
    archive (one indexed look-up on a connection of their own), not a set of every source's
    hash read at the start (140 MB at 1,000,000 sources, #19)."""
    import hashlib
    import os as os_module

    from palmyra_archive.core.importing.parse_ahead import ArchivedBytes

    write_articles(tmp_path / "in", FILES)
    with Archive.open(tmp_path / "a.sqlite") as archive:
        archive.importer.parse_ahead = "fork"
        assert archive.importer.import_paths([tmp_path / "in"]).imported == FILES
        held = ArchivedBytes(archive.path)
        first = sorted((tmp_path / "in").iterdir())[0]
        assert held(hashlib.sha256(first.read_bytes()).hexdigest())
        assert not held(hashlib.sha256(b"never imported").hexdigest())
        opened = held._conn
        held._conn = (os_module.getpid() + 1, opened[1])     # as in a forked worker: its own
        assert held(hashlib.sha256(first.read_bytes()).hexdigest()) and held._conn[1] is not opened[1]
        again = archive.importer.import_paths([tmp_path / "in"])
        assert again.unchanged == FILES and again.failed == 0
    assert not ArchivedBytes(tmp_path / "not-an-archive.sqlite")("0" * 64)
