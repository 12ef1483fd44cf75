"""Hostile citation bundles, generated: a valid bundle from the exporter, then palmyra.json (or
the zip) altered and the bag's manifests computed again, so every checksum is right and the
hostile content reaches the code that reads it (a sender can do exactly this)."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from palmyra_archive.core.archive import Archive

Doc = Callable[[dict], object]   # alters the document in place, or returns a replacement


def annotated(doc: dict) -> dict:
    """The first article with annotations."""
    return next(a for a in doc["articles"] if a["annotations"])


def second(doc: dict) -> dict:
    return doc["articles"][1]


def rezip(bag: Path, out: Path, extra=()) -> Path:
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(bag.rglob("*")):
            if path.is_file():
                zf.write(path, "b/" + path.relative_to(bag).as_posix())
        for info, data in extra:
            zf.writestr(info, data)
    return out


def rebag(bag: Path) -> None:
    """Recompute the manifests and Payload-Oxum: the bag check passes again."""
    import bagit
    bagit.Bag(str(bag)).save(manifests=True)


def with_document(template: Path, work: Path, change: Doc | bytes | None) -> Path:
    """A copy of the template bag whose palmyra.json is changed (bytes: replaced; None:
    removed), re-bagged and zipped."""
    bag = work / "bag"
    shutil.copytree(template, bag)
    doc_path = bag / "data" / "palmyra.json"
    if change is None:
        doc_path.unlink()
    elif isinstance(change, bytes):
        doc_path.write_bytes(change)
    else:
        doc = json.loads(doc_path.read_text(encoding="utf-8"))
        replaced = change(doc)
        doc = doc if replaced is None else replaced
        doc_path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    rebag(bag)
    return rezip(bag, work / "hostile.zip")


def zip_bomb(out: Path, size: int = 200 << 20, name: str = "b/data/zeros.bin") -> Path:
    """A zip with one member of ``size`` zeros, written in 1 MiB pieces (deflate: ~1000-fold)."""
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("b/bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
        with zf.open(name, "w", force_zip64=True) as member:
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return out


def archive_counts(archive: Archive) -> dict[str, int]:
    tables = [r[0] for r in archive.db.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '%fts%' "
        "AND name NOT LIKE 'sqlite_%'")]
    return {t: archive.db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
