"""On a Linux desktop without Qt's X11 libraries the app says what to install instead of aborting."""

from __future__ import annotations

import pytest

from palmyra_archive.gui.common import qt_libraries

X11 = {"DISPLAY": ":0"}


def without(*sonames):
    return lambda soname: soname not in sonames


def test_missing_libraries_are_named_with_the_apt_get_line():
    message = qt_libraries.check(X11, "linux", without("libxcb-cursor.so.0", "libxkbcommon-x11.so.0"))
    assert "(libxcb-cursor0, libxkbcommon-x11-0)" in message
    assert ("sudo apt-get install libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 "
            "libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 "
            "libxcb-xkb1 libegl1 libgl1 libfontconfig1 libdbus-1-3") in message


def test_every_library_is_looked_for():
    asked: list[str] = []
    assert qt_libraries.check(X11, "linux", lambda s: asked.append(s) or True) is None
    assert "libxcb-cursor.so.0" in asked and "libEGL.so.1" in asked and len(asked) == 13


@pytest.mark.parametrize("environ, platform", [
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux"),   # the user chose a platform
    ({"DISPLAY": ":0"}, "darwin"),
    ({"DISPLAY": ":0"}, "win32"),
])
def test_no_check_where_qt_does_not_use_xcb(environ, platform):
    assert qt_libraries.check(environ, platform, lambda soname: False) is None


def test_the_real_loader_finds_a_library_or_says_no():
    assert qt_libraries._loads("libc.so.6") is True
    assert qt_libraries._loads("libpalmyra-no-such-library.so.0") is False


def test_the_app_exits_1_with_the_sentence_before_qt_starts(monkeypatch, capsys):
    from palmyra_archive.cli import main
    from palmyra_archive.gui import app

    monkeypatch.setattr(qt_libraries.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(qt_libraries, "_loads", without("libxcb-cursor.so.0"))
    monkeypatch.setattr(app, "main", lambda **kwargs: pytest.fail("Qt was started"))
    with pytest.raises(SystemExit) as stopped:
        main([])
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "cannot open its window" in err and "libxcb-cursor0" in err and "apt-get install" in err


def test_the_standalone_app_is_not_checked(monkeypatch):
    monkeypatch.setattr(qt_libraries.sys, "frozen", True, raising=False)
    assert qt_libraries.check(X11, "linux", lambda soname: False) is None


def test_on_wayland_the_x11_libraries_are_not_asked_for():
    """Qt takes its Wayland plugin: only its libraries are checked (tests/gui/test_manage_no_display.py)."""
    wayland = set(qt_libraries.WAYLAND_PACKAGES.values())
    environ = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert qt_libraries.check(environ, "linux", lambda soname: soname in wayland) is None
