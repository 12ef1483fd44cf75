"""The command line behaves like a Unix tool: quiet in a closed pipe, every command documented."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT

from palmyra_archive.cli import build_parser


def _subcommands() -> list[str]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(sub.choices)


@pytest.mark.parametrize("args", [["list", "--json"], ["show", "1", "--json"], ["events"]])
def test_a_closed_pipe_is_not_an_error(corpus_archive, args):
    """``palmyra-archive list --json | head -1``: the reader may go away before we finish."""
    read_end, write_end = os.pipe()
    os.close(read_end)                      # the reader is gone before anything is written
    try:
        result = subprocess.run(
            [sys.executable, "-m", "palmyra_archive", "--archive", str(corpus_archive.path), *args],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    finally:
        os.close(write_end)
    assert result.returncode in (0, 141), result.stderr
    assert result.stderr == ""              # no "unexpected error", no "Exception ignored"


def test_the_cli_still_prints_to_an_open_pipe(corpus_archive):
    result = subprocess.run(
        [sys.executable, "-m", "palmyra_archive", "--archive", str(corpus_archive.path), "list",
         "--json"], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0 and result.stdout.strip()


@pytest.mark.parametrize("command", _subcommands())
def test_every_subcommand_is_documented_in_the_readme(command):
    """Like sqlite-utils' tests/test_docs.py: a command the README never shows is undocumented."""
    readme = (ROOT / "README.md").read_text("utf-8")
    assert re.search(rf"palmyra-archive (?:--archive \S+ )?{re.escape(command)}(?![\w-])", readme), (
        f"'palmyra-archive {command}' is not in README.md: document it")


def test_the_documented_commands_are_found():
    assert {"list", "search", "export", "open-bundle", "backup"} <= set(_subcommands())
