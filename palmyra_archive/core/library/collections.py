"""Collections: the researcher's folders of articles (an article may be in several)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..store.changes import Changes
from ..store.clock import now_iso
from ..store.errors import NotFoundError, ValidationError
from ..store.payloads import CollectionAdded, CollectionDeleted, CollectionFiled, CollectionRenamed
from ..store.records import CollectionInfo

if TYPE_CHECKING:
    from ..archive import Archive


class CollectionManager:
    def __init__(self, archive: Archive):
        self.archive = archive
        self.db = archive.db

    def all(self) -> list[CollectionInfo]:
        rows = self.db.execute(
            "SELECT c.id, c.name, (SELECT count(*) FROM collection_articles x "
            "WHERE x.collection_id = c.id AND x.article_id NOT IN (SELECT article_id FROM trash)), c.created_at FROM collections c "
            "ORDER BY c.name COLLATE NOCASE").fetchall()
        return [CollectionInfo(*r) for r in rows]

    def get(self, collection_id: int) -> CollectionInfo:
        for info in self.all():
            if info.id == collection_id:
                return info
        raise NotFoundError(f"There is no collection {collection_id}.")

    def find(self, name: str) -> CollectionInfo | None:
        for info in self.all():
            if info.name.casefold() == " ".join(name.split()).casefold():
                return info
        return None

    def article_ids(self, collection_id: int) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT article_id FROM collection_articles WHERE collection_id = ? "
            "ORDER BY added_at, article_id", [collection_id])]

    def for_article(self, article_id: int) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT c.name FROM collections c JOIN collection_articles x ON x.collection_id = c.id "
            "WHERE x.article_id = ? ORDER BY c.name COLLATE NOCASE", [article_id])]

    def create(self, name: str) -> Changes:
        name = self._free_name(name)
        with self.archive.write("creating a collection"):
            collection_id = self.db.execute(
                "INSERT INTO collections (name, created_at) VALUES (?, ?)",
                [name, now_iso()]).lastrowid
            self.archive.events.record("collection_create", entity="collection",
                                       entity_id=collection_id, after={"name": name})
        return Changes(collections=True, created_id=collection_id,
                       message=f"Collection “{name}” created")

    def rename(self, collection_id: int, name: str) -> Changes:
        old = self.get(collection_id).name
        name = self._free_name(name, allow_id=collection_id)
        with self.archive.write("renaming a collection"):
            self.db.execute("UPDATE collections SET name = ? WHERE id = ?", [name, collection_id])
            self.archive.events.record("collection_rename", entity="collection",
                                       entity_id=collection_id, before={"name": old},
                                       after={"name": name})
        return Changes(collections=True, message=f"Renamed “{old}” to “{name}”",
                       extra=CollectionRenamed(old_name=old))

    def delete(self, collection_id: int) -> Changes:
        """Delete the folder (never the articles); ``extra['snapshot']`` restores it."""
        info = self.get(collection_id)
        snapshot = {"id": info.id, "name": info.name, "created_at": info.created_at,
                    "articles": [list(r) for r in self.db.execute(
                        "SELECT article_id, added_at FROM collection_articles "
                        "WHERE collection_id = ?", [collection_id])]}
        with self.archive.write("deleting a collection"):
            self.db.execute("DELETE FROM collections WHERE id = ?", [collection_id])
            self.archive.events.record("collection_delete", entity="collection",
                                       entity_id=collection_id, before=snapshot)
        return Changes(collections=True, message=f"Collection “{info.name}” deleted "
                       f"({info.count} article(s) stay in the archive)",
                       extra=CollectionDeleted(snapshot=snapshot))

    def restore(self, snapshot: dict) -> Changes:
        with self.archive.write("restoring a collection"):
            self.db.execute("INSERT INTO collections (id, name, created_at) VALUES (?, ?, ?)",
                            [snapshot["id"], snapshot["name"], snapshot["created_at"]])
            self.db.conn.executemany("INSERT INTO collection_articles (collection_id, article_id, "
                                "added_at) VALUES (?, ?, ?)",
                                [(snapshot["id"], a, at) for a, at in snapshot["articles"]])
            self.archive.events.record("collection_restore", entity="collection",
                                       entity_id=snapshot["id"], after={"name": snapshot["name"]})
        return Changes(collections=True, created_id=snapshot["id"],
                       message=f"Collection “{snapshot['name']}” restored")

    def add(self, collection_id: int, article_ids: Sequence[int]) -> Changes:
        info = self.get(collection_id)
        now, added_ids = now_iso(), []
        with self.archive.write("adding to a collection"):
            for article_id in dict.fromkeys(article_ids):
                if not self.db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone():
                    raise NotFoundError(f"There is no article {article_id}.")
                if self.db.execute(
                        "INSERT OR IGNORE INTO collection_articles (collection_id, article_id, added_at)"
                        " VALUES (?, ?, ?)", [collection_id, article_id, now]).rowcount:
                    added_ids.append(article_id)
            self.archive.events.record("collection_add", entity="collection",
                                       entity_id=collection_id,
                                       details={"article_ids": list(article_ids),
                                                "added": len(added_ids)})
        return Changes(collections=True, article_ids=tuple(article_ids),
                       message=f"Added {len(added_ids)} article(s) to “{info.name}”",
                       extra=CollectionAdded(added=len(added_ids), added_ids=added_ids))

    def file(self, name: str, article_ids: Sequence[int]) -> Changes:
        """Add articles to the collection called ``name``, creating it when new (one step)."""
        with self.archive.write("filing articles"):
            info = self.find(name)
            collection_id = info.id if info else self.create(name).created_id
            assert collection_id is not None  # create() always names what it created
            added = self.add(collection_id, article_ids)
        return Changes(collections=True, article_ids=tuple(article_ids), created_id=collection_id,
                       message=added.message,
                       extra=CollectionFiled(collection_id=collection_id, created=info is None,
                                             added_ids=added.extra["added_ids"]))

    def unfile(self, extra: CollectionFiled) -> Changes:
        """Undo ``file``: take the articles it added out, and the collection if it made it."""
        with self.archive.write("undoing filing"):
            self.remove(extra["collection_id"], extra["added_ids"])
            if extra["created"] and not self.article_ids(extra["collection_id"]):
                self.delete(extra["collection_id"])
        return Changes(collections=True, article_ids=tuple(extra["added_ids"]),
                       message="Filing undone")

    def remove(self, collection_id: int, article_ids: Sequence[int]) -> Changes:
        info = self.get(collection_id)
        with self.archive.write("removing from a collection"):
            removed = sum(self.db.execute(
                "DELETE FROM collection_articles WHERE collection_id = ? AND article_id = ?",
                [collection_id, a]).rowcount for a in dict.fromkeys(article_ids))
            self.archive.events.record("collection_remove", entity="collection",
                                       entity_id=collection_id,
                                       details={"article_ids": list(article_ids),
                                                "removed": removed})
        return Changes(collections=True, article_ids=tuple(article_ids),
                       message=f"Removed {removed} article(s) from “{info.name}”")

    def _free_name(self, name: str, allow_id: int | None = None) -> str:
        name = " ".join((name or "").split())
        if not name:
            raise ValidationError("A collection needs a name.")
        clash = self.find(name)
        if clash and clash.id != allow_id:
            raise ValidationError(f"There is already a collection called “{clash.name}”.")
        return name
