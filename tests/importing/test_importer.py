"""The store: one file, one transaction; unchanged bytes, new versions, copies of one work."""

from __future__ import annotations

import hashlib
import json

from palmyra_archive.core.annotate.annotatable import annotatable_text
from palmyra_archive.core.importing import storing as import_store
from tests.support.parsed_docs import Comment, Republication, body_text, install, make_article, make_doc


def _count(archive, table: str) -> int:
    return archive.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_import_keeps_the_bytes_verbatim_with_their_hash(archive):
    data = b"first version \xe2\x80\x94 bytes"
    install(archive, {data: make_doc(make_article(title="Verbatim"))})
    outcome = archive.importer.import_bytes("a.txt", data, original_path="/tmp/a.txt")
    assert outcome.status == "imported"
    row = archive.db.execute("SELECT filename, original_path, sha256, size_bytes, encoding, content,"
                             " imported_at FROM sources").fetchone()
    assert row[0] == "a.txt" and row[1] == "/tmp/a.txt"
    assert row[2] == hashlib.sha256(data).hexdigest() and row[3] == len(data)
    assert row[4] == "utf-8" and bytes(row[5]) == data and row[6].endswith("Z")
    events = archive.events.list(action="import")
    assert len(events) == 1 and events[0].after["article_ids"] == outcome.article_ids


def test_same_bytes_again_change_nothing(archive):
    install(archive, {b"one": make_doc(make_article(title="Once"))})
    first = archive.importer.import_bytes("a.txt", b"one")
    tables = ("sources", "articles", "copies", "comments", "tags")
    before = {t: _count(archive, t) for t in tables}
    again = archive.importer.import_bytes("a.txt", b"one")
    assert again.status == "unchanged" and "nothing changed" in again.message
    assert again.article_ids == first.article_ids
    assert {t: _count(archive, t) for t in tables} == before
    assert [e.action for e in archive.events.list()] == ["import_unchanged", "import"]


def test_changed_file_at_the_same_path_is_a_new_version_that_supersedes(archive, monkeypatch):
    calls = []
    monkeypatch.setattr(archive.annotations, "on_copy_superseded",
                        lambda old, new: calls.append((old, new, archive.db.conn.in_transaction)))
    install(archive, {b"v1": make_doc(make_article(title="Old title", body=body_text(1))),
                      b"v2": make_doc(make_article(title="New title", body=body_text(2)))})
    first = archive.importer.import_bytes("story.txt", b"v1", original_path="/scrapes/story.txt")
    second = archive.importer.import_bytes("story.txt", b"v2", original_path="/scrapes/story.txt")
    assert second.status == "new_version" and second.article_ids == first.article_ids
    assert second.version_evidence == "same file path imported again"
    sources = archive.db.execute("SELECT id, previous_version_id FROM sources ORDER BY id").fetchall()
    assert sources == [(1, None), (2, 1)]
    copies = archive.db.execute("SELECT id, source_id, superseded_by_id FROM copies ORDER BY id").fetchall()
    assert copies == [(1, 1, 2), (2, 2, None)]
    article = archive.articles.get(first.article_ids[0])
    assert article.copy_id == 2 and article.title == "New title"
    assert calls == [(1, 2, True)]
    event = archive.events.list(action="new_version")[0]
    assert event.details["superseded"] == [[1, 2]]
    assert event.details["version_evidence"] == "same file path imported again"


def test_a_copy_of_the_same_work_joins_it_and_links_to_its_source(archive):
    body = body_text(3)
    original = make_article(title="Palmyra\u00a0Victory", body=body, outlet="Moon of Alabama")
    reprint = make_article(
        title="palmyra victory", body=body.replace("end3.", "end3!"), outlet="Mondialisation.ca",
        republications=[Republication("Moon of Alabama", "original_source", True, "2016-03-28",
                                      evidence="La source originale de cet article est Moon of Alabama")])
    install(archive, {b"orig": make_doc(original), b"copy": make_doc(reprint)})
    a = archive.importer.import_bytes("orig.txt", b"orig")
    b = archive.importer.import_bytes("copy.txt", b"copy")
    assert a.article_ids == b.article_ids
    assert _count(archive, "articles") == 1 and _count(archive, "copies") == 2
    row = archive.db.execute("SELECT from_copy_id, evidence, method FROM republications").fetchone()
    assert row[0] == 1 and row[1].startswith("La source originale") and row[2] == "parser"
    detail = archive.articles.get(a.article_ids[0])
    assert [c.outlet for c in detail.copies] == ["Moon of Alabama", "Mondialisation.ca"]


def test_original_imported_after_its_reprint_is_linked_too(archive):
    body = body_text(4)
    reprint = make_article(title="Same", body=body, outlet="Site B",
                           republications=[Republication("Site A", "courtesy", True)])
    install(archive, {b"copy": make_doc(reprint),
                      b"orig": make_doc(make_article(title="Same", body=body, outlet="Site A"))})
    archive.importer.import_bytes("copy.txt", b"copy")
    archive.importer.import_bytes("orig.txt", b"orig")
    assert archive.db.execute("SELECT from_copy_id FROM republications").fetchone()[0] == 2


def test_same_title_different_text_is_a_new_article(archive):
    install(archive, {b"a": make_doc(make_article(title="Palmyra", body=body_text(5))),
                      b"b": make_doc(make_article(title="Palmyra", body=body_text(6)))})
    archive.importer.import_bytes("a.txt", b"a")
    archive.importer.import_bytes("b.txt", b"b")
    assert _count(archive, "articles") == 2


