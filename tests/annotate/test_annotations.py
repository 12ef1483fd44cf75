"""Annotations: create, edit, delete/restore, list, re-anchor on new text and other copies."""

import pytest

from palmyra_archive.core.store.errors import AnchorError, NotFoundError, ValidationError
from palmyra_archive.core.store.records import AnnotationFilter
from tests.support.annotation_helpers import add_article, add_copy, primary_copy, supersede

BODY = ("The mayor said on Monday that the bridge would reopen in spring. Critics were not "
        "convinced. “We have heard this before,” said a local shopkeeper, who asked not to be "
        "named. The council will vote on the budget next week, the mayor added.")


def _annotate(archive, article_id, quote, **kw):
    return archive.annotations.create_from_quote(article_id, quote, **kw).created_id


def test_create_stores_w3c_selectors_note_tags_and_an_event(archive):
    art = add_article(archive, BODY)
    ann_id = _annotate(archive, art, "Critics were not convinced.", note="*framing*",
                       tags=["framing/doubt", "actor/critics"], color="green")
    view = archive.annotations.get(ann_id)
    assert BODY[view.start:view.end] == "Critics were not convinced."
    assert view.prefix == BODY[view.start - 32:view.start]
    assert view.suffix == BODY[view.end:view.end + 32]
    assert (view.note, view.color, view.anchor_status) == ("*framing*", "green", "anchored")
    assert view.tags == ["actor/critics", "framing/doubt"]
    assert "framing" in [t.path for t in archive.tags.all()]   # ancestors exist as tags
    event = archive.events.list(entity="annotation", entity_id=ann_id)[0]
    assert event.action == "annotate" and event.after["exact"] == "Critics were not convinced."


def test_selection_edges_are_trimmed_and_bad_selections_refused(archive):
    art = add_article(archive, BODY)
    start = BODY.index(" Critics")
    ann = archive.annotations.get(archive.annotations.create(art, start, start + 9).created_id)
    assert ann.exact == "Critics"
    with pytest.raises(ValidationError):
        archive.annotations.create(art, 10, 5000)
    with pytest.raises(ValidationError):
        archive.annotations.create(art, 0, 5, color="chartreuse")
    with pytest.raises(NotFoundError):
        archive.annotations.create(999, 0, 5)


def test_quote_absent_or_ambiguous_says_how_many_times(archive):
    art = add_article(archive, BODY)
    with pytest.raises(AnchorError, match="not in the text"):
        archive.annotations.create_from_quote(art, "the bridge collapsed")
    with pytest.raises(AnchorError, match="occurs 2 times"):
        archive.annotations.create_from_quote(art, "mayor")
    ann = archive.annotations.get(_annotate(archive, art, "mayor", occurrence=2))
    assert ann.start == BODY.rindex("mayor")
    assert archive.annotations.count() == 1


def test_update_delete_restore_are_logged_and_undoable(archive):
    art = add_article(archive, BODY)
    ann_id = _annotate(archive, art, "the bridge would reopen", note="first", tags=["a"])
    changes = archive.annotations.update(ann_id, note="second", color="blue", tags=["b/c"])
    assert changes.extra["before"] == {"note": "first", "color": "yellow", "tags": ["a"]}
    view = archive.annotations.get(ann_id)
    assert (view.note, view.color, view.tags) == ("second", "blue", ["b/c"])
    archive.annotations.delete(ann_id)
    assert archive.annotations.for_article(art) == []
    assert archive.annotations.count() == 0
    assert archive.annotations.count(AnnotationFilter(include_deleted=True)) == 1
    assert archive.annotations.to_w3c()["total"] == 0
    archive.annotations.restore(ann_id)
    assert [a.id for a in archive.annotations.for_article(art)] == [ann_id]
    actions = [e.action for e in archive.events.list(entity="annotation", entity_id=ann_id)]
    assert actions == ["annotation_restore", "annotation_delete", "annotation_update", "annotate"]


