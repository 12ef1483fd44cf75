"""Logging to a file in the platformdirs log directory, for the CLI and the GUI alike."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from .core.store.paths import user_log_dir

_configured = False


def log_file() -> Path:
    return user_log_dir() / "palmyra-archive.log"


def configure_logging(level: int = logging.INFO) -> None:
    """Send warnings and errors (with tracebacks) to a rotating log file; idempotent."""
    global _configured
    if _configured:
        return
    _configured = True
    root = logging.getLogger("palmyra_archive")
    root.setLevel(level)
    try:
        path = log_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:  # a read-only home: log nowhere rather than fail to start
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
