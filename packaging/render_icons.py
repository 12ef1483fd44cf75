"""Render the hand-drawn app icon (SVG) to the PNG sizes desktops ask for.

Why a script: the SVG is the one source; the PNGs are committed (they are small) so a build
needs no SVG tool, and this script re-makes them after the SVG changes:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py

``--platform-icons DIR`` writes the Windows ``.ico`` and macOS ``.icns`` into DIR instead;
the PyInstaller spec calls it on those platforms (they are large uncompressed, so not committed).

Uses Qt's own SVG renderer, which the app already depends on.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons" / "app"
APP_ID = "org.palmyra.Archive"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    return ICON_DIR / f"{APP_ID}-{size}.png"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def write_platform_icons(renderer: QSvgRenderer, folder: Path) -> bool:
    """``palmyra-archive.ico`` (256 px, Windows) and ``palmyra-archive.icns`` (512 px, macOS)."""
    folder.mkdir(parents=True, exist_ok=True)
    return (render(renderer, 256).save(str(folder / "palmyra-archive.ico"), "ICO")
            and render(renderer, 512).save(str(folder / "palmyra-archive.icns"), "ICNS"))


def main(argv: list[str]) -> int:
    app = QGuiApplication.instance() or QGuiApplication(argv[:1])  # noqa: F841 (keeps Qt alive)
    renderer = QSvgRenderer(str(ICON_DIR / f"{APP_ID}.svg"))
    if not renderer.isValid():
        print("The SVG icon could not be read.", file=sys.stderr)
        return 1
    if len(argv) == 3 and argv[1] == "--platform-icons":
        return 0 if write_platform_icons(renderer, Path(argv[2])) else 1
    for size in SIZES:
        if not render(renderer, size).save(str(png_path(size)), "PNG", 9):
            print(f"Could not write {png_path(size)}", file=sys.stderr)
            return 1
    print(f"Wrote {len(SIZES)} PNGs to {ICON_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
