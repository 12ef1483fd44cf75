"""Issue #13: a REFI-QDA project round trip. Export the annotated corpus as ``.qdpx``, bring it
into a fresh archive with ``import-qdpx``, export ``.qdpx`` again at the same moment, and
compare the two projects: every source text byte for byte and every element and attribute of
``project.qde`` (the codes, the users, the selections with their GUIDs, places, times, codings
and memos, the notes), except two things, each because the format cannot hold it:

- a source's ``creationDateTime``: when the archive imported the file. The project says when
  the source was added to it, not the archive's import history, so the second archive states
  its own import of the text;
- a source's ``Description``: QDA-XML has no citation fields, so the authors, the outlet, the
  dates, "first published by", the citation key and the SHA-256 of the original file travel
  there as one sentence, which a QDA tool (and ``import-qdpx``) reads as free text; the second
  archive knows the text and its name only (README, "What each tool gets").
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import datetime

import pytest
from conftest import SHARED_DIR
from lxml import etree

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.exchange.qdpx import Q, read_qdpx
from palmyra_archive.core.exchange.qdpx_import import import_qdpx
from palmyra_archive.core.export.payload import ExportOptions
from tests.export.conftest import unzip
from tests.export.test_round_trip_equality import EXPORTED_AT, OPENED_AT, _clock_at

CHECKER = SHARED_DIR / "tools" / "validators" / "check_qdpx.py"
QDPX = ExportOptions(formats=("qdpx",))


def _export(archive, tmp_path, name: str, monkeypatch, when: datetime = EXPORTED_AT):
    with _clock_at(monkeypatch, when):
        archive.exports.export_bundle("all", tmp_path / f"{name}.zip", options=QDPX)
    return unzip(tmp_path / f"{name}.zip", tmp_path / name) / "data" / "exchange" / "project.qdpx"


@pytest.fixture
def two_projects(annotated_archive, tmp_path, monkeypatch):
    first = _export(annotated_archive, tmp_path, "one", monkeypatch)
    with Archive.open(tmp_path / "fresh.palmyra.sqlite") as fresh:
        with _clock_at(monkeypatch, OPENED_AT):
            report = import_qdpx(fresh, first)
        assert report.orphans == 0 and not report.problems
        second = _export(fresh, tmp_path, "two", monkeypatch)
        again = import_qdpx(fresh, first)       # nothing new the second time
        assert (again.articles, again.annotations, again.tags, again.notes) == (0, 0, 0, 0)
    return first, second


def _canonical(xml: bytes) -> list[tuple]:
    """Each element of project.qde as (path, tag, attributes, text), without what the format
    cannot hold (see the module docstring)."""
    root = etree.fromstring(xml)
    out = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        attrs = dict(el.attrib)
        if el.tag == Q + "TextSource":
            attrs.pop("creationDateTime", None)
        text = (el.text or "").strip()
        if el.tag == Q + "Description" and el.getparent().tag == Q + "TextSource":
            text = "(citation sentence)"
        out.append((root.getroottree().getpath(el), el.tag, sorted(attrs.items()), text))
    return out


def test_a_qdpx_imported_and_exported_again_is_the_same_project(two_projects):
    first, second = two_projects
    with zipfile.ZipFile(first) as one, zipfile.ZipFile(second) as two:
        assert sorted(one.namelist()) == sorted(two.namelist())
        for name in one.namelist():
            if name.startswith("Sources/"):
                assert one.read(name) == two.read(name), name
        a, b = one.read("project.qde"), two.read("project.qde")
    assert _canonical(a) == _canonical(b)
    # and those two exceptions are real: the import times and the citation sentences differ
    assert a != b
    assert OPENED_AT.strftime("%Y-%m-%dT%H:%M:%S").encode() in b
    assert b"By Moon of Alabama" in a and b"By Moon of Alabama" not in b


def test_the_guids_dates_and_memos_come_back(two_projects):
    one, two = (read_qdpx(p) for p in two_projects)
    assert one.codes == two.codes and one.users == two.users
    sels = [{s.guid: (s.start, s.end, s.codes, [p.notes[n] for n in s.notes], s.created, s.modified)
             for src in p.sources for s in src.selections} for p in (one, two)]
    assert sels[0] == sels[1] and len(sels[0]) == 3
    assert [(s.guid, s.name) for s in one.sources] == [(s.guid, s.name) for s in two.sources]
    assert {g: one.notes[g] for g in one.notes} == {g: two.notes[g] for g in two.notes}


def test_the_second_project_validates_against_the_refi_qda_schema(two_projects):
    if not CHECKER.is_file():
        pytest.skip(f"the shared validators are absent ({CHECKER} not found), so the REFI-QDA "
                    "XSD cannot be checked here")
    for path in two_projects:
        result = subprocess.run([sys.executable, str(CHECKER), str(path)], capture_output=True,
                                text=True, check=False)
        assert result.returncode == 0 and "OK valid" in result.stdout, result.stdout + result.stderr


def test_guids_do_not_depend_on_the_archive(annotated_archive, tmp_path, monkeypatch):
    """The same content in an archive with another UUID (a bundle opened elsewhere) gives the
    same GUIDs: they are derived from the sources' hashes, the annotations' W3C ids, the code
    paths and the notes, never from the archive's own name or row numbers."""
    first = _export(annotated_archive, tmp_path, "one", monkeypatch)
    annotated_archive.exports.export_bundle("all", tmp_path / "bundle.zip")
    with Archive.open(tmp_path / "other.palmyra.sqlite") as other:
        other.exports.open_bundle(tmp_path / "bundle.zip")
        second = _export(other, tmp_path, "two", monkeypatch)
    with zipfile.ZipFile(first) as one, zipfile.ZipFile(second) as two:
        assert one.read("project.qde") == two.read("project.qde")
