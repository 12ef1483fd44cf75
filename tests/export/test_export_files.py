"""What ``export`` and ``backup`` do to the files they write: no silent overwrite, the umask's mode."""

from __future__ import annotations

import os
import stat

import pytest

from palmyra_archive.cli import main


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    try:
        yield 0o640
    finally:
        os.umask(old)


def test_export_refuses_to_replace_a_file_without_force(corpus_archive, tmp_path, capsys):
    out = tmp_path / "paper.zip"
    out.write_bytes(b"last week's bundle")
    args = ["--archive", str(corpus_archive.path), "export", "--scope", "all", "--out", str(out),
            "--formats", "csl", "--quiet"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert f"{out} already exists" in err and "--force" in err and "Traceback" not in err
    assert out.read_bytes() == b"last week's bundle"
    assert main(args + ["--force"]) == 0, capsys.readouterr().err
    assert out.read_bytes()[:2] == b"PK"


def test_a_bundle_gets_the_users_umask(corpus_archive, tmp_path, umask_027):
    out = tmp_path / "b.zip"
    corpus_archive.exports.export_bundle("all", out)
    assert stat.S_IMODE(out.stat().st_mode) == umask_027


def test_a_bundle_is_readable_by_others_under_the_usual_umask(corpus_archive, tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "b.zip"
        corpus_archive.exports.export_bundle("all", out)
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_a_backup_gets_the_users_umask(corpus_archive, tmp_path, capsys, umask_027):
    dest = tmp_path / "copy.sqlite"
    assert main(["--archive", str(corpus_archive.path), "backup", str(dest)]) == 0, \
        capsys.readouterr().err
    assert stat.S_IMODE(dest.stat().st_mode) == umask_027
