"""Issue #13: export a realistic archive, open the bundle into a new archive, export again with
the same options, and compare the two bundles file by file, byte for byte.

The archive: the corpus (rights and reprint terms in two languages, republication evidence,
a provisional title, a printed section, site tags ``site:Thème/…``) with annotations (notes,
tags, times), an article note, research notes linked to articles, a correction
(tests/export/conftest.py ``annotate``), and no-break spaces in a note and an annotation's note.

The clock is pinned three times, each for a reason: the sender's archive was made (imports,
annotations, the correction) at the real time; the bundle is opened at ``OPENED_AT``, years
later, so anything the opening archive wrote about itself (its own import of each file, its
``restore_history`` event) would show in the second bundle as a date no first bundle has;
and each export runs at a pinned moment.

What may differ, and why, is only the moment of the export: a bundle says when it was bagged
(bag-info.txt's ``Bagging-Date`` and ``External-Identifier``, the README's "Exported by Palmyra
Archive on …" line, palmyra.json's ``exported_at``, the collection ids
``urn:palmyra:bundle:<export time>/…`` in annotations.jsonld, the REFI-QDA project's
``creationDateTime`` and name, and so the deflated project's size, hence bag-info.txt's
``Payload-Oxum``), and the manifests hash the files that say it. Two exports
made at the same moment therefore have every byte equal
(``test_the_bundles_are_equal_byte_for_byte``); two made at different moments differ in those
lines only (``test_exported_later_only_the_export_date_lines_differ``).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.export.payload import ExportOptions
from palmyra_archive.core.store import clock
from tests.export.conftest import unzip

EXPORTED_AT = datetime(2027, 5, 4, 10, 0, 0, tzinfo=UTC)
EXPORTED_LATER = datetime(2027, 6, 15, 11, 30, 0, tzinfo=UTC)
OPENED_AT = datetime(2031, 1, 2, 3, 4, 5, tzinfo=UTC)


@contextmanager
def _clock_at(monkeypatch, when: datetime):
    """Every timestamp the archive writes (``core.store.clock``) is ``when`` inside."""

    class Pinned(datetime):
        @classmethod
        def now(cls, tz=None):
            return when if tz is not None else when.replace(tzinfo=None)

    with monkeypatch.context() as m:
        m.setattr(clock, "datetime", Pinned)
        yield


def _files(bag: Path) -> dict[str, bytes]:
    return {p.relative_to(bag).as_posix(): p.read_bytes() for p in sorted(bag.rglob("*")) if p.is_file()}


def _round_trip(archive, tmp_path: Path, monkeypatch, options: ExportOptions,
                second_at: datetime = EXPORTED_AT) -> tuple[dict, dict, Path]:
    first = tmp_path / "first.zip"
    with _clock_at(monkeypatch, EXPORTED_AT):
        archive.exports.export_bundle("all", first, options=options)
    opened = tmp_path / "opened.palmyra.sqlite"
    with Archive.open(opened) as other:
        with _clock_at(monkeypatch, OPENED_AT):
            other.exports.open_bundle(first)
        second = tmp_path / "second.zip"
        with _clock_at(monkeypatch, second_at):
            other.exports.export_bundle("all", second, options=options)
    return _files(unzip(first, tmp_path / "one")), _files(unzip(second, tmp_path / "two")), opened


def _differing(one: dict, two: dict) -> set[str]:
    return {rel for rel in set(one) | set(two) if one.get(rel) != two.get(rel)}


def _enrich(arch) -> None:
    # no-break spaces as French typography writes them, in a note and an annotation's note
    arch.notes.create("Bilan\u00a0: les chiffres", "Plus de 4\u00a0000 combattants\u00a0?",
                      article_ids=[arch.annotations.list()[0].article_id])
    first = arch.annotations.list()[0]
    arch.annotations.update(first.id, note=first.note + "\n\nÀ vérifier\u00a0!")


@pytest.fixture
def round_trip(annotated_archive, tmp_path, monkeypatch):
    _enrich(annotated_archive)
    return _round_trip(annotated_archive, tmp_path, monkeypatch, ExportOptions())


def test_the_bundles_are_equal_byte_for_byte(round_trip):
    one, two, _ = round_trip
    assert sorted(one) == sorted(two)
    assert "data/exchange/project.qdpx" in one       # the REFI-QDA project is compared too
    assert _differing(one, two) == set(), sorted(_differing(one, two))
    notes = json.loads(two["data/palmyra.json"])["notes"]
    assert "4\u00a0000" in json.dumps(notes, ensure_ascii=False)   # no-break spaces kept


def test_the_history_is_the_senders_and_the_opening_is_the_opener_own(round_trip):
    """The second bundle states the sender's import times and events; the opening archive's
    log keeps its own import of each file and one event saying where the history came from."""
    one, two, opened = round_trip
    doc = json.loads(two["data/palmyra.json"])
    stamp = OPENED_AT.strftime("%Y-%m-%dT%H:%M:%S")
    assert stamp not in two["data/palmyra.json"].decode("utf-8")
    assert stamp not in two["data/provenance.json"].decode("utf-8")
    assert {e["action"] for e in doc["events"]} == {"import", "correct"}
    with Archive.open(opened) as other:
        own_imports = other.events.list(action="import", entity="source")
        assert own_imports and {e.at for e in own_imports} == {f"{stamp}Z"}
        (restore,) = other.events.list(action="restore_history")
        assert restore.at == f"{stamp}Z"
        assert restore.after["restored_from"] == "restored from bundle first.zip"
        assert restore.after["sources"] == len(doc["articles"])
        assert restore.after["events"] == len(doc["events"])
        # the archive's own record of the file is kept as it imported it
        stored = {r[0] for r in other.db.execute("SELECT imported_at FROM sources")}
        assert stored == {f"{stamp}Z"}
        sender = json.loads(one["data/palmyra.json"])["events"][0]["archive"]
        assert sender and sender != other.db.execute(
            "SELECT value FROM archive_info WHERE key = 'uuid'").fetchone()[0]


def test_a_correction_after_the_opening_is_the_opener_own_history(annotated_archive, tmp_path,
                                                                  monkeypatch):
    """What the opening archive does afterwards is exported as its own event, beside the
    carried history, under its own archive name (the two logs' numbers cannot collide)."""
    first = tmp_path / "first.zip"
    annotated_archive.exports.export_bundle("all", first)
    sender = json.loads(unzip(first, tmp_path / "one").joinpath("data/palmyra.json").read_text("utf-8"))
    with Archive.open(tmp_path / "opened.palmyra.sqlite") as other:
        other.exports.open_bundle(first)
        uuid = other.db.execute("SELECT value FROM archive_info WHERE key = 'uuid'").fetchone()[0]
        article = other.db.execute("SELECT min(id) FROM articles").fetchone()[0]
        other.articles.correct(article, title="A title set after the opening")
        other.exports.export_bundle("all", tmp_path / "second.zip")
    bag = unzip(tmp_path / "second.zip", tmp_path / "two")
    events = json.loads(bag.joinpath("data/palmyra.json").read_text("utf-8"))["events"]
    carried = [e for e in events if e["archive"] != uuid]
    assert [(e["id"], e["at"], e["action"]) for e in carried] == [
        (e["id"], e["at"], e["action"]) for e in sender["events"]]
    (mine,) = [e for e in events if e["archive"] == uuid]
    assert mine["action"] == "correct" and mine["after"] == {"title": "A title set after the opening"}
    prov = json.loads(bag.joinpath("data/provenance.json").read_text("utf-8"))
    assert f"palmyra:archive-{uuid}-event-{mine['id']}" in prov["activity"]
    assert all(f"palmyra:archive-{e['archive']}-event-{e['id']}" in prov["activity"] for e in carried)


def test_opening_twice_restores_the_history_once(annotated_archive, tmp_path):
    first = tmp_path / "first.zip"
    annotated_archive.exports.export_bundle("all", first)
    with Archive.open(tmp_path / "opened.palmyra.sqlite") as other:
        other.exports.open_bundle(first)
        again = other.exports.open_bundle(first)
        assert not again.changed_anything
        assert len(other.events.list(action="restore_history")) == 1
        count = other.db.execute("SELECT count(*) FROM restored_events").fetchone()[0]
        assert count == len(json.loads(unzip(first, tmp_path / "one")
                                       .joinpath("data/palmyra.json").read_text("utf-8"))["events"])


#: the lines that state the moment of the export, by file; nothing else may differ
EXPORT_MOMENT = {
    # Payload-Oxum is the payload's byte count: the deflated project.qdpx, whose project.qde
    # states the date, may compress a byte shorter or longer at another moment
    "bag-info.txt": rb"(?m)^(Bagging-Date|External-Identifier|Payload-Oxum): .*$",
    "data/README.md": rb"Exported by Palmyra Archive on \S+",
    "data/palmyra.json": rb'"exported_at": ?"[^"]*"',
    "data/annotations.jsonld": rb"urn:palmyra:bundle:[0-9T:Z-]+/",
}


def _without_moment(rel: str, data: bytes) -> bytes:
    if rel in EXPORT_MOMENT:
        return re.sub(EXPORT_MOMENT[rel], b"<export moment>", data)
    if rel == "data/exchange/project.qdpx":
        out = []
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for name in sorted(zf.namelist()):
                member = zf.read(name)
                if name == "project.qde":   # the project's own date and its name, which says it
                    member = re.sub(rb' creationDateTime="[^"]*"', b"", member, count=1)
                    member = re.sub(rb'name="Palmyra Archive export [^"]*"', b'name="*"', member, count=1)
                out.append(name.encode() + b"\0" + member)
        return b"\0\0".join(out)
    return data


def test_exported_later_only_the_export_date_lines_differ(annotated_archive, tmp_path, monkeypatch):
    _enrich(annotated_archive)
    one, two, _ = _round_trip(annotated_archive, tmp_path, monkeypatch, ExportOptions(),
                              second_at=EXPORTED_LATER)
    assert sorted(one) == sorted(two)
    stamped = set(EXPORT_MOMENT) | {"data/exchange/project.qdpx"}
    assert _differing(one, two) == stamped | {"manifest-sha256.txt", "tagmanifest-sha256.txt"}
    for rel in stamped:
        assert _without_moment(rel, one[rel]) == _without_moment(rel, two[rel]), rel
    # the manifests differ only in the hashes of the files that state the moment
    hashed = {"manifest-sha256.txt": stamped - {"bag-info.txt"}, "tagmanifest-sha256.txt": {"bag-info.txt",
                                                                                          "manifest-sha256.txt"}}
    for manifest, changed in hashed.items():
        lines = [set(files[manifest].decode().splitlines()) for files in (one, two)]
        differ = {line.split(None, 1)[1] for line in lines[0] ^ lines[1]}
        assert differ == changed, (manifest, differ)
        for line in lines[1]:
            digest, rel = line.split(None, 1)
            assert hashlib.sha256(two[rel]).hexdigest() == digest


def test_emptying_the_trash_of_a_restored_source_takes_its_carried_history(annotated_archive, tmp_path):
    first = tmp_path / "first.zip"
    annotated_archive.exports.export_bundle("all", first)
    with Archive.open(tmp_path / "opened.palmyra.sqlite") as other:
        other.exports.open_bundle(first)
        article = other.db.execute("SELECT min(id) FROM articles").fetchone()[0]
        source = other.db.execute("SELECT c.source_id FROM copies c JOIN articles a "
                                  "ON a.primary_copy_id = c.id WHERE a.id = ?", [article]).fetchone()[0]
        assert other.db.execute("SELECT count(*) FROM restored_events WHERE source_id = ?",
                                [source]).fetchone()[0] >= 1
        other.trash.trash([article])
        other.trash.empty()
        for table in ("restored_events", "restored_sources"):
            assert other.db.execute(f"SELECT count(*) FROM {table} WHERE source_id = ?",
                                    [source]).fetchone()[0] == 0
        assert other.db.execute("SELECT count(*) FROM restored_sources").fetchone()[0] == 4


def test_a_bundle_whose_events_name_no_archive_opens_with_its_history(annotated_archive, tmp_path):
    """A bundle written before events named their archive still gives its history."""
    import zipfile as zf

    first = tmp_path / "first.zip"
    annotated_archive.exports.export_bundle("all", first)
    bag = unzip(first, tmp_path / "one")
    doc_path = bag / "data" / "palmyra.json"
    doc = json.loads(doc_path.read_text("utf-8"))
    for event in doc["events"]:
        event.pop("archive")
    doc_path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    import bagit
    bagit.Bag(str(bag)).save(manifests=True)
    older = tmp_path / "older.zip"
    with zf.ZipFile(older, "w") as out:
        for path in sorted(bag.rglob("*")):
            if path.is_file():
                out.write(path, f"older/{path.relative_to(bag).as_posix()}")
    with Archive.open(tmp_path / "opened.palmyra.sqlite") as other:
        other.exports.open_bundle(older)
        other.exports.export_bundle("all", tmp_path / "second.zip")
    events = json.loads(unzip(tmp_path / "second.zip", tmp_path / "two")
                        .joinpath("data/palmyra.json").read_text("utf-8"))["events"]
    assert [(e["id"], e["at"], e["action"], e["archive"]) for e in events] == [
        (e["id"], e["at"], e["action"], None) for e in doc["events"]]
