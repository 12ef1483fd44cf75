"""What each write's ``Changes.extra`` holds: the undo payloads, one per kind of change (#17).

Why one file: the GUI's undo and the CLI read these by name, so the names are defined once,
where every event is listed (calibre's ``db/listeners.py`` documents its events the same way).
A manager builds its payload with the TypedDict below (mypy checks the keys and their types)
and the method that takes a change back (``restore``, ``undo_links``, ``unfile`` …) reads it
by the same names. They are plain dicts at run time: a payload can be merged (``Changes.__or__``)
and written to the event log as JSON.

Snapshots (of a deleted tag tree, note, collection, merged works) are rows as the tables hold
them, read back only by the manager that wrote them; their inner keys are that manager's.
"""

from __future__ import annotations

from typing import Any, TypedDict

#: [article id, tag path] of one article-tag link
TagLink = list[Any]
#: a manager's snapshot of rows it can put back exactly
Snapshot = dict[str, Any]


# -- tags (library/tags.py) ----------------------------------------------------------------

class TagLinksChanged(TypedDict, total=False):
    """``tags.add_to_articles`` (added, created), ``remove_from_articles`` (removed) and
    ``set_for_article`` (all three); ``tags.undo_links`` takes them back."""

    added: list[TagLink]          # links made
    created: list[str]            # tag paths that did not exist before
    removed: list[TagLink]        # links taken off


class TagRenamed(TypedDict):
    """``tags.rename`` / ``tags.move``: undone by renaming back to ``old_path``."""

    old_path: str
    new_path: str
    renamed: int                  # tags renamed (the tag and those below it)


class TagTreeRemoved(TypedDict):
    """``tags.delete`` and ``tags.merge``: ``tags.restore(snapshot)`` recreates the tags with
    their ids, colours and links."""

    snapshot: Snapshot            # {"tags": [{id, path, color, namespace, created_at, article_ids, annotation_ids}], …}
    articles: int                 # article links moved or removed
    annotations: int              # annotation links moved or removed


class TagRecoloured(TypedDict):
    """``tags.set_color``: undone by setting ``old_color`` again."""

    old_color: str | None


# -- collections (library/collections.py) --------------------------------------------------

class CollectionRenamed(TypedDict):
    """``collections.rename``: undone by renaming back."""

    old_name: str


class CollectionDeleted(TypedDict):
    """``collections.delete``: ``collections.restore(snapshot)`` puts it back with its articles."""

    snapshot: Snapshot            # {id, name, created_at, article_ids}


class CollectionAdded(TypedDict):
    """``collections.add``: undone by ``collections.remove(id, added_ids)``."""

    added: int
    added_ids: list[int]          # the articles that were not in it already


class CollectionFiled(TypedDict):
    """``collections.file`` (into a folder, made when new): ``collections.unfile`` takes it back."""

    collection_id: int
    created: bool                 # the folder was made by this change
    added_ids: list[int]


# -- saved searches (library/saved_searches.py) --------------------------------------------

class SearchRenamed(TypedDict):
    """``saved_searches.rename``: undone by renaming back."""

    old_name: str


class SearchDeleted(TypedDict):
    """``saved_searches.delete``: undone by saving ``query`` again under ``name``."""

    name: str
    query: Any                    # the LibraryQuery it held


# -- notes (library/notes.py) --------------------------------------------------------------

class NoteBefore(TypedDict):
    """``notes.set_article_note`` (the note's text before), ``notes.update`` and
    ``notes.delete`` (the whole note: ``notes.restore(before)``)."""

    before: Any                   # str | None for an article's note; a note's state otherwise


# -- annotations (annotate/annotations.py) -------------------------------------------------

class AnnotationBefore(TypedDict):
    """``annotations.update`` (note, color, tags before) and ``annotations.reanchor`` (the whole
    state: ``annotations.restore_anchor(id, before)``)."""

    before: dict[str, Any]


# -- corrections (library/citation_fields.py) ----------------------------------------------

class FieldsCorrected(TypedDict):
    """``citation_fields.set``: each changed field's value before and after."""

    before: dict[str, Any]
    after: dict[str, Any]


# -- review (library/review.py) ------------------------------------------------------------

class ReviewReason(TypedDict):
    """``review.mark_reviewed`` / ``review.unmark``: the reason, to flip it back."""

    reason: str


# -- trash (library/trash.py) --------------------------------------------------------------

class Trashed(TypedDict):
    """``trash.trash``: undone by ``trash.restore(trashed)``."""

    trashed: list[int]


class Restored(TypedDict):
    """``trash.restore``: undone by trashing ``restored`` again."""

    restored: list[int]


class Purged(TypedDict, total=False):
    """``trash.empty``: what was removed for good (nothing to undo)."""

    purged: list[int]
    purged_copies: list[int]
    plan: dict[str, Any]          # what was counted before it was removed


class CopyTrashed(TypedDict):
    """``trash.trash_copy``: undone by ``trash.restore_copy(trashed_copy)``."""

    trashed_copy: int
    article_id: int
    shown_copy_id: int | None     # the copy the work shows now


class CopyRestored(TypedDict):
    """``trash.restore_copy``."""

    restored_copy: int
    article_id: int


# -- merging works (library/merge.py) ------------------------------------------------------

class WorksMerged(TypedDict):
    """``merge.merge``: ``merge.unmerge(snapshot)`` puts the works back as they were."""

    snapshot: Snapshot
    kept: int


class WorksUnmerged(TypedDict):
    """``merge.unmerge``."""

    kept: int
    others: list[int]


# -- text reuse (reuse/service.py) ---------------------------------------------------------

class ReuseLinkDecided(TypedDict):
    """``reuse.confirm`` / ``reuse.reject`` / ``reuse.undo``: the link, to undo the decision."""

    link_id: int
