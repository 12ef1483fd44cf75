"""What every import from another tool repeats (QDA projects, Zotero libraries, Hypothesis):
one transaction around the whole import, with the importer's cached outlet and tag ids
forgotten on the way in and out (ids made inside a transaction that may roll back); the
items walked with progress and a Cancel check before each; research notes added once (a note
with the same title and text is not added again, so a second import adds nothing)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from ..store.tasks import CancelToken, Progress

T = TypeVar("T")


@contextmanager
def import_transaction(archive, doing: str) -> Iterator[None]:
    """The whole import in one transaction with its events: Cancel or a failure anywhere
    leaves the archive as it was."""
    with archive.write(doing):
        archive.importer.forget_cached_ids()
        try:
            yield
        finally:
            archive.importer.forget_cached_ids()


def each(items: Sequence[T], progress: Progress, cancel: CancelToken,
         label: Callable[[T], str]) -> Iterable[T]:
    """The items, checking Cancel and reporting progress ("n of total: label") before each."""
    for n, item in enumerate(items, 1):
        cancel.raise_if_cancelled()
        progress(n, len(items), label(item))
        yield item


class NotesOnce:
    """Research notes added at most once, by (title, text), counting those already there."""

    def __init__(self, archive):
        self.archive = archive
        self.seen = {(n.title, n.body): n.id for n in archive.notes.all()}

    def add(self, title: str, body: str, *, article_ids: Sequence[int] = (),
            annotation_ids: Sequence[int] = (), stored_title: str | None = None,
            created_at: str | None = None) -> bool:
        """Add the note unless one with this title and text exists; True when it was added.
        ``stored_title``: the title to store when it differs from the one compared;
        ``created_at``: when the other tool says it was written (kept, like a bundle's note).
        A note already there is linked to the articles it is now also attached to (a memo on
        two sources), once."""
        note_id = self.seen.get((title, body))
        if note_id is not None:
            self._link_more(note_id, article_ids)
            return False
        created = self.archive.notes.create(stored_title or title, body, article_ids=list(article_ids),
                                            annotation_ids=list(annotation_ids))
        if created_at:
            self.archive.db.execute("UPDATE notes SET created_at = ?, updated_at = ? WHERE id = ?",
                                    [created_at, created_at, created.created_id])
        self.seen[(title, body)] = created.created_id
        return True

    def _link_more(self, note_id: int, article_ids: Sequence[int]) -> None:
        if not article_ids:
            return
        have = self.archive.notes.get(note_id).article_ids
        missing = [i for i in article_ids if i not in have]
        if missing:
            self.archive.notes.update(note_id, article_ids=[*have, *missing])
