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


def _without(*sonames):
    return lambda soname: soname not in sonames


def test_wayland_missing_a_library_names_it_and_its_package_in_one_sentence():
    message = qt_libraries.check({"WAYLAND_DISPLAY": "wayland-0"}, "linux",
                                 _without("libwayland-cursor.so.0"))
    assert message is not None and "Wayland desktop" in message
    assert "libwayland-cursor.so.0 (package libwayland-cursor0)" in message
    assert "sudo apt-get install libwayland-cursor0`" in message
    assert "command line works" in message
    assert message.count(". ") == 0 and message.endswith(".")   # one sentence
    assert "libwayland-client0" not in message                 # only what is missing


def test_wayland_with_xwayland_and_the_x11_libraries_is_left_to_qts_fallback():
    environ = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert qt_libraries.check(environ, "linux", _without("libwayland-egl.so.1")) is None
    # with the X11 libraries missing too there is nothing to fall back to
    message = qt_libraries.check(environ, "linux", _without("libwayland-egl.so.1", "libxcb-cursor.so.0"))
    assert "libwayland-egl.so.1 (package libwayland-egl1)" in message


def test_wayland_chosen_by_name_is_checked_even_with_an_x_display():
    environ = {"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}
    message = qt_libraries.check(environ, "linux", _without("libxkbcommon.so.0"))
    assert "libxkbcommon.so.0 (package libxkbcommon0)" in message


def test_the_app_says_the_wayland_sentence_before_qt_starts(monkeypatch, capsys):
    from palmyra_archive.cli import main
    from palmyra_archive.gui import app

    monkeypatch.setattr(qt_libraries.sys, "platform", "linux")
    for var in ("DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    monkeypatch.setattr(qt_libraries, "_loads", lambda soname: soname != "libwayland-client.so.0")
    monkeypatch.setattr(app, "main", lambda **kwargs: pytest.fail("Qt was started"))
    with pytest.raises(SystemExit) as stopped:
        main([])
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "libwayland-client.so.0 (package libwayland-client0)" in err and "Traceback" not in err
