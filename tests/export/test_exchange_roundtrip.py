"""Issue #13: an annotation opened from a bundle is the same annotation, with the same W3C id
and the same times, in the archive that opened it; exported again, its item is unchanged."""

from __future__ import annotations

import json

from palmyra_archive.core.archive import Archive
from tests.export.conftest import unzip


def _items(bag) -> dict[str, dict]:
    doc = json.loads((bag / "data" / "annotations.jsonld").read_text(encoding="utf-8"))
    return {i["id"]: i for i in doc["first"]["items"]}


def test_annotations_keep_their_ids_and_times_through_open_bundle(exported, tmp_path):
    _archive, bundle, bag = exported
    first = _items(bag)
    with Archive.open(tmp_path / "other.palmyra.sqlite") as other:
        other.exports.open_bundle(bundle)
        again = tmp_path / "again.zip"
        other.exports.export_bundle("all", again)
        second = _items(unzip(again, tmp_path / "again"))
        other.exports.open_bundle(bundle)                     # idempotent: nothing new
        assert other.db.execute("SELECT count(*) FROM annotations").fetchone()[0] == 3
    assert set(second) == set(first) and len(first) == 3
    for urn, item in first.items():
        theirs = second[urn]
        assert (theirs["created"], theirs["modified"]) == (item["created"], item["modified"])
        assert theirs["target"] == item["target"] and theirs.get("body") == item.get("body")
