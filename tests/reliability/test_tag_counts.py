"""The sidebar's tag counts (what filtering by a tag shows) match a plain count, after they were
rewritten to use the path index (the old query took seconds at 10,000 articles)."""

from __future__ import annotations

import random


def test_subtree_article_counts_match_a_naive_count(corpus_archive):
    rng = random.Random(3)
    paths = ["framing", "framing/liberation", "framing/liberation/army", "Framing0", "framing-x",
             "actor", "actor/isis", "actor/Russia", "a", "a/b", "ab", "site:Région/Moyen-Orient"]
    ids = corpus_archive.articles.ids(__import__("palmyra_archive.core.store.records",
                                                 fromlist=["LibraryQuery"]).LibraryQuery())
    for path in paths:
        chosen = [i for i in ids if rng.random() < 0.6] or ids[:1]
        corpus_archive.tags.add_to_articles(chosen, [path])
    counts = corpus_archive.tags.subtree_article_counts()
    rows = corpus_archive.db.execute(
        "SELECT t.id, t.path, x.article_id FROM tags t JOIN article_tags x ON x.tag_id = t.id").fetchall()
    tags = dict(corpus_archive.db.execute("SELECT id, path FROM tags").fetchall())
    for tag_id, path in tags.items():
        below = {a for _t, p, a in rows
                 if p.lower() == path.lower() or p.lower().startswith(path.lower() + "/")}
        assert counts.get(tag_id, 0) == len(below), path
