"""Hierarchical tags: linking, completion, rename/move/merge/delete with counts and undo."""

import pytest

from palmyra_archive.core.store.errors import NotFoundError, ValidationError
from tests.support.annotation_helpers import add_article

BODY = "The ministry said the operation liberated the town, residents said it was occupied."


@pytest.fixture
def tagged(archive):
    a1, a2, a3 = (add_article(archive, BODY, title=f"Story {i}") for i in range(3))
    archive.tags.add_to_articles([a1, a2], ["framing/liberation"])
    archive.tags.add_to_articles([a3], ["framing/occupation", "actor/Russia"])
    ann = archive.annotations.create_from_quote(a1, "liberated the town",
                                                tags=["framing/liberation"]).created_id
    return archive, (a1, a2, a3), ann


def _tag(archive, path):
    return archive.tags.find(path)


def test_paths_are_normalised_and_ancestors_created(archive):
    art = add_article(archive, BODY)
    archive.tags.add_to_articles([art], ["  framing / liberation ", "site:Section/World"])
    paths = {t.path: t.namespace for t in archive.tags.all()}
    assert paths == {"framing": "user", "framing/liberation": "user", "site:Section": "site",
                     "site:Section/World": "site"}
    assert archive.tags.for_article(art) == ["framing/liberation", "site:Section/World"]
    with pytest.raises(ValidationError):
        archive.tags.add_to_articles([art], [" / "])
    with pytest.raises(NotFoundError):
        archive.tags.add_to_articles([999], ["x"])


def test_counts_and_completion_keep_site_tags_apart(tagged):
    archive, _, _ = tagged
    archive.tags.ensure(["site:Rubric/Politics"])
    lib = _tag(archive, "framing/liberation")
    assert (lib.article_count, lib.annotation_count) == (2, 1)
    assert archive.tags.completions("fram") == ["framing", "framing/liberation",
                                                "framing/occupation"]
    assert archive.tags.completions("occ") == ["framing/occupation"]   # by last segment
    assert archive.tags.completions("Ru") == ["actor/Russia"]
    assert archive.tags.completions("site:") == ["site:Rubric", "site:Rubric/Politics"]
    assert "site:Rubric" not in archive.tags.completions("")


def test_rename_parent_moves_children_and_keeps_links(tagged):
    archive, (a1, a2, a3), ann = tagged
    changes = archive.tags.rename(_tag(archive, "framing").id, "frames")
    assert changes.extra == {"old_path": "framing", "new_path": "frames", "renamed": 3}
    assert archive.tags.for_article(a1) == ["frames/liberation"]
    assert archive.annotations.get(ann).tags == ["frames/liberation"]
    assert _tag(archive, "framing/liberation") is None
    with pytest.raises(ValidationError, match="merge"):
        archive.tags.rename(_tag(archive, "frames/liberation").id, "frames/occupation")
    with pytest.raises(ValidationError, match="inside itself"):
        archive.tags.rename(_tag(archive, "frames").id, "frames/sub")
    archive.tags.rename(_tag(archive, "frames").id, "framing")    # undo = rename back
    assert archive.tags.for_article(a1) == ["framing/liberation"]


def test_move_puts_a_tag_under_another_parent(tagged):
    archive, (_, _, a3), _ = tagged
    archive.tags.move(_tag(archive, "actor/Russia").id, "actor/state")
    assert archive.tags.for_article(a3) == ["actor/state/Russia", "framing/occupation"]
    archive.tags.move(_tag(archive, "actor/state/Russia").id, None)
    assert archive.tags.for_article(a3) == ["framing/occupation", "Russia"]


def test_merge_reports_counts_and_restore_undoes_it(tagged):
    archive, (a1, a2, a3), ann = tagged
    archive.tags.add_to_articles([a3], ["framing/liberation"])  # already on the target
    before_links = sorted(archive.db.execute("SELECT * FROM article_tags").fetchall())
    changes = archive.tags.merge(_tag(archive, "framing/occupation").id,
                                 _tag(archive, "framing/liberation").id)
    assert (changes.extra["articles"], changes.extra["annotations"]) == (0, 0)
    assert _tag(archive, "framing/occupation") is None
    changes = archive.tags.merge(_tag(archive, "framing/liberation").id,
                                 _tag(archive, "actor/Russia").id)
    assert (changes.extra["articles"], changes.extra["annotations"]) == (2, 1)
    assert _tag(archive, "actor/Russia").article_count == 3
    assert archive.annotations.get(ann).tags == ["actor/Russia"]
    archive.tags.restore(changes.extra["snapshot"])
    assert _tag(archive, "actor/Russia").article_count == 1
    assert _tag(archive, "framing/liberation").article_count == 3
    assert archive.annotations.get(ann).tags == ["framing/liberation"]
    assert len(before_links) - 1 == len(archive.db.execute("SELECT * FROM article_tags").fetchall())


