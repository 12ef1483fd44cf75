"""Bad input: a clear message per file, the others still imported, nothing half-written."""

from __future__ import annotations

import os

from palmyra_archive.core.importing import importer as importer_module

GOOD = "# A fine article\n\nBy Someone\n\n" + "Palmyra stands in the desert. " * 40 + "\n"


def _articles(archive) -> int:
    return archive.db.execute("SELECT count(*) FROM articles").fetchone()[0]


def _sources(archive) -> int:
    return archive.db.execute("SELECT count(*) FROM sources").fetchone()[0]


def test_empty_file_fails_with_a_message(archive, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    report = archive.importer.import_paths([path])
    assert report.failed == 1 and "empty" in report.outcomes[0].message
    assert _sources(archive) == 0


def test_binary_file_fails_with_a_message(archive, tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    report = archive.importer.import_paths([path])
    assert report.failed == 1
    assert "binary" in report.outcomes[0].message.lower() or "text" in report.outcomes[0].message
    assert _sources(archive) == 0


def test_enormous_file_is_refused_without_being_read(archive, tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:          # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    reads = []
    real_open = open

    class Watch:
        def __init__(self, handle):
            self._h = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self._h.close()

        def fileno(self):
            return self._h.fileno()

        def read(self, n=-1):
            reads.append(n)
            return self._h.read(n)

    monkeypatch.setattr(importer_module, "open", lambda p, m="r": Watch(real_open(p, m)), raising=False)
    report = archive.importer.import_paths([path])
    assert report.failed == 1 and "200.0 MB (209,715,200 bytes)" in report.outcomes[0].message
    assert reads == []
    assert _sources(archive) == 0


def test_a_file_that_vanishes_mid_import_fails_alone(archive, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(GOOD.replace("fine", name), encoding="utf-8")

    def vanish_b(done, total, message):
        if "b.txt" in message:
            os.remove(folder / "b.txt")
    report = archive.importer.import_paths([folder], progress=vanish_b)
    statuses = {os.path.basename(o.path): o.status for o in report.outcomes}
    assert statuses == {"a.txt": "imported", "b.txt": "failed", "c.txt": "imported"}
    failed = report.failures[0]
    assert "no longer there" in failed.message
    assert _articles(archive) == 2


def test_folder_of_mixed_files(archive, tmp_path):
    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "sub" / "also good.md").write_text(GOOD.replace("fine", "second"), encoding="utf-8")
    (folder / "latin1.txt").write_bytes(GOOD.replace("fine", "café crème").encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    (folder / ".hidden" / "secret.txt").write_text(GOOD, encoding="utf-8")
    (folder / "README.md").write_text("# About this folder\n", encoding="utf-8")
    report = archive.importer.import_paths([folder])
    by_name = {os.path.basename(o.path): o for o in report.outcomes}
    assert by_name["good.txt"].status == "imported"
    assert by_name["also good.md"].status == "imported"
    assert by_name["latin1.txt"].status == "imported"
    assert by_name["empty.txt"].status == "failed"
    assert by_name["photo.jpg"].status == "skipped" and ".jpg" in by_name["photo.jpg"].message
    assert by_name[".DS_Store"].status == "skipped" and "hidden" in by_name[".DS_Store"].message
    assert by_name["README.md"].status == "skipped"
    assert "secret.txt" not in by_name
    assert by_name[".hidden"].message == "skipped: a hidden folder"
    assert (report.imported, report.failed, report.skipped) == (3, 1, 4)
    assert _articles(archive) == 3
    stored = archive.db.execute("SELECT sqlar_uncompress(content, size_bytes) FROM sources"
                                " WHERE filename = 'latin1.txt'").fetchone()[0]
    assert bytes(stored) == (folder / "latin1.txt").read_bytes()


def test_a_missing_path_and_a_parser_crash_fail_alone(archive, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    crash = tmp_path / "crash.txt"
    crash.write_text(GOOD + "CRASH", encoding="utf-8")
    real = archive.importer.parser

    def parser(filename, data):
        if data.endswith(b"CRASH"):
            raise KeyError("bug")
        return real(filename, data)
    archive.importer.parser = parser
    report = archive.importer.import_paths([tmp_path / "nowhere.txt", crash, good])
    assert [o.status for o in report.outcomes] == ["failed", "failed", "imported"]
    assert report.outcomes[0].message == "no such file or folder."
    assert "unexpected error" in report.outcomes[1].message
    assert _sources(archive) == 1


def test_cancel_stops_between_files(archive, tmp_path):
    from palmyra_archive.core.store.tasks import CancelToken
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(GOOD.replace("fine", f"number {i}"), encoding="utf-8")
    token = CancelToken()

    def progress(done, total, message):
        if done == 1:
            token.cancel()
    report = archive.importer.import_paths([tmp_path], progress=progress, cancel=token)
    assert report.cancelled and report.imported == 1 and _articles(archive) == 1


def test_undecodable_and_blank_files_fail_with_a_message(archive, tmp_path):
    import random
    rng = random.Random(1)
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(rng.randrange(128, 256) for _ in range(3000)))
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"  \n\n\t \n")
    report = archive.importer.import_paths([noise, blank])
    messages = [o.message for o in report.outcomes]
    assert [o.status for o in report.outcomes] == ["failed", "failed"]
    assert "could not be decoded" in messages[0] and "empty" in messages[1]
    assert _sources(archive) == 0 and archive.events.list() == []


def test_a_named_pipe_is_refused_without_blocking(archive, tmp_path):
    folder = tmp_path / "with-pipe"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    report = archive.importer.import_paths([folder])
    by_name = {os.path.basename(o.path): o for o in report.outcomes}
    assert by_name["pipe.txt"].status == "failed" and "not a regular file" in by_name["pipe.txt"].message
    assert by_name["good.txt"].status == "imported"
