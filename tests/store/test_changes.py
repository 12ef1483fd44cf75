"""Changes merge with |: what each side changed, and the undo payloads in ``extra``."""

from palmyra_archive.core.store.changes import Changes


def test_or_keeps_both_sides_extra_the_later_winning():
    first = Changes(tags=True, article_ids=(1,), extra={"snapshot": [1], "old_name": "a"})
    second = Changes(articles=True, article_ids=(2, 1), extra={"old_name": "b"})
    merged = first | second
    assert merged.tags and merged.articles and merged.article_ids == (1, 2)
    assert merged.extra == {"snapshot": [1], "old_name": "b"}
    assert first.extra == {"snapshot": [1], "old_name": "a"}   # neither side is changed
