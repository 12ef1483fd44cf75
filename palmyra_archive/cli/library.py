"""``import``, ``list``, ``show``, ``search``, ``edit``, ``verify``, ``events``: the library headless.

Each command calls the same core service the desktop app calls and prints either text for a
person or ``--json`` for a script. Exit status 1 means something the user asked for failed
(a file that could not be imported, a search that could not be understood, a mismatching source).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from ..core.store.errors import PalmyraError
from ..core.store.records import UNSET, EventRecord, LibraryQuery

#: past this many files, import lists only the files that failed or were skipped
QUIET_FROM = 20
CORRECTABLE = ("title", "authors", "outlet", "date", "section", "original_outlet", "original_date")


def register(subparsers) -> None:
    p = subparsers.add_parser("import", help="import article files or folders of them")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="a line for every file (otherwise, past 20 files, only for failed and "
                        "skipped ones)")
    p.set_defaults(func=run_import)

    p = subparsers.add_parser("list", help="list the articles in the archive")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--sort", default="id", help="id, title, authors, outlet, date, words, …")
    p.add_argument("--needs-review", action="store_true", help="only articles that need review")
    p.set_defaults(func=run_list)

    p = subparsers.add_parser("show", help="show one article with its provenance")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_show)

    p = subparsers.add_parser("search", help='full-text search ("a phrase", word*, OR, NOT)')
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=run_search)

    p = subparsers.add_parser("edit", help="correct an article's metadata (stored beside the extracted value)")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--title")
    p.add_argument("--author", action="append", dest="authors", metavar="NAME",
                   help="an author (repeat for several)")
    p.add_argument("--outlet")
    p.add_argument("--date", help='YYYY-MM-DD, YYYY-MM, YYYY, or as printed ("March 2016")')
    p.add_argument("--section")
    p.add_argument("--original-outlet", dest="original_outlet")
    p.add_argument("--original-date", dest="original_date",
                   help='YYYY-MM-DD, YYYY-MM, YYYY, or as printed ("March 2016")')
    p.add_argument("--clear", action="append", default=[], choices=CORRECTABLE, metavar="FIELD",
                   help=f"drop the correction of FIELD ({', '.join(CORRECTABLE)})")
    p.set_defaults(func=run_edit)

    p = subparsers.add_parser("verify", help="recompute every source's SHA-256 and check the database")
    p.set_defaults(func=run_verify)

    p = subparsers.add_parser("events", help="the log of imports, corrections and changes")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=run_events)


def _print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def run_import(args: argparse.Namespace, archive) -> int:
    def show_progress(done: int, total: int, message: str) -> None:
        if sys.stderr.isatty() and total:
            print(f"\r[{done}/{total}] {message[:60]:<60}", end="", file=sys.stderr, flush=True)

    report = archive.importer.import_paths(args.paths, progress=show_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    every_file = args.verbose or len(report.outcomes) <= QUIET_FROM
    for outcome in report.outcomes:
        if every_file or outcome.status in ("failed", "skipped", "container"):
            path, message = _one_line(outcome.path), _one_line(outcome.message)
            status = "READ" if outcome.status == "container" else outcome.status.upper()
            print(f"{status:<8} {path}: {message}")
    print(f"Imported {report.imported}, unchanged {report.unchanged}, new versions "
          f"{report.new_versions}, failed {report.failed}, skipped {report.skipped}; "
          f"{report.needs_review} need review.")
    if report.proposed_versions:
        print(f"{report.proposed_versions} file(s) may be new versions of files already in the "
              "archive; nothing was linked: review them with `palmyra-archive versions --review`.")
    if report.reuse_proposed:
        print(f"{report.reuse_proposed} link(s) between copies found by text proposed: review them with "
              "`palmyra-archive reuse list`.")
    if report.cancelled:
        print("The import was cancelled; the files before it were kept.")
    elif report.reuse_cancelled:
        print("Comparing the copies found by text was stopped; the rest are compared by the next "
              "import or `palmyra-archive reuse verify-pending`.")
    return 1 if report.failed else 0


def _one_line(text: str) -> str:
    """One outcome per line even for a file named with a newline in it (as ``\\n``)."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def run_list(args: argparse.Namespace, archive) -> int:
    query = LibraryQuery(sort=args.sort, needs_review=True if args.needs_review else None)
    rows = archive.articles.summaries(archive.articles.ids(query))
    if args.json:
        _print_json([{"id": s.id, "title": s.title, "title_status": s.title_status,
                      "outlet": s.outlet, "date": s.date, "authors": s.authors,
                      "original_outlet": s.original_outlet, "needs_review": s.needs_review,
                      "tags": s.tags, "copies": s.copy_count} for s in rows])
        return 0
    for s in rows:
        mark = " (provisional)" if s.title_status == "provisional" else ""
        print(f"{s.id:>6}  {s.date or 'no date':<10}  {(s.outlet or 'unknown outlet')[:24]:<24}  "
              f"{s.title}{mark}")
    print(f"{len(rows)} article{'s' if len(rows) != 1 else ''}.")
    return 0


