"""Review: each needs-review reason with how to resolve it, and marking one reviewed.

Why per reason: the importer flags what it could not find or trust ("date", "caption
truncated", "footnotes unresolved"). Correcting a value answers its own reason (a corrected
date needs no review; ``library_query.NEEDS_REVIEW``); a reason no correction can answer (a
caption the page itself cut off) is *marked reviewed*: the value stays unknown, the flag goes,
and the decision is an event (``mark_reviewed``; undone by ``unmark_reviewed``). The article
leaves "Needs review" when no reason is left open.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..store.changes import Changes
from ..store.clock import now_iso
from ..store.errors import PalmyraError
from ..store.payloads import ReviewReason
from .article_detail import CORRECTABLE_REVIEW, corrected_fields
from .corrections import Corrections

if TYPE_CHECKING:
    from ..archive import Archive

#: reason (as the importer writes it) -> (what it means, how to resolve it, the field a
#: correction of which answers it, or None)
REASONS: dict[str, tuple[str, str, str | None]] = {
    "title": ("No headline was found; the title shown was made from the first words.",
              "Type the title in Edit metadata (Ctrl+M), or mark it reviewed to keep it.", "title"),
    "authors": ("No byline was found.",
                "Type the authors in Edit metadata, or mark it reviewed if none is printed.", "authors"),
    "outlet": ("The outlet the copy was read in was not found.",
               "Type the outlet in Edit metadata, or mark it reviewed if it cannot be known.", "outlet"),
    "date": ("No publication date was found.",
             "Type the date in Edit metadata (“27 March 2016”, “mars 2016”, “2016”), or mark it "
             "reviewed if it cannot be known.", "date"),
    "original date": ("The copy names where it was first published but not when.",
                      "Type the original date in Edit metadata, or mark it reviewed.", "original_date"),
    "caption truncated": ("An image caption stops mid-sentence in the file.",
                          "Check the Source tab; mark it reviewed once you know what is missing "
                          "(the archive keeps the caption as printed).", None),
    "footnotes unresolved": ("The text has footnote markers but no note says where they point.",
                             "Check the Source tab (or correct the split there); mark it reviewed "
                             "when the notes are lost in the file itself.", None),
}


@dataclass(frozen=True)
class ReviewItem:
    reason: str
    meaning: str
    how_to_resolve: str
    field: str | None          # the metadata field whose correction answers it
    state: str                 # open | corrected | reviewed

    @property
    def open(self) -> bool:
        return self.state == "open"

    def as_json(self) -> dict:
        return {"reason": self.reason, "meaning": self.meaning, "how_to_resolve": self.how_to_resolve,
                "field": self.field, "state": self.state}


def describe(reason: str) -> tuple[str, str, str | None]:
    if reason in REASONS:
        return REASONS[reason]
    field = next((f for f, prefix in CORRECTABLE_REVIEW.items() if reason.lower().startswith(prefix)), None)
    return (f"The importer flagged “{reason}”.",
            "Correct it in Edit metadata, or mark it reviewed." if field else "Mark it reviewed once checked.",
            field)


class Review:
    def __init__(self, archive: Archive):
        self.archive = archive

    def _shown_copy(self, article_id: int) -> tuple[dict, dict]:
        return Corrections(self.archive).article_and_shown_copy(article_id)

    def items(self, article_id: int) -> list[ReviewItem]:
        """Every reason the importer gave for the shown copy, with its state."""
        article, copy = self._shown_copy(int(article_id))
        corrected = corrected_fields(article, copy)
        reviewed = {r[0] for r in self.archive.db.execute(
            "SELECT reason FROM review_decisions WHERE copy_id = ?", [copy["id"]])}
        out = []
        for reason in json.loads(copy["needs_review"] or "[]"):
            meaning, how, field = describe(reason)
            if any(reason.lower().startswith(CORRECTABLE_REVIEW[c]) for c in corrected):
                state = "corrected"
            elif reason in reviewed:
                state = "reviewed"
            else:
                state = "open"
            out.append(ReviewItem(reason, meaning, how, field, state))
        return out

    def mark_reviewed(self, article_id: int, reason: str) -> Changes:
        """The reason's flag goes; the value stays unknown. An event records the decision."""
        article_id = int(article_id)
        item = self._item(article_id, reason)
        if item.state != "open":
            raise PalmyraError(f"“{reason}” is already {item.state} on article {article_id}; "
                               "nothing changed.")
        _article, copy = self._shown_copy(article_id)
        with self.archive.write("marking a reason reviewed"):
            self.archive.db.execute("INSERT INTO review_decisions (copy_id, reason, decided_at)"
                                    " VALUES (?, ?, ?)", [copy["id"], reason, now_iso()])
            self.archive.events.record("mark_reviewed", entity="article", entity_id=article_id,
                                       before={"reason": reason, "state": "open"},
                                       after={"reason": reason, "state": "reviewed"},
                                       details={"copy_id": copy["id"]})
        return Changes(articles=True, article_ids=(article_id,),
                       message=f"Marked “{reason}” reviewed.", extra=ReviewReason(reason=reason))

    def unmark_reviewed(self, article_id: int, reason: str) -> Changes:
        """Undo of ``mark_reviewed``: the reason is open again."""
        article_id = int(article_id)
        _article, copy = self._shown_copy(article_id)
        with self.archive.write("reopening a review reason"):
            gone = self.archive.db.execute("DELETE FROM review_decisions WHERE copy_id = ? AND reason = ?",
                                           [copy["id"], reason]).rowcount
            if not gone:
                raise PalmyraError(f"“{reason}” was not marked reviewed on article {article_id}; "
                                   "nothing changed.")
            self.archive.events.record("unmark_reviewed", entity="article", entity_id=article_id,
                                       before={"reason": reason, "state": "reviewed"},
                                       after={"reason": reason, "state": "open"},
                                       details={"copy_id": copy["id"]})
        return Changes(articles=True, article_ids=(article_id,),
                       message=f"“{reason}” needs review again.", extra=ReviewReason(reason=reason))

    def _item(self, article_id: int, reason: str) -> ReviewItem:
        for item in self.items(article_id):
            if item.reason == reason:
                return item
        known = ", ".join(f"“{i.reason}”" for i in self.items(article_id)) or "none"
        raise PalmyraError(f"Article {article_id} was not flagged “{reason}” (its reasons: {known}).")
