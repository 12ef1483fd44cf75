"""What a mutation changed, returned by every write so views refresh from one signal.

Modelled on Anki's ``OpChanges``: the GUI's ``archive_did_change`` signal carries one of these
and each view decides whether it cares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Changes:
    articles: bool = False
    tags: bool = False
    annotations: bool = False
    notes: bool = False
    collections: bool = False
    saved_searches: bool = False
    outlets: bool = False
    article_ids: tuple[int, ...] = ()
    #: a short sentence for the status bar ("Tagged 3 articles")
    message: str = ""
    #: the id of a row the operation created, when it created one
    created_id: int | None = None
    #: what undoing the change needs: one of the payloads of ``store/payloads.py``, where each
    #: change's keys are defined (a plain dict, read by those names; typed Any so a consumer can
    #: hand it to the method that takes the change back, which names the payload it reads)
    extra: Any = field(default_factory=dict)

    @property
    def created(self) -> int:
        """``created_id``, read where the write always creates a row (one that made none raises)."""
        if self.created_id is None:
            raise ValueError(f"{self.message or 'this change'}: no row was created")
        return self.created_id

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            articles=self.articles or other.articles,
            tags=self.tags or other.tags,
            annotations=self.annotations or other.annotations,
            notes=self.notes or other.notes,
            collections=self.collections or other.collections,
            saved_searches=self.saved_searches or other.saved_searches,
            outlets=self.outlets or other.outlets,
            article_ids=tuple(dict.fromkeys(self.article_ids + other.article_ids)),
            message=other.message or self.message,
            created_id=other.created_id if other.created_id is not None else self.created_id,
            extra={**self.extra, **other.extra},   # an undo payload survives the merge (the later wins)
        )
