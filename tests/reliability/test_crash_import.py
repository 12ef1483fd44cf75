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

import pytest

from palmyra_archive.core.archive import Archive

from .helpers import assert_archive_whole, cli, cli_popen, write_articles

FILES = 1000   # several batches of a bulk import (see core/importing/batches.py), so kills land between and inside them
KILLS = 20
MAX_ATTEMPTS = 80  # a resumed run skips what is stored and ends sooner, so some kills come too late


def _calibrate(tmp_path, folder) -> float:
    """How long one whole import takes on this machine (so kills land all along it)."""
    started = time.monotonic()
    done = cli("--archive", str(tmp_path / "calibrate.sqlite"), "import", str(folder))
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def _fresh(path) -> None:
    for leftover in path.parent.glob(f"{path.name}*"):
        leftover.unlink()
    Archive.open(path).close()


@pytest.mark.slow
def test_kill_9_during_import_never_leaves_a_half_written_article(tmp_path):
    folder = tmp_path / "incoming"
    write_articles(folder, FILES)
    whole_run = _calibrate(tmp_path, folder)
    path = tmp_path / "crashy.sqlite"
    rng = random.Random(20261123)
    kills, partial = 0, []
    for attempt in range(MAX_ATTEMPTS):
        if kills == KILLS:
            break
        if attempt % 3 == 0:  # mostly resume a half-done archive; now and then start over
            _fresh(path)
        proc = cli_popen("--archive", str(path), "import", str(folder))
        time.sleep(rng.uniform(0.05, 0.7 * whole_run))  # the calibrated run may have been slowed by load
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=60)
        proc.stdout.close()
        proc.stderr.close()
        counts = assert_archive_whole(path)
        assert counts["articles"] == counts["sources"] == counts["copies"] <= FILES
        if 0 < counts["articles"] < FILES:
            partial.append(counts["articles"])
    assert kills == KILLS, f"only {kills} runs were still going when the kill came"
    # The kills landed in the middle of imports, not only before or after them. (A bulk import
    # commits in batches, so a kill mid-batch often leaves the count where the last batch left it.)
    print("whole run", whole_run, "attempts", attempt, "partial", partial)
    assert len(partial) >= 2, partial
    done = cli("--archive", str(path), "import", str(folder))
    assert done.returncode == 0, done.stderr
    counts = assert_archive_whole(path)
    assert counts["articles"] == counts["sources"] == counts["copies"] == FILES
    again = cli("--archive", str(path), "import", str(folder))
    assert again.returncode == 0
    assert assert_archive_whole(path)["articles"] == FILES
