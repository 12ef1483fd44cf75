"""The version has one home (pyproject.toml), and archives from other versions are handled safely.

Newer archive: refused with a readable message and not a byte written. Older archive: backed up
into ``core.store.paths.backups_dir`` before the pending steps run, and every row survives.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import subprocess
import sys
import tomllib

import pytest
from conftest import ROOT
from PySide6.QtCore import Qt

import palmyra_archive
from palmyra_archive.core.archive import Archive
from palmyra_archive.core.store import migrations
from palmyra_archive.core.store.errors import ArchiveError, SchemaTooNewError
from palmyra_archive.core.store.paths import backups_dir


def pyproject_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def test_package_version_is_the_pyproject_version():
    assert palmyra_archive.__version__ == pyproject_version()


def test_command_line_prints_the_version():
    result = subprocess.run([sys.executable, "-m", "palmyra_archive", "--version"],
                            capture_output=True, text=True, timeout=60, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"palmyra-archive {pyproject_version()}"


def test_changelog_has_an_unreleased_or_current_section_with_entries():
    text = (ROOT / "CHANGELOG.md").read_text("utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    titles = [section.splitlines()[0].strip() for section in sections]
    wanted = {"Unreleased", pyproject_version(), f"[{pyproject_version()}]"}
    matching = [s for s, title in zip(sections, titles) if title.split(" ")[0] in wanted]
    assert matching, f"CHANGELOG.md needs a '## Unreleased' or '## {pyproject_version()}' section"
    assert re.search(r"^- \S", matching[0], flags=re.MULTILINE), "that section lists no change"


# -- schema versions ----------------------------------------------------------------------------

def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _set_user_version(path, version: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_archive_from_a_newer_version_is_refused_without_writing(tmp_path):
    path = tmp_path / "future.palmyra.sqlite"
    Archive.open(path).close()
    newer = migrations.SCHEMA_VERSION + 1
    _set_user_version(path, newer)
    before = _digest(path)

    with pytest.raises(SchemaTooNewError) as raised:
        Archive.open(path)

    message = str(raised.value)
    assert "newer Palmyra Archive" in message
    assert f"schema {newer}" in message and f"up to {migrations.SCHEMA_VERSION}" in message
    assert "Nothing was changed" in message
    assert _digest(path) == before
    assert not backups_dir(path).exists()


@pytest.fixture
def add_schema_step():
    """Register one more schema step, as the next release would; ``remove()`` undoes it.

    Whatever a test leaves registered is removed after it, so no other test sees the step.
    """
    original_version = migrations.SCHEMA_VERSION
    added: list[str] = []

    def remove() -> None:
        migrations.migrations._migrations[:] = [
            m for m in migrations.migrations._migrations if m.name not in added]
        migrations.SCHEMA_VERSION = original_version

    def add(name, step):
        migrations.migrations(name=name)(step)
        added.append(name)
        migrations.SCHEMA_VERSION = original_version + len(added)
        return remove

    yield add
    remove()


def _article_count(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def _tables(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def _add_reading_lists(db):
    db.execute("CREATE TABLE test_reading_lists (id INTEGER PRIMARY KEY, name TEXT)")


def _broken_step(db):
    db.execute("CREATE TABLE test_half_done (id INTEGER PRIMARY KEY)")
    raise RuntimeError("simulated failure half-way through an upgrade")


def test_older_archive_is_backed_up_then_upgraded_keeping_its_data(corpus_archive,
                                                                   add_schema_step):
    path = corpus_archive.path
    old_version = corpus_archive.schema_version
    assert corpus_archive.articles.total_count() == 5
    corpus_archive.close()
    assert not backups_dir(path).exists()

    # An archive written by this build is "older" than a build with one more step.
    add_schema_step("9999_test_reading_lists", _add_reading_lists)
    with Archive.open(path) as upgraded:
        assert upgraded.schema_version == old_version + 1
        assert upgraded.articles.total_count() == 5
        assert upgraded.db["test_reading_lists"].exists()

    backups = sorted(backups_dir(path).glob("*.sqlite"))
    assert [b.name.startswith(f"before-upgrade-v{old_version}-") for b in backups] == [True]
    conn = sqlite3.connect(backups[0])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == old_version
    conn.close()
    assert "test_reading_lists" not in _tables(backups[0])
    assert _article_count(backups[0]) == 5


def test_failed_upgrade_step_leaves_the_archive_as_it_was(corpus_archive, add_schema_step):
    path = corpus_archive.path
    old_version = corpus_archive.schema_version
    corpus_archive.close()

    remove_step = add_schema_step("9999_test_broken_step", _broken_step)
    with pytest.raises(ArchiveError) as raised:
        Archive.open(path)

    [backup] = backups_dir(path).glob("*.sqlite")
    assert "undone and nothing was lost" in raised.value.message
    assert str(backup) in raised.value.message
    assert "simulated failure" in raised.value.detail
    assert "test_half_done" not in _tables(path)
    assert _article_count(path) == 5
    remove_step()  # this build again: the archive opens at its old version, nothing pending
    with Archive.open(path) as again:
        assert again.schema_version == old_version


# -- Help › About -------------------------------------------------------------------------------

@pytest.mark.gui
def test_about_dialog_shows_version_schema_and_folders(qtbot, corpus_archive):
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QLabel

    from palmyra_archive.core.store.paths import user_data_dir, user_log_dir
    from palmyra_archive.gui.dialogs.about import AboutDialog

    dialog = AboutDialog(None, corpus_archive)
    qtbot.addWidget(dialog)
    shown = "\n".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"Palmyra Archive {pyproject_version()}" in dialog.title_label.text()
    supported = corpus_archive.supported_schema_version
    assert f"{corpus_archive.schema_version} (this version understands up to {supported})" in shown
    for folder in (corpus_archive.path, backups_dir(corpus_archive.path), user_data_dir(),
                   user_log_dir()):
        assert str(folder) in shown
    assert "GPL-3.0-or-later" in shown

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied.splitlines()[:2] == ["Palmyra Archive", f"Version: {pyproject_version()}"]
    assert f"Archive: {corpus_archive.path}" in copied


@pytest.mark.gui
def test_about_dialog_without_an_archive_says_so(qtbot):
    from palmyra_archive.gui.dialogs.about import AboutDialog, details_text

    dialog = AboutDialog(None, None)
    qtbot.addWidget(dialog)
    text = details_text(dialog.facts)
    assert "Archive: none open" in text
    assert "Schema version" not in text


@pytest.fixture
def recorded_message_boxes(monkeypatch):
    """A message box would wait forever in a test: record its text instead."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    return shown


