"""The third-party validators in ../shared/tools/validators, run on a real export of the corpus.

The Python checkers only need jsonschema, bagit, bibtexparser, rispy and prov, all in the
project's own environment, so they run with this interpreter (CI has no validators venv).
pandoc and biber are Debian packages: those checks are skipped, saying so, where absent.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED_DIR

VALIDATORS = SHARED_DIR / "tools" / "validators"
STYLES = VALIDATORS / "schemas" / "csl-styles"

pytestmark = pytest.mark.skipif(not VALIDATORS.is_dir(),
                                reason=f"the shared validators are absent ({VALIDATORS} not found)")


def run(*args, env=None) -> subprocess.CompletedProcess:
    environment = dict(os.environ, PYTHON=sys.executable, **(env or {}))
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=VALIDATORS,
                          env=environment, timeout=300, check=False)


def check_py(script: str, *args) -> None:
    result = run(sys.executable, VALIDATORS / script, *args)
    assert result.returncode == 0, result.stdout + result.stderr


def test_bagit_library_and_check_bagit_accept_the_bundle(exported):
    import bagit
    _archive, bundle, bag = exported
    loaded = bagit.Bag(str(bag))
    loaded.validate()
    assert loaded.version_info == (1, 0) and loaded.algorithms == ["sha256"]
    for field in ("Source-Organization", "Bagging-Date", "External-Description", "Payload-Oxum"):
        assert loaded.info.get(field), field
    result = run("bash", VALIDATORS / "check_bagit.sh", bundle)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK valid bag: BagIt 1.0" in result.stdout


def test_check_bagit_rejects_a_tampered_bundle(exported, tmp_path):
    _archive, _bundle, bag = exported
    source = next((bag / "data" / "sources").iterdir())
    source.write_bytes(source.read_bytes().replace(b"Palmyra", b"Tadmur", 1))
    result = run("bash", VALIDATORS / "check_bagit.sh", bag)
    assert result.returncode == 1 and "FAIL" in result.stdout


def test_csl_json_matches_the_official_schema(exported):
    check_py("check_csl_json.py", exported[2] / "data" / "citations" / "references.json")


def test_bibtex_parses_cleanly(exported):
    check_py("check_bibtex.py", "--require-key-chars", exported[2] / "data" / "citations" / "references.bib")


def test_ris_parses_with_nothing_lost(exported):
    check_py("check_ris.py", exported[2] / "data" / "citations" / "references.ris")


def test_w3c_annotations_pass_the_must_assertions(exported):
    check_py("check_w3c_annotations.py", exported[2] / "data" / "annotations.jsonld")


def test_prov_json_is_valid(exported):
    check_py("check_prov.py", exported[2] / "data" / "provenance.json")


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed (Debian package biber)")
def test_biber_accepts_the_biblatex_except_dates_we_do_not_know(exported):
    """biber requires a date on every entry; an undated copy stays undated, and that is the
    only complaint allowed."""
    bib = exported[2] / "data" / "citations" / "references.bib"
    result = run("bash", VALIDATORS / "check_biber.sh", bib)
    warnings = [line for line in result.stdout.splitlines() if "WARN" in line or "ERROR" in line]
    undated = {m.group(1) for m in re.finditer(r"@\w+\{([^,]+),\n(?:(?!\n\}).)*?\n\}",
                                                bib.read_text(encoding="utf-8"), re.S)
               if "  date " not in m.group(0)}
    for line in warnings:
        assert "Missing mandatory field - one of 'date, year'" in line, line
        assert any(f"Entry '{key}'" in line for key in undated), line
    assert result.returncode == 0 or warnings, result.stdout


def _pandoc_reads(fmt: str) -> str | None:
    """A pandoc that can read ``fmt``: the one our own pypandoc-binary dependency ships (the
    bibliography's renderer), the system's, else the validators venv's."""
    from palmyra_archive.core.export.bibliography import pandoc_path
    candidates = [pandoc_path(), shutil.which("pandoc")]
    venv = Path(os.environ.get("VALIDATORS_VENV", "/tmp/palmyra-validators-venv"))
    candidates += [str(p) for p in venv.glob("lib/python3*/site-packages/pypandoc/files/pandoc")]
    for pandoc in filter(None, candidates):
        formats = subprocess.run([pandoc, "--list-input-formats"], capture_output=True, text=True, check=False).stdout
        if fmt in formats.split():
            return pandoc
    return None


@pytest.mark.parametrize("style", ["chicago-author-date.csl", "apa.csl"])
@pytest.mark.parametrize("rel, fmt", [("references.json", "csljson"), ("references.bib", "biblatex"),
                                      ("references.ris", "ris")])
def test_pandoc_citeproc_resolves_every_key(exported, tmp_path, rel, fmt, style):
    if _pandoc_reads(fmt) is None:
        pytest.skip(f"no pandoc that reads {fmt} is installed (Debian's pandoc; RIS needs pandoc 3, "
                    "from the validators venv's pypandoc_binary)")
    bib = exported[2] / "data" / "citations" / rel
    result = run("bash", VALIDATORS / "check_pandoc_citeproc.sh", "--csl", STYLES / style, bib,
                 env={"PANDOC": _pandoc_reads(fmt)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "key(s) cited and resolved" in result.stdout
