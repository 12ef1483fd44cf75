"""The export formats are one registry (``payload.FORMATS``): the CLI's choices, the Export
window's check boxes, the writer's steps and the bundle README's lines all come from it."""

from __future__ import annotations

import pytest

from palmyra_archive.core.export import payload, readme


def test_every_registered_file_is_written_and_described(exported):
    _archive, _zip, bag = exported
    text = (bag / "data" / "README.md").read_text(encoding="utf-8")
    for fmt in payload.FORMATS.values():
        for f in fmt.files:
            assert (bag / "data" / f.rel).is_file(), f.rel
            assert f"`data/{f.rel}`: {f.description}" in text
    assert f"`data/{readme.PALMYRA_JSON[0]}`: {readme.PALMYRA_JSON[1]}" in text


def test_the_export_window_offers_each_registered_format(qtbot, tmp_path):
    pytest.importorskip("PySide6")
    from tests.support.gui_support import open_window
    windows = open_window(qtbot, tmp_path / "registry.palmyra.sqlite")
    window = next(windows)
    dialog = window.exporting.open_dialog()
    assert list(dialog.format_boxes) == list(payload.FORMATS)
    assert [b.text() for b in dialog.format_boxes.values()] == [f.label for f in payload.FORMATS.values()]
    dialog.reject()
    windows.close()


def test_the_cli_accepts_each_registered_format(capsys):
    from palmyra_archive.cli import main
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    help_text = "".join(capsys.readouterr().out.split())     # argparse wraps the long list
    assert "anyof:" + ",".join(payload.FORMATS) in help_text
