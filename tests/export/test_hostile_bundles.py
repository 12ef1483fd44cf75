"""Hostile bundles (#21): each is refused with a sentence naming what is wrong, the archive is
left exactly as it was, no temporary folder stays behind, and ``open-bundle`` exits with 1.

The bundles are generated from a real export (``tests/export/hostile.py``); the manifests are
computed again after each change, so each passes the bag check and reaches the code that reads
palmyra.json.
"""

from __future__ import annotations

import shutil
import time
import zipfile

import pytest

from palmyra_archive.cli import main
from palmyra_archive.core.archive import Archive
from palmyra_archive.core.export import bundle_check, bundle_reader
from palmyra_archive.core.export.bundle_reader import human_size
from palmyra_archive.core.store.errors import DiskFullError, ExportError, PalmyraError, ValidationError
from tests.export.conftest import annotate, unzip
from tests.export.hostile import annotated, archive_counts, rebag, rezip, second, with_document, zip_bomb

MINE = (b"A note of my own\n\nBy Ann Author\n\nThis archive already holds a text before the "
        b"bundle arrives, so an unchanged archive is more than an empty one.\n")


@pytest.fixture(scope="module")
def template(_corpus_template, tmp_path_factory):
    """The annotated corpus exported once, unzipped: the bag every hostile bundle starts from."""
    work = tmp_path_factory.mktemp("hostile-template")
    shutil.copy(_corpus_template, work / "a.sqlite")
    with Archive.open(work / "a.sqlite") as arch:
        annotate(arch)
        arch.exports.export_bundle("all", work / "bundle.zip")
    return unzip(work / "bundle.zip", work / "bag")


@pytest.fixture
def mine(tmp_path):
    with Archive.open(tmp_path / "mine" / "archive.palmyra.sqlite") as arch:
        assert arch.importer.import_bytes("mine.txt", MINE).status == "imported"
        yield arch


def _set(path: str, value):
    """A change that sets one field, e.g. _set("articles[0].copies", None)."""
    def change(doc):
        target, key = _walk(doc, path)
        target[key] = value
    return change


def _walk(doc, path: str):
    import re
    parts = [int(p) if p.isdigit() else p for p in re.findall(r"\w+", path)]
    target = doc
    for part in parts[:-1]:
        target = target[part]
    return target, parts[-1]


def _annotation(field, value):
    def change(doc):
        annotated(doc)["annotations"][0][field] = value
    return change


def _every_source_sha(doc):
    for article in doc["articles"]:
        for copy in article["copies"]:
            copy["source_sha256"] = "0" * 64


def _unknown_key(doc):
    doc["articles"][0]["run_this"] = "rm -rf ~"


