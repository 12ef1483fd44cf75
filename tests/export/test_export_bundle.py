"""Writing a bundle: the bag's layout, safe names, atomic writes, Cancel and a full disk."""

from __future__ import annotations

import errno
import hashlib
import zipfile

import pytest
from conftest import article_id_for

from palmyra_archive.core.export.payload import ExportOptions
from palmyra_archive.core.export.safe_names import is_safe_member
from palmyra_archive.core.store.errors import (
    Cancelled,
    DiskFullError,
    ExportError,
    NotFoundError,
    ValidationError,
)
from palmyra_archive.core.store.records import LibraryQuery
from palmyra_archive.core.store.tasks import CancelToken
from tests.export.conftest import unzip


def test_bundle_layout_readme_and_sources_named_by_hash(exported):
    archive, bundle, bag = exported
    data = bag / "data"
    for rel in ("citations/references.json", "citations/references.bib", "citations/references.ris",
                "citations/bibliography.html", "citations/bibliography.md", "quotes.md", "quotes.html",
                "annotations.jsonld", "provenance.json", "RIGHTS.md", "palmyra.json", "README.md"):
        assert (data / rel).is_file(), rel
    assert (bag / "bagit.txt").read_text() == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    assert (bag / "manifest-sha256.txt").is_file()
    sources = sorted((data / "sources").iterdir())
    assert len(sources) == archive.db.execute("SELECT count(*) FROM sources").fetchone()[0]
    for path in sources:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.stem
        original = archive.db.execute("SELECT sqlar_uncompress(content, size_bytes) FROM sources WHERE sha256 = ?", [path.stem]).fetchone()[0]
        assert path.read_bytes() == original
    readme = (data / "README.md").read_text(encoding="utf-8")
    assert "bagit.py --validate" in readme and "sha256sum" in readme
    assert "3 annotation(s)" in readme


def test_passages_only_bundle_holds_no_sources(annotated_archive, tmp_path):
    out = tmp_path / "passages.zip"
    annotated_archive.exports.export_bundle("all", out, options=ExportOptions(passages_only=True))
    bag = unzip(out, tmp_path / "x")
    assert not (bag / "data" / "sources").exists()
    passages = list((bag / "data" / "passages").iterdir())
    assert len(passages) == 3
    assert any("electronic warfare" in p.read_text(encoding="utf-8") for p in passages)


def test_formats_can_be_chosen(annotated_archive, tmp_path):
    out = tmp_path / "csl.zip"
    report = annotated_archive.exports.export_bundle("ids:1", out, options=ExportOptions(formats=("csl",)))
    names = {n.split("/", 1)[1] for n in zipfile.ZipFile(out).namelist()}
    assert "data/citations/references.json" in names and "data/quotes.md" not in names
    assert "data/palmyra.json" in names and report.articles == 1
    with pytest.raises(ValidationError):
        annotated_archive.exports.export_bundle("all", out, options=ExportOptions(formats=("pdf",)))


def test_hostile_titles_and_file_names_stay_inside_the_bundle(annotated_archive, tmp_path):
    article = article_id_for(annotated_archive, "000_75c112bd7e1fc9de.txt")
    annotated_archive.articles.correct(article, title="../../etc/passwd\x07\u202e" + "x/" * 200)
    out = tmp_path / "..\u0007we ird..zip"
    annotated_archive.exports.export_bundle("all", out, options=ExportOptions(passages_only=True))
    names = zipfile.ZipFile(out).namelist()
    for name in names:
        assert is_safe_member(name), name
        assert all(ord(ch) >= 32 for ch in name)
        assert all(len(part.encode()) <= 120 for part in name.split("/"))
    assert len({n.casefold() for n in names}) == len(names)


def test_scopes_select_articles(annotated_archive, tmp_path):
    exports = annotated_archive.exports
    moon = article_id_for(annotated_archive, "000_75c112bd7e1fc9de.txt")
    mirzaei = article_id_for(annotated_archive, "003_1d7eb8016ddebaae.txt")
    assert exports.resolve("tag:palmyra") == sorted([moon, mirzaei])
    assert exports.resolve("tag:framing") == [moon]            # through an annotation's tag
    collection = annotated_archive.collections.create("Paper draft").created_id
    annotated_archive.collections.add(collection, [mirzaei])
    assert exports.resolve("collection:Paper draft") == [mirzaei]
    assert exports.resolve('search:"recapture the ancient city"') == [mirzaei]
    annotated_archive.saved_searches.save("Offensive", LibraryQuery(text='"recapture the ancient city"'))
    assert exports.resolve("search:Offensive") == [mirzaei]
    assert exports.resolve(f"ids:{mirzaei},{moon}") == [mirzaei, moon]
    for missing in ("tag:nothing", "collection:Nope", "ids:999"):
        with pytest.raises(NotFoundError):
            exports.resolve(missing)


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir())


def test_cancel_leaves_no_partial_files(annotated_archive, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    token, seen = CancelToken(), []

    def progress(done, total, message):
        seen.append(message)
        if message == "Zipping the bundle":
            token.cancel()

    with pytest.raises(Cancelled):
        annotated_archive.exports.export_bundle("all", folder / "b.zip", progress=progress, cancel=token)
    assert "Zipping the bundle" in seen
    assert _leftovers(folder) == []


def test_a_full_disk_is_a_clear_error_and_the_old_bundle_stays(annotated_archive, tmp_path, monkeypatch):
    target = tmp_path / "b.zip"
    target.write_bytes(b"the previous bundle")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", full)
    with pytest.raises(DiskFullError, match="disk is full"):
        annotated_archive.exports.export_bundle("all", target, overwrite=True)
    assert target.read_bytes() == b"the previous bundle"
    assert _leftovers(tmp_path) == ["b.zip", "corpus.palmyra.sqlite",
                                    "corpus.palmyra.sqlite-shm", "corpus.palmyra.sqlite-wal"]


def test_bad_requests_are_refused_with_a_sentence(annotated_archive, tmp_path):
    with pytest.raises(ValidationError, match=r"\.zip"):
        annotated_archive.exports.export_bundle("all", tmp_path / "bundle.tar")
    with pytest.raises(ExportError, match="does not exist"):
        annotated_archive.exports.export_bundle("all", tmp_path / "no" / "such" / "b.zip")
    empty = annotated_archive.collections.create("Empty").created_id
    assert empty
    with pytest.raises(ExportError, match="nothing to export"):
        annotated_archive.exports.export_bundle("collection:Empty", tmp_path / "e.zip")


def test_export_never_writes_to_the_archive(annotated_archive, tmp_path):
    before = annotated_archive.db.execute("SELECT count(*) FROM events").fetchone()[0]
    annotated_archive.exports.export_bundle("all", tmp_path / "b.zip")
    annotated_archive.exports.preview("all")
    assert annotated_archive.db.execute("SELECT count(*) FROM events").fetchone()[0] == before


def test_an_archive_whose_path_holds_uri_characters_exports(annotated_archive, tmp_path):
    from palmyra_archive.core.archive import Archive
    odd = tmp_path / "research #1 ?draft"
    odd.mkdir()
    # a copy of an open archive is made through SQLite, never by copying the file (#15)
    annotated_archive.backups.backup(odd / "a.palmyra.sqlite")
    with Archive.open(odd / "a.palmyra.sqlite") as arch:
        report = arch.exports.export_bundle("all", odd / "b.zip")
    assert report.articles == annotated_archive.articles.total_count()
