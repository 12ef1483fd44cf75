"""No network, ever: a whole session (import, read, annotate, export, backup, verify) through the
core, the CLI and the app opens no socket, and the reader never asks for a remote resource.

Each session runs in a subprocess whose ``sitecustomize`` installs an audit hook
(``sys.addaudithook``) on ``socket.connect``, ``socket.getaddrinfo``, ``socket.bind`` and friends:
an attempt is written to a log and refused, so the run fails and the log says what was tried.
A control test proves the hook does catch a connection attempt.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import CORPUS_DIR

SITECUSTOMIZE = textwrap.dedent('''
    import os, sys
    _LOG = os.environ["PALMYRA_NETLOG"]
    _WATCHED = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.bind",
                "socket.sendto", "socket.sendmsg", "socket.gethostbyaddr", "socket.getnameinfo",
                "http.client.connect", "urllib.Request", "ftplib.connect", "smtplib.connect"}

    def _hook(event, args):
        if event == "socket.__new__":
            family = args[1] if len(args) > 1 else None
            if family in (1, None) or str(family).endswith("AF_UNIX"):
                return          # local IPC, not the network
            event = "socket.__new__(inet)"
        elif event not in _WATCHED:
            return
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{event} {args!r}\\n")
        raise RuntimeError(f"network access attempted: {event}")

    sys.addaudithook(_hook)
''')

BAIT = (b"Remote images must stay remote\n\nBy Ada Lovelace\n\n"
        b"The reader shows this text. ![x](http://example.com/a.png) and <img src=http://example.com/b.png> "
        b"and <img src=\"https://example.org/c.jpg\"> and [a link](https://example.net/page).\n\n"
        b"A second paragraph with words to quote for the annotation test.\n")


@pytest.fixture
def guarded_env(tmp_path) -> dict:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(Path(__file__).resolve().parents[2]),
                                         env.get("PYTHONPATH", "")])
    env["PALMYRA_NETLOG"] = str(tmp_path / "network.log")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _attempts(env: dict) -> list[str]:
    log = Path(env["PALMYRA_NETLOG"])
    return log.read_text().splitlines() if log.exists() else []


def _run_python(env: dict, code: str, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)


def test_the_guard_catches_a_connection_attempt(guarded_env):
    done = _run_python(guarded_env, "import socket; socket.create_connection(('127.0.0.1', 9), timeout=1)")
    assert done.returncode != 0 and "network access attempted" in done.stderr
    assert any(a.startswith(("socket.getaddrinfo", "socket.__new__", "socket.connect"))
               for a in _attempts(guarded_env))


CORE_SESSION = textwrap.dedent('''
    import sys
    from pathlib import Path
    from palmyra_archive.core.archive import Archive
    from palmyra_archive.core.store.records import LibraryQuery
    work = Path(sys.argv[1])
    with Archive.open(work / "a.sqlite") as archive:
        archive.importer.import_paths([sys.argv[2]])
        outcome = archive.importer.import_bytes("bait.txt", Path(sys.argv[3]).read_bytes())
        assert outcome.status == "imported", outcome.message
        aid = outcome.article_ids[0]
        for article_id in archive.articles.ids(LibraryQuery()):
            archive.articles.get(article_id)
            archive.articles.source_view(article_id)
        archive.search.search("remote images")
        archive.annotations.create_from_quote(aid, "words to quote", note="see http://example.com")
        archive.tags.add_to_articles([aid], ["framing/offline"])
        archive.notes.set_article_note(aid, "![remote](http://example.com/n.png)")
        archive.exports.preview("all", style="chicago-author-date")
        archive.exports.export_bundle("all", work / "bundle.zip")
        archive.backups.backup(work / "backup.sqlite")
        assert archive.integrity.verify().ok
    print("session ok")
''')


def test_a_core_session_opens_no_socket(guarded_env, tmp_path):
    (tmp_path / "bait.txt").write_bytes(BAIT)
    done = _run_python(guarded_env, CORE_SESSION, str(tmp_path), str(CORPUS_DIR), str(tmp_path / "bait.txt"))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "session ok" in done.stdout
    assert _attempts(guarded_env) == []


def test_a_cli_session_opens_no_socket(guarded_env, tmp_path):
    bait = tmp_path / "in" / "bait.txt"
    bait.parent.mkdir()
    bait.write_bytes(BAIT)
    arch = str(tmp_path / "a.sqlite")
    commands = [
        ["import", str(CORPUS_DIR), str(bait.parent)],
        ["list"], ["show", "1"], ["show", "1", "--json"], ["search", "remote", "images"],
        ["tag", "1", "framing/offline"], ["annotate", "1", "--quote", "words to quote", "--note", "n"],
        ["annotations"], ["tags"], ["events"],
        ["export", "--scope", "all", "--out", str(tmp_path / "b.zip"), "--quiet"],
        ["backup", str(tmp_path / "backup.sqlite")], ["verify"],
    ]
    for command in commands:
        done = subprocess.run([sys.executable, "-m", "palmyra_archive", "--archive", arch, *command],
                              env=guarded_env, capture_output=True, text=True, timeout=120, check=False)
        assert "network access attempted" not in done.stderr, (command, done.stderr[-2000:])
        assert done.returncode in (0, 1), (command, done.stderr[-2000:])
    assert _attempts(guarded_env) == []


GUI_SESSION = textwrap.dedent('''
    import json, sys
    from pathlib import Path
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QTextBrowser
    asked = []
    _doc_load = QTextDocument.loadResource
    def _browser(self, kind, url):
        asked.append(url.toString())
        return None
    def _document(self, kind, url):
        asked.append(url.toString())
        return _doc_load(self, kind, url)
    QTextBrowser.loadResource = _browser
    QTextDocument.loadResource = _document
    from palmyra_archive.gui.reader.article_view import ArticleView
    ArticleView.loadResource = _browser
    from palmyra_archive.core.archive import Archive
    from palmyra_archive.gui.app import application
    from palmyra_archive.gui.main_window import MainWindow
    app = application()
    archive = Archive.open(sys.argv[1])
    bait = archive.importer.import_bytes("bait.txt", Path(sys.argv[2]).read_bytes()).article_ids[0]
    archive.notes.set_article_note(bait, "![remote](http://example.com/note.png)")
    window = MainWindow(archive)
    window.show()
    for tab in ("article", "source", "provenance", "comments"):
        window.show_article(bait)
        window.reader.set_tab(tab)
        for _ in range(20):
            app.processEvents()
    window.search_field.setText("remote")
    window._on_search("remote")
    app.processEvents()
    window.runner.wait()
    print(json.dumps({"asked": asked}))
    window.close()
    archive.close()
''')


@pytest.mark.gui
def test_the_app_opens_no_socket_and_loads_nothing_remote(guarded_env, tmp_path):
    (tmp_path / "bait.txt").write_bytes(BAIT)
    done = _run_python(guarded_env, GUI_SESSION, str(tmp_path / "a.sqlite"), str(tmp_path / "bait.txt"))
    assert done.returncode == 0, done.stderr[-3000:]
    assert _attempts(guarded_env) == []
    asked = json.loads(done.stdout.strip().splitlines()[-1])["asked"]
    remote = [url for url in asked if url.split(":", 1)[0].lower() in ("http", "https", "ftp")]
    assert remote == [], f"the reader asked for remote resources: {remote}"