ZOO = [
    # (id, change of palmyra.json, what the refusal must say)
    ("copies-null", _set("articles[0].copies", None), r"palmyra\.json: articles\[0\]\.copies must be a list, not null"),
    ("articles-a-string", _set("articles", "a string"), r"palmyra\.json: articles must be a list, not the text “a string”"),
    ("start-zero", _annotation("start", "zero"), r"annotations\[0\]\.start must be a whole number, not the text “zero”"),
    ("document-is-a-list", lambda doc: [doc], r"not a Palmyra Archive bundle"),
    ("200000-nested-brackets", b"[" * 200_000, r"nested too deeply"),
    ("articles-null-1-x", _set("articles", [None, 1, "x"]), r"articles\[0\] must be an object, not null"),
    ("tags-5", lambda doc: second(doc).update(tags=5), r"articles\[1\]\.tags must be a list, not the number 5"),
    ("format-version-999", _set("format_version", 999), r"newer Palmyra Archive \(format 999\); this version reads format 1 or older"),
    ("format-version-text", _set("format_version", "1"), r"format_version must be a whole number"),
    ("correction-not-a-date", lambda doc: second(doc)["copies"][0]["corrections"].update(date="not-a-date"),
     r"articles\[1\]\.copies\[0\]\.corrections\.date: 'not-a-date' is not a date"),
    ("correction-impossible-day", lambda doc: second(doc)["copies"][0]["corrections"].update(date="2016-02-30"),
     r"not a day on the calendar"),
    ("title-a-list", lambda doc: second(doc)["corrections"].update(title=["a", "list"]),
     r"articles\[1\]\.corrections\.title must be text, not a list"),
    ("200000-tags", lambda doc: second(doc).update(tags=[f"t{i}" for i in range(200_000)]),
     r"articles\[1\]\.tags has 200,000 items; at most 1,000 are allowed"),
    ("every-source-fails-its-sha256", _every_source_sha, r"does not have the SHA-256 palmyra\.json records"),
    ("not-utf8", "café".encode("latin-1") + b'{"format": 1}', r"palmyra\.json is not UTF-8 text"),
    ("not-json", b'{"format": "palmyra-archive-bundle", ', r"palmyra\.json is not valid JSON"),
    ("missing-palmyra-json", None, r"no readable palmyra\.json"),
    ("other-format", _set("format", "someone-elses-bundle"), r"not a Palmyra Archive bundle"),
    ("huge-title", _set("articles[0].title", "T" * 2_000_000), r"articles\[0\]\.title is 2,000,000 characters long; at most 1,000"),
    ("huge-note", _set("articles[0].note", "N" * 2_000_000), r"articles\[0\]\.note is 2,000,000 characters long; at most 1,000,000"),
    ("negative-offset", _annotation("start", -5), r"annotations\[0\]\.start is -5; it must be at least 0"),
    ("start-after-end", _annotation("start", 10**6), r"annotations\[0\] ends before it starts \(start 1,000,000"),
    ("offset-not-a-number", _annotation("end", float("nan")), r"annotations\[0\]\.end must be a whole number, not the number nan"),
    ("index-beyond-sqlite", _set("articles[0].copies[0].index_in_source", 10**30), r"index_in_source is 10+; it must be at most 100,000"),
    ("unknown-key", _unknown_key, r"articles\[0\] has a field this version does not know \(“run_this”\)"),
    ("primary-copy-missing", _set("articles[0].primary_copy_id", 999_999), r"primary_copy_id \(999999\) names none of the article's copies"),
    ("bad-colour", _annotation("color", "ultraviolet"), r"color \(“ultraviolet”\) is not one of red"),
    ("empty-tag", lambda doc: second(doc).update(tags=[" / "]), r"articles\[1\]\.tags\[0\]: ' / ' is not a tag"),
    ("annotation-tags-5", _annotation("tags", 5), r"annotations\[0\]\.tags must be a list"),
    ("source-outside-the-bag", _set("articles[0].copies[0].source_file", "../../bagit.txt"),
     r"source_file names a file the bundle does not hold"),
    ("bad-sha-form", _set("articles[0].copies[0].source_sha256", "../etc"), r"source_sha256 \(the text “\.\./etc”\) is not a SHA-256"),
    ("note-title-a-list", _set("notes[0].title", ["x"]), r"notes\[0\]\.title must be text, not a list"),
    ("missing-copies", lambda doc: doc["articles"][0].pop("copies") and None, r"articles\[0\] has no “copies”"),
    # the second article fails while it is imported (its source holds no 8th article): the
    # first one, already written, is undone with it
    ("second-article-fails-half-way", _set("articles[1].copies[0].index_in_source", 7),
     r"could not be opened, so nothing was imported: .*holds no article 8"),
]


def _refused(archive: Archive, bundle, pattern: str) -> str:
    counts = archive_counts(archive)
    with pytest.raises(PalmyraError) as caught:
        archive.exports.open_bundle(bundle)
    message = caught.value.message
    assert type(caught.value) is not PalmyraError
    import re
    assert re.search(pattern, message), message
    assert "nothing was imported" in message.lower() or "nothing was unpacked" in message.lower()
    assert archive_counts(archive) == counts
    assert not list(archive.path.parent.glob(".palmyra-bundle-*"))
    return message


