"""``backup`` and ``restore``: keeping the archive safe from the command line.

``restore`` runs without opening the archive first (``needs_archive=False``): the archive it
replaces may be too damaged to open, which is exactly when a restore is wanted.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from ..core.store import backups


def register(subparsers) -> None:
    backup = subparsers.add_parser(
        "backup", help="write a consistent copy of the archive to FILE (safe while the app is open)")
    backup.add_argument("file", type=Path, metavar="FILE")
    backup.set_defaults(func=run_backup)

    restore = subparsers.add_parser(
        "restore", help="replace the archive with the backup in FILE, after checking it "
                        "(the current archive is backed up first); with article IDs, bring "
                        "them back from the Trash")
    restore.add_argument("file", nargs="*", metavar="FILE|ID",
                         help="a backup file, or the ids of articles in the Trash")
    restore.add_argument("--copy", type=int, action="append", default=[], metavar="COPY_ID",
                         help="bring a copy trashed on its own back to its work (repeatable)")
    restore.add_argument("--force", action="store_true",
                         help="replace an archive that holds articles without asking")
    restore.set_defaults(func=run_restore, needs_archive=False)


def run_backup(args: argparse.Namespace, archive) -> int:
    path = archive.backups.backup(args.file)
    count = archive.db.execute("SELECT count(*) FROM articles").fetchone()[0]
    print(f"Backed up {count} article{'s' if count != 1 else ''} to {path}.")
    return 0


def run_restore(args: argparse.Namespace, archive_path: Path) -> int:
    from .manage import restore_from_trash, restore_ids
    if args.copy:             # `restore --copy 7`: one copy of a work out of the Trash (#20)
        ids = restore_ids(args.file) if args.file else []
        if ids is None:
            print("palmyra-archive: restore --copy takes copy ids (and article ids), not a backup FILE.",
                  file=sys.stderr)
            return 2
        return restore_from_trash(ids, archive_path, args.copy)
    if not args.file:
        print("palmyra-archive: say which backup FILE to restore (or article ids from the Trash, "
              "or --copy COPY_ID).", file=sys.stderr)
        return 2
    ids = restore_ids(args.file)
    if ids is not None:   # `restore 12 14`: articles out of the Trash (#20)
        return restore_from_trash(ids, archive_path)
    if len(args.file) > 1:
        print("palmyra-archive: restore takes one backup FILE (or article ids from the Trash).",
              file=sys.stderr)
        return 2
    args.file = Path(args.file[0])
    found = backups.check_backup(args.file)
    current = _current_article_count(archive_path)
    if current and not args.force:
        print(f"This would replace the archive at {archive_path} ({current} articles) with "
              f"{args.file} ({found.article_count} articles). The current archive would be "
              "backed up first. Run again with --force to go ahead.", file=sys.stderr)
        return 1
    saved = backups.restore(args.file, archive_path)
    print(f"Restored {found.article_count} articles from {args.file} into {archive_path}.")
    if saved:
        print(f"The archive as it was is saved in {saved}.")
    return 0


def _current_article_count(archive_path: Path) -> int | None:
    """How many articles the restore would replace (``None``: no archive or unreadable)."""
    if not archive_path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{archive_path}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return None