def test_missing_values_stay_unknown_and_are_flagged(archive):
    install(archive, {b"bare": make_doc(make_article(title=None, authors=(), outlet=None, date=None,
                                                      body="Only a body here with words."))})
    outcome = archive.importer.import_bytes("bare.txt", b"bare")
    detail = archive.articles.get(outcome.article_ids[0])
    assert detail.title_status == "provisional" and detail.title_as_printed is None
    assert detail.title.startswith("Only a body")
    assert detail.authors == [] and detail.outlet is None and detail.date is None
    assert set(detail.needs_review) >= {"title", "authors", "outlet", "date"}
    assert outcome.needs_review == detail.needs_review
    assert archive.articles.needs_review_count() == 1


def test_site_sections_become_site_tags_and_comments_keep_their_thread(archive):
    comments = [Comment(0, None, 0, "top"), Comment(1, 0, 1, "reply"), Comment(2, 1, 2, "deeper"),
                Comment(3, None, 0, "second top")]
    install(archive, {b"x": make_doc(make_article(site_sections={"Thème": "Terrorism"},
                                                  comments=comments))})
    outcome = archive.importer.import_bytes("x.txt", b"x")
    detail = archive.articles.get(outcome.article_ids[0])
    assert detail.tags == ["site:Thème/Terrorism"]
    assert archive.db.execute("SELECT namespace FROM tags").fetchone()[0] == "site"
    by_text = {c.text: c for c in detail.comments}
    assert by_text["reply"].parent_id == by_text["top"].id
    assert by_text["deeper"].parent_id == by_text["reply"].id and by_text["deeper"].depth == 2
    assert by_text["second top"].parent_id is None


def test_a_failure_while_storing_leaves_the_archive_unchanged(archive, monkeypatch):
    install(archive, {b"ok": make_doc(make_article(title="Fine", body=body_text(7))),
                      b"bad": make_doc(make_article(title="Breaks", body=body_text(8), outlet="New outlet"))})
    archive.importer.import_bytes("ok.txt", b"ok")
    counts = {t: _count(archive, t) for t in ("sources", "articles", "copies", "outlets", "events")}

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr("palmyra_archive.core.importing.importer.insert_details", explode)
    outcome = archive.importer.import_bytes("bad.txt", b"bad")
    assert outcome.status == "failed" and "unexpected error" in outcome.message
    assert {t: _count(archive, t) for t in counts} == counts
    monkeypatch.undo()
    install(archive, {b"bad": make_doc(make_article(title="Breaks", body=body_text(8), outlet="New outlet"))})
    assert archive.importer.import_bytes("bad.txt", b"bad").status == "imported"
    assert archive.outlets.names() == ["New outlet", "Site A"]


def test_outlet_aliases_match_case_and_spaces(archive):
    first = archive.outlets.get_or_create("Moon of Alabama")
    assert archive.outlets.get_or_create("moon\u00a0of  ALABAMA") == first
    assert archive.outlets.get_or_create("Another") != first


def test_review_flags_do_not_repeat_the_parsers_own(archive):
    article = make_article(title=None, needs_review=["title: no headline printed"])
    flags = import_store.review_flags(article)
    assert flags.count("title: no headline printed") == 1 and "title" not in flags
    assert json.loads(json.dumps(flags)) == flags


def test_new_version_carries_annotations_onto_the_new_text(archive, tmp_path):
    from conftest import CORPUS_DIR
    path = tmp_path / "000.txt"
    original = (CORPUS_DIR / "000_75c112bd7e1fc9de.txt").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    article_id = archive.importer.import_paths([path]).article_ids[0]
    archive.annotations.create_from_quote(article_id, "the Syrian Arab Army no longer")
    path.write_text(original.replace("The Syrian government is no longer",
                                     "Today the Syrian government is no longer"), encoding="utf-8")
    report = archive.importer.import_paths([path])
    assert report.new_versions == 1 and report.article_ids == [article_id]
    detail = archive.articles.get(article_id)
    assert detail.body.startswith("Today the Syrian government")
    [view] = archive.annotations.for_article(article_id)
    assert view.shown_copy_id == detail.copy_id and view.anchor_status == "moved"
    text = annotatable_text(detail.standfirst, detail.body)     # where annotations count
    assert text[view.start:view.end] == "the Syrian Arab Army no longer"


def test_known_outlets_come_with_their_aliases_from_the_resources(archive):
    saker = archive.outlets.get_or_create("thesaker.is")
    assert archive.outlets.name(saker) == "The Saker"
    assert archive.outlets.get_or_create("The Vineyard of the Saker") == saker
    keys = {r[0] for r in archive.db.execute("SELECT alias_key FROM outlet_aliases WHERE outlet_id = ?", [saker])}
    assert {"the saker", "saker", "thesaker.is"} <= keys


def test_same_bytes_under_another_name_say_which_file_holds_them(archive):
    install(archive, {b"same": make_doc(make_article(title="Twin"))})
    archive.importer.import_bytes("first.txt", b"same")
    outcome = archive.importer.import_bytes("second.txt", b"same")
    assert outcome.status == "unchanged" and "(imported as first.txt)" in outcome.message
    assert archive.db.execute("SELECT count(*) FROM sources").fetchone()[0] == 1
