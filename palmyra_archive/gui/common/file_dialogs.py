"""Every file chooser of the app, built one way: one that never reads a file to show it.

Why not ``QFileDialog.getOpenFileName`` and friends: the dialogs they show (Qt's own, and the
GTK dialog a desktop's platform theme substitutes) guess each listed file's type from its
first bytes to pick an icon and a "Type" column. Opening and closing the open archive (or its
``-wal``/``-shm``) in the app's process releases the locks SQLite holds on it (see
``core/store/file_hold.py``). These dialogs are Qt's own widget dialog, run in this process, with
an icon provider that goes by the file *name* alone, and they hide the archive's ``-wal``,
``-shm`` and ``-journal`` files, which are never something to choose.

The functions mirror the static ``QFileDialog`` ones (same arguments, same return values), so
a call site reads the same; tests replace them here.
"""

from __future__ import annotations

import os
import re

from PySide6.QtCore import QFileInfo, QSortFilterProxyModel
from PySide6.QtGui import QAbstractFileIconProvider
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QLineEdit, QWidget

#: SQLite's files beside an archive; hidden from every chooser
SIDE_FILE_SUFFIXES = ("-wal", "-shm", "-journal")


class NameOnlyIconProvider(QFileIconProvider):
    """File icons and type names from the name alone; never opens the file."""

    def icon(self, what):  # noqa: D401 - Qt override (IconType or QFileInfo)
        if isinstance(what, QFileInfo):
            kind = (QAbstractFileIconProvider.IconType.Folder if what.isDir()
                    else QAbstractFileIconProvider.IconType.File)
            return super().icon(kind)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:  # noqa: A003 - Qt override
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


class _HideSideFiles(QSortFilterProxyModel):
    """Leaves SQLite's -wal/-shm/-journal files out of the listing."""

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802 - Qt override
        index = self.sourceModel().index(row, 0, parent)
        name = self.sourceModel().data(index) or ""
        return not str(name).endswith(SIDE_FILE_SUFFIXES)


def typed_names(text: str, directory: str) -> list[str]:
    """The names typed into a chooser's name field (``"a.txt" "b.txt"`` or one bare name),
    as paths in ``directory`` unless absolute (``~`` is the home folder)."""
    text = text.strip()
    names = re.findall(r'"([^"]+)"', text) if text.startswith('"') else ([text] if text else [])
    return [os.path.normpath(os.path.join(directory, os.path.expanduser(n))) for n in names]


class _Chooser(QFileDialog):
    """Qt's widget dialog, except that choosing several files keeps every name typed: Qt drops
    a typed name that is not there (four names typed, one imported), and does nothing at all
    when none is, where the importer can say of each "no such file or folder"."""

    typed: list[str] = []
    #: the icon provider: the dialog does not own it, so the dialog keeps it alive
    icon_provider: QAbstractFileIconProvider | None = None

    def accept(self) -> None:  # noqa: D401 - Qt override
        if self.fileMode() != QFileDialog.FileMode.ExistingFiles:
            super().accept()
            return
        edit = self.findChild(QLineEdit, "fileNameEdit")
        self.typed = typed_names(edit.text() if edit else "", self.directory().absolutePath())
        if self.typed and not any(os.path.exists(p) for p in self.typed):
            self.done(QFileDialog.DialogCode.Accepted)    # Qt would stay open, saying nothing
            return
        super().accept()

    def chosen_files(self) -> list[str]:
        """What Qt selected, and after it every typed name it left out, in the typed order."""
        selected = [os.path.normpath(p) for p in self.selectedFiles()] if not (
            self.typed and not any(os.path.exists(p) for p in self.typed)) else []
        return selected + [p for p in self.typed if p not in selected and not os.path.isdir(p)]


def make_dialog(parent: QWidget | None, caption: str, directory: str = "",
                name_filter: str = "") -> _Chooser:
    """A file dialog that is safe to point at the open archive's folder."""
    dialog = _Chooser(parent, caption, directory, name_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    provider = NameOnlyIconProvider()
    dialog.setIconProvider(provider)
    dialog.icon_provider = provider
    proxy = _HideSideFiles(dialog)
    dialog.setProxyModel(proxy)
    if name_filter:
        dialog.setNameFilter(name_filter)
    return dialog


def _run(dialog: _Chooser) -> tuple[list[str], str]:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return [], ""
        if dialog.fileMode() == QFileDialog.FileMode.ExistingFiles:
            return dialog.chosen_files(), dialog.selectedNameFilter()
        return dialog.selectedFiles(), dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()


def getOpenFileName(parent=None, caption: str = "", dir: str = "",  # noqa: N802, A002
                    filter: str = "") -> tuple[str, str]:  # noqa: A002
    dialog = make_dialog(parent, caption, dir, filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    files, chosen = _run(dialog)
    return (files[0] if files else ""), chosen


def getOpenFileNames(parent=None, caption: str = "", dir: str = "",  # noqa: N802, A002
                     filter: str = "") -> tuple[list[str], str]:  # noqa: A002
    dialog = make_dialog(parent, caption, dir, filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dialog)


def getSaveFileName(parent=None, caption: str = "", dir: str = "",  # noqa: N802, A002
                    filter: str = "") -> tuple[str, str]:  # noqa: A002
    dialog = make_dialog(parent, caption, dir, filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    files, chosen = _run(dialog)
    return (files[0] if files else ""), chosen


def getExistingDirectory(parent=None, caption: str = "", dir: str = "") -> str:  # noqa: N802, A002
    dialog = make_dialog(parent, caption, dir)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    files, _ = _run(dialog)
    return files[0] if files else ""


__all__ = ["NameOnlyIconProvider", "SIDE_FILE_SUFFIXES", "getExistingDirectory", "getOpenFileName",
           "getOpenFileNames", "getSaveFileName", "make_dialog"]
