"""The standfirst (the italic lead paragraph above the body) can be annotated like the body.

Annotation offsets count in the copy's annotatable text: standfirst, a paragraph break, body
(core/annotate/annotatable.py). Corpus file 000 has a standfirst with a link in it ("false narratives").
"""

from __future__ import annotations

import hashlib
import sqlite3

import sqlite_utils
from conftest import CORPUS_DIR, article_id_for

from palmyra_archive.cli import main
from palmyra_archive.core.annotate.annotatable import SEPARATOR, annotatable_text, body_offset
from palmyra_archive.core.annotate.w3c import export_collection, source_lookup
from palmyra_archive.core.archive import Archive
from palmyra_archive.core.export.collect import collect
from palmyra_archive.core.export.quotes import quotes_markdown
from palmyra_archive.core.export.scope import Scope
from palmyra_archive.core.store import migrations

NAME = "000_75c112bd7e1fc9de.txt"
LEAD = "decisive turning point"
BODY_QUOTE = "Ban Ki Moon, the head of the United Nations"
ACROSS_LINK = "change some of the false narratives of the conflict"
STEP = "0009_annotations_count_from_standfirst"


def _text(archive, article_id):
    detail = archive.articles.get(article_id)
    return annotatable_text(detail.standfirst, detail.body)


def test_annotatable_text_is_standfirst_break_body():
    assert annotatable_text("Lead.", "Body.") == "Lead.\n\nBody."
    assert annotatable_text(None, "Body.") == annotatable_text("", "Body.") == "Body."
    assert body_offset("Lead.") == 7 and body_offset(None) == 0 and body_offset("") == 0
    assert body_offset({"standfirst": "Lead."}) == 7


def test_a_standfirst_quote_is_annotated_by_quote_and_by_offsets(corpus_archive):
    archive = corpus_archive
    art = article_id_for(archive, NAME)
    detail = archive.articles.get(art)
    text = _text(archive, art)
    by_quote = archive.annotations.get(
        archive.annotations.create_from_quote(art, LEAD, note="the framing").created_id)
    assert by_quote.end <= len(detail.standfirst)            # in the standfirst, not the body
    assert text[by_quote.start:by_quote.end] == LEAD == by_quote.exact
    assert by_quote.prefix.endswith("The liberation of Palmyra is a ")
    start = detail.standfirst.index("The liberation of Palmyra")
    by_offsets = archive.annotations.get(archive.annotations.create(
        art, start, start + len("The liberation of Palmyra"), color="red").created_id)
    assert by_offsets.exact == "The liberation of Palmyra" and by_offsets.start == start
    body_at = body_offset(detail.standfirst) + detail.body.index(BODY_QUOTE)
    in_body = archive.annotations.get(
        archive.annotations.create_from_quote(art, BODY_QUOTE).created_id)
    assert (in_body.start, in_body.end) == (body_at, body_at + len(BODY_QUOTE))
    assert [v.id for v in archive.annotations.for_article(art)] == [by_offsets.id, by_quote.id,
                                                                   in_body.id]


def test_the_cli_annotates_a_standfirst_quote(corpus_archive, capsys):
    art = article_id_for(corpus_archive, NAME)
    path = corpus_archive.path
    corpus_archive.close()
    code = main(["--archive", str(path), "annotate", str(art), "--quote", LEAD])
    out, err = capsys.readouterr()
    assert code == 0 and f"on article {art}" in out, out + err
    with Archive.open(path) as archive:
        (view,) = archive.annotations.for_article(art)
        assert view.exact == LEAD


def test_a_standfirst_annotation_survives_a_new_version_of_the_source(corpus_archive):
    archive = corpus_archive
    art = article_id_for(archive, NAME)
    lead = archive.annotations.create_from_quote(art, LEAD).created_id
    body = archive.annotations.create_from_quote(art, BODY_QUOTE).created_id
    data = (CORPUS_DIR / NAME).read_text("utf-8")
    data = data.replace("*The liberation of Palmyra", "*The long-awaited liberation of Palmyra")
    data = data.replace("Ban Ki Moon, the head", "UPDATE: corrected.\n\nBan Ki Moon, the head")
    assert archive.importer.import_bytes(NAME, data.encode("utf-8")).status == "new_version"
    art = article_id_for(archive, NAME)
    text = _text(archive, art)
    assert text.startswith("The long-awaited liberation of Palmyra")
    views = {v.id: v for v in archive.annotations.for_article(art)}
    assert text[views[lead].start:views[lead].end] == LEAD
    assert text[views[body].start:views[body].end] == BODY_QUOTE
    assert views[lead].anchor_status == "moved" and archive.annotations.orphans() == []


def test_w3c_selectors_of_a_standfirst_quote_point_into_the_source(corpus_archive):
    archive = corpus_archive
    art = article_id_for(archive, NAME)
    lead = archive.annotations.create_from_quote(art, LEAD).created_id
    linked = archive.annotations.create_from_quote(art, ACROSS_LINK).created_id
    source = archive.articles.source_view(art).text
    region = archive.db.execute(
        "SELECT span_start, span_end FROM source_regions r JOIN annotations a ON a.copy_id = "
        "r.copy_id WHERE a.id = ? AND r.kind = 'standfirst'", [lead]).fetchone()
    items = {item["id"].rsplit(":", 1)[1]: item
             for item in archive.annotations.to_w3c()["first"]["items"]}
    quote, position = items[str(lead)]["target"]["selector"]
    assert source[position["start"]:position["end"]] == LEAD == quote["exact"]
    assert region[0] <= position["start"] < position["end"] <= region[1]
    assert source[position["start"] - len(quote["prefix"]):position["start"]] == quote["prefix"]
    # the source writes the link as markup: the selectors quote the file's span, markup and all,
    # so a tool anchoring on the file places it (issue #13)
    quote, position = items[str(linked)]["target"]["selector"]
    assert quote["exact"] == source[position["start"]:position["end"]] == \
        "change some of the [false narratives](#) of the conflict"
    assert source[position["start"] - len(quote["prefix"]):position["start"]] == quote["prefix"]
    # a bundle builds the same items from what its export collected
    data = collect(archive.db, [art])
    data.archive_info = {"uuid": archive.db.execute(
        "SELECT value FROM archive_info WHERE key = 'uuid'").fetchone()[0]}
    bundled = export_collection(data, source_lookup(archive.db), collection_id="urn:x")
    assert [i["target"] for i in bundled["first"]["items"]] == \
        [items[str(lead)]["target"], items[str(linked)]["target"]]


