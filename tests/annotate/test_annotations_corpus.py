"""Annotations on imported corpus articles, through a real new version of a source file."""

from conftest import CORPUS_DIR, article_id_for

from palmyra_archive.core.annotate.annotatable import annotatable_text

NAME = "001_3af5428a403a59eb.txt"
KEPT = "Only the Russian intervention and significant foreign assistance"
EDITED = "the regime and Syrian military that lost Palmyra in May 2015"
DROPPED = "The discussion was an opportunity for a reality check about the developments:"


def test_new_version_of_a_source_reanchors_through_the_importer(corpus_archive):
    archive = corpus_archive
    art = article_id_for(archive, NAME)
    kept = archive.annotations.create_from_quote(art, KEPT, tags=["actor/Russia"]).created_id
    edited = archive.annotations.create_from_quote(art, EDITED, note="who lost it").created_id
    dropped = archive.annotations.create_from_quote(art, DROPPED).created_id
    data = (CORPUS_DIR / NAME).read_text("utf-8")
    data = data.replace("I spoke with", "UPDATE: this post was corrected on Wednesday.\n\nI spoke with")
    data = data.replace("lost Palmyra in May 2015", "lost Palmyra in late May 2015")
    data = data.replace(DROPPED, "")
    outcome = archive.importer.import_bytes(NAME, data.encode("utf-8"))
    assert outcome.status == "new_version"
    art = article_id_for(archive, NAME)
    body = archive.articles.get(art).body
    views = {v.id: v for v in archive.annotations.for_article(art)}
    assert body[views[kept].start:views[kept].end] == KEPT
    assert views[kept].anchor_status == "moved" and views[kept].tags == ["actor/Russia"]
    assert views[edited].anchor_status == "fuzzy"
    assert body[views[edited].start:views[edited].end] == \
        "the regime and Syrian military that lost Palmyra in late May 2015"
    assert [o.id for o in archive.annotations.orphans()] == [dropped]
    assert dropped not in views


def test_every_corpus_article_can_be_annotated_and_exported(corpus_archive):
    archive = corpus_archive
    ids = [r[0] for r in archive.db.execute("SELECT id FROM articles ORDER BY id")]
    def text(art):          # offsets count in the standfirst and body (core.annotate.annotatable)
        detail = archive.articles.get(art)
        return annotatable_text(detail.standfirst, detail.body)

    for art in ids:
        start = len(text(art)) // 3
        archive.annotations.create(art, start, start + 40, note=f"note {art}")
    for art in ids:
        (view,) = archive.annotations.for_article(art)
        assert text(art)[view.start:view.end] == view.exact
    assert archive.annotations.to_w3c()["total"] == len(ids)
