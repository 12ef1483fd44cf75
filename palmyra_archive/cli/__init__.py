"""The command line: the same core services as the desktop app, headless.

``palmyra-archive`` with no subcommand starts the desktop app; with one, it runs that command
against the archive named by ``--archive`` (or ``PALMYRA_ARCHIVE``, or the default in the user
data directory). Each domain registers its subcommands from its own module.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from pathlib import Path

from .. import __version__
from ..core.store.errors import Cancelled, PalmyraError
from ..core.store.paths import ARCHIVE_ENV, default_archive_path
from ..logsetup import configure_logging

#: modules under palmyra_archive.cli that each define ``register(subparsers)``
COMMAND_MODULES = ("library", "annotating", "exporting", "maintenance", "regions", "versions",
                   "manage", "exchange", "reuse")

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="palmyra-archive",
        description="Palmyra Archive: an offline archive of articles with their provenance. "
                    "With no command, starts the desktop app.",
    )
    parser.add_argument("--archive", type=Path, default=None, metavar="PATH",
                        help=f"the archive file (default: ${ARCHIVE_ENV}, else {default_archive_path()})")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # packaging/smoke_test.py: start the desktop app, let it settle, quit (hidden from --help)
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:  # a domain not built yet in this checkout
            if exc.name != f"{__name__}.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def archive_path(args: argparse.Namespace) -> Path:
    return (args.archive or default_archive_path()).expanduser()


def _reader_went_away() -> int:
    """``palmyra-archive list | head -1``: the reader closed the pipe, which is not an error.

    The recipe from Python's signal docs: point stdout at devnull so the interpreter's final
    flush has nowhere to fail, and exit as a program stopped by SIGPIPE would (128 + 13).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout has no file descriptor (embedded): nothing to redirect
        pass
    return 141


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging()
    if not args.command:
        from ..gui.common.qt_libraries import exit_if_missing
        exit_if_missing()   # before PySide6 loads: a sentence, not Qt's abort
        from ..gui.app import main as gui_main
        return gui_main(archive=args.archive, smoke_test=args.smoke_test)
    from ..core.text.display import BidiSafeStream
    streams = sys.stdout, sys.stderr
    # a right-to-left override in a title or file name would reorder the terminal line
    sys.stdout = BidiSafeStream(sys.stdout, json_escape=bool(getattr(args, "json", False)))
    sys.stderr = BidiSafeStream(sys.stderr)
    try:
        return _run(args)
    finally:
        sys.stdout, sys.stderr = streams


def _opening_progress(done: int, total: int, message: str) -> None:
    """What an upgrade of an older archive is doing (a backup first, then its steps), on a
    terminal's one line: at 1,000,000 articles that is minutes before the command runs."""
    if sys.stderr.isatty() and total > 0:
        _OPENING["shown"] = True
        print(f"\r{message[:60]:<60} {min(done, total) * 100 // total:3d} %", end="", file=sys.stderr, flush=True)


#: whether ``_opening_progress`` printed (its line then ends before the command's output)
_OPENING = {"shown": False}


def _run(args: argparse.Namespace) -> int:
    from ..core.archive import Archive
    from ..core.store import debris
    debris.sweep_for_archive(archive_path(args))   # temporaries a killed run left behind
    try:
        if not getattr(args, "needs_archive", True):  # e.g. restore: the archive may not open
            status = int(args.func(args, archive_path(args)) or 0)
        else:
            with Archive.open(archive_path(args), progress=_opening_progress) as archive:
                if sys.stderr.isatty() and _OPENING["shown"]:
                    print(file=sys.stderr)
                status = int(args.func(args, archive) or 0)
        sys.stdout.flush()   # a reader that went away shows here, not as a traceback at exit
        return status
    except BrokenPipeError:
        return _reader_went_away()
    except Cancelled:
        print("Cancelled.", file=sys.stderr)
        return 130
    except PalmyraError as exc:
        print(f"palmyra-archive: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except Exception:  # a bug: log it whole, tell the user where
        log.exception("unexpected error in %s", args.command)
        from ..logsetup import log_file
        print(f"palmyra-archive: an unexpected error stopped '{args.command}'. "
              f"Details were written to {log_file()}.", file=sys.stderr)
        return 2
