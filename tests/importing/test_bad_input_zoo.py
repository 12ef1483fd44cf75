"""The bad-input zoo: every kind of hostile input, generated here, each with its message.

Each case makes one path in a fresh folder and says what the import must report for it. The
cases are imported one by one (a named path) and then all together (a folder walk, where each
must still get its own line and nothing may hang).
"""

from __future__ import annotations

import os
import random
import signal
from pathlib import Path

import pytest

from palmyra_archive.core.importing.importer import MAX_FILE_BYTES

GOOD = "# A fine article\n\nBy Someone\n\n" + "Palmyra stands in the desert. " * 40 + "\n"
RLO, PDF = "\u202e", "\u202c"


def _write(name: str, data: bytes):
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path
    return make


def _huge(folder: Path) -> Path:
    path = folder / "huge.txt"
    with open(path, "wb") as handle:        # sparse: 20 MB and one byte on paper
        handle.truncate(MAX_FILE_BYTES + 1)
    return path


def _folder_named_like_a_file(folder: Path) -> Path:
    path = folder / "x.txt"
    path.mkdir()
    return path


def _dangling_link(folder: Path) -> Path:
    path = folder / "dangling.txt"
    path.symlink_to(folder / "gone-long-ago.txt")
    return path


def _link_to_folder(folder: Path) -> Path:
    target = folder.parent / f"{folder.name}-elsewhere"
    target.mkdir()
    (target / "inside.txt").write_text(GOOD, encoding="utf-8")
    path = folder / "linked-folder"
    path.symlink_to(target, target_is_directory=True)
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _unreadable(folder: Path) -> Path:
    path = folder / "locked.txt"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    return path


def _hidden_folder(folder: Path) -> Path:
    path = folder / ".cache"
    path.mkdir()
    (path / "secret.txt").write_text(GOOD, encoding="utf-8")
    return path


def _missing(folder: Path) -> Path:
    return folder / "never-existed.txt"


_rng = random.Random(21)
_noise = bytes(_rng.randrange(128, 256) for _ in range(3000))
_one_byte_noise = bytes([0xd3]) * 3000     # box drawing in koi8-r: no letters at all

#: (id, how to make it, expected status, words the message must contain)
ZOO = [
    ("empty", _write("empty.txt", b""), "failed", "is empty"),
    ("whitespace only", _write("blank.txt", b"  \n\n\t \r\n"), "failed", "is empty"),
    ("binary", _write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20),
     "failed", "binary file"),
    ("NUL bytes", _write("nul.txt", b"Title\n\nSome text\x00 more text" * 20), "failed", "NUL"),
    ("undecodable noise", _write("noise.txt", _noise), "failed", "could not be decoded"),
    ("one high byte repeated", _write("same.txt", _one_byte_noise), "failed", "could not be decoded"),
    ("invalid UTF-8 zoo 1", _write("zoo1.txt", b"Title\n\n" + b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xe2\x82"
                                   b"\x28\xf0\x28\x8c\xbc\xf0\x90\x28\xbc\xf8\xa1" * 20),
     "failed", "does not look like text in any language"),
    ("invalid UTF-8 zoo 2", _write("zoo2.txt", b"\x80\x81\xc0\xaf\xed\xa0\x80\xed\xbf\xbf\xc0\x80"
                                   b"\xe0\x80\xaf\xf4\x90\x80\x80" * 10),
     "failed", "most of it is invalid UTF-8"),
    ("a BOM then garbage", _write("bom.txt", b"\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1\xe2\x82\x28"
                                  b"\xf0\x28\x8c\xbc\xf0\x90\x28\xbc"),
     "failed", "does not look like text in any language"),
    ("a lone surrogate", _write("surrogate.txt", b"\xed\xa0\x80"), "failed", "could not be decoded"),
    ("a lone surrogate in UTF-8 text", _write(
        "one-bad.txt", GOOD.replace("desert.", "desert \udc80.", 1).encode("utf-8", "surrogatepass")),
     "imported", "encoding: 3 invalid UTF-8 sequences replaced"),
    ("Latin-1", _write("latin1.txt", GOOD.replace("fine", "café crème").encode("latin-1")),
     "imported", "encoding guessed (cp1252)"),
    ("zero-width only", _write("zw.txt", "\u200b\u200c\u200d\u2060\ufeff\u200b\n\u200b".encode()),
     "failed", "has no visible text"),
    ("bidi overrides", _write("bidi.txt", f"# {RLO}Reversed headline{PDF}\n\n{GOOD}".encode()),
     "imported", "Imported bidi.txt"),
    ("20 MB and a byte", _huge, "failed", "20.0 MB (20,971,521 bytes)"),
    ("a folder named like a file", _folder_named_like_a_file, "skipped", "a folder with no files"),
    ("a dangling symlink", _dangling_link, "failed", "which does not exist"),
    ("a symlink to a folder", _link_to_folder, "skipped", "symbolic link to a folder, not followed"),
    ("a FIFO", _fifo, "failed", "not a regular file"),
    ("unreadable", _unreadable, "failed", "permission denied"),
    ("a hidden folder", _hidden_folder, "skipped", "hidden folder"),
    ("missing", _missing, "failed", "no such file or folder"),
]
IN_FOLDERS_ONLY = {"a symlink to a folder", "a hidden folder"}   # named, they are followed
CASES = [pytest.param(*case[1:], id=case[0]) for case in ZOO]