@pytest.mark.gui
def test_help_menu_opens_about_for_the_open_archive(qtbot, corpus_archive, monkeypatch):
    from palmyra_archive.gui.app import application
    from palmyra_archive.gui.dialogs import about as about_dialog
    from palmyra_archive.gui.main_window import MainWindow

    opened = []
    monkeypatch.setattr(about_dialog.AboutDialog, "exec", lambda self: opened.append(self) or 0)
    application()
    window = MainWindow(corpus_archive)
    qtbot.addWidget(window)
    help_menu = window.menus["help"]
    assert help_menu.title() == "&Help"
    window.menuBar().addMenu("&Later")  # a panel adding its menu after Help was made
    assert [a.text() for a in window.menuBar().actions()][-2:] == ["&Later", "&Help"]
    [about] = [a for a in help_menu.actions() if a.objectName() == "about"]
    about.trigger()
    assert len(opened) == 1
    assert f"Archive: {corpus_archive.path}" in about_dialog.details_text(opened[0].facts)


@pytest.mark.gui
def test_app_shows_a_too_new_archive_in_a_dialog_and_leaves_it_alone(qtbot, tmp_path,
                                                                     recorded_message_boxes):
    from palmyra_archive.gui.app import application, open_window

    path = tmp_path / "future.palmyra.sqlite"
    Archive.open(path).close()
    _set_user_version(path, migrations.SCHEMA_VERSION + 1)
    before = _digest(path)
    application()

    assert open_window(path) is None
    [message] = recorded_message_boxes
    assert "newer Palmyra Archive" in message and "Nothing was changed" in message
    assert _digest(path) == before


@pytest.mark.gui
def test_app_shows_a_failed_upgrade_in_a_dialog(qtbot, corpus_archive, add_schema_step,
                                                recorded_message_boxes):
    from palmyra_archive.gui.app import application, open_window

    path = corpus_archive.path
    corpus_archive.close()
    add_schema_step("9999_test_broken_step", _broken_step)
    application()

    assert open_window(path) is None
    [message] = recorded_message_boxes
    assert "undone and nothing was lost" in message
    assert _article_count(path) == 5
