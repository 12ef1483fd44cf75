"""``versions``: review the version links the importer proposed, and those made by name alone
before 0.2 (issue #18). Nothing is linked or separated until the user says so here or in the app."""

from __future__ import annotations

import argparse

from ..core.importing.versions import dumps


def register(subparsers) -> None:
    p = subparsers.add_parser("versions", help="review proposed new versions: list, confirm, reject")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--review", action="store_true",
                       help="list the proposed versions and the links made by name alone before 0.2")
    group.add_argument("--confirm", type=int, metavar="N", help="make proposal N a new version")
    group.add_argument("--reject", type=int, metavar="N", help="keep the files of proposal N apart")
    p.add_argument("--json", action="store_true", help="print JSON (with --review)")
    p.set_defaults(func=run_versions)


def run_versions(args: argparse.Namespace, archive) -> int:
    review = archive.versions
    if args.confirm is not None:
        print(review.confirm(args.confirm).message)
        return 0
    if args.reject is not None:
        print(review.reject(args.reject).message)
        return 0
    proposals = review.list()
    if args.json:
        print(dumps(proposals))
        return 0
    if not proposals:
        print("No proposed versions to review.")
        return 0
    for p in proposals:
        kind = "linked, by name only" if p.linked else "proposed"
        print(f"{p.id:>4}  {p.original_path or p.filename}\n      new version of "
              f"{p.candidate_path or p.candidate_filename}? ({kind}: {p.evidence})")
    print(f"{len(proposals)} to review: `versions --confirm N` links them, `--reject N` keeps them apart.")
    return 0