def test_delete_parent_removes_subtree_and_restore_brings_it_back(tagged):
    archive, (a1, a2, a3), ann = tagged
    framing = _tag(archive, "framing")
    changes = archive.tags.delete(framing.id)
    assert (changes.extra["articles"], changes.extra["annotations"]) == (3, 1)
    assert "3 tag(s)" in changes.message
    assert archive.tags.for_article(a1) == [] and archive.annotations.get(ann).tags == []
    archive.tags.restore(changes.extra["snapshot"])
    assert _tag(archive, "framing").id == framing.id
    assert archive.tags.for_article(a3) == ["actor/Russia", "framing/occupation"]
    assert archive.annotations.get(ann).tags == ["framing/liberation"]
    actions = [e.action for e in archive.events.list(entity="tag")][:2]
    assert actions == ["tag_restore", "tag_delete"]


def test_colour_and_untag(tagged):
    archive, (a1, _, _), _ = tagged
    lib = _tag(archive, "framing/liberation")
    assert archive.tags.set_color(lib.id, "red").extra == {"old_color": None}
    assert _tag(archive, "framing/liberation").color == "red"
    archive.tags.remove_from_articles([a1], ["framing/liberation"])
    assert archive.tags.for_article(a1) == []
    with pytest.raises(NotFoundError):
        archive.tags.remove_from_articles([a1], ["never/was"])


def test_subtree_counts_match_what_filtering_by_the_tag_shows(tagged):
    archive, (a1, a2, a3), _ = tagged
    archive.tags.add_to_articles([a1], ["framing/occupation"])   # a1 under framing twice
    counts = archive.tags.subtree_article_counts()
    framing = _tag(archive, "framing")
    assert counts[framing.id] == 3 and framing.article_count == 0
    assert counts[_tag(archive, "framing/occupation").id] == 2
    from palmyra_archive.core.store.records import LibraryQuery
    assert archive.articles.count(LibraryQuery(tag_ids=(framing.id,))) == 3


def test_tagging_and_untagging_undo_exactly(tagged):
    archive, (a1, a2, a3), _ = tagged
    changes = archive.tags.add_to_articles([a1, a3], ["framing/liberation", "new/sub"])
    assert changes.extra["added"] == [[a3, "framing/liberation"], [a1, "new/sub"], [a3, "new/sub"]]
    assert changes.extra["created"] == ["new", "new/sub"]
    archive.tags.undo_links(changes.extra)
    assert archive.tags.for_article(a1) == ["framing/liberation"]      # the old link stays
    assert archive.tags.for_article(a3) == ["actor/Russia", "framing/occupation"]
    assert archive.tags.find("new") is None and archive.tags.find("new/sub") is None
    removed = archive.tags.remove_from_articles([a1, a2, a3], ["framing/liberation"])
    assert removed.extra["removed"] == [[a1, "framing/liberation"], [a2, "framing/liberation"]]
    archive.tags.undo_links(removed.extra)
    assert _tag(archive, "framing/liberation").article_count == 2


def test_set_for_article_keeps_site_tags_and_undoes(tagged):
    archive, (a1, _, a3), _ = tagged
    archive.tags.add_to_articles([a3], ["site:Section/World"])
    changes = archive.tags.set_for_article(a3, ["actor/Russia", "framing/new"])
    assert archive.tags.for_article(a3) == ["actor/Russia", "framing/new", "site:Section/World"]
    archive.tags.undo_links(changes.extra)
    assert archive.tags.for_article(a3) == ["actor/Russia", "framing/occupation",
                                            "site:Section/World"]
    assert archive.tags.find("framing/new") is None


def test_a_tag_used_only_on_passages_counts_and_filters_its_articles(tagged):
    """#16: a tag on an annotation alone showed "(0)" and filtered to nothing, while the
    export counted it. Both now count the article, and the passages are counted too."""
    from palmyra_archive.core.store.records import LibraryQuery

    archive, (a1, a2, a3), _ = tagged
    first = archive.annotations.create_from_quote(a2, "liberated the town", tags=["code/claim"]).created_id
    archive.annotations.create_from_quote(a3, "liberated the town", tags=["code/claim/victory"])
    claim, victory = _tag(archive, "code/claim"), _tag(archive, "code/claim/victory")
    counts = archive.tags.subtree_counts()
    assert counts[claim.id] == (2, 2) and counts[victory.id] == (1, 1)
    assert archive.tags.subtree_article_counts()[claim.id] == 2
    assert set(archive.articles.ids(LibraryQuery(tag_ids=(claim.id,)))) == {a2, a3}
    liberation = _tag(archive, "framing/liberation")  # on a1 and a2, and on a passage of a1
    assert counts[liberation.id] == (2, 1)
    archive.annotations.delete(first)                 # a deleted passage no longer counts
    assert archive.tags.subtree_counts()[claim.id] == (1, 1)
    assert archive.articles.ids(LibraryQuery(tag_ids=(claim.id,))) == [a3]