def run_show(args: argparse.Namespace, archive) -> int:
    detail = archive.articles.get(args.id)
    if args.json:
        _print_json(detail.to_json())
        return 0
    unknown = "unknown"
    title = detail.title or unknown
    if detail.title_status == "provisional":
        title += "  [provisional: the text prints no headline]"
    print(title)
    print(f"  by       {', '.join(detail.authors) or unknown}")
    print(f"  outlet   {detail.outlet or unknown}")
    print(f"  date     {detail.date or unknown}" + (f" (printed: {detail.date_as_printed})"
                                                    if detail.date_as_printed else ""))
    if detail.original:
        print(f"  original {detail.original.outlet or unknown}, {detail.original.date or 'date unknown'}"
              + (f" — “{detail.original.evidence}”" if detail.original.evidence else ""))
    if detail.chain:
        print("  chain    " + " → ".join(f"{h.outlet or unknown} ({h.date or '?'})" for h in detail.chain))
    for r in detail.rights:
        print(f"  {r.kind:<16} {r.text[:100]}")
    print(f"  source   {detail.source.filename}  sha256 {detail.source.sha256}")
    if detail.needs_review:
        print(f"  review   {', '.join(detail.needs_review)}")
    print()
    print(detail.body)
    if detail.comments:
        print(f"\n{len(detail.comments)} comments")
    return 0


def run_search(args: argparse.Namespace, archive) -> int:
    text = " ".join(args.query)
    try:
        hits = archive.search.search(text, limit=args.limit)
    except PalmyraError as exc:
        print(f"palmyra-archive: {exc}", file=sys.stderr)
        return 1
    if args.json:
        _print_json([asdict(h) for h in hits])
        return 0
    for hit in hits:
        print(f"{hit.article_id:>6}  {hit.title}\n        ({hit.kind}) {hit.snippet}")
    print(f"{len(hits)} result{'s' if len(hits) != 1 else ''}.")
    return 0


def run_edit(args: argparse.Namespace, archive) -> int:
    fields = {name: UNSET for name in CORRECTABLE}
    for name in CORRECTABLE:
        value = getattr(args, name, None)
        if value is not None:
            fields[name] = value
    for name in args.clear:
        if fields[name] is not UNSET:
            print(f"palmyra-archive: --{name.replace('_', '-')} and --clear {name} contradict "
                  "each other.", file=sys.stderr)
            return 1
        fields[name] = None
    if all(v is UNSET for v in fields.values()):
        print("palmyra-archive: nothing to change; give --title, --author, --outlet, --date, "
              "--section, --original-outlet, --original-date or --clear FIELD.", file=sys.stderr)
        return 1
    changes = archive.articles.correct(args.id, **fields)
    print(f"{changes.message} on article {args.id}.")
    return 0


def run_verify(args: argparse.Namespace, archive) -> int:
    report = archive.integrity.verify()
    print(report.summary())
    return 0 if report.ok else 1


def _event_subject(e: EventRecord) -> str:
    """What an event is about, as the log line names it: "source 3", or for an event about a
    thing with no row of its own (the bundle a ``restore_history`` opening restored its
    sources' history from) the name its ``after`` gives it, never "bundle None"."""
    if not e.entity:
        return ""
    if e.entity_id is not None:
        return f"{e.entity} {e.entity_id}"
    name = e.after.get(e.entity) if isinstance(e.after, dict) else None
    return f"{e.entity} {name}" if name else e.entity


def run_events(args: argparse.Namespace, archive) -> int:
    events = archive.events.list(limit=args.limit)
    if args.json:
        _print_json([asdict(e) for e in events])
        return 0
    for e in events:
        what = _event_subject(e)
        change = ""
        if e.before is not None or e.after is not None:
            change = f"  {json.dumps(e.before, ensure_ascii=False)} → {json.dumps(e.after, ensure_ascii=False)}"
        print(f"{e.id:>6}  {e.at}  {e.actor:<14} {e.action:<16} {what}{change}"[:300])
    return 0
