"""Hierarchical tags ("framing/liberation", "actor/Russia") on articles and annotations.

A tag is a unique path; its ancestors exist as tags too, so every node of the tree can be
renamed, coloured or deleted. Site tags (``site:…``, namespace 'site') come from the importer
and are kept apart from the researcher's own. Destructive operations return a snapshot in
``Changes.extra["snapshot"]`` that ``restore`` puts back whole, so the GUI can undo them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..store import kept_counts
from ..store.changes import Changes
from ..store.clock import now_iso
from ..store.db import inserted_id
from ..store.errors import NotFoundError, ValidationError
from ..store.payloads import TagLinksChanged, TagRecoloured, TagRenamed, TagTreeRemoved
from ..store.records import TagInfo

if TYPE_CHECKING:
    from ..archive import Archive

SITE_PREFIX = "site:"
COLORS = ("red", "orange", "yellow", "green", "blue", "purple", "grey")


def normalise_path(path: str) -> str:
    """Trim spaces around segments and drop empty segments ("a / /b " -> "a/b")."""
    if not isinstance(path, str):
        raise ValidationError("A tag must be text.")
    segments = [re.sub(r"\s+", " ", s).strip() for s in path.split("/")]
    clean = "/".join(s for s in segments if s)
    if not clean or clean.lower() == SITE_PREFIX.rstrip(":") + ":":
        raise ValidationError(f"'{path}' is not a tag: a tag needs a name.")
    return clean


def namespace_of(path: str) -> str:
    return "site" if path.lower().startswith(SITE_PREFIX) else "user"


def ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


class TagManager:
    def __init__(self, archive: Archive):
        self.archive = archive
        self.db = archive.db

    # -- reading -------------------------------------------------------------------------

    def all(self, *, namespace: str | None = None) -> list[TagInfo]:
        """Every tag with how many articles and (live) annotations carry it, ordered by path:
        the counts kept at write time (``store.kept_counts``, #19), one row per tag."""
        where = "WHERE t.namespace = ?" if namespace else ""
        rows = self.db.execute(f"""
            SELECT t.id, t.path, t.color, t.namespace, coalesce(k.tagged, 0), coalesce(k.annotated, 0)
            FROM tags t LEFT JOIN tag_counts k ON k.tag_id = t.id {where}
            ORDER BY t.namespace DESC, t.path COLLATE NOCASE""",
                               [namespace] if namespace else []).fetchall()
        return [TagInfo(*row) for row in rows]

    def get(self, tag_id: int) -> TagInfo:
        for tag in self._rows("t.id = ?", [tag_id]):
            return tag
        raise NotFoundError(f"There is no tag {tag_id}.")

    def find(self, path: str) -> TagInfo | None:
        tags = self._rows("t.path = ?", [normalise_path(path)])
        return tags[0] if tags else None

    def _rows(self, where: str, params: list) -> list[TagInfo]:
        rows = self.db.execute(f"""
            SELECT t.id, t.path, t.color, t.namespace, coalesce(k.tagged, 0), coalesce(k.annotated, 0)
            FROM tags t LEFT JOIN tag_counts k ON k.tag_id = t.id WHERE {where}""", params).fetchall()
        return [TagInfo(*row) for row in rows]

    def subtree_article_counts(self) -> dict[int, int]:
        """tag id -> how many articles carry it or a tag below it, on the article or on one of
        its annotations (what filtering by it shows)."""
        return {tag_id: articles for tag_id, (articles, _passages) in self.subtree_counts().items()}

    def subtree_counts(self) -> dict[int, tuple[int, int]]:
        """tag id -> (articles, passages) that carry it or a tag below it (tags used by none
        are left out).

        An article counts when it or one of its (not deleted) annotations has the tag, as the
        library's tag filter and the exports count it (#16); passages are the annotations;
        the Trash is left out. Kept at write time by triggers (``store.kept_counts``, #19):
        counted at start-up these read every tag link (72–95 ms at 100,000 articles) and grew
        with the archive; now one row per tag.
        """
        return {tag_id: (articles, passages) for tag_id, (articles, _tagged, passages, _annotated)
                in kept_counts.tag_counts(self.db).items() if articles or passages}

    def for_article(self, article_id: int) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT t.path FROM article_tags x JOIN tags t ON t.id = x.tag_id "
            "WHERE x.article_id = ? ORDER BY t.namespace DESC, t.path COLLATE NOCASE",
            [article_id])]

    def completions(self, prefix: str, *, limit: int = 20) -> list[str]:
        """Paths that start with ``prefix`` or whose last segment does; site tags only on 'site:'."""
        prefix = prefix.strip()
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        site = prefix.lower().startswith(SITE_PREFIX)
        rows = self.db.execute(
            "SELECT path FROM tags WHERE namespace = ? AND (path LIKE ? ESCAPE '\\' "
            "OR path LIKE ? ESCAPE '\\') ORDER BY (path LIKE ? ESCAPE '\\') DESC, "
            "length(path), path COLLATE NOCASE LIMIT ?",
            ["site" if site else "user", escaped + "%", "%/" + escaped + "%", escaped + "%",
             limit]).fetchall()
        return [r[0] for r in rows]

    def descendant_ids(self, tag_id: int) -> list[int]:
        """The tag and every tag below it."""
        path = self.get(tag_id).path
        return [r[0] for r in self.db.execute(
            "SELECT id FROM tags WHERE path = ? OR path LIKE ? ESCAPE '\\'",
            [path, _like_children(path)])]

    # -- creating and linking ------------------------------------------------------------

    def ensure(self, paths: Iterable[str]) -> list[int]:
        """Ids of these tags, creating them (and their ancestors) when new."""
        ids = []
        with self.archive.write("creating tags"):
            for path in paths:
                path = normalise_path(path)
                for ancestor in ancestors(path):
                    self._get_or_create(ancestor)
                ids.append(self._get_or_create(path))
        return list(dict.fromkeys(ids))

    def _get_or_create(self, path: str) -> int:
        row = self.db.execute("SELECT id FROM tags WHERE path = ?", [path]).fetchone()
        if row:
            return row[0]
        cursor = self.db.execute(
            "INSERT INTO tags (path, namespace, created_at) VALUES (?, ?, ?)",
            [path, namespace_of(path), now_iso()])
        self.archive.events.record("tag_create", entity="tag", entity_id=cursor.lastrowid,
                                   after={"path": path})
        return inserted_id(cursor)

    def add_to_articles(self, article_ids: Sequence[int], paths: Iterable[str]) -> Changes:
        """Tag articles; ``extra`` says which links and tags are new, for ``undo_links``."""
        article_ids = list(dict.fromkeys(article_ids))
        paths = [normalise_path(p) for p in paths]
        with self.archive.write("tagging articles"):
            self._check_articles(article_ids)
            wanted = [a for p in paths for a in [*ancestors(p), p]]
            created = [p for p in dict.fromkeys(wanted) if self.find(p) is None]
            tag_ids = self.ensure(paths)
            added = []
            for tag_id in tag_ids:
                path = self.get(tag_id).path
                for article_id in article_ids:
                    if self.db.execute(
                            "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)",
                            [article_id, tag_id]).rowcount:
                        added.append([article_id, path])
            self.archive.events.record("tag", entity="article", details={
                "article_ids": article_ids, "tags": [self.get(t).path for t in tag_ids],
                "added": len(added)})
        return Changes(tags=True, articles=True, article_ids=tuple(article_ids),
                       message=f"Tagged {len(article_ids)} article(s)",
                       extra=TagLinksChanged(added=added, created=created))

    def remove_from_articles(self, article_ids: Sequence[int], paths: Iterable[str]) -> Changes:
        """Untag articles; ``extra['removed']`` lists the links taken off, for ``undo_links``."""
        article_ids = list(dict.fromkeys(article_ids))
        with self.archive.write("untagging articles"):
            removed, names = [], []
            for path in paths:
                tag = self.find(path)
                if tag is None:
                    raise NotFoundError(f"There is no tag '{path}'.")
                names.append(tag.path)
                for article_id in article_ids:
                    if self.db.execute("DELETE FROM article_tags WHERE article_id = ? AND tag_id = ?",
                                       [article_id, tag.id]).rowcount:
                        removed.append([article_id, tag.path])
            self.archive.events.record("untag", entity="article", details={
                "article_ids": article_ids, "tags": names, "removed": len(removed)})
        return Changes(tags=True, articles=True, article_ids=tuple(article_ids),
                       message=f"Removed {len(removed)} tag link(s)", extra=TagLinksChanged(removed=removed))

    def set_for_article(self, article_id: int, paths: Iterable[str]) -> Changes:
        """Make the article's own tags exactly ``paths`` (site tags stay); undo with ``undo_links``."""
        wanted = list(dict.fromkeys(normalise_path(p) for p in paths))
        with self.archive.write("changing an article's tags"):
            have = [p for p in self.for_article(article_id) if namespace_of(p) == "user"]
            lower = {w.lower() for w in wanted}
            added = self.add_to_articles([article_id], wanted) if wanted else Changes()
            gone = [p for p in have if p.lower() not in lower]
            removed = self.remove_from_articles([article_id], gone) if gone else Changes()
        extra = TagLinksChanged(added=added.extra.get("added", []), created=added.extra.get("created", []),
                                removed=removed.extra.get("removed", []))
        return Changes(tags=True, articles=True, article_ids=(article_id,),
                       message=f"Tags of article {article_id} saved", extra=extra)

    def undo_links(self, extra: TagLinksChanged) -> Changes:
        """Undo ``add_to_articles``/``remove_from_articles`` exactly, from their ``extra``.

        Links they added are taken off, links they removed put back, and tags they created are
        deleted again when nothing uses them any more.
        """
        article_ids: list[int] = []
        with self.archive.write("undoing a tag change"):
            for article_id, path in extra.get("added", []):
                tag = self.find(path)
                if tag is not None:
                    self.db.execute("DELETE FROM article_tags WHERE article_id = ? AND tag_id = ?",
                                    [article_id, tag.id])
                article_ids.append(article_id)
            for article_id, path in extra.get("removed", []):
                tag_id = self.ensure([path])[0]
                self.db.execute("INSERT OR IGNORE INTO article_tags (article_id, tag_id) "
                                "VALUES (?, ?)", [article_id, tag_id])
                article_ids.append(article_id)
            for path in sorted(extra.get("created", []), key=len, reverse=True):
                tag = self.find(path)
                if tag and not (tag.article_count or tag.annotation_count) \
                        and len(self._subtree(tag.path)) == 1:
                    self.db.execute("DELETE FROM tags WHERE id = ?", [tag.id])
            self.archive.events.record("tag_undo", entity="article", details=extra)
        return Changes(tags=True, articles=True, article_ids=tuple(dict.fromkeys(article_ids)),
                       message="Tag change undone")

    def _check_articles(self, article_ids: Sequence[int]) -> None:
        for article_id in article_ids:
            if not self.db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone():
                raise NotFoundError(f"There is no article {article_id}.")

    # -- reorganising (each returns what undo needs) ------------------------------------

    def rename(self, tag_id: int, new_path: str) -> Changes:
        """Give a tag a new path; its children move with it. Refuses to overwrite a tag."""
        tag = self.get(tag_id)
        new_path = normalise_path(new_path)
        if new_path == tag.path:
            return Changes(message="Nothing to rename")
        if new_path.lower().startswith(tag.path.lower() + "/"):
            raise ValidationError(f"'{tag.path}' cannot be moved inside itself.")
        if namespace_of(new_path) != tag.namespace:
            raise ValidationError("Site tags and your own tags are kept apart: "
                                  "a tag cannot be moved between them.")
        with self.archive.write("renaming a tag"):
            moving = self._subtree(tag.path)
            for _, path in moving:
                target = new_path + path[len(tag.path):]
                clash = self.find(target)
                if clash and clash.id not in {i for i, _ in moving}:
                    raise ValidationError(f"There is already a tag '{clash.path}'; "
                                          "merge the tags instead.")
            for ancestor in ancestors(new_path):
                self._get_or_create(ancestor)
            for moved_id, path in moving:
                self.db.execute("UPDATE tags SET path = ? WHERE id = ?",
                                [new_path + path[len(tag.path):], moved_id])
            self.archive.events.record("tag_rename", entity="tag", entity_id=tag_id,
                                       before={"path": tag.path}, after={"path": new_path},
                                       details={"moved": len(moving)})
        return Changes(tags=True, articles=True, annotations=True,
                       message=f"Renamed '{tag.path}' to '{new_path}' ({len(moving)} tag(s))",
                       extra=TagRenamed(old_path=tag.path, new_path=new_path, renamed=len(moving)))

    def move(self, tag_id: int, new_parent: str | None) -> Changes:
        """Put a tag (and its children) under another parent, or at the top when ``None``."""
        name = self.get(tag_id).name
        return self.rename(tag_id, f"{normalise_path(new_parent)}/{name}" if new_parent else name)

    def merge(self, from_id: int, into_id: int) -> Changes:
        """Move every link of ``from`` (and its children, by relative path) onto ``into``."""
        source, target = self.get(from_id), self.get(into_id)
        if from_id == into_id:
            raise ValidationError("A tag cannot be merged into itself.")
        if target.path.lower().startswith(source.path.lower() + "/"):
            raise ValidationError(f"'{source.path}' cannot be merged into its own child.")
        with self.archive.write("merging tags"):
            snapshot = self._snapshot(source.path)
            added: dict[str, dict[str, list[int]]] = {}
            articles = annotations = 0
            for old_id, path in sorted(self._subtree(source.path), key=lambda r: -len(r[1])):
                new_id = self.ensure([target.path + path[len(source.path):]])[0]
                moved = self._move_links(old_id, new_id)
                added[str(new_id)] = moved
                articles += len(moved["article_ids"])
                annotations += len(moved["annotation_ids"])
                self.db.execute("DELETE FROM tags WHERE id = ?", [old_id])
            snapshot["added"] = added
            self.archive.events.record("tag_merge", entity="tag", entity_id=into_id,
                                       before={"path": source.path}, after={"path": target.path},
                                       details={"articles": articles, "annotations": annotations})
        return Changes(tags=True, articles=True, annotations=True,
                       message=f"Merged '{source.path}' into '{target.path}' "
                               f"({articles} article(s), {annotations} annotation(s) moved)",
                       extra=TagTreeRemoved(snapshot=snapshot, articles=articles, annotations=annotations))

    def _move_links(self, old_id: int, new_id: int) -> dict[str, list[int]]:
        """Re-point links; return the ones that are new on the target (what undo removes)."""
        new_articles = [r[0] for r in self.db.execute(
            "SELECT article_id FROM article_tags WHERE tag_id = ? AND article_id NOT IN "
            "(SELECT article_id FROM article_tags WHERE tag_id = ?)", [old_id, new_id])]
        new_annotations = [r[0] for r in self.db.execute(
            "SELECT annotation_id FROM annotation_tags WHERE tag_id = ? AND annotation_id NOT IN "
            "(SELECT annotation_id FROM annotation_tags WHERE tag_id = ?)", [old_id, new_id])]
        self.db.conn.executemany("INSERT INTO article_tags (article_id, tag_id) VALUES (?, ?)",
                            [(a, new_id) for a in new_articles])
        self.db.conn.executemany("INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)",
                            [(a, new_id) for a in new_annotations])
        return {"article_ids": new_articles, "annotation_ids": new_annotations}

    def delete(self, tag_id: int) -> Changes:
        """Delete a tag, its children and their links; ``extra['snapshot']`` restores them."""
        tag = self.get(tag_id)
        with self.archive.write("deleting a tag"):
            snapshot = self._snapshot(tag.path)
            ids = [t["id"] for t in snapshot["tags"]]
            self.db.conn.executemany("DELETE FROM tags WHERE id = ?", [(i,) for i in ids])
            articles = sum(len(t["article_ids"]) for t in snapshot["tags"])
            annotations = sum(len(t["annotation_ids"]) for t in snapshot["tags"])
            self.archive.events.record("tag_delete", entity="tag", entity_id=tag_id,
                                       before=snapshot, details={"tags": len(ids)})
        return Changes(tags=True, articles=True, annotations=True,
                       message=f"Deleted '{tag.path}' ({len(ids)} tag(s), {articles} article "
                               f"link(s), {annotations} annotation link(s))",
                       extra=TagTreeRemoved(snapshot=snapshot, articles=articles, annotations=annotations))

    def restore(self, snapshot: dict) -> Changes:
        """Undo ``delete`` or ``merge``: recreate the tags with their ids, colours and links."""
        with self.archive.write("restoring tags"):
            for target_id, links in snapshot.get("added", {}).items():
                self.db.conn.executemany("DELETE FROM article_tags WHERE tag_id = ? AND article_id = ?",
                                    [(int(target_id), a) for a in links["article_ids"]])
                self.db.conn.executemany(
                    "DELETE FROM annotation_tags WHERE tag_id = ? AND annotation_id = ?",
                    [(int(target_id), a) for a in links["annotation_ids"]])
            for tag in sorted(snapshot["tags"], key=lambda t: len(t["path"])):
                self.db.execute(
                    "INSERT OR REPLACE INTO tags (id, path, color, namespace, created_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [tag["id"], tag["path"], tag["color"], tag["namespace"], tag["created_at"]])
                self.db.conn.executemany(
                    "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)",
                    [(a, tag["id"]) for a in tag["article_ids"]])
                self.db.conn.executemany(
                    "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)",
                    [(a, tag["id"]) for a in tag["annotation_ids"]])
            self.archive.events.record("tag_restore", entity="tag",
                                       entity_id=snapshot["tags"][0]["id"] if snapshot["tags"] else None,
                                       after={"paths": [t["path"] for t in snapshot["tags"]]})
        return Changes(tags=True, articles=True, annotations=True,
                       message=f"Restored {len(snapshot['tags'])} tag(s)")

    def set_color(self, tag_id: int, color: str | None) -> Changes:
        tag = self.get(tag_id)
        with self.archive.write("colouring a tag"):
            self.db.execute("UPDATE tags SET color = ? WHERE id = ?", [color, tag_id])
            self.archive.events.record("tag_color", entity="tag", entity_id=tag_id,
                                       before={"color": tag.color}, after={"color": color})
        return Changes(tags=True, message=f"Coloured '{tag.path}'",
                       extra=TagRecoloured(old_color=tag.color))

    # -- helpers -------------------------------------------------------------------------

    def _subtree(self, path: str) -> list[tuple[int, str]]:
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT id, path FROM tags WHERE path = ? OR path LIKE ? ESCAPE '\\' ORDER BY path",
            [path, _like_children(path)])]

    def _snapshot(self, path: str) -> dict:
        tags = []
        for tag_id, tag_path in self._subtree(path):
            row = self.db.execute("SELECT color, namespace, created_at FROM tags WHERE id = ?",
                                  [tag_id]).fetchone()
            tags.append({
                "id": tag_id, "path": tag_path, "color": row[0], "namespace": row[1],
                "created_at": row[2],
                "article_ids": [r[0] for r in self.db.execute(
                    "SELECT article_id FROM article_tags WHERE tag_id = ?", [tag_id])],
                "annotation_ids": [r[0] for r in self.db.execute(
                    "SELECT annotation_id FROM annotation_tags WHERE tag_id = ?", [tag_id])],
            })
        return {"tags": tags}


def _like_children(path: str) -> str:
    return path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%"
