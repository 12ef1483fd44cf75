"""Help › About: which Palmyra Archive this is, which archive it has open, and where things live.

Why it matters: when a researcher reports a problem, the version, the archive's schema version
(and the highest this build understands) and the folders holding the archive, its backups and
the log are what we ask for first. "Copy details" puts them on the clipboard as plain text.
Everything shown comes from the core's public API and package metadata; nothing is computed here.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import QEvent, QObject, QUrl, qVersion
from PySide6.QtGui import QAction, QActionEvent, QDesktopServices, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ... import __version__
from ...core.store.db import sqlite_library_version
from ...core.store.paths import backups_dir, resource, user_data_dir, user_log_dir

if TYPE_CHECKING:
    from ..main_window import MainWindow

APP_NAME = "Palmyra Archive"
APP_ICON = ("icons", "app", "org.palmyra.Archive.svg")
TAGLINE = "An offline archive for studying how a story travels through the media."
DEFAULT_LICENCE = "GPL-3.0-or-later"


@dataclass(frozen=True)
class Fact:
    """One line of the About box; ``folder`` makes the value a link that opens that folder."""

    label: str
    value: str
    folder: Path | None = None


def licence() -> str:
    """The licence declared in pyproject.toml (via the installed metadata)."""
    try:
        meta = metadata.metadata("palmyra-archive")
    except metadata.PackageNotFoundError:
        return DEFAULT_LICENCE
    declared = meta.get_all("License-Expression") or meta.get_all("License") or [DEFAULT_LICENCE]
    return str(declared[0]) or DEFAULT_LICENCE


def archive_facts(archive) -> list[Fact]:
    """What the About box says about the open archive (or that none is open)."""
    if archive is None:
        return [Fact("Archive", "none open")]
    path = Path(archive.path)
    return [
        Fact("Archive", str(path), path.parent),
        Fact("Schema version", f"{archive.schema_version} "
             f"(this version understands up to {archive.supported_schema_version})"),
        Fact("Backups", str(backups_dir(path)), backups_dir(path)),
    ]


def about_facts(archive) -> list[Fact]:
    """Every line of the About box, in order; also the text "Copy details" puts on the clipboard."""
    return [
        Fact("Version", __version__),
        *archive_facts(archive),
        Fact("Data folder", str(user_data_dir()), user_data_dir()),
        Fact("Log folder", str(user_log_dir()), user_log_dir()),
        Fact("Licence", licence()),
        Fact("Built with", f"Python {platform.python_version()}, Qt {qVersion()}, "
             f"PySide6 {PySide6.__version__}, SQLite {sqlite_library_version()}"),
        Fact("System", platform.platform(terse=True)),
    ]


def details_text(facts: list[Fact]) -> str:
    return "\n".join([APP_NAME, *(f"{fact.label}: {fact.value}" for fact in facts)])


def _value_label(fact: Fact) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(fact.label)
    if fact.folder is not None:
        # A link opens the folder in the file manager (when it exists yet).
        url = QUrl.fromLocalFile(str(fact.folder)).toString()
        label.setText(f'<a href="{url}">{_escape(fact.value)}</a>')
        label.setToolTip("Open this folder")
        label.linkActivated.connect(lambda href: QDesktopServices.openUrl(QUrl(href)))
    else:
        label.setText(_escape(fact.value))
    return label


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class AboutDialog(QDialog):
    """A small modal box: icon, name and version, then one form row per fact."""

    def __init__(self, parent: QWidget | None, archive) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.setMinimumWidth(560)  # long paths wrap less
        self.facts = about_facts(archive)
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        form = QFormLayout()
        for fact in self.facts:
            form.addRow(f"{fact.label}:", _value_label(fact))
        layout.addLayout(form)
        layout.addWidget(self._buttons())

    def _header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        icon_label = QLabel()
        icon_label.setPixmap(QIcon(str(resource(*APP_ICON))).pixmap(64, 64))
        header.addWidget(icon_label)
        self.title_label = QLabel(f"<h2>{APP_NAME} {_escape(__version__)}</h2><p>{TAGLINE}</p>")
        self.title_label.setWordWrap(True)
        header.addWidget(self.title_label, 1)
        return header

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setToolTip("Copy these lines, for a bug report")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        return buttons

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(details_text(self.facts))


def show_about(parent: QWidget | None, archive) -> None:
    """Help › About: show the box modally (``archive`` may be ``None`` when none is open)."""
    AboutDialog(parent, archive).exec()


def add_help_menu(window: MainWindow) -> QMenu:
    """Help › About on the main window; the menu is ``window.menus["help"]`` for others to extend.

    On macOS Qt moves the action to the application menu (AboutRole), where Mac users look.
    """
    menus = window.menus
    menu = menus.get("help")
    if menu is None:
        menu = window.menuBar().addMenu("&Help")
        window.menuBar().installEventFilter(_HelpStaysLast(menu, window.menuBar()))
    menus["help"] = menu
    action = QAction(f"&About {APP_NAME}", window)
    action.setObjectName("about")
    action.setMenuRole(QAction.MenuRole.AboutRole)
    action.setStatusTip("Version, schema version and where the archive, backups and log live")
    action.triggered.connect(lambda: show_about(window, getattr(window, "archive", None)))
    menu.addAction(action)
    return menu


class _HelpStaysLast(QObject):
    """Keep Help the last menu, as every desktop does, whoever adds a menu after it.

    Panels add their menus (Tools, Annotate, …) on their own schedule; rather than make each
    know about Help, this watches the menu bar and moves Help back to the end.
    """

    def __init__(self, help_menu: QMenu, parent: QObject) -> None:
        super().__init__(parent)
        self.help_action = help_menu.menuAction()

    def eventFilter(self, bar: QObject, event: QEvent) -> bool:
        if (isinstance(bar, QWidget) and isinstance(event, QActionEvent)
                and event.type() == QEvent.Type.ActionAdded and event.action() is not self.help_action
                and bar.actions() and bar.actions()[-1] is not self.help_action):
            bar.removeAction(self.help_action)
            bar.addAction(self.help_action)
        return False
