"""Article notes, research notes, collections and saved searches."""

import pytest

from palmyra_archive.core.store.errors import NotFoundError, ValidationError
from palmyra_archive.core.store.records import LibraryQuery
from tests.support.annotation_helpers import add_article

BODY = "The ministry said the operation liberated the town."


def test_article_note_set_logged_and_undoable(archive):
    art = add_article(archive, BODY)
    assert archive.notes.article_note(art) == ""
    changes = archive.notes.set_article_note(art, "# Claim\nCheck the **date**.")
    assert changes.extra["before"] == ""
    assert archive.notes.article_note(art) == "# Claim\nCheck the **date**."
    event = archive.events.list(entity="article", entity_id=art, action="article_note")[0]
    assert event.after == {"note": "# Claim\nCheck the **date**."}
    archive.notes.set_article_note(art, changes.extra["before"])
    assert archive.notes.article_note(art) == ""
    with pytest.raises(NotFoundError):
        archive.notes.article_note(404)


def test_research_note_links_update_delete_restore(archive):
    art = add_article(archive, BODY)
    ann = archive.annotations.create_from_quote(art, "liberated the town").created_id
    note_id = archive.notes.create("Liberation framing", "Seen in *three* outlets",
                                   article_ids=[art], annotation_ids=[ann]).created_id
    note = archive.notes.get(note_id)
    assert (note.article_ids, note.annotation_ids) == ([art], [ann])
    assert [n.id for n in archive.notes.for_article(art)] == [note_id]
    archive.notes.update(note_id, body="Seen in four outlets", annotation_ids=[])
    assert archive.notes.get(note_id).annotation_ids == []
    assert archive.notes.get(note_id).article_ids == [art]
    fts = archive.db.execute("SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'four'").fetchall()
    assert fts == [(note_id,)]
    changes = archive.notes.delete(note_id)
    assert archive.notes.all() == []
    archive.notes.restore(changes.extra["before"])
    assert archive.notes.get(note_id).body == "Seen in four outlets"
    with pytest.raises(ValidationError):
        archive.notes.create("   ")
    with pytest.raises(NotFoundError):
        archive.notes.create("x", article_ids=[12345])


def test_collections_hold_articles_in_several_folders(archive):
    a1, a2 = add_article(archive, BODY), add_article(archive, BODY + " Again.")
    ukraine = archive.collections.create("Ukraine").created_id
    framing = archive.collections.create("Framing study").created_id
    assert archive.collections.add(ukraine, [a1, a2]).extra["added"] == 2
    assert archive.collections.add(ukraine, [a1]).extra["added_ids"] == []
    archive.collections.add(framing, [a1])
    assert [(c.name, c.count) for c in archive.collections.all()] == [("Framing study", 1),
                                                                      ("Ukraine", 2)]
    assert archive.collections.for_article(a1) == ["Framing study", "Ukraine"]
    with pytest.raises(ValidationError, match="already"):
        archive.collections.create(" ukraine ")
    archive.collections.rename(ukraine, "Ukraine 2022")
    archive.collections.remove(ukraine, [a2])
    assert archive.collections.article_ids(ukraine) == [a1]
    snapshot = archive.collections.delete(ukraine).extra["snapshot"]
    assert archive.collections.find("Ukraine 2022") is None
    assert archive.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    archive.collections.restore(snapshot)
    assert archive.collections.article_ids(ukraine) == [a1]


def test_saved_searches_round_trip_a_library_query(archive):
    query = LibraryQuery(text='"liberated the town"', tag_ids=(3, 4), outlet_id=2,
                         date_from="2022-02-24", sort="date", descending=True)
    search_id = archive.saved_searches.save("Liberation claims", query).created_id
    assert archive.saved_searches.get(search_id) == query
    again = archive.saved_searches.save("Liberation claims", LibraryQuery(text="town"))
    assert again.created_id == search_id
    assert [(s.name, s.query.text) for s in archive.saved_searches.all()] == [
        ("Liberation claims", "town")]
    archive.saved_searches.delete(search_id)
    assert archive.saved_searches.all() == []
    with pytest.raises(NotFoundError):
        archive.saved_searches.get(search_id)


def test_file_creates_the_collection_and_unfile_undoes_it(archive):
    a1, a2 = add_article(archive, BODY), add_article(archive, BODY + " Again.")
    existing = archive.collections.create("Old").created_id
    archive.collections.add(existing, [a1])
    changes = archive.collections.file("Old", [a1, a2])
    assert changes.extra == {"collection_id": existing, "created": False, "added_ids": [a2]}
    archive.collections.unfile(changes.extra)
    assert archive.collections.article_ids(existing) == [a1]
    changes = archive.collections.file("Brand new", [a2])
    assert changes.extra["created"] is True
    archive.collections.unfile(changes.extra)
    assert archive.collections.find("Brand new") is None


def test_a_saved_search_can_be_renamed_and_a_taken_name_is_refused(archive):
    from palmyra_archive.core.store.errors import ValidationError
    first = archive.saved_searches.save("Russia", LibraryQuery(text="russia")).created_id
    archive.saved_searches.save("Museum", LibraryQuery(text="museum"))
    changes = archive.saved_searches.rename(first, "  Russian  role ")
    assert changes.extra == {"old_name": "Russia"}
    assert [s.name for s in archive.saved_searches.all()] == ["Museum", "Russian role"]
    assert archive.saved_searches.get(first) == LibraryQuery(text="russia")
    with pytest.raises(ValidationError):
        archive.saved_searches.rename(first, "Museum")
    kinds = [r[0] for r in archive.db.execute("SELECT action FROM events WHERE entity = 'saved_search'")]
    assert "saved_search_rename" in kinds


def test_a_saved_search_row_edited_by_hand_falls_back_to_its_words(archive):
    from palmyra_archive.core.store.records import LibraryQuery

    good = archive.saved_searches.save("Russia's role", LibraryQuery(text="russia", tag_ids=(1,))).created_id
    with archive.write():
        archive.db.execute("INSERT INTO saved_searches (name, query, filters, created_at)"
                           " VALUES ('broken', 'palmyra', '{not json', '2026-01-01T00:00:00Z')")
        archive.db.execute("INSERT INTO saved_searches (name, query, filters, created_at)"
                           " VALUES ('odd', 'army', '{\"tag_ids\": [\"x\"]}', '2026-01-01T00:00:00Z')")
    found = {s.name: s.query for s in archive.saved_searches.all()}
    assert found["broken"] == LibraryQuery(text="palmyra")
    assert found["odd"] == LibraryQuery(text="army")
    assert found["Russia's role"] == archive.saved_searches.get(good) == LibraryQuery(text="russia", tag_ids=(1,))
