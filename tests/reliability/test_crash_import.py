"""``kill -9`` the importer at random moments: the archive must stay whole every time.

A subprocess runs ``palmyra-archive --archive X import DIR`` over a few hundred files and is
killed at a random point, again and again (resuming the same archive each time, as a user
would). After every kill the archive passes ``PRAGMA integrity_check`` and the FTS index
checks, each article has its primary copy, source, body and import event, nothing is
orphaned; a last uninterrupted run finishes the job without a single duplicate.
"""

from __future__ import annotations

import random
import signal
import time

from palmyra_archive.core.archive import Archive

from .helpers import assert_archive_whole, cli, cli_popen, write_articles

FILES = 240
KILLS = 20


def _calibrate(tmp_path, folder) -> float:
    """How long one whole import takes on this machine (so kills land all along it)."""
    started = time.monotonic()
    done = cli("--archive", str(tmp_path / "calibrate.sqlite"), "import", str(folder))
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def test_kill_9_during_import_never_leaves_a_half_written_article(tmp_path):
    folder = tmp_path / "incoming"
    write_articles(folder, FILES)
    whole_run = _calibrate(tmp_path, folder)
    path = tmp_path / "crashy.sqlite"
    Archive.open(path).close()
    rng = random.Random(20261123)
    history = []
    for attempt in range(KILLS):
        if attempt % 4 == 0 and attempt:  # now and then start over, so kills also hit early inserts
            for leftover in tmp_path.glob("crashy.sqlite*"):
                leftover.unlink()
            Archive.open(path).close()
        proc = cli_popen("--archive", str(path), "import", str(folder))
        time.sleep(rng.uniform(0.05, whole_run * 0.9))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
        counts = assert_archive_whole(path)
        assert counts["articles"] == counts["sources"] == counts["copies"] <= FILES
        history.append(counts["articles"])
    # The kills landed in the middle of imports, not only before or after them.
    assert any(0 < n < FILES for n in history), history
    done = cli("--archive", str(path), "import", str(folder))
    assert done.returncode == 0, done.stderr
    counts = assert_archive_whole(path)
    assert counts["articles"] == counts["sources"] == counts["copies"] == FILES
    again = cli("--archive", str(path), "import", str(folder))
    assert again.returncode == 0
    assert assert_archive_whole(path)["articles"] == FILES