def test_list_filters_by_tag_colour_outlet_article_and_text(archive):
    one = add_article(archive, BODY, outlet="Daily Planet")
    two = add_article(archive, "Another text about the bridge and the mayor's budget.",
                      outlet="Gotham Gazette")
    a1 = _annotate(archive, one, "Critics were not convinced.", tags=["framing/doubt"])
    a2 = _annotate(archive, one, "the bridge would reopen", color="red", note="a promise")
    a3 = _annotate(archive, two, "the mayor's budget", tags=["framing"])
    ids = lambda **kw: [a.id for a in archive.annotations.list(AnnotationFilter(**kw))]  # noqa: E731
    assert ids(tag="framing") == [a1, a3]            # descendants count
    assert ids(tag="framing/doubt") == [a1]
    assert ids(color="red") == [a2]
    assert ids(article_id=two) == [a3]
    gazette = archive.db.execute("SELECT id FROM outlets WHERE name = 'Gotham Gazette'").fetchone()[0]
    assert ids(outlet_id=gazette) == [a3]
    assert ids(text="PROMISE") == [a2]
    assert ids(text="budget") == [a3]
    assert ids(tag="no such tag") == []
    view = archive.annotations.list(AnnotationFilter(article_id=two))[0]
    assert (view.outlet, view.article_title) == ("Gotham Gazette", "A story")
    assert archive.annotations.count(AnnotationFilter(tag="framing")) == 2


def test_new_version_reanchors_moves_and_orphans(archive):
    art = add_article(archive, BODY)
    moved = _annotate(archive, art, "Critics were not convinced.")
    edited = _annotate(archive, art, "said a local shopkeeper, who asked not to be named")
    gone = _annotate(archive, art, "The council will vote on the budget next week")
    old_copy = primary_copy(archive, art)
    new_body = ("Correction appended at the top. " + BODY).replace(
        "local shopkeeper", "local baker").replace(
        "The council will vote on the budget next week, the mayor added.", "")
    new_copy = supersede(archive, art, new_body)
    views = {v.id: v for v in archive.annotations.for_article(art)}
    assert new_body[views[moved].start:views[moved].end] == "Critics were not convinced."
    assert views[moved].anchor_status == "moved" and views[moved].copy_id == new_copy
    assert views[edited].anchor_status == "fuzzy"
    assert new_body[views[edited].start:views[edited].end] == \
        "said a local baker, who asked not to be named"
    assert gone not in views
    orphan = archive.annotations.orphans(art)
    assert [o.id for o in orphan] == [gone] and orphan[0].copy_id == old_copy
    assert orphan[0].exact == "The council will vote on the budget next week"
    event = archive.events.list(entity="annotation", entity_id=gone, action="reanchor")[0]
    assert event.details["status"] == "orphan"
    start = new_body.index("Critics")
    placed = archive.annotations.reanchor(gone, start, start + 7)
    assert archive.annotations.orphans(art) == []
    assert archive.annotations.get(gone).exact == "Critics"
    archive.annotations.restore_anchor(gone, placed.extra["before"])     # undo
    assert [o.id for o in archive.annotations.orphans(art)] == [gone]
    assert archive.annotations.get(gone).exact == "The council will vote on the budget next week"


def test_annotation_shows_on_a_republished_copy_marked_as_from_the_other(archive):
    art = add_article(archive, BODY, outlet="Daily Planet")
    ann_id = _annotate(archive, art, "Critics were not convinced.", note="n")
    republished = "Republished with permission from the Daily Planet.\n\n" + BODY.replace(
        "the mayor added.", "the mayor added, according to the Planet.")
    other = add_copy(archive, art, republished, outlet="Gotham Gazette", filename="b.txt")
    shown = archive.annotations.for_article(art, copy_id=other)
    assert [(v.id, v.from_other_copy, v.shown_copy_id) for v in shown] == [(ann_id, True, other)]
    assert republished[shown[0].start:shown[0].end] == "Critics were not convinced."
    own = archive.annotations.for_article(art)
    assert own[0].from_other_copy is False and BODY[own[0].start:own[0].end] == own[0].exact
    missing = add_copy(archive, art, "A short wire version with none of those words.",
                       filename="c.txt")
    assert archive.annotations.for_article(art, copy_id=missing) == []


def test_search_index_follows_annotation_writes(archive):
    art = add_article(archive, BODY)
    ann_id = _annotate(archive, art, "Critics were not convinced.", note="zebra framing")
    hits = lambda word: archive.db.execute(  # noqa: E731
        "SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ?", [word]).fetchall()
    assert hits("zebra") == [(ann_id,)]
    archive.annotations.update(ann_id, note="giraffe")
    assert hits("zebra") == [] and hits("giraffe") == [(ann_id,)]


def test_search_finds_live_annotations_only(archive):
    art = add_article(archive, BODY)
    ann_id = _annotate(archive, art, "Critics were not convinced.", note="okapi")
    kinds = lambda: [(h.kind, h.ref_id) for h in archive.search.search("okapi")]  # noqa: E731
    assert ("annotation", ann_id) in kinds()
    archive.annotations.delete(ann_id)
    assert ("annotation", ann_id) not in kinds()
