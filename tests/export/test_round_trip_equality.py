"""Issue #13: export a realistic archive, open the bundle into a new archive, export again with
the same options, and compare the two bundles file by file.

The archive: the corpus (rights and reprint terms in two languages, republication evidence,
a provisional title, a printed section, site tags ``site:Thème/…``) with annotations (notes,
tags, times), an article note, research notes linked to articles, a correction
(tests/export/conftest.py ``annotate``), and no-break spaces in a note and an annotation's note.

Normalised, and only these, because they are the time of the export or the bagging and differ
by construction: ``bag-info.txt`` ``Bagging-Date``, ``External-Identifier`` and
``Payload-Oxum`` (the payload's size, which follows the dates' digits), the manifests' hashes
(each payload file is compared itself; the manifests must list the same files), the README's
"Exported by Palmyra Archive on …" line, ``palmyra.json`` ``exported_at``, the collection ids
``urn:palmyra:bundle:<export time>/…`` in ``annotations.jsonld``, and the project's
``creationDateTime`` and name date in ``exchange/project.qdpx``.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.export.payload import ExportOptions
from tests.export.conftest import unzip

TIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"

#: what still differs, each for one reason: the second archive's own history (its import events,
#: when it imported each copy, the PROV activities made from those events) and the REFI-QDA
#: GUIDs, which are minted from each archive's own UUID
HISTORY = {"data/palmyra.json", "data/provenance.json", "data/exchange/project.qdpx"}


def _normalised(rel: str, data: bytes) -> bytes:
    if rel == "bag-info.txt":
        text = data.decode("utf-8")
        text = re.sub(r"(?m)^(Bagging-Date|External-Identifier|Payload-Oxum): .*$", r"\1: *", text)
        return text.encode("utf-8")
    if rel.startswith(("manifest-", "tagmanifest-")):
        names = sorted(line.split(None, 1)[1] for line in data.decode("utf-8").splitlines() if line)
        return "\n".join(names).encode("utf-8")
    if rel == "data/README.md":
        return re.sub(rf"Exported by Palmyra Archive on {TIME}", "Exported by Palmyra Archive on *",
                      data.decode("utf-8")).encode("utf-8")
    if rel == "data/palmyra.json":
        doc = json.loads(data)
        doc["exported_at"] = "*"
        return json.dumps(doc, sort_keys=True, ensure_ascii=False).encode("utf-8")
    if rel == "data/annotations.jsonld":
        return re.sub(rf"urn:palmyra:bundle:{TIME}/", "urn:palmyra:bundle:*/",
                      data.decode("utf-8")).encode("utf-8")
    if rel == "data/exchange/project.qdpx":
        out = {}
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for name in sorted(zf.namelist()):
                member = zf.read(name)
                if name == "project.qde":
                    member = re.sub(rb'creationDateTime="[^"]*"', b'creationDateTime="*"', member)
                    member = re.sub(rb'name="Palmyra Archive export [^"]*"', b'name="*"', member)
                out[name] = member
        return repr(out).encode("utf-8")
    return data


def _files(bag: Path) -> dict[str, bytes]:
    return {p.relative_to(bag).as_posix(): _normalised(p.relative_to(bag).as_posix(), p.read_bytes())
            for p in sorted(bag.rglob("*")) if p.is_file()}


def _round_trip(archive, tmp_path: Path, options: ExportOptions) -> tuple[dict, dict]:
    first = tmp_path / "first.zip"
    archive.exports.export_bundle("all", first, options=options)
    with Archive.open(tmp_path / "opened.palmyra.sqlite") as other:
        other.exports.open_bundle(first)
        second = tmp_path / "second.zip"
        other.exports.export_bundle("all", second, options=options)
    return _files(unzip(first, tmp_path / "one")), _files(unzip(second, tmp_path / "two"))


def _differing(one: dict, two: dict) -> set[str]:
    return {rel for rel in set(one) | set(two) if one.get(rel) != two.get(rel)}


@pytest.fixture
def round_trip(annotated_archive, tmp_path):
    arch = annotated_archive
    # no-break spaces as French typography writes them, in a note and an annotation's note
    arch.notes.create("Bilan\u00a0: les chiffres", "Plus de 4\u00a0000 combattants\u00a0?",
                      article_ids=[arch.annotations.list()[0].article_id])
    first = arch.annotations.list()[0]
    arch.annotations.update(first.id, note=first.note + "\n\nÀ vérifier\u00a0!")
    return _round_trip(arch, tmp_path, ExportOptions())


def test_the_bundle_opened_and_exported_again_has_the_same_files(round_trip):
    one, two = round_trip
    assert sorted(one) == sorted(two)
    assert _differing(one, two) <= HISTORY, sorted(_differing(one, two) - HISTORY)


def test_the_articles_annotations_and_notes_it_carried_come_back_equal(round_trip):
    one, two = (json.loads(files["data/palmyra.json"]) for files in round_trip)
    for doc in (one, two):
        for article in doc["articles"]:
            for copy in article["copies"]:
                copy.pop("imported_at")              # when each archive imported it: its history
    assert one["articles"] == two["articles"]
    assert one["notes"] == two["notes"]
    assert "4\u00a0000" in json.dumps(two["notes"], ensure_ascii=False)


@pytest.mark.xfail(strict=True, reason="the opening archive's own history (import events, import "
                   "times, PROV activities) and its REFI-QDA GUIDs are not yet the sender's")
def test_the_bundles_are_equal_but_for_the_bagging_date(round_trip):
    one, two = round_trip
    assert _differing(one, two) == set()
