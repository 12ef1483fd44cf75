"""Start the desktop app: one QApplication, the archive, the main window.

``main(archive=None)`` is what ``palmyra-archive`` runs with no subcommand. With no archive
named, the default one (platformdirs, or ``PALMYRA_ARCHIVE``) is opened or created, and a new
empty default archive is seeded with the bundled sample articles off the GUI thread.
For screenshots and demos, ``PALMYRA_GUI_SELECT=ID`` selects an article at start and
``PALMYRA_GUI_TAB=article|source|provenance|comments`` picks the reader tab, and
``PALMYRA_GUI_OPEN`` opens one screen: ``metadata``, ``export``, ``tags``, ``about``,
``annotations`` (the archive-wide view), ``search:WORDS`` or ``import:PATH`` (its summary).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ..core.archive import Archive
from ..core.store import debris
from ..core.store.errors import PalmyraError
from ..core.store.paths import default_archive_path, resource
from ..logsetup import configure_logging
from .common.errors import install_excepthook, show_error
from .common.icons import stylesheet
from .common.opening_progress import OpeningProgress
from .common.settings import APPLICATION, ORGANISATION


def application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Palmyra Archive")
    app.setDesktopFileName("org.palmyra.Archive")  # packaging/linux/org.palmyra.Archive.desktop
    app_icon = resource("icons", "app", "org.palmyra.Archive.svg")
    if app_icon.is_file():
        app.setWindowIcon(QIcon(str(app_icon)))
    app.setStyleSheet(stylesheet())
    return app


def open_window(archive_path: Path | None):
    """Open the archive and build the window (seeding a new default archive); None if it fails."""
    from .main_window import MainWindow

    path = (archive_path or default_archive_path()).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        debris.sweep_for_archive(path)   # temporaries a killed export or backup left behind
        opening = OpeningProgress()
        try:
            archive = Archive.open(path, progress=opening)
        finally:
            opening.close()
        _claim(archive)
    except (PalmyraError, OSError) as exc:
        show_error(None, exc if isinstance(exc, PalmyraError) else
                   PalmyraError(f"The archive {path} cannot be opened: {exc.strerror or exc}."))
        return None
    window = MainWindow(archive)
    if archive_path is None and archive.is_empty():
        window.importer.seed()
    return window


def _claim(archive: Archive) -> None:
    """One app process per archive: a second one is told, and the first keeps its archive."""
    try:
        archive.claim_for_app()
    except PalmyraError:
        archive.close()
        raise


def _apply_start_options(window) -> None:
    select = os.environ.get("PALMYRA_GUI_SELECT")
    if select and select.isdigit():
        window.show_article(int(select))
    tab = os.environ.get("PALMYRA_GUI_TAB")
    if tab:
        window.reader.set_tab(tab.lower())
    screen = os.environ.get("PALMYRA_GUI_OPEN", "")
    if screen:
        QTimer.singleShot(300, lambda: _open_screen(window, screen))


def _open_screen(window, screen: str) -> None:
    """Open one screen for a demo or a screenshot (``PALMYRA_GUI_OPEN``)."""
    name, _, argument = screen.partition(":")
    if name == "search":
        window.search_field.setText(argument)
    elif name == "import":
        window.importer.import_paths([Path(argument)])
    elif name == "metadata":
        window.edit_metadata()
    elif name == "export":
        window.exporting.open_dialog()
    elif name == "tags":
        window.annotating.show_tag_manager()
    elif name == "annotations":
        window.annotating.show_browser()
    elif name == "about":
        from .dialogs.about import show_about
        show_about(window, window.archive)


def _quit_when_settled(window, app: QApplication) -> None:
    """``--smoke-test``: exit 0 once the window shows and any seeding import has finished."""
    QTimer.singleShot(120_000, lambda: app.exit(3))  # never hang a CI run
    job = window.importer.job
    if job is not None and not job.done:
        job.failed.connect(lambda _exc: app.exit(1))
        job.succeeded.connect(lambda _report: QTimer.singleShot(0, app.quit))
    else:
        QTimer.singleShot(0, app.quit)
    app.aboutToQuit.connect(lambda: print(
        f"smoke test: window shown, {window.archive.articles.total_count()} articles"))


def main(archive: Path | None = None, smoke_test: bool = False) -> int:
    from .common.qt_libraries import exit_if_missing
    exit_if_missing()   # Qt would abort on a desktop without its X11 libraries
    configure_logging()
    app = application()
    install_excepthook()
    window = open_window(Path(archive) if archive else None)
    if window is None:
        return 1
    window.show()
    job = window.importer.job
    if job is not None and not job.done:  # seeding: select once the articles are there
        job.finished.connect(lambda: _apply_start_options(window))
    else:
        QTimer.singleShot(0, lambda: _apply_start_options(window))
    if smoke_test:
        _quit_when_settled(window, app)
    interrupted = quit_on_sigint(window)
    code = app.exec()
    window.archive.close()
    if interrupted:
        print("Interrupted; the archive was closed cleanly.", file=sys.stderr)
        return 130
    return code


def quit_on_sigint(window) -> list[int]:
    """Ctrl+C in the terminal that started the app closes the window as File › Quit would.

    Why: Qt's event loop runs in C++, so Python's default SIGINT handler (KeyboardInterrupt)
    never got to run and Ctrl+C did nothing. Python runs signal handlers between bytecodes, so a
    short timer gives it some; the handler only asks the event loop to close the window (which
    cancels and waits for background work) and quit. Returns the list the handler appends to.
    """
    caught: list[int] = []

    def handler(signum, _frame) -> None:
        caught.append(signum)
        QTimer.singleShot(0, window.close)
        QTimer.singleShot(0, QApplication.quit)
    signal.signal(signal.SIGINT, handler)
    ticker = QTimer(window)
    ticker.timeout.connect(lambda: None)
    ticker.start(200)
    return caught


if __name__ == "__main__":
    raise SystemExit(main())
