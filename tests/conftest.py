"""Shared fixtures: a fresh archive per test, and the corpus imported once and copied.

Every test runs with its own HOME/XDG folders, so platformdirs, QSettings and the log file
never touch the developer's real archive.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "corpus"
CORPUS_FILES = sorted(CORPUS_DIR.glob("*.txt"))
SHARED_DIR = ROOT.parent / "shared"


#: fixtures that start a QApplication (pytest-qt's): a test using one, even through another fixture, is GUI
QT_FIXTURES = frozenset({"qtbot", "qapp", "qtmodeltester"})
GUI_FOLDER = Path(__file__).resolve().parent / "gui"


def pytest_collection_modifyitems(config, items):
    """The ``gui`` marker made true: every test in tests/gui/ and every test that uses a Qt fixture
    carries it, so ``-m "not gui"`` (``make test-fast``) runs no test that opens a widget."""
    for item in items:
        path = Path(str(item.fspath)).resolve()
        if GUI_FOLDER in path.parents or QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("HOME", ""), ("XDG_DATA_HOME", ".local/share"), ("XDG_CONFIG_HOME", ".config"),
                     ("XDG_STATE_HOME", ".local/state"), ("XDG_CACHE_HOME", ".cache")):
        path = home / sub
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(path))
    monkeypatch.delenv("PALMYRA_ARCHIVE", raising=False)
    yield home


@pytest.fixture
def archive(tmp_path):
    """A fresh, empty, migrated archive."""
    from palmyra_archive.core.archive import Archive

    with Archive.open(tmp_path / "test.palmyra.sqlite") as arch:
        yield arch


@pytest.fixture(scope="session")
def _corpus_template(tmp_path_factory):
    from palmyra_archive.core.archive import Archive

    path = tmp_path_factory.mktemp("template") / "corpus.palmyra.sqlite"
    with Archive.open(path) as arch:
        arch.importer.import_paths([CORPUS_DIR])
        arch.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def corpus_archive(tmp_path, _corpus_template):
    """An archive with the five corpus files imported (copied from a session-wide template)."""
    from palmyra_archive.core.archive import Archive

    path = tmp_path / "corpus.palmyra.sqlite"
    shutil.copy(_corpus_template, path)
    with Archive.open(path) as arch:
        yield arch


def article_id_for(archive, filename: str) -> int:
    """The article imported from a corpus file (test helper)."""
    row = archive.db.execute(
        "SELECT c.article_id FROM copies c JOIN sources s ON s.id = c.source_id "
        "WHERE s.filename = ? ORDER BY c.id LIMIT 1", [filename]).fetchone()
    assert row, f"{filename} was not imported"
    return row[0]
