"""Every control a keyboard or screen-reader user reaches has a name; shortcuts are the standard ones."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QWidget


def _unnamed(root: QWidget) -> list[str]:
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if widget.accessibleName() or (isinstance(widget, QAbstractButton) and widget.text()):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractScrollArea) and parent.accessibleName():
            continue  # a viewport: its scroll area carries the name
        missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_my_panels_name_every_control(corpus_window):
    corpus_window.show_article(1)
    for tab in ("article", "source", "provenance", "comments"):
        corpus_window.reader.set_tab(tab)
        assert _unnamed(corpus_window.reader) == [], tab
    for panel in (corpus_window.sidebar, corpus_window.library, corpus_window.search_field,
                  corpus_window.toolbar):
        assert _unnamed(panel) == []


def test_standard_shortcuts(corpus_window):
    actions = corpus_window.actions_by_name
    assert actions["open_archive"].shortcut() == QKeySequence("Ctrl+O")
    assert actions["import_files"].shortcut() == QKeySequence("Ctrl+I")
    assert actions["find"].shortcut() == QKeySequence("Ctrl+F")
    assert actions["undo"].shortcut() == QKeySequence("Ctrl+Z")
    assert QKeySequence("Ctrl+Shift+Z") in actions["redo"].shortcuts()
    taken = [a.shortcut() for a in actions.values()]
    assert QKeySequence("Ctrl+E") not in taken          # reserved for Export
    assert all(a.toolTip() for a in actions.values())
