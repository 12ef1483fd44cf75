"""The Source tab's "This is…" menu, run through the core as undoable commands (issue #3).

Why apart from the tab: the tab only knows offsets and kinds; writing, undo and telling every
view belong to the window (``gui.ops.perform``). Undo puts back the whole set of
corrections there was before, through the same core service, so it is logged like any change.
"""

from __future__ import annotations

from ...core.store.errors import PalmyraError
from ..common.errors import show_error
from ..ops import perform
from .source_tab import MARKABLE

KIND_LABELS = dict(MARKABLE)


def connect_region_corrections(window) -> None:
    tab = window.reader.source_tab
    tab.regions_marked.connect(lambda start, end, kind: mark_region(window, start, end, kind))
    tab.corrections_cleared.connect(lambda: clear_regions(window))


def mark_region(window, start: int, end: int, kind: str):
    article_id, before = _current(window)
    if article_id is None:
        return None
    articles = window.archive.articles
    after = before + [(start, end, kind)]
    return perform(window, f"Mark as {KIND_LABELS.get(kind, kind).lower()}",
                   lambda: articles.set_region_corrections(article_id, after),
                   undo=lambda _last: articles.set_region_corrections(article_id, before))


def clear_regions(window):
    article_id, before = _current(window)
    if article_id is None:
        return None
    articles = window.archive.articles
    return perform(window, "Undo region corrections",
                   lambda: articles.clear_region_corrections(article_id),
                   undo=lambda _last: articles.set_region_corrections(article_id, before))


def _current(window) -> tuple[int | None, list]:
    """The article shown and its corrections now (what undo puts back); None when there is no
    article, or it is gone (the user is told why, never shown a traceback)."""
    article_id = window.reader.article_id
    if article_id is None:
        return None, []
    try:
        return article_id, window.archive.articles.region_corrections(article_id)
    except PalmyraError as exc:
        show_error(window, exc)
        return None, []