@pytest.fixture
def no_hang():
    """A FIFO opened for reading blocks forever: fail the test instead of hanging the suite."""
    def timed_out(*_):
        raise TimeoutError("the import hung")
    previous = signal.signal(signal.SIGALRM, timed_out)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _skip_if_root_can_read(make):
    if make is _unreadable and os.geteuid() == 0:
        pytest.skip("root reads a chmod 000 file: this case needs an ordinary user")


@pytest.mark.parametrize("make, status, words", CASES)
def test_each_bad_input_gets_its_message(archive, tmp_path, no_hang, make, status, words):
    _skip_if_root_can_read(make)
    folder = tmp_path / "in"
    folder.mkdir()
    path = make(folder)
    named = folder if any(make is case[1] for case in ZOO if case[0] in IN_FOLDERS_ONLY) else path
    report = archive.importer.import_paths([named])
    lines = [o for o in report.outcomes if o.path == str(path)]
    assert len(lines) == 1, report.outcomes
    assert lines[0].status == status
    shown = lines[0].message + " " + " ".join(lines[0].needs_review)
    assert words in shown
    if status != "imported":
        assert archive.db.execute("SELECT count(*) FROM sources").fetchone()[0] == 0


def test_the_whole_zoo_in_one_folder_gets_one_line_each(archive, tmp_path, no_hang):
    folder = tmp_path / "zoo"
    folder.mkdir()
    expected = {}
    for _name, make, status, words in ZOO:
        if make is _unreadable and os.geteuid() == 0:
            continue
        if make is _missing:
            continue                         # a folder walk never finds what is not there
        expected[str(make(folder))] = (status, words)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    report = archive.importer.import_paths([folder])
    got = {o.path: o for o in report.outcomes}
    for path, (status, words) in expected.items():
        if path.endswith("x.txt"):           # an empty folder inside a folder: nothing to say
            continue
        outcome = got[path]
        assert outcome.status == status, (path, outcome.message)
        assert words in outcome.message + " " + " ".join(outcome.needs_review)
    assert got[str(folder / "good.txt")].status == "imported"
    assert not any(p.startswith(str(tmp_path / "zoo-elsewhere")) for p in got)   # not followed


def test_a_file_deleted_mid_import_is_told_apart_from_one_that_never_was(archive, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(GOOD.replace("fine", name), encoding="utf-8")

    def vanish(done, total, message):
        if "b.txt" in message:
            os.remove(folder / "b.txt")
    report = archive.importer.import_paths([folder, tmp_path / "never.txt"], progress=vanish)
    by_name = {Path(o.path).name: o.message for o in report.outcomes}
    assert "no longer there" in by_name["b.txt"]
    assert by_name["never.txt"] == "no such file or folder."


def test_bidi_controls_never_reach_the_terminal_raw(tmp_path, capsys):
    from palmyra_archive.cli import main
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"evil{RLO}txt.exe.txt").write_text(f"# {RLO}Reversed headline{PDF}\n\n{GOOD}",
                                                  encoding="utf-8")
    db = str(tmp_path / "a.sqlite")
    outputs = []
    for command in (["import", str(folder)], ["list"], ["list", "--json"]):
        assert main(["--archive", db, *command]) == 0
        outputs.append(capsys.readouterr().out)
    for out in outputs:
        assert RLO not in out and PDF not in out
    assert "evil[U+202E]txt.exe.txt" in outputs[0]   # the file name, made visible
    assert "Reversed headline" in outputs[1]         # the title, without its controls
    import json
    listing = json.loads(outputs[2])
    assert listing[0]["title"] == "Reversed headline"
    from palmyra_archive.core.archive import Archive
    with Archive.open(db) as archive:
        stored = archive.db.execute("SELECT sqlar_uncompress(content, size_bytes) FROM sources").fetchone()[0]
    assert RLO.encode() in bytes(stored)             # the source stays verbatim


def test_the_zoo_is_counted_in_the_readme():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"{len(ZOO)} kinds of bad input" in readme
