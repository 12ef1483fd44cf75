"""The core must never import Qt: it also serves the CLI and scripts on machines with no display."""

import subprocess
import sys
from pathlib import Path

import palmyra_archive

PACKAGE = Path(palmyra_archive.__file__).parent


def core_modules() -> list[str]:
    names = []
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def test_core_never_imports_qt():
    modules = core_modules()
    assert len(modules) > 5
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + \
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\nprint(bad)\nassert not bad, bad\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr + result.stdout


def test_cli_without_subcommand_does_not_import_qt_for_commands():
    code = ("import sys\nfrom palmyra_archive.cli import build_parser\nbuild_parser()\n"
            "assert not [m for m in sys.modules if m.startswith('PySide6')]\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_gui_has_no_sql():
    offenders = []
    for path in (PACKAGE / "gui").rglob("*.py"):
        text = path.read_text("utf-8")
        for needle in ("import sqlite3", "sqlite_utils", ".execute(", "SELECT ", "INSERT INTO"):
            if needle in text:
                offenders.append(f"{path.name}: {needle}")
    assert not offenders, offenders