def test_export_quotes_include_the_standfirst_quote(corpus_archive):
    archive = corpus_archive
    art = article_id_for(archive, NAME)
    archive.annotations.create_from_quote(art, LEAD, note="framing as liberation")
    markdown = quotes_markdown(collect(archive.db, [art]).articles)
    assert LEAD in markdown and "framing as liberation" in markdown


def test_a_bundle_with_a_standfirst_annotation_opens_at_the_same_words(corpus_archive, tmp_path):
    archive = corpus_archive
    art = article_id_for(archive, NAME)
    made = archive.annotations.get(archive.annotations.create_from_quote(art, LEAD).created_id)
    bundle = tmp_path / "bundle.zip"
    archive.exports.export_bundle(Scope("ids", ids=(art,)), bundle)
    with Archive.open(tmp_path / "colleague.sqlite") as fresh:
        report = fresh.exports.open_bundle(bundle)
        assert report.problems == [] and report.annotations == 1
        (view,) = fresh.annotations.for_article(fresh.articles.ids()[0])
        assert (view.exact, view.start, view.end) == (LEAD, made.start, made.end)


def _old_archive(path, standfirst: str, body: str) -> tuple[int, int]:
    """An archive at the schema before 0009, where annotations counted in the body alone:
    one copy with ``standfirst`` and one without, each with a body annotation."""
    db = sqlite_utils.Database(path)
    migrations.migrations.apply(db, stop_before=STEP)
    db.execute(f"PRAGMA user_version = {len(migrations.migrations.applied(db))}")
    now = "2026-01-01T00:00:00Z"
    ids = []
    for number, lead in enumerate((standfirst, None)):
        data = f"{lead or ''}\n\n{body}\n[{number}]".encode()
        source = db.execute(
            "INSERT INTO sources (filename, sha256, size_bytes, encoding, content, imported_at) "
            "VALUES (?, ?, ?, 'utf-8', ?, ?)",
            [f"s{number}.txt", hashlib.sha256(data).hexdigest(), len(data), data, now]).lastrowid
        article = db.execute("INSERT INTO articles (title, title_status, authors_status, "
                             "created_at, updated_at) VALUES ('A', 'printed', 'missing', ?, ?)",
                             [now, now]).lastrowid
        copy = db.execute(
            "INSERT INTO copies (article_id, source_id, span_start, span_end, outlet_status, "
            "date_status, section_status, standfirst, body, body_start, imported_at) "
            "VALUES (?, ?, 0, ?, 'printed', 'missing', 'missing', ?, ?, ?, ?)",
            [article, source, len(data), lead, body, len(lead or "") + 2, now]).lastrowid
        db.execute("UPDATE articles SET primary_copy_id = ? WHERE id = ?", [copy, article])
        start = body.index(BODY_QUOTE)
        ids.append(db.execute(
            'INSERT INTO annotations (copy_id, article_id, exact, prefix, suffix, start, "end", '
            "anchor_status, color, note, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'anchored', 'yellow', '', ?, ?)",
            [copy, article, BODY_QUOTE, body[max(0, start - 32):start],
             body[start + len(BODY_QUOTE):start + len(BODY_QUOTE) + 32], start,
             start + len(BODY_QUOTE), now, now]).lastrowid)
    db.conn.commit()
    db.close()
    return ids[0], ids[1]


def test_the_upgrade_moves_older_annotations_onto_the_same_words(corpus_archive, tmp_path):
    detail = corpus_archive.articles.get(article_id_for(corpus_archive, NAME))
    path = tmp_path / "old.sqlite"
    with_lead, without = _old_archive(path, detail.standfirst, detail.body)
    assert sqlite3.connect(path).execute("SELECT count(*) FROM _sqlite_migrations WHERE name = ?",
                                         [STEP]).fetchone() == (0,)
    old_start = detail.body.index(BODY_QUOTE)
    with Archive.open(path) as archive:
        assert archive.schema_version == migrations.SCHEMA_VERSION
        moved, kept = archive.annotations.get(with_lead), archive.annotations.get(without)
        shift = len(detail.standfirst) + len(SEPARATOR)
        assert (moved.start, moved.end) == (old_start + shift, old_start + shift + len(BODY_QUOTE))
        assert (kept.start, kept.end) == (old_start, old_start + len(BODY_QUOTE))
        for view in (moved, kept):
            assert _text(archive, view.article_id)[view.start:view.end] == BODY_QUOTE
            assert view.anchor_status == "anchored"
        (event,) = archive.events.list(action="annotations_count_from_standfirst")
        assert event.details == {"moved": 1} and event.actor == "system"
    with Archive.open(path) as archive:         # applied once: opening again moves nothing
        assert archive.annotations.get(with_lead).start == old_start + shift
