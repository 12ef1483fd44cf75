"""What we ship around the code: the wheel's contents, the desktop entry, AppStream metainfo, the
Flatpak manifest and the icon set. Each file repeats a fact held elsewhere (the command name, the
app id, the version, the dependency list); these tests fail when the copies drift apart.

External validators (appstreamcli, desktop-file-validate) run when installed and skip, saying
why, when not. Building and running the frozen app is ``make package-check`` (see packaging/README.md).
"""

from __future__ import annotations

import configparser
import json
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
import zipfile

import pytest
from conftest import ROOT

APP_ID = "org.palmyra.Archive"
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
FLATPAK = PACKAGING / "flatpak" / f"{APP_ID}.json"
ICON_DIR = ROOT / "resources" / "icons" / "app"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
CORPUS_FIRST = sorted(p.name for p in (ROOT / "corpus").glob("*.txt"))[0]


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


# -- the wheel -----------------------------------------------------------------------------------

def _copy_source_tree(dest) -> None:
    """The files a build reads, symlinks kept as symlinks (as in a git checkout)."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, dest / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("palmyra_archive", "corpus", "resources"):
        shutil.copytree(ROOT / name, dest / name, symlinks=True, ignore=ignore)


@pytest.mark.slow
def test_wheel_contains_corpus_resources_and_schema(tmp_path):
    """``_data/corpus`` and ``_data/resources`` are symlinks; the wheel must hold real files."""
    source = tmp_path / "src"
    source.mkdir()
    _copy_source_tree(source)
    assert (source / "palmyra_archive" / "_data" / "corpus").is_symlink()
    # The same isolated build pip does for `make setup` (pyproject's build-system), a few seconds.
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--quiet",
         "-w", str(tmp_path / "wheel")],
        cwd=source, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    [wheel] = (tmp_path / "wheel").glob("palmyra_archive-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())

    expected = {"palmyra_archive/core/store/schema_v1.sql"}
    for folder in ("corpus", "resources"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                expected.add(f"palmyra_archive/_data/{folder}/{path.relative_to(ROOT / folder)}")
    assert any(name.endswith(".txt") for name in expected)  # the corpus really was listed
    assert sorted(expected - names) == []


# -- desktop entry and AppStream -----------------------------------------------------------------

def test_desktop_entry_launches_our_command_with_our_icon():
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Palmyra Archive"
    assert entry["Exec"].split()[0] in pyproject()["project"]["scripts"]
    assert entry["Icon"] == APP_ID
    assert (ICON_DIR / f"{APP_ID}.svg").is_file()
    assert entry["Categories"].endswith(";")


def test_desktop_entry_passes_desktop_file_validate():
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (apt-get install desktop-file-utils)")
    result = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_names_the_desktop_entry_binary_and_current_version():
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == DESKTOP.name
    assert root.find("provides/binary").text == desktop_entry()["Exec"].split()[0]
    assert root.findtext("project_license") == pyproject()["project"]["license"]   # SPDX, both
    newest = root.find("releases/release")
    assert newest.get("version") == pyproject()["project"]["version"], (
        "add a <release> for the new version to the metainfo when pyproject's version changes")


def test_metainfo_passes_appstreamcli_validate():
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli is not installed (apt-get install appstream)")
    result = subprocess.run([tool, "validate", "--no-net", "--explain", str(METAINFO)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# -- Flatpak manifest ----------------------------------------------------------------------------

def flatpak_manifest() -> dict:
    return json.loads(FLATPAK.read_text("utf-8"))


def test_flatpak_manifest_runs_our_command_under_our_id():
    manifest = flatpak_manifest()
    assert manifest["id"] == APP_ID
    assert manifest["command"] in pyproject()["project"]["scripts"]
    assert manifest["runtime"] == "org.kde.Platform" and manifest["sdk"] == "org.kde.Sdk"
    # PySide6 comes from the BaseApp, built for the same Qt as the runtime.
    assert manifest["base"] == "io.qt.PySide.BaseApp"
    assert manifest["base-version"] == manifest["runtime-version"]
    assert not any(arg in manifest["finish-args"] for arg in ("--filesystem=host",
                                                              "--share=network"))


def test_flatpak_manifest_installs_every_dependency_with_pyproject_pins():
    """Every dependency but PySide6 (from the BaseApp) with exactly pyproject's version range."""
    [deps_module] = [m for m in flatpak_manifest()["modules"] if m["name"] == "python3-dependencies"]
    installed = set(re.findall(r"'([^']+)'", " ".join(deps_module["build-commands"])))
    wanted = {dep for dep in pyproject()["project"]["dependencies"]
              if not dep.lower().startswith("pyside6")}
    assert installed == wanted


def test_flatpak_manifest_installs_files_that_exist():
    [app] = [m for m in flatpak_manifest()["modules"] if m["name"] == "palmyra-archive"]
    commands = " ".join(app["build-commands"])
    sources = re.findall(r"install -Dm644 (\S+) ", commands)
    assert sources, "the app module installs no files"
    sizes = re.search(r"for size in ([\d ]+);", commands).group(1).split()
    for source in sources:
        for size in (sizes if "${size}" in source else [None]):
            path = ROOT / source.replace("${size}", size or "")
            assert path.is_file(), f"the Flatpak manifest installs {path}, which is missing"
    assert (FLATPAK.parent / app["sources"][0]["path"]).resolve() == ROOT.resolve()
    for target in (f"share/applications/{DESKTOP.name}", f"share/metainfo/{METAINFO.name}",
                   f"share/icons/hicolor/scalable/apps/{APP_ID}.svg"):
        assert target in commands


# -- icons ---------------------------------------------------------------------------------------

