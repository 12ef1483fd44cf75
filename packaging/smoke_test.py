"""Start a built Palmyra Archive the way a researcher would, offscreen, and check it works.

    .venv/bin/python packaging/smoke_test.py dist/palmyra-archive/palmyra-archive

(`make package-check` builds the app and runs this.) Each step runs the frozen binary with a
fresh HOME, so it finds nothing of the developer's: what it needs must be inside the bundle.

1. ``--version`` prints pyproject's version (metadata travelled with the app);
2. ``import corpus/`` into a new archive, then ``list --json`` shows the 5 articles;
3. ``--smoke-test`` opens the desktop app on a new default archive, which seeds itself from the
   bundled corpus off the GUI thread, and quits with 0 once that is done;
4. an archive from a newer version is refused with the readable message, exit status 1.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 180
CORPUS_ARTICLES = 5


class SmokeFailure(Exception):
    pass


def fresh_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PALMYRA_ARCHIVE", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    for var, sub in (("HOME", ""), ("XDG_DATA_HOME", ".local/share"),
                     ("XDG_CONFIG_HOME", ".config"), ("XDG_STATE_HOME", ".local/state"),
                     ("XDG_CACHE_HOME", ".cache")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run(binary: Path, args: list[str], env: dict[str, str], *, expect: int = 0) -> str:
    started = time.monotonic()
    result = subprocess.run([str(binary), *args], env=env, cwd=env["HOME"], capture_output=True,
                            text=True, timeout=TIMEOUT, check=False)
    print(f"  {' '.join(args)}  -> {result.returncode} ({time.monotonic() - started:.1f} s)")
    if result.returncode != expect:
        raise SmokeFailure(f"`{' '.join(args)}` exited {result.returncode}, expected {expect}:\n"
                           f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result.stdout + result.stderr


def check_version(binary: Path, env: dict[str, str]) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    out = run(binary, ["--version"], env)
    if out.strip() != f"palmyra-archive {version}":
        raise SmokeFailure(f"--version printed {out.strip()!r}, expected version {version}")


def check_import_and_list(binary: Path, env: dict[str, str], archive: Path) -> None:
    run(binary, ["--archive", str(archive), "import", str(ROOT / "corpus")], env)
    listed = json.loads(run(binary, ["--archive", str(archive), "list", "--json"], env))
    if len(listed) != CORPUS_ARTICLES:
        raise SmokeFailure(f"list --json shows {len(listed)} articles, expected {CORPUS_ARTICLES}")


def check_gui_start(binary: Path, env: dict[str, str], archive: Path) -> None:
    out = run(binary, ["--smoke-test"], {**env, "PALMYRA_ARCHIVE": str(archive)})
    if f"window shown, {CORPUS_ARTICLES} articles" not in out:
        raise SmokeFailure(f"the desktop app did not seed the bundled corpus:\n{out[-2000:]}")


def check_newer_archive_refused(binary: Path, env: dict[str, str], archive: Path) -> None:
    conn = sqlite3.connect(archive)
    conn.execute("PRAGMA user_version = 9999")
    conn.close()
    out = run(binary, ["--archive", str(archive), "list", "--json"], env, expect=1)
    if "newer Palmyra Archive" not in out:
        raise SmokeFailure(f"a too-new archive was not refused plainly:\n{out[-2000:]}")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    binary = Path(argv[1]).resolve()
    if not binary.is_file():
        print(f"No built app at {binary}: run `make package` first.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="palmyra-smoke-") as tmp:
        env = fresh_env(Path(tmp) / "home")
        print(f"Smoke-testing {binary}")
        try:
            check_version(binary, env)
            check_import_and_list(binary, env, Path(tmp) / "cli.palmyra.sqlite")
            check_gui_start(binary, env, Path(tmp) / "gui.palmyra.sqlite")
            check_newer_archive_refused(binary, env, Path(tmp) / "cli.palmyra.sqlite")
        except (SmokeFailure, subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
            print(f"FAILED: {exc}", file=sys.stderr)
            return 1
    print("The packaged app works.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
