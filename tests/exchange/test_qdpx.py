"""REFI-QDA (.qdpx) export: valid against the 2019 Project XSD (the validators' own checker,
with its reference checks), and read back with everything the archive put in."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import SHARED_DIR

from palmyra_archive.core.exchange.qdpx import read_qdpx

CHECKER = SHARED_DIR / "tools" / "validators" / "check_qdpx.py"


@pytest.fixture
def qdpx(exported):
    archive, _zip, bag = exported
    return archive, bag / "data" / "exchange" / "project.qdpx"


def test_qdpx_validates_against_the_refi_qda_schema(qdpx):
    if not CHECKER.is_file():
        pytest.skip(f"the shared validators are absent ({CHECKER} not found), so the REFI-QDA "
                    "XSD cannot be checked here")
    result = subprocess.run([sys.executable, str(CHECKER), str(qdpx[1])], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK valid" in result.stdout


def test_qdpx_reads_back_with_codes_selections_memos_and_users(qdpx):
    from tests.export.conftest import QUOTES
    archive, path = qdpx
    project = read_qdpx(path)
    assert project.origin == "Palmyra Archive"
    assert {"framing", "framing/liberation", "events/offensive", "palmyra/2016"} <= set(project.codes.values())
    assert "researcher" in project.users.values()
    assert len(project.sources) == archive.articles.total_count()
    selections = [(src, sel) for src in project.sources for sel in src.selections]
    assert len(selections) == len(QUOTES)
    for src, sel in selections:                     # each selection is its quote in the text
        assert src.text[sel.start:sel.end] in {q for q, _n, _t in QUOTES.values()}
    russian = next(sel for src, sel in selections if "Russian" in src.text[sel.start:sel.end])
    assert russian.codes == ["framing/liberation"]
    assert [project.notes[n][1] for n in russian.notes] == ["Framing: *technology* wins."]
    moon = next(s for s in project.sources if "Moon of Alabama" in s.description)
    assert "palmyra/2016" in moon.codes
    memos = [project.notes[n][1] for n in moon.notes]
    assert "Key source for the *liberation* frame." in memos and "Compare March and December." in memos
    assert "first published by Moon of Alabama" in moon.description
