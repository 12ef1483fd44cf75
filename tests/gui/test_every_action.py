"""Every menu command runs once without an exception, and no two commands share a shortcut."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QInputDialog, QWidget

from palmyra_archive.gui.common import file_dialogs


def _menu_actions(window) -> list[tuple[str, QAction]]:
    """(path, action) for every command in the menu bar, submenus included."""
    found = []

    def walk(menu, prefix):
        for action in menu.actions():
            if action.menu():
                walk(action.menu(), f"{prefix}{action.text()} › ")
            elif not action.isSeparator():
                found.append((f"{prefix}{action.text()}".replace("&", ""), action))

    for top in window.menuBar().actions():
        walk(top.menu(), f"{top.text()} › ")
    return found


@pytest.fixture
def no_dialogs(monkeypatch):
    """File and input dialogs answer Cancel; modal dialogs return at once (and are listed)."""
    opened: list[str] = []
    cancel = lambda *a, **k: ("", "")  # noqa: E731
    for name in ("getOpenFileName", "getSaveFileName"):
        monkeypatch.setattr(file_dialogs, name, cancel)
    monkeypatch.setattr(file_dialogs, "getOpenFileNames", lambda *a, **k: ([], ""))
    monkeypatch.setattr(file_dialogs, "getExistingDirectory", lambda *a, **k: "")
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("", False)))
    monkeypatch.setattr(QDialog, "exec", lambda self: opened.append(type(self).__name__) or 0)
    return opened


def _close_new_windows(window, before: set) -> list[str]:
    closed = []
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget not in before and widget.isVisible():
            closed.append(type(widget).__name__)
            widget.close()
    return closed


def test_every_menu_command_runs(corpus_window, qtbot, no_dialogs):
    window = corpus_window
    window.show_article(window.model.article_id(0))
    actions = _menu_actions(window)
    assert len(actions) >= 30
    shown: dict[str, list[str]] = {}
    for path, action in actions:
        if path.endswith("Quit"):
            continue
        before = set(QApplication.topLevelWidgets())
        action.trigger()  # pytest-qt fails the test on an exception raised in a slot
        qtbot.wait(10)
        window.runner.wait()
        qtbot.wait(10)
        shown[path] = _close_new_windows(window, before)
    assert shown["File › Export…"] and shown["Edit › Edit metadata…"] == ["MetadataEditor"]
    assert "AboutDialog" in no_dialogs  # modal dialogs ran (and returned at once)
    [(_path, quit_action)] = [(p, a) for p, a in actions if p.endswith("Quit")]
    quit_action.trigger()
    assert not window.isVisible()


def _shortcuts(window) -> list[str]:
    keys = []
    for action in window.findChildren(QAction):
        keys.extend(s.toString() for s in action.shortcuts() if not s.isEmpty())
    return keys


def test_no_two_commands_share_a_shortcut(corpus_window):
    keys = _shortcuts(corpus_window)
    assert "Ctrl+Q" in keys and "Ctrl+E" in keys
    clashes = {key: n for key, n in Counter(keys).items() if n > 1}
    assert clashes == {}


def _mnemonic(text: str) -> str | None:
    at = text.replace("&&", "").find("&")
    return text.replace("&&", "")[at + 1].lower() if at >= 0 and at + 1 < len(text) else None


def test_menu_mnemonics_are_not_taken_by_visible_buttons(corpus_window):
    """Alt+letter of a menu must not also press a button in a panel shown by default."""
    window = corpus_window
    menus = [_mnemonic(a.text()) for a in window.menuBar().actions()]
    assert len(menus) == len(set(menus))
    visible = [b for b in window.findChildren(QAbstractButton) if b.isVisible()
               and isinstance(b.window(), QWidget) and b.window() is window]
    taken = {(_mnemonic(b.text()), b.text()) for b in visible if _mnemonic(b.text())}
    assert {pair for pair in taken if pair[0] in menus} == set()
    assert QKeySequence("Alt+H") not in [s for a in window.findChildren(QAction)
                                          for s in a.shortcuts()]


