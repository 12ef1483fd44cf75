"""A user's corrections of the split: "these lines are really body / site text / comments …".

Why a module of its own: the heuristics in ``article.py`` decide what each line is; a
correction must win over every one of them, so it is applied twice — before (a line forced to
site text is skipped by every reader, a line forced to anything else is never site text) and
after (each line ends in exactly the list its forced kind names). Corrections are given in
decoded-text offsets and always cover whole lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .lines import Line

#: what a user can say a stretch is; ``footer`` and ``rights`` both go to the footer readers
OVERRIDE_KINDS = ("body", "site_text", "caption", "comments", "footer", "rights")


@dataclass(frozen=True)
class RegionOverride:
    start: int
    end: int
    kind: str


def forced_lines(lines: list[Line], overrides: Sequence[RegionOverride]) -> dict[int, str]:
    """Line index -> forced kind, for every line an override touches (later ones win)."""
    forced: dict[int, str] = {}
    for override in overrides:
        if override.kind not in OVERRIDE_KINDS:
            raise ValueError(f"unknown region kind {override.kind!r}")
        for line in lines:
            if line.start < max(override.end, override.start + 1) and override.start < line.end:
                forced[line.index] = override.kind
    return forced


def of_kind(forced: dict[int, str], *kinds: str) -> set[int]:
    return {index for index, kind in forced.items() if kind in kinds}


def settle_site(site: set[int], forced: dict[int, str]) -> None:
    """Forced site text is site text; any other forced line is not."""
    for index, kind in forced.items():
        if kind == "site_text":
            site.add(index)
        else:
            site.discard(index)


def settle_thread(comments_at: int | None, thread_end: int,
                  forced: dict[int, str]) -> tuple[int | None, int]:
    """Widen (or create) the comment thread so it holds every line forced to comments."""
    chosen = of_kind(forced, "comments")
    if not chosen:
        return comments_at, thread_end
    if comments_at is None:
        return min(chosen), max(chosen) + 1
    return min(comments_at, *chosen), max(thread_end, max(chosen) + 1)


def settle_body(body: list[int], forced: dict[int, str]) -> list[int]:
    """Body lines after the corrections: forced body and captions in, every other forced line out."""
    kept = {i for i in body if i not in forced} | of_kind(forced, "body", "caption")
    return sorted(kept)


def settle_captions(captions: set[int], forced: dict[int, str]) -> set[int]:
    return {i for i in captions if i not in forced} | of_kind(forced, "caption")


def settle_footer(footer: list[int], forced: dict[int, str]) -> list[int]:
    return sorted({i for i in footer if i not in forced} | of_kind(forced, "footer", "rights"))


def clip_marks(marks: list[tuple[int, int, str]], lines: list[Line],
               forced: dict[int, str]) -> list[tuple[int, int, str]]:
    """Region marks with the forced lines cut out of them and marked with their forced kind."""
    cuts = sorted((lines[i].start, lines[i].end, kind) for i, kind in forced.items())
    if not cuts:
        return marks
    clipped: list[tuple[int, int, str]] = []
    for start, end, kind in marks:
        pieces = [(start, end)]
        for cut_start, cut_end, _kind in cuts:
            pieces = [p for s, e in pieces for p in _minus(s, e, cut_start, cut_end)]
        clipped.extend((s, e, kind) for s, e in pieces)
    clipped.extend(cuts)
    return sorted(clipped)


def _minus(start: int, end: int, cut_start: int, cut_end: int) -> list[tuple[int, int]]:
    if cut_end <= start or end <= cut_start:
        return [(start, end)]
    return [(s, e) for s, e in ((start, cut_start), (cut_end, end)) if e > s]


def pinned_elsewhere(regions: Sequence, overrides: Sequence[RegionOverride]) -> list[RegionOverride]:
    """The importer's own regions that no correction touches, as overrides of the same kind.

    Why: the split is read from the end as well as from the start (footers, rights, comment
    threads), so moving one stretch can make the heuristics read its neighbours differently:
    marking the site widgets under an editor's note as article text would pull the editor's
    note into the body too. Pinning what the user did not mark keeps a correction to what
    they said; the user's own corrections come after these and win where they overlap.
    """
    pinned = []
    for region in regions:
        start, end = region.span.start, region.span.end
        if region.kind not in OVERRIDE_KINDS or end <= start:
            continue
        if any(o.start < end and start < o.end for o in overrides):
            continue
        pinned.append(RegionOverride(start, end, region.kind))
    return pinned
