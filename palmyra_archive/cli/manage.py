"""``trash``, ``restore ID…``, ``review``, ``merge``: managing the library (issue #20).

``restore`` is shared with the backup command (cli/maintenance.py): article ids restore from
the Trash, a file name restores a backup.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser("trash", help="move articles to the Trash (--list shows it, "
                                            "--empty removes what is in it for good)")
    p.add_argument("ids", nargs="*", type=int, metavar="ID")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--list", action="store_true", help="list the articles in the Trash")
    group.add_argument("--empty", action="store_true",
                       help="remove the articles in the Trash (or only IDs) for good")
    group.add_argument("--copy", type=int, action="append", default=[], metavar="COPY_ID",
                       help="move one copy of a work to the Trash (the work keeps its other "
                            "copies; `show ID --json` lists them under copies); repeatable")
    p.add_argument("--yes", action="store_true", help="with --empty: do not ask")
    p.add_argument("--json", action="store_true", help="print JSON (with --list)")
    p.set_defaults(func=run_trash)

    p = subparsers.add_parser("review", help="an article's needs-review reasons with how to resolve "
                                             "each; --mark REASON marks one reviewed")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--mark", metavar="REASON", action="append", default=[],
                   help='mark a reason reviewed (the value stays unknown), e.g. "caption truncated"')
    p.add_argument("--unmark", metavar="REASON", action="append", default=[],
                   help="open a reason marked reviewed again")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_review)

    p = subparsers.add_parser("merge", help="merge works the importer kept apart: the first ID "
                                            "is kept, the others' copies join it")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    p.add_argument("--title-from", type=int, metavar="ID", help="whose title stands (default: the first)")
    p.add_argument("--authors-from", type=int, metavar="ID",
                   help="whose authors stand (default: the first)")
    p.set_defaults(func=run_merge)

    p = subparsers.add_parser("citation", help="an article's URL, archived URL, accessed date, DOI "
                                               "and language: extracted value beside yours")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--url", help="the page's address")
    p.add_argument("--archived-url", help="a Wayback or archive.today address of the page")
    p.add_argument("--accessed", help='when you read it: 2016-03-27, "27 March 2016", "mars 2016", 2016')
    p.add_argument("--doi", help="10.1234/abcd (or a https://doi.org/ address)")
    p.add_argument("--language", help="ISO 639 code: fr, en, ar…")
    p.add_argument("--clear", action="append", default=[], metavar="FIELD",
                   choices=["url", "archived_url", "accessed", "doi", "language"],
                   help="back to the extracted value (or none)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_citation)

    p = subparsers.add_parser("cite", help="print the bibliography entries and citation keys of "
                                           "articles (what Copy citation copies)")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    p.add_argument("--style", default=None, help="a citation style (default chicago-author-date)")
    p.add_argument("--html", action="store_true", help="print the entries as HTML")
    p.set_defaults(func=run_cite)


def run_trash(args: argparse.Namespace, archive) -> int:
    trash = archive.trash
    if args.copy:
        if args.ids:
            print("palmyra-archive: trash --copy takes copy ids only (trash ID… moves whole articles).")
            return 2
        for copy_id in args.copy:
            print(trash.trash_copy(copy_id).message + f" `restore --copy {copy_id}` brings it back.")
        return 0
    if args.list:
        items = trash.list()
        copies = trash.copies()
        if args.json:
            import json
            from dataclasses import asdict

            from ..core.library.trash import dumps
            print(dumps(items) if not copies else json.dumps(
                {"articles": json.loads(dumps(items)), "copies": [asdict(c) for c in copies]},
                ensure_ascii=False, indent=2))
        elif not items and not copies:
            print("The Trash is empty.")
        else:
            for item in items:
                print(f"{item.id:>6}  {item.title}  (trashed {item.trashed_at[:16].replace('T', ' ')})")
            for c in copies:
                print(f"  copy {c.copy_id} of article {c.article_id}: {c.title} — "
                      f"{c.outlet or 'outlet unknown'}, {c.source}  (trashed {c.trashed_at[:16].replace('T', ' ')})")
            print(f"{len(items) + len(copies)} in the Trash: `restore ID…` (`restore --copy ID` for a copy) "
                  "brings them back, `trash --empty` removes them for good.")
        return 0
    if args.empty:
        plan = trash.plan(args.ids or None)
        if not plan.article_ids and not plan.copy_ids:
            print("The Trash is empty.")
            return 0
        print(plan.describe())
        if not args.yes and not _confirmed():
            print("Nothing was removed.")
            return 1
        print(trash.empty(args.ids or None).message)
        return 0
    if not args.ids:
        print("palmyra-archive: say which articles to move to the Trash (trash ID…), "
              "or use --list or --empty.")
        return 2
    print(trash.trash(args.ids).message + " `restore ID…` brings them back.")
    return 0


def run_review(args: argparse.Namespace, archive) -> int:
    import json
    review = archive.review
    for reason in args.mark:
        print(review.mark_reviewed(args.id, reason).message)
    for reason in args.unmark:
        print(review.unmark_reviewed(args.id, reason).message)
    items = review.items(args.id)
    if args.json:
        print(json.dumps([i.as_json() for i in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print(f"Article {args.id} was not flagged for review.")
        return 0
    for item in items:
        print(f"  [{item.state}] {item.reason}: {item.meaning}")
        if item.open:
            print(f"      {item.how_to_resolve}")
    left = sum(i.open for i in items)
    print(f"{left} reason{'s' if left != 1 else ''} left open." if left else "Nothing left to review.")
    return 0


def run_merge(args: argparse.Namespace, archive) -> int:
    ids = list(dict.fromkeys(args.ids))
    changes = archive.works.merge(ids[0], ids[1:], title_from=args.title_from,
                                  authors_from=args.authors_from)
    print(changes.message)
    return 0


def run_citation(args: argparse.Namespace, archive) -> int:
    import json

    from ..core.store.records import UNSET
    values = {f: getattr(args, f) for f in ("url", "archived_url", "accessed", "doi", "language")}
    values = {f: v for f, v in values.items() if v is not None}
    values.update({f: None for f in args.clear})
    fields = archive.citation_fields
    if values:
        print(fields.set(args.id, **{f: values.get(f, UNSET) for f in values}).message)
    shown = fields.get(args.id)
    if args.json:
        print(json.dumps(shown, ensure_ascii=False, indent=2))
        return 0
    for field, d in shown.items():
        extracted = d["extracted"] if d["extracted"] is not None else "—"
        yours = f"  (yours: {d['corrected']})" if d["corrected"] is not None else ""
        print(f"  {field:<13} {extracted}{yours}")
    return 0


def run_cite(args: argparse.Namespace, archive) -> int:
    from ..core.library.citation import cite
    citation = cite(archive, args.ids, args.style)
    print(citation.html if args.html else citation.text)
    print()
    print(citation.pandoc)
    print(citation.latex)
    return 0


def _confirmed() -> bool:
    import sys
    if not sys.stdin or not sys.stdin.isatty():   # not a terminal: never remove without --yes
        print("Run again with --yes to remove them.")
        return False
    try:
        answer = input("Remove them for good? [y/N] ")
    except (EOFError, OSError):
        return False
    return answer.strip().lower() in ("y", "yes")


def restore_ids(targets: list[str]) -> list[int] | None:
    """The article ids ``restore`` was given, or None when it names a backup file."""
    if all(t.isdigit() for t in targets) and not (len(targets) == 1 and Path(targets[0]).exists()):
        return [int(t) for t in targets]
    return None


def restore_from_trash(ids: list[int], archive_path: Path, copies: Sequence[int] = ()) -> int:
    from ..core.archive import Archive
    with Archive.open(archive_path, create=False) as archive:
        if ids:
            print(archive.trash.restore(ids).message)
        for copy_id in copies:
            print(archive.trash.restore_copy(copy_id).message)
    return 0


__all__ = ["register", "restore_ids", "restore_from_trash"]
