"""The menus and the toolbar: every command with its shortcut, tooltip and accessible name.

Ctrl+E is left for Export (built by another engineer), who adds it to ``window.menus["file"]``.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QToolButton

from ..common.icons import icon
from ..common.settings import show_site_sections


def _action(window: QMainWindow, text: str, slot, *, shortcut=None, tip: str = "",
            icon_name: str | None = None) -> QAction:
    action = QAction(text, window)
    if icon_name:
        action.setIcon(icon(icon_name))
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    plain = text.replace("&", "").rstrip("…")
    action.setToolTip(f"{tip or plain}" + (f" ({QKeySequence(shortcut).toString()})"
                                           if shortcut is not None else ""))
    action.setStatusTip(tip or plain)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_actions(window) -> dict[str, QAction]:
    """Create the window's actions; ``window`` provides the slots."""
    a = {
        "new_archive": _action(window, "&New archive…", window.new_archive,
                               tip="Create an empty archive file", icon_name="archive-new"),
        "open_archive": _action(window, "&Open archive…", window.choose_archive,
                                shortcut=QKeySequence.StandardKey.Open, tip="Open another archive file",
                                icon_name="archive-open"),
        "import_files": _action(window, "&Import files…", window.importer.choose_files,
                                shortcut="Ctrl+I", tip="Import article text files",
                                icon_name="import"),
        "import_folder": _action(window, "Import &folder…", window.importer.choose_folder,
                                 shortcut="Ctrl+Shift+I", tip="Import every article file in a folder",
                                 icon_name="folder"),
        "quit": _action(window, "&Quit", window.close, shortcut="Ctrl+Q"),
        "edit_metadata": _action(window, "Edit &metadata…", window.edit_metadata, shortcut="Ctrl+M",
                                 tip="Correct title, authors, outlet, dates of the article",
                                 icon_name="edit"),
        "find": _action(window, "&Find", window.focus_search, shortcut=QKeySequence.StandardKey.Find,
                        tip="Search the archive"),
        "show_all": _action(window, "Show &all articles", window.show_all, shortcut="Ctrl+0",
                            tip="Clear the search and the sidebar filter"),
        "reset_layout": _action(window, "Reset &layout", window.reset_layout,
                                tip="Put panels, docks and library columns back where they start"),
    }
    site = QAction("Show si&te sections", window)
    site.setCheckable(True)
    site.setChecked(show_site_sections())
    site.setToolTip("Show the sections the sites printed (site: tags) under Tags in the sidebar")
    site.setStatusTip(site.toolTip())
    site.toggled.connect(window.set_show_site_sections)
    a["show_site_sections"] = site
    undo = window.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    undo.setIcon(icon("undo"))
    redo = window.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    redo.setIcon(icon("redo"))
    a["undo"], a["redo"] = undo, redo
    for key in ("article", "source", "provenance", "comments"):
        number = ("article", "source", "provenance", "comments").index(key) + 1
        a[f"tab_{key}"] = _action(window, f"&{key.title()} tab",
                                  lambda k=key: window.reader.set_tab(k),
                                  shortcut=f"Alt+{number}", tip=f"Show the {key} tab")
    return a


def build_menus(window, a: dict[str, QAction]) -> dict[str, QMenu]:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([a["new_archive"], a["open_archive"]])
    window.recent_menu = file_menu.addMenu("Open &Recent")
    window.recent_menu.aboutToShow.connect(window.fill_recent_menu)
    file_menu.addSeparator()
    file_menu.addActions([a["import_files"], a["import_folder"]])
    file_menu.addSeparator()
    file_menu.addAction(a["quit"])
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([a["undo"], a["redo"]])
    edit_menu.addSeparator()
    edit_menu.addActions([a["edit_metadata"], a["find"]])
    view_menu = bar.addMenu("&View")
    view_menu.addAction(a["show_all"])
    view_menu.addSeparator()
    view_menu.addActions([a[f"tab_{k}"] for k in ("article", "source", "provenance", "comments")])
    view_menu.addSeparator()
    view_menu.addAction(a["show_site_sections"])
    window.panels_menu = view_menu.addMenu("&Panels")  # the docks add their toggles (annotations)
    view_menu.addAction(a["reset_layout"])
    return {"file": file_menu, "edit": edit_menu, "view": view_menu}


class MainToolbar(QToolBar):
    """The main toolbar, with its fixed-width Undo and Redo buttons."""

    undo_button: QToolButton
    redo_button: QToolButton


def build_toolbar(window, a: dict[str, QAction]) -> MainToolbar:
    toolbar = MainToolbar("Main toolbar", window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setAccessibleName("Main toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addActions([a["import_files"], a["import_folder"]])
    toolbar.addSeparator()
    toolbar.addAction(a["edit_metadata"])
    toolbar.undo_button = _history_button(toolbar, a["undo"], "Undo")
    toolbar.redo_button = _history_button(toolbar, a["redo"], "Redo")
    toolbar.addSeparator()
    return toolbar


def _history_button(toolbar: QToolBar, action: QAction, label: str) -> QToolButton:
    """Undo or Redo on the toolbar: always "Undo" wide, whatever it would undo ("Undo Correct
    authors, outlet, date" made the toolbar and the search box jump), the action's whole name
    in the tooltip; the Edit menu keeps the long name."""
    button = QToolButton(toolbar)
    button.setObjectName(f"{label.lower()}Button")
    button.setAccessibleName(label)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setIcon(action.icon())
    button.setText(label)
    button.setAutoRaise(True)
    button.clicked.connect(action.trigger)
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)

    def follow() -> None:
        if not (shiboken6.isValid(action) and shiboken6.isValid(button)):
            return      # the window is being torn down
        button.setEnabled(action.isEnabled())
        name = action.text().replace("&", "").strip()
        button.setToolTip(f"{name} ({keys})" if action.isEnabled() else f"Nothing to {label.lower()}")
    action.changed.connect(follow)
    follow()
    button.setFixedWidth(button.sizeHint().width())
    toolbar.addWidget(button)
    return button
