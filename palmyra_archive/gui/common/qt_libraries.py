"""Before Qt starts on a Linux desktop: is there a display, and are the system libraries its xcb
platform plugin needs there?

Without them Qt aborts the process with 'Could not load the Qt platform plugin "xcb"' and a
hint few people can act on, and with no display at all (ssh, a container) it aborts too; on a
Wayland session whose wayland plugin is missing its libraries (and no X11 to fall back to), the
same. ``check()`` looks for each library first (by soname, with ctypes,
as the dynamic loader would) and returns a sentence with the one ``apt-get`` line that installs
them all (Debian and Ubuntu package names). No Qt import here: this runs before PySide6 loads.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

#: Debian package -> the library Qt's xcb plugin (or QtGui / QtDBus) loads from it; None: the
#: package is part of the usual list but this Qt does not load it (xinerama, before Qt 6)
DEBIAN_PACKAGES: dict[str, str | None] = {
    "libxcb-cursor0": "libxcb-cursor.so.0",
    "libxkbcommon-x11-0": "libxkbcommon-x11.so.0",
    "libxcb-icccm4": "libxcb-icccm.so.4",
    "libxcb-image0": "libxcb-image.so.0",
    "libxcb-keysyms1": "libxcb-keysyms.so.1",
    "libxcb-randr0": "libxcb-randr.so.0",
    "libxcb-render-util0": "libxcb-render-util.so.0",
    "libxcb-shape0": "libxcb-shape.so.0",
    "libxcb-xinerama0": None,
    "libxcb-xkb1": "libxcb-xkb.so.1",
    "libegl1": "libEGL.so.1",
    "libgl1": "libGL.so.1",
    "libfontconfig1": "libfontconfig.so.1",
    "libdbus-1-3": "libdbus-1.so.3",
}
APT_LINE = "sudo apt-get install " + " ".join(DEBIAN_PACKAGES)

#: Debian package -> the library Qt's wayland platform plugin (or QtGui under it) loads from it
WAYLAND_PACKAGES: dict[str, str] = {
    "libwayland-client0": "libwayland-client.so.0",
    "libwayland-cursor0": "libwayland-cursor.so.0",
    "libwayland-egl1": "libwayland-egl.so.1",
    "libxkbcommon0": "libxkbcommon.so.0",
    "libegl1": "libEGL.so.1",
    "libfontconfig1": "libfontconfig.so.1",
    "libdbus-1-3": "libdbus-1.so.3",
}


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def uses_xcb(environ: Mapping[str, str], platform: str) -> bool:
    """Qt will pick its xcb plugin: Linux, an X display, no Wayland session, no override."""
    return (platform.startswith("linux") and not environ.get("QT_QPA_PLATFORM")
            and bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY"))


def uses_wayland(environ: Mapping[str, str], platform: str) -> bool:
    """Qt will try its wayland plugin: Linux, a Wayland session (or the platform named)."""
    chosen = environ.get("QT_QPA_PLATFORM", "")
    return platform.startswith("linux") and (
        chosen.startswith("wayland") or (not chosen and bool(environ.get("WAYLAND_DISPLAY"))))


def no_display(environ: Mapping[str, str], platform: str) -> bool:
    """Linux with no display at all (ssh, a container, a cron job) and no platform chosen: Qt
    would abort with 'could not connect to display'."""
    return (platform.startswith("linux") and not environ.get("QT_QPA_PLATFORM")
            and not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"))


NO_DISPLAY = ("Palmyra Archive cannot open its window: there is no display here (neither DISPLAY "
              "nor WAYLAND_DISPLAY is set, as over ssh or in a container). The command line works "
              "without one: run `palmyra-archive --help` to see its commands.")


def missing_packages(loads: Callable[[str], bool] | None = None,
                     packages: Mapping[str, str | None] = DEBIAN_PACKAGES) -> list[str]:
    """The Debian packages whose library cannot be loaded."""
    loads = loads or _loads
    return [package for package, soname in packages.items()
            if soname is not None and not loads(soname)]


def _wayland_message(environ: Mapping[str, str], loads) -> str | None:
    """Qt's wayland plugin cannot load: the sentence, unless Qt can fall back to X11 here
    (XWayland's DISPLAY with the xcb libraries all present, and no platform forced)."""
    missing = missing_packages(loads, WAYLAND_PACKAGES)
    if not missing:
        return None
    if (environ.get("DISPLAY") and not environ.get("QT_QPA_PLATFORM")
            and not missing_packages(loads)):
        return None
    named = ", ".join(f"{WAYLAND_PACKAGES[p]} (package {p})" for p in missing)
    return ("Palmyra Archive cannot open its window: the system libraries Qt needs to draw on this "
            f"Wayland desktop are missing: {named}; install them once with "
            f"`sudo apt-get install {' '.join(missing)}` (the Debian/Ubuntu names), and the "
            "command line works without them.")


def check(environ: Mapping[str, str] | None = None, platform: str | None = None,
          loads: Callable[[str], bool] | None = None) -> str | None:
    """A sentence saying what is missing (a display, or what to install) if Qt could not start
    here, else None."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if no_display(environ, platform):
        return NO_DISPLAY
    if uses_wayland(environ, platform) and not getattr(sys, "frozen", False):
        return _wayland_message(environ, loads)
    if not uses_xcb(environ, platform) or getattr(sys, "frozen", False):
        return None   # the standalone app carries its own copies, found through Qt's rpath
    missing = missing_packages(loads)
    if not missing:
        return None
    return ("Palmyra Archive cannot open its window: the system libraries Qt needs to draw on "
            f"this X11 desktop are missing ({', '.join(missing)}). Install them once with:\n"
            f"  {APT_LINE}\n"
            "(the Debian/Ubuntu names; other systems package the same libraries as xcb-util-cursor, "
            "libxkbcommon-x11 and so on). The command line works without them.")


def exit_if_missing() -> None:
    """Print the sentence and exit 1 instead of letting Qt abort."""
    message = check()
    if message:
        print(f"palmyra-archive: {message}", file=sys.stderr)
        raise SystemExit(1)
