"""Two processes on one archive: the app open while the CLI imports, and two writers at once."""

from __future__ import annotations

import pytest

from palmyra_archive.core.archive import Archive

from .helpers import assert_archive_whole, cli, cli_popen, write_articles


def _count(archive) -> int:
    return archive.db.execute("SELECT count(*) FROM articles").fetchone()[0]


@pytest.mark.slow
def test_open_archive_sees_articles_a_cli_import_adds(tmp_path):
    path = tmp_path / "shared.sqlite"
    files = tmp_path / "in"
    write_articles(files, 25)
    with Archive.open(path) as app:
        app.importer.import_bytes("mine.txt", b"Already here\n\nBefore the CLI ran.\n")
        version = app.data_version()
        assert app.articles.count(_all()) == 1
        done = cli("--archive", str(path), "import", str(files))
        assert done.returncode == 0, done.stderr
        assert "locked" not in done.stderr + done.stdout
        assert app.data_version() != version  # what the GUI polls to know it must refresh
        assert app.articles.count(_all()) == 26


def test_open_archive_holding_a_read_does_not_lock_out_the_cli(tmp_path):
    """The GUI mid-read (an open read transaction) must not make the importer fail."""
    path = tmp_path / "shared.sqlite"
    write_articles(tmp_path / "in", 15)
    with Archive.open(path) as app:
        app.importer.import_bytes("mine.txt", b"Already here\n\nBefore the CLI ran.\n")
        app.db.execute("BEGIN")
        app.db.execute("SELECT count(*) FROM articles").fetchone()
        try:
            done = cli("--archive", str(path), "import", str(tmp_path / "in"))
        finally:
            app.db.execute("COMMIT")
        assert done.returncode == 0, done.stderr
        assert _count(app) == 16


@pytest.mark.slow
def test_two_processes_importing_at_once_both_succeed(tmp_path):
    path = tmp_path / "shared.sqlite"
    Archive.open(path).close()
    write_articles(tmp_path / "a", 40, start=0)
    write_articles(tmp_path / "b", 40, start=1000, seed=7)
    first = cli_popen("--archive", str(path), "import", str(tmp_path / "a"))
    second = cli_popen("--archive", str(path), "import", str(tmp_path / "b"))
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    for proc, (out, err) in zip((first, second), outputs):
        assert proc.returncode == 0, err
        assert "locked" not in (out + err).lower() and "busy" not in (out + err).lower()
    counts = assert_archive_whole(path)
    assert counts["articles"] == counts["sources"] == 80


@pytest.mark.slow
def test_app_writes_while_cli_imports(tmp_path):
    """The app's own write (a tag, here a setting) lands while the CLI is mid-import."""
    path = tmp_path / "shared.sqlite"
    write_articles(tmp_path / "in", 60)
    with Archive.open(path) as app:
        proc = cli_popen("--archive", str(path), "import", str(tmp_path / "in"))
        for keep in range(2, 12):
            app.backups.configure(keep=keep)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert app.backups.settings().keep == 11
    assert assert_archive_whole(path)["articles"] == 60


def _all():
    from palmyra_archive.core.store.records import LibraryQuery
    return LibraryQuery()



@pytest.mark.slow
def test_two_processes_importing_the_same_folder_agree(tmp_path):
    """Both see the same new files: each file is stored once, the slower process says unchanged."""
    path = tmp_path / "shared.sqlite"
    Archive.open(path).close()
    write_articles(tmp_path / "same", 60)
    procs = [cli_popen("--archive", str(path), "import", str(tmp_path / "same")) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0, out[-2000:] + err[-2000:]
        assert "FAILED" not in out
    counts = assert_archive_whole(path)
    assert counts["articles"] == counts["sources"] == 60
