"""Ctrl+C in the terminal that started the app quits it cleanly (it used to do nothing)."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: the real ``main``; READY is printed once the handler is installed and the loop is running
DRIVER = """
import sys
from palmyra_archive.gui import app as gui_app
real = gui_app.quit_on_sigint
def announced(window):
    caught = real(window)
    gui_app.QTimer.singleShot(300, lambda: print("READY", flush=True))
    return caught
gui_app.quit_on_sigint = announced
sys.exit(gui_app.main(archive=sys.argv[1]))
"""


@pytest.mark.slow
@pytest.mark.gui
def test_sigint_quits_the_app_cleanly_within_seconds(tmp_path):
    from palmyra_archive.core.archive import Archive
    path = tmp_path / "a.sqlite"
    Archive.open(path).close()
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    app = subprocess.Popen([sys.executable, "-c", DRIVER, str(path)], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, env=env)
    try:
        ready, _, _ = select.select([app.stdout], [], [], 60)
        assert ready and app.stdout.readline().strip() == "READY", "the app did not start"
        sent = time.monotonic()
        app.send_signal(signal.SIGINT)
        code = app.wait(timeout=10)
        took = time.monotonic() - sent
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    stderr = app.stderr.read()
    assert code == 130, stderr
    assert took < 5
    assert "Traceback" not in stderr and "Interrupted" in stderr
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
