"""Which articles an export covers: ``all``, ``ids:3,5``, ``tag:PATH``, ``collection:NAME``,
``search:QUERY`` (a saved search's name, else a full-text query), or the GUI's selection.

The scope is parsed once into a ``Scope`` value so the CLI, the GUI and the bundle's README all
say the same thing about what was exported.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..store.errors import ExportError, NotFoundError, ValidationError

KINDS = ("all", "ids", "tag", "collection", "search")


@dataclass(frozen=True)
class Scope:
    kind: str                       # all | ids | tag | collection | search
    value: str = ""                 # the tag path, collection name or query
    ids: tuple[int, ...] = ()       # for kind "ids"

    def describe(self) -> str:
        """A sentence for the README and the progress dialog."""
        if self.kind == "all":
            return "the whole archive"
        if self.kind == "ids":
            return f"{len(self.ids)} selected article(s)"
        return {"tag": "articles and annotations tagged {!r} (and its sub-tags)",
                "collection": "the collection {!r}",
                "search": "the search {!r}"}[self.kind].format(self.value)

    def as_text(self) -> str:
        if self.kind == "all":
            return "all"
        if self.kind == "ids":
            return "ids:" + ",".join(map(str, self.ids))
        return f"{self.kind}:{self.value}"


def parse_scope(text: str) -> Scope:
    """Parse the command line's SCOPE; a malformed one raises ``ValidationError`` saying why."""
    text = (text or "").strip()
    if text == "all":
        return Scope("all")
    kind, sep, value = text.partition(":")
    if not sep or kind not in KINDS:
        raise ValidationError(
            f"{text!r} is not a scope. Use all, ids:3,5,8, tag:PATH, collection:NAME or search:QUERY.")
    value = value.strip()
    if kind == "ids":
        try:
            ids = tuple(dict.fromkeys(int(part) for part in value.split(",") if part.strip()))
        except ValueError:
            raise ValidationError(f"ids:{value} must be article numbers separated by commas.") from None
        if not ids:
            raise ValidationError("ids: needs at least one article number.")
        return Scope("ids", ids=ids)
    if not value:
        raise ValidationError(f"{kind}: needs a value after the colon.")
    return Scope(kind, value)


def selection(ids) -> Scope:
    """The GUI's selection as a scope."""
    return Scope("ids", ids=tuple(dict.fromkeys(int(i) for i in ids)))


def resolve(archive, db, scope: Scope) -> list[int]:
    """The article ids in scope, in a stable order (id order, or the search's ranking)."""
    if scope.kind == "all":
        return [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]
    if scope.kind == "ids":
        wanted = set(scope.ids)
        found = {r[0] for r in db.execute(
            f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(wanted))})", list(wanted))}
        missing = sorted(wanted - found)
        if missing:
            raise NotFoundError(f"There is no article {', '.join(map(str, missing))} in this archive.")
        return list(scope.ids)
    if scope.kind == "tag":
        return _tagged(db, scope.value)
    if scope.kind == "collection":
        return _in_collection(db, scope.value)
    return _searched(archive, db, scope.value)


def _tagged(db, path: str) -> list[int]:
    """Articles with the tag (or a sub-tag), and articles with an annotation so tagged."""
    path = path.strip("/")
    escaped = path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    match = "(t.path = ? COLLATE NOCASE OR t.path LIKE ? ESCAPE '\\')"
    params = [path, escaped + "/%"]
    if not db.execute(f"SELECT 1 FROM tags t WHERE {match}", params).fetchone():
        raise NotFoundError(f"There is no tag {path!r} in this archive.")
    return [r[0] for r in db.execute(
        f"SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE {match} "
        f"UNION SELECT an.article_id FROM annotation_tags x JOIN tags t ON t.id = x.tag_id "
        f"JOIN annotations an ON an.id = x.annotation_id WHERE an.deleted_at IS NULL AND {match} "
        "ORDER BY 1", params * 2)]


def _in_collection(db, name: str) -> list[int]:
    row = db.execute("SELECT id FROM collections WHERE name = ?", [name]).fetchone()
    if not row:
        raise NotFoundError(f"There is no collection {name!r} in this archive.")
    return [r[0] for r in db.execute(
        "SELECT article_id FROM collection_articles WHERE collection_id = ? ORDER BY article_id",
        [row[0]])]


def _searched(archive, db, text: str) -> list[int]:
    """A saved search by that name, else a full-text query through the search service."""
    row = db.execute("SELECT id FROM saved_searches WHERE name = ?", [text]).fetchone()
    try:
        if row:
            query = archive.saved_searches.get(row[0])
            return list(archive.articles.ids(query))
        return list(dict.fromkeys(archive.search.article_ids(text)))
    except ModuleNotFoundError as exc:  # a checkout where search is not built yet
        raise ExportError("Searching is not available in this version, so search: scopes "
                          "cannot be exported.") from exc
