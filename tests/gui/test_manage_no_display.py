"""Starting the app with no display (#20): one sentence, and the command line still works."""

from __future__ import annotations

import pytest

from palmyra_archive.gui.common import qt_libraries


@pytest.mark.parametrize("environ", [{}, {"DISPLAY": ""}, {"XDG_SESSION_TYPE": "tty"}])
def test_no_display_is_said_in_one_sentence(environ):
    message = qt_libraries.check(environ, "linux", lambda soname: True)
    assert message == qt_libraries.NO_DISPLAY
    assert "no display" in message and "command line works" in message and message.count(". ") <= 2


@pytest.mark.parametrize("environ, platform", [
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),    # the user chose a platform that needs none
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux"),
    ({}, "darwin"), ({}, "win32"),
])
def test_a_display_or_another_system_is_left_to_qt(environ, platform):
    assert qt_libraries.check(environ, platform, lambda soname: True) is None


def test_the_app_exits_1_before_qt_and_the_cli_still_runs(monkeypatch, capsys, tmp_path):
    from palmyra_archive.cli import main
    from palmyra_archive.gui import app

    monkeypatch.setattr(qt_libraries.sys, "platform", "linux")
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(app, "main", lambda **kwargs: pytest.fail("Qt was started"))
    with pytest.raises(SystemExit) as stopped:
        main([])
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "there is no display here" in err and "Traceback" not in err
    assert main(["--archive", str(tmp_path / "a.palmyra.sqlite"), "trash", "--list"]) == 0
    assert "The Trash is empty." in capsys.readouterr().out