@pytest.mark.parametrize("change, pattern", [c[1:] for c in ZOO], ids=[c[0] for c in ZOO])
def test_a_hostile_bundle_is_refused_whole_with_a_sentence(template, mine, tmp_path, capsys,
                                                           change, pattern):
    bundle = with_document(template, tmp_path, change)
    message = _refused(mine, bundle, pattern)
    counts = archive_counts(mine)
    assert main(["--archive", str(mine.path), "open-bundle", str(bundle), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert message in err and "unexpected" not in err and "Traceback" not in err
    assert archive_counts(mine) == counts


def test_the_zoo_is_the_number_the_readme_gives():
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"{len(ZOO) + len(ZIP_ZOO)} hostile bundles" in readme


def test_the_unchanged_bundle_opens(template, mine, tmp_path):
    """The zoo's baseline: the same steps with no change give a bundle that opens."""
    report = mine.exports.open_bundle(with_document(template, tmp_path, lambda doc: None))
    assert report.imported == 5 and report.annotations == 3 and report.problems == []


# -- the zip itself ------------------------------------------------------------------------------

def _no_extraction(monkeypatch):
    monkeypatch.setattr(bundle_reader, "_copy_member",
                        lambda *a, **k: pytest.fail("a member was extracted before the zip was refused"))


def _duplicate(template, tmp_path):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # zipfile warns about the duplicate it writes
        return rezip(template, tmp_path / "dup.zip",
                     [(zipfile.ZipInfo("b/data/palmyra.json"), b'{"format": "evil"}')])


def _case_duplicate(template, tmp_path):
    return rezip(template, tmp_path / "case.zip", [(zipfile.ZipInfo("b/data/README.MD"), b"other")])


def _oversized_source(template, tmp_path):
    bag = tmp_path / "bag"
    shutil.copytree(template, bag)
    (bag / "data" / "sources" / "big.txt").write_bytes(b"word " * (5 << 20))   # 25 MB of text
    rebag(bag)
    return rezip(bag, tmp_path / "big.zip")


ZIP_ZOO = [
    ("zip-bomb-200-MB-of-zeros", lambda template, tmp: zip_bomb(tmp / "bomb.zip"),
     r"would expand 1,0\d\d-fold, from \d+ KB to 200 MB \(a zip bomb\?\)"),
    ("duplicate-member", _duplicate, r"holds 'b/data/palmyra.json' twice"),
    ("names-differing-in-case", _case_duplicate, r"holds 'b/data/README.MD' twice"),
    ("source-over-20-MB", _oversized_source, r"would unpack to 25 MB, more than a bundle holds \(20 MB at most\)"),
]


@pytest.mark.parametrize("make, pattern", [c[1:] for c in ZIP_ZOO], ids=[c[0] for c in ZIP_ZOO])
def test_a_hostile_zip_is_refused_before_a_byte_is_extracted(template, mine, tmp_path, monkeypatch,
                                                             capsys, make, pattern):
    bundle = make(template, tmp_path)
    _no_extraction(monkeypatch)
    started = time.process_time()  # CPU time, not wall time (load)
    counts = archive_counts(mine)
    with pytest.raises(ExportError, match=pattern):
        mine.exports.open_bundle(bundle)
    assert time.process_time() - started < 2
    assert archive_counts(mine) == counts
    assert not list(mine.path.parent.glob(".palmyra-bundle-*"))
    assert main(["--archive", str(mine.path), "open-bundle", str(bundle), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "is refused" in err and "unexpected" not in err


def test_a_zip_bomb_stays_small_on_disk_and_is_quick_to_write(tmp_path):
    started = time.process_time()  # CPU time: a loaded machine must not trip it
    bomb = zip_bomb(tmp_path / "bomb.zip")
    assert bomb.stat().st_size < 400_000
    assert time.process_time() - started < 5


def test_a_bundle_larger_than_the_free_space_is_refused_in_units_that_show_it(
        template, mine, tmp_path, monkeypatch):
    bundle = rezip(template, tmp_path / "b.zip")
    _no_extraction(monkeypatch)
    free = 12_345
    monkeypatch.setattr(bundle_reader.shutil, "disk_usage",
                        lambda path: shutil._ntuple_diskusage(10**9, 10**9 - free, free))
    with pytest.raises(DiskFullError) as caught:
        mine.exports.open_bundle(bundle)
    assert "only 12 KB are free" in caught.value.message and "needs 64" in caught.value.message
    assert " 0 MB" not in caught.value.message
    assert not list(mine.path.parent.glob(".palmyra-bundle-*"))


@pytest.mark.parametrize("limit, value, pattern", [
    ("MAX_TOTAL_BYTES", 999, r"would unpack to [\d.]+ KB, more than a bundle holds \(999 bytes at most\)"),
    ("MAX_MEMBERS", 3, r"holds \d+ files, more than any bundle \(3\)"),
])
def test_caps_on_the_whole_zip(template, mine, tmp_path, monkeypatch, limit, value, pattern):
    bundle = rezip(template, tmp_path / "b.zip")
    _no_extraction(monkeypatch)
    monkeypatch.setattr(bundle_reader, limit, value)
    with pytest.raises(ExportError, match=pattern):
        mine.exports.open_bundle(bundle)


def test_a_member_that_unpacks_to_more_than_it_declares_is_stopped(template, mine, tmp_path):
    """A lying header: the directory says 100 bytes, the data holds more."""
    bundle = rezip(template, tmp_path / "b.zip")
    with zipfile.ZipFile(bundle) as zf:
        info = zf.getinfo("b/data/README.md")
    raw = bytearray(bundle.read_bytes())
    for signature, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = 0
        while (at := raw.find(signature, at)) >= 0:
            name_at = at + (46 if signature == b"PK\x01\x02" else 30)
            if raw[name_at:name_at + len(info.filename)] == info.filename.encode():
                raw[at + size_at:at + size_at + 4] = (100).to_bytes(4, "little")
            at += 4
    bundle.write_bytes(bytes(raw))
    counts = archive_counts(mine)
    with pytest.raises(ExportError, match=r"damaged|more than the 100 bytes the bundle declares"):
        mine.exports.open_bundle(bundle)
    assert archive_counts(mine) == counts
    assert not list(mine.path.parent.glob(".palmyra-bundle-*"))


# -- what is not hostile still works, and says what happened --------------------------------------

def test_a_bundle_of_citations_only_imports_nothing_and_exits_1(annotated_archive, tmp_path, capsys):
    from conftest import article_id_for

    from palmyra_archive.core.export.payload import ExportOptions
    from palmyra_archive.core.export.scope import Scope
    out = tmp_path / "citations.zip"
    unannotated = tuple(article_id_for(annotated_archive, f) for f in ("001_3af5428a403a59eb.txt",
                                                                       "004_0c71e4d245fb43f8.txt"))
    annotated_archive.exports.export_bundle(Scope("ids", ids=unannotated), out,
                                            options=ExportOptions(formats=("csl",)))
    colleague = tmp_path / "colleague.sqlite"
    assert main(["--archive", str(colleague), "open-bundle", str(out), "--quiet"]) == 1
    printed = capsys.readouterr().out
    assert "Nothing was imported from the bundle" in printed
    assert printed.count("only its citation is in the bundle") == 2


@pytest.mark.parametrize("options", [{}, {"passages_only": True}, {"include_private_notes": False},
                                     {"formats": ("csl", "ris")}],
                         ids=["full", "passages-only", "no-private-notes", "citations-only"])
def test_what_the_exporter_writes_the_schema_accepts(annotated_archive, tmp_path, options):
    import json

    import jsonschema

    from palmyra_archive.core.export.payload import ExportOptions
    out = tmp_path / "b.zip"
    annotated_archive.exports.export_bundle("all", out, options=ExportOptions(**options))
    bag = unzip(out, tmp_path / "unzipped")
    doc = json.loads((bag / "data" / "palmyra.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, bundle_check.bundle_schema())
    assert bundle_check.read_document(bag / "data", out.name) == doc
    bundle_check.check_values(doc, out.name)


def test_the_schema_holds_the_limits_the_code_applies():
    from palmyra_archive.core.export.palmyra_json import FORMAT, FORMAT_VERSION
    from palmyra_archive.core.importing.importer import MAX_FILE_BYTES
    from palmyra_archive.core.library.corrections import MAX_FIELD_CHARS
    schema = bundle_check.bundle_schema()
    article = schema["properties"]["articles"]["items"]
    annotation = article["properties"]["annotations"]["items"]
    assert article["properties"]["title"]["maxLength"] == MAX_FIELD_CHARS
    assert annotation["properties"]["exact"]["maxLength"] == MAX_FILE_BYTES
    assert annotation["properties"]["start"]["maximum"] == MAX_FILE_BYTES
    assert schema["properties"]["format"]["const"] == FORMAT
    assert schema["$id"].endswith(f":{FORMAT_VERSION}")


def test_edit_refuses_the_title_a_bundle_may_not_carry(corpus_archive):
    article = corpus_archive.articles.ids()[0]
    with pytest.raises(ValidationError, match="is 1,001 characters long; at most 1,000"):
        corpus_archive.articles.correct(article, title="x" * 1001)
    with pytest.raises(ValidationError, match="must be text, not list"):
        corpus_archive.articles.correct(article, title=["a", "list"])


@pytest.mark.parametrize("size, text", [(0, "0 bytes"), (1, "1 byte"), (999, "999 bytes"),
                                        (12_345, "12 KB"), (5_000, "4.9 KB"),
                                        (3_565_158, "3.4 MB"), (200 << 20, "200 MB"),
                                        (2 << 30, "2.0 GB")])
def test_sizes_are_said_in_a_unit_that_shows_the_difference(size, text):
    assert human_size(size) == text