def test_icon_svg_is_square_and_uses_two_colours():
    root = ET.parse(ICON_DIR / f"{APP_ID}.svg").getroot()
    assert root.get("viewBox") == "0 0 512 512"
    fills = {el.get("fill") for el in root.iter() if el.get("fill")}
    assert fills == {"#1e3a5f", "#e9b96e"}


@pytest.mark.gui
def test_png_icons_are_current_renders_of_the_svg(qapp):
    """Re-run packaging/render_icons.py after editing the SVG; this fails until you do."""
    sys.path.insert(0, str(PACKAGING))
    try:
        import render_icons
    finally:
        sys.path.remove(str(PACKAGING))
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer

    assert render_icons.SIZES == ICON_SIZES
    renderer = QSvgRenderer(str(ICON_DIR / f"{APP_ID}.svg"))
    for size in ICON_SIZES:
        committed = QImage(str(ICON_DIR / f"{APP_ID}-{size}.png"))
        assert (committed.width(), committed.height()) == (size, size)
        fresh = render_icons.render(renderer, 64 if size > 64 else size)
        scaled = committed if size <= 64 else committed.scaled(64, 64)
        assert _mean_difference(fresh, scaled) < 8, f"{size} px PNG differs from the SVG"


def _mean_difference(a, b) -> float:
    from PySide6.QtGui import QColor

    total = 0
    for y in range(a.height()):
        for x in range(a.width()):
            ca, cb = QColor(a.pixelColor(x, y)), QColor(b.pixelColor(x, y))
            total += sum(abs(p - q) for p, q in zip(ca.getRgb(), cb.getRgb()))
    return total / (a.width() * a.height() * 4)


# -- the app's hidden smoke-test start (what packaging/smoke_test.py runs on the frozen app) ------

@pytest.mark.slow
@pytest.mark.gui
def test_smoke_test_start_seeds_a_new_archive_and_exits_cleanly(tmp_path, monkeypatch):
    from palmyra_archive.core.archive import Archive

    path = tmp_path / "smoke.palmyra.sqlite"
    monkeypatch.setenv("PALMYRA_ARCHIVE", str(path))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    result = subprocess.run([sys.executable, "-m", "palmyra_archive", "--smoke-test"],
                            capture_output=True, text=True, timeout=180, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "smoke test: window shown, 5 articles" in result.stdout
    with Archive.open(path, create=False) as archive:
        assert archive.articles.total_count() == 5


# -- per-user desktop install of the built app ----------------------------------------------------

def test_install_desktop_script_puts_the_app_in_the_menu_and_uninstall_removes_it(tmp_path):
    dist = tmp_path / "dist" / "palmyra-archive"
    (dist / "_internal").mkdir(parents=True)
    binary = dist / "palmyra-archive"
    binary.write_text("#!/bin/sh\necho palmyra-archive 0.0.test\n")
    binary.chmod(0o755)
    prefix = tmp_path / "prefix"
    script = PACKAGING / "linux" / "install-desktop.sh"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PREFIX": str(prefix)}

    result = subprocess.run(["bash", str(script), str(dist)], env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    link = prefix / "bin" / "palmyra-archive"
    assert subprocess.run([str(link)], capture_output=True, text=True, check=False).stdout.strip() == \
        "palmyra-archive 0.0.test"
    installed = (prefix / "share" / "applications" / DESKTOP.name).read_text("utf-8")
    assert f"Exec={link}\n" in installed and f"TryExec={link}\n" in installed
    for size in ICON_SIZES:
        assert (prefix / f"share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png").is_file()
    assert (prefix / "share" / "metainfo" / METAINFO.name).is_file()

    result = subprocess.run(["bash", str(script), "--uninstall"], env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert not link.exists() and not (prefix / "lib" / "palmyra-archive").exists()
    assert not (prefix / "share" / "applications" / DESKTOP.name).exists()


def test_install_desktop_script_refuses_without_a_build(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PREFIX": str(tmp_path / "prefix")}
    result = subprocess.run(["bash", str(PACKAGING / "linux" / "install-desktop.sh"),
                             str(tmp_path / "nothing")], env=env, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 1
    assert "run 'make package' first" in result.stderr
    assert not (tmp_path / "prefix").exists()


# -- the frozen app's folders ---------------------------------------------------------------------

def test_frozen_app_reads_corpus_and_resources_from_its_bundle(tmp_path, monkeypatch):
    """PyInstaller unpacks into ``sys._MEIPASS``; the spec puts our folders where paths.py looks."""
    from palmyra_archive.core.store import paths

    spec = (PACKAGING / "palmyra-archive.spec").read_text("utf-8")
    for name in ("corpus", "resources"):
        assert f'"palmyra_archive/_data/{name}"' in spec
        (tmp_path / "palmyra_archive" / "_data" / name).mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.corpus_dir() == tmp_path / "palmyra_archive" / "_data" / "corpus"
    assert paths.resources_dir() == tmp_path / "palmyra_archive" / "_data" / "resources"
    monkeypatch.delattr(sys, "_MEIPASS")
    assert paths.corpus_dir() != tmp_path / "palmyra_archive" / "_data" / "corpus"
    assert (paths.corpus_dir() / CORPUS_FIRST).is_file()


def test_metadata_is_the_pep_639_form_setuptools_no_longer_warns_about():
    project, build = pyproject()["project"], pyproject()["build-system"]
    assert project["license"] == "GPL-3.0-or-later"
    assert all((ROOT / name).is_file() for name in project["license-files"])
    assert not any(c.startswith("License ::") for c in project["classifiers"])
    assert "setuptools>=77" in build["requires"]   # the first to read a license expression
