"""Opening a bundle: the colleague gets the same archive content; bad bundles are refused whole."""

from __future__ import annotations

import shutil
import stat
import zipfile

import pytest

from palmyra_archive.core.archive import Archive
from palmyra_archive.core.export.payload import ExportOptions
from palmyra_archive.core.store.errors import ExportError
from tests.export.hostile import rezip

LOCAL = {"id", "copy_id", "parent_id", "imported_at", "original_path", "previous_version_id"}


def strip_local(value):
    """An article as another archive would show it: without row ids and this archive's import facts."""
    if isinstance(value, dict):
        return {k: strip_local(v) for k, v in value.items() if k not in LOCAL}
    if isinstance(value, list):
        return [strip_local(v) for v in value]
    return value


def content(archive) -> list[dict]:
    out = []
    for article_id in archive.articles.ids():
        detail = strip_local(archive.articles.get(article_id).to_json())
        detail["annotations"] = sorted(
            (a.exact, a.note, a.color, tuple(a.tags)) for a in archive.annotations.for_article(article_id))
        detail["note"] = archive.notes.article_note(article_id)
        out.append(detail)
    return sorted(out, key=lambda d: d["source"]["sha256"])


def table_counts(archive) -> dict[str, int]:
    tables = [r[0] for r in archive.db.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                               "AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%'")]
    return {t: archive.db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.fixture
def fresh(tmp_path):
    with Archive.open(tmp_path / "colleague" / "archive.palmyra.sqlite") as arch:
        yield arch


def test_a_bundle_opens_into_the_same_content_and_twice_changes_nothing(exported, fresh):
    archive, bundle, _bag = exported
    report = fresh.exports.open_bundle(bundle)
    assert report.problems == [] and report.failed == 0
    assert report.imported == archive.db.execute("SELECT count(*) FROM sources").fetchone()[0]
    assert report.annotations == 3
    assert content(fresh) == content(archive)
    assert sorted(n.title for n in fresh.notes.all()) == sorted(n.title for n in archive.notes.all())
    assert {t.path for t in fresh.tags.all()} == {t.path for t in archive.tags.all()}

    counts = table_counts(fresh)
    again = fresh.exports.open_bundle(bundle)
    assert not again.changed_anything and "nothing changed" in again.message
    assert table_counts(fresh) == counts


def test_a_bundle_reopened_where_it_came_from_changes_nothing(exported):
    archive, bundle, _bag = exported
    counts = table_counts(archive)
    assert not archive.exports.open_bundle(bundle).changed_anything
    assert table_counts(archive) == counts


def test_a_passage_only_bundle_imports_what_it_has(annotated_archive, fresh, tmp_path):
    out = tmp_path / "passages.zip"
    annotated_archive.exports.export_bundle("all", out, options=ExportOptions(passages_only=True))
    report = fresh.exports.open_bundle(out)
    assert report.annotations == 3
    unannotated = annotated_archive.articles.total_count() - 3
    assert len(report.problems) == unannotated
    assert all("only its citation is in the bundle" in p for p in report.problems)
    quotes = {a.exact for a in fresh.annotations.list()}
    assert "the total number of IS fighters exceeded 4,000" in quotes
    titles = {s.title for s in fresh.articles.summaries(fresh.articles.ids())}
    assert any(t.startswith("The second fall of Palmyra") for t in titles)
    counts = table_counts(fresh)
    assert not fresh.exports.open_bundle(out).changed_anything
    assert table_counts(fresh) == counts


def test_a_tampered_bundle_is_refused_and_nothing_is_imported(exported, fresh, tmp_path):
    _archive, _bundle, bag = exported
    source = next((bag / "data" / "sources").iterdir())
    source.write_bytes(source.read_bytes().replace(b"Palmyra", b"Tadmur", 1))
    with pytest.raises(ExportError, match="failed its integrity check"):
        fresh.exports.open_bundle(rezip(bag, tmp_path / "tampered.zip"))
    assert fresh.is_empty()
    assert not list(fresh.path.parent.glob(".palmyra-bundle-*"))


@pytest.mark.parametrize("member", ["../evil.txt", "/tmp/evil.txt", "b/../../evil.txt", "C:/evil.txt"])
def test_zip_slip_members_are_refused_before_anything_is_written(exported, fresh, tmp_path, member):
    _archive, _bundle, bag = exported
    bad = rezip(bag, tmp_path / "slip.zip", [(zipfile.ZipInfo(member), b"owned")])
    with pytest.raises(ExportError, match="outside"):
        fresh.exports.open_bundle(bad)
    assert not (tmp_path / "evil.txt").exists() and fresh.is_empty()


def test_symlinks_in_a_bundle_are_refused(exported, fresh, tmp_path):
    _archive, _bundle, bag = exported
    link = zipfile.ZipInfo("b/data/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    bad = rezip(bag, tmp_path / "link.zip", [(link, "/etc/passwd")])
    with pytest.raises(ExportError, match="link"):
        fresh.exports.open_bundle(bad)
    assert fresh.is_empty()


def test_not_a_bundle(fresh, tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK not really")
    with pytest.raises(ExportError, match="not a readable zip"):
        fresh.exports.open_bundle(junk)
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(ExportError, match="no BagIt bag"):
        fresh.exports.open_bundle(plain)
    with pytest.raises(ExportError, match="There is no bundle"):
        fresh.exports.open_bundle(tmp_path / "missing.zip")


def test_a_bag_that_is_not_ours_is_refused(tmp_path, fresh):
    import bagit
    folder = tmp_path / "foreign"
    folder.mkdir()
    (folder / "file.txt").write_text("x")
    bagit.make_bag(str(folder), checksums=["sha256"])
    out = shutil.make_archive(str(tmp_path / "foreign"), "zip", tmp_path, "foreign")
    with pytest.raises(ExportError, match="not a Palmyra Archive bundle|no readable palmyra.json"):
        fresh.exports.open_bundle(out)


def test_an_annotation_that_cannot_be_placed_is_reported_and_the_rest_import(exported, fresh, tmp_path):
    import json

    import bagit
    _archive, _bundle, bag = exported
    doc_path = bag / "data" / "palmyra.json"
    doc = json.loads(doc_path.read_text(encoding="utf-8"))
    annotated = [a for art in doc["articles"] for a in art["annotations"]]
    annotated[0]["exact"] = "words that stand nowhere in the text"
    annotated[0]["start"] += 1
    doc_path.write_text(json.dumps(doc), encoding="utf-8")
    bagit.Bag(str(bag)).save(manifests=True)     # a consistent bag, as a sender could make one
    report = fresh.exports.open_bundle(rezip(bag, tmp_path / "edited.zip"))
    assert report.annotations == len(annotated) - 1
    assert len(report.problems) == 1 and "is not in the text" in report.problems[0]
    assert fresh.annotations.count() == len(annotated) - 1


def test_an_oversized_source_is_refused_without_being_read(exported, fresh, tmp_path, monkeypatch):
    from palmyra_archive.core.export import bundle_check
    _archive, bundle, _bag = exported
    monkeypatch.setattr(bundle_check, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(bundle_check, "_sha256", lambda path: pytest.fail(f"{path} was read"))
    with pytest.raises(ExportError, match=r"is [\d.]+ KB; sources over 100 bytes are not imported"):
        fresh.exports.open_bundle(bundle)
    assert fresh.is_empty()


def test_cancel_while_unpacking_leaves_nothing(exported, fresh):
    from palmyra_archive.core.store.errors import Cancelled
    from palmyra_archive.core.store.tasks import CancelToken
    _archive, bundle, _bag = exported
    token = CancelToken()

    def progress(done, total, message):
        if message == "Unpacking the bundle" and done >= 2:
            token.cancel()

    with pytest.raises(Cancelled):
        fresh.exports.open_bundle(bundle, progress=progress, cancel=token)
    assert fresh.is_empty()
    assert not list(fresh.path.parent.glob(".palmyra-bundle-*"))


def test_a_bundle_written_with_body_offsets_opens_at_the_same_words(corpus_archive, fresh, tmp_path):
    """Bundles made before annotations counted in the standfirst and body carry body offsets:
    an ambiguous quote (a word that stands many times) still lands on its own occurrence."""
    import json

    import bagit
    from conftest import article_id_for

    from palmyra_archive.core.annotate.annotatable import body_offset
    from palmyra_archive.core.export.scope import Scope
    from tests.export.conftest import unzip

    art = article_id_for(corpus_archive, "000_75c112bd7e1fc9de.txt")
    detail = corpus_archive.articles.get(art)
    shift = body_offset(detail.standfirst)
    at = detail.body.index("Palmyra", detail.body.index("Palmyra") + 1)   # not the first one
    made = corpus_archive.annotations.get(corpus_archive.annotations.create(
        art, shift + at, shift + at + len("Palmyra")).created_id)
    corpus_archive.exports.export_bundle(Scope("ids", ids=(art,)), tmp_path / "new.zip")
    bag = unzip(tmp_path / "new.zip", tmp_path / "unzipped")
    doc_path = bag / "data" / "palmyra.json"
    doc = json.loads(doc_path.read_text(encoding="utf-8"))
    (old,) = [a for article in doc["articles"] for a in article["annotations"]]
    old["start"], old["end"] = old["start"] - shift, old["end"] - shift    # as written before
    doc_path.write_text(json.dumps(doc), encoding="utf-8")
    bagit.Bag(str(bag)).save(manifests=True)
    report = fresh.exports.open_bundle(rezip(bag, tmp_path / "old.zip"))
    assert report.problems == [] and report.annotations == 1
    (view,) = fresh.annotations.list()
    assert (view.exact, view.start, view.end) == ("Palmyra", made.start, made.end)
