"""gui/ops.py: the one undoable command and ``perform``, which every undoable action goes through."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from palmyra_archive.core.store.changes import Changes
from palmyra_archive.core.store.errors import PalmyraError
from palmyra_archive.gui import ops
from palmyra_archive.gui.common.signals import Hub

GUI = Path(ops.__file__).parent


class Host(QWidget):
    """The smallest window ``perform`` accepts: an undo stack and a hub."""

    def __init__(self) -> None:
        super().__init__()
        self.undo_stack = QUndoStack(self)
        self.hub = Hub(self)
        self.seen: list[Changes] = []
        self.hub.archive_did_change.connect(self.seen.append)


@pytest.fixture
def host(qtbot):
    widget = Host()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(ops, "show_error", lambda _parent, exc: shown.append(str(exc)))
    return shown


def test_perform_writes_once_pushes_the_inverse_and_announces_each_step(host, errors):
    value = {"n": 0}

    def step(by: int, message: str) -> Changes:
        value["n"] += by
        return Changes(tags=True, message=message, extra={"n": value["n"]})

    received: list[Changes] = []

    def undo(last: Changes) -> Changes:
        received.append(last)
        return step(-1, "undone")

    changes = ops.perform(host, "Add one", lambda: step(1, "done"), undo=undo)
    assert value["n"] == 1, "the push's first redo must not write again"
    assert changes is not None and changes.message == "done"
    assert [c.message for c in host.seen] == ["done"]
    assert host.undo_stack.count() == 1 and host.undo_stack.undoText() == "Add one"
    host.undo_stack.undo()
    assert value["n"] == 0 and received[0].extra == {"n": 1}   # undo gets the step before's Changes
    host.undo_stack.redo()                                      # redo is ``do`` again by default
    assert value["n"] == 1
    assert [c.message for c in host.seen] == ["done", "undone", "done"]
    assert errors == []


def test_a_refused_write_is_told_and_nothing_is_pushed_or_announced(host, errors):
    def refused() -> Changes:
        raise PalmyraError("That tag already exists.")

    assert ops.perform(host, "Rename", refused, undo=lambda last: last) is None
    assert errors == ["That tag already exists."]
    assert host.undo_stack.count() == 0 and host.seen == []


def test_raising_hands_the_refusal_to_the_caller_instead(host, errors):
    def refused() -> Changes:
        raise PalmyraError("Not a date: 31 February")

    with pytest.raises(PalmyraError, match="31 February"):
        ops.perform(host, "Correct date", refused, undo=lambda last: last, raising=True)
    assert errors == [] and host.undo_stack.count() == 0


def test_a_refused_undo_is_told_and_the_step_leaves_the_stack(host, errors):
    def undo(_last: Changes) -> Changes:
        raise PalmyraError("The tag was deleted in another window.")

    ops.perform(host, "Colour tag", lambda: Changes(tags=True), undo=undo)
    host.undo_stack.undo()
    assert errors == ["The tag was deleted in another window."]
    assert host.undo_stack.count() == 0, "a step the archive refuses is not offered again"
    assert not host.undo_stack.canRedo()


def _undo_command_classes_and_pushes(path: Path) -> tuple[list[str], list[int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    classes = [node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
               and any(getattr(base, "id", getattr(base, "attr", "")) == "QUndoCommand"
                       for base in node.bases)]
    pushes = [node.lineno for node in ast.walk(tree)
              if isinstance(node, ast.Attribute) and node.attr == "push"
              and isinstance(node.value, ast.Attribute) and node.value.attr == "undo_stack"]
    return classes, pushes


def test_one_command_class_and_one_place_that_pushes_it():
    found = {}
    for path in GUI.rglob("*.py"):
        classes, pushes = _undo_command_classes_and_pushes(path)
        if classes or pushes:
            found[str(path.relative_to(GUI))] = (classes, bool(pushes))
    assert found == {"ops.py": (["ArchiveCommand"], True)}


# -- the undoable actions the other tests do not undo and redo ------------------------------

def test_a_correction_is_named_on_the_stack_and_redone(corpus_window):
    window = corpus_window
    articles = window.archive.articles
    before = articles.get(2).section
    window.apply_correction(2, {"section": None, "original_outlet": None},
                            {"section": "Opinion", "original_outlet": "Le Monde"})
    assert window.undo_stack.undoText() == "Correct section, original outlet"
    window.undo_stack.undo()
    assert articles.get(2).section == before
    window.undo_stack.redo()
    assert articles.get(2).section == "Opinion"


def test_a_refused_correction_reaches_the_editor_and_nothing_is_pushed(corpus_window):
    window = corpus_window
    with pytest.raises(PalmyraError):
        window.apply_correction(2, {"date": None}, {"date": "2016-02-31"})
    assert window.undo_stack.count() == 0
