"""Each nasty file gets its own clear outcome, through ``import_paths`` and through the CLI."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .helpers import assert_archive_whole, cli
from .nasty_files import NASTY, Nasty, write_nasty

#: no single file, however odd, may cost the importer more CPU than this (CPU time, not wall
#: time: a guard against runaway parsing that a loaded machine does not trip)
PER_FILE_CPU_SECONDS = 10


@pytest.fixture(scope="module")
def nasty_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("nasty") / "incoming"
    write_nasty(folder)
    return folder


def _body_of(archive, article_id: int) -> str:
    return archive.db.execute("SELECT c.body FROM articles a JOIN copies c ON c.id = a.primary_copy_id "
                              "WHERE a.id = ?", [article_id]).fetchone()[0]


def _check(archive, nasty: Nasty, outcome) -> None:
    assert outcome.status == nasty.status, (nasty.name, outcome.message)
    assert "unexpected error" not in outcome.message
    for word in nasty.says:
        assert word.lower() in outcome.message.lower(), (nasty.name, outcome.message)
    if nasty.status == "imported":
        assert len(outcome.article_ids) == 1
        assert nasty.body_has in _body_of(archive, outcome.article_ids[0])


@pytest.mark.parametrize("nasty", NASTY, ids=[n.name.replace("\n", "\\n") for n in NASTY])
def test_each_nasty_file_alone(archive, nasty_folder, nasty):
    started = time.process_time()
    report = archive.importer.import_paths([nasty_folder / nasty.name])
    assert time.process_time() - started < PER_FILE_CPU_SECONDS
    assert len(report.outcomes) == 1
    if nasty.status == "skipped":  # named explicitly, a non-text or hidden file is still tried
        assert report.outcomes[0].status in ("imported", "failed")
        assert "unexpected error" not in report.outcomes[0].message
        return
    _check(archive, nasty, report.outcomes[0])
    assert_archive_whole(archive.path)


def test_the_whole_nasty_folder_at_once(archive, nasty_folder):
    report = archive.importer.import_paths([nasty_folder])
    by_name = {Path(o.path).name: o for o in report.outcomes}
    assert sorted(by_name) == sorted(n.name for n in NASTY)
    for nasty in NASTY:
        _check(archive, nasty, by_name[nasty.name])
    counts = assert_archive_whole(archive.path)
    assert counts["articles"] == sum(n.status == "imported" for n in NASTY)


def test_the_nasty_folder_through_the_cli(tmp_path, nasty_folder):
    done = cli("--archive", str(tmp_path / "a.sqlite"), "import", str(nasty_folder), timeout=180)
    assert done.returncode == 1  # some files failed, and the exit status says so
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stdout.splitlines()
    expected = {"imported": "IMPORTED", "failed": "FAILED", "skipped": "SKIPPED"}
    for nasty in NASTY:
        shown = nasty.name.replace("\n", "\\n")
        line = next((x for x in lines if f"{shown}:" in x), None)
        assert line is not None, f"{shown!r} is not reported on one line:\n{done.stdout}"
        assert line.startswith(expected[nasty.status]), line
        for word in nasty.says:
            assert word.lower() in line.lower(), line
    imported = sum(n.status == "imported" for n in NASTY)
    assert f"Imported {imported}," in done.stdout
    assert assert_archive_whole(tmp_path / "a.sqlite")["articles"] == imported


def _vanishing(folder: Path, change) -> tuple[list[Path], object]:
    """A folder where ``change`` hits the last file while the first one is being imported."""
    folder.mkdir()
    paths = []
    for index in range(3):
        path = folder / f"{index}.txt"
        path.write_text(f"Article {index}\n\nBody of article {index}.\n")
        paths.append(path)
    fired = []

    def progress(done, total, message):
        if done == 1 and not fired:
            change(paths[-1])
            fired.append(True)
    return paths, progress


@pytest.mark.parametrize("change, word", [
    (lambda p: p.unlink(), "no longer there"),
    (lambda p: p.rename(p.with_name("moved-away.txt")), "no longer there"),
])
def test_a_file_removed_or_renamed_mid_import(archive, tmp_path, change, word):
    paths, progress = _vanishing(tmp_path / "in", change)
    report = archive.importer.import_paths([tmp_path / "in"], progress=progress)
    outcomes = {Path(o.path).name: o for o in report.outcomes}
    assert outcomes["0.txt"].status == outcomes["1.txt"].status == "imported"
    assert outcomes["2.txt"].status == "failed" and word in outcomes["2.txt"].message
    assert assert_archive_whole(archive.path)["articles"] == 2


def test_a_file_changed_mid_import_is_stored_as_read(archive, tmp_path):
    """Rewritten while the import runs: whatever bytes were read are stored with their own hash."""
    paths, progress = _vanishing(tmp_path / "in", lambda p: p.write_text("Rewritten\n\nNew words.\n"))
    report = archive.importer.import_paths([tmp_path / "in"], progress=progress)
    assert report.imported == 3
    import hashlib
    row = archive.db.execute("SELECT sha256, sqlar_uncompress(content, size_bytes) FROM sources"
                             " WHERE filename = '2.txt'").fetchone()
    assert row[0] == hashlib.sha256(row[1]).hexdigest()
    assert row[1] == b"Rewritten\n\nNew words.\n"
