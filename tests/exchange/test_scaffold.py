"""The import scaffolding the QDA, Zotero and Hypothesis imports share (core/exchange/scaffold.py)."""

from __future__ import annotations

import pytest

from palmyra_archive.core.exchange.scaffold import NotesOnce, each, import_transaction
from palmyra_archive.core.store.errors import Cancelled
from palmyra_archive.core.store.tasks import NEVER_CANCELLED, CancelToken


def test_each_reports_progress_and_stops_at_cancel():
    seen, token = [], CancelToken()

    def progress(done, total, message):
        seen.append((done, total, message))
        if done == 2:
            token.cancel()

    walked = []
    with pytest.raises(Cancelled):
        for item in each(["a", "b", "c"], progress, token, lambda i: f"doing {i}"):
            walked.append(item)
    assert walked == ["a", "b"] and seen == [(1, 3, "doing a"), (2, 3, "doing b")]


def test_a_failed_import_leaves_the_archive_as_it_was(archive):
    with pytest.raises(Cancelled):
        with import_transaction(archive, "importing a test"):
            NotesOnce(archive).add("Memo", "kept?")
            for _ in each([1], lambda *a: None, NEVER_CANCELLED, str):
                raise Cancelled("Cancelled.")
    assert archive.notes.all() == []


def test_notes_are_added_once(archive):
    archive.notes.create("Memo", "already here")
    notes = NotesOnce(archive)
    assert not notes.add("Memo", "already here")
    assert notes.add("Memo", "new text") and not notes.add("Memo", "new text")
    assert notes.add("", "untitled", stored_title="(untitled memo)")
    assert sorted((n.title, n.body) for n in archive.notes.all()) == [
        ("(untitled memo)", "untitled"), ("Memo", "already here"), ("Memo", "new text")]
