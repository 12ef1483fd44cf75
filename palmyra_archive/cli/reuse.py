"""``reuse``, ``compare`` and ``network``: every copy of a text found by its words (issue #11).

Links found by text are proposals: `reuse list` shows them, `reuse confirm` / `reuse reject`
decide (a confirmed same-work link joins the two works), `reuse undo` takes a decision back.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.reuse.network import FORMATS, write
from ..core.store.errors import ValidationError


def register(subparsers) -> None:
    p = subparsers.add_parser("reuse", help="copies found by text: scan, list, confirm, reject, undo")
    sub = p.add_subparsers(dest="reuse_command", metavar="ACTION", required=True)
    scan = sub.add_parser("scan", help="rebuild every fingerprint and propose what is found")
    scan.set_defaults(func=run_scan)
    verify = sub.add_parser("verify-pending",
                            help="compare the candidate pairs an import left pending (cancelled or closed)")
    verify.set_defaults(func=run_verify_pending)
    listing = sub.add_parser("list", help="list the links found by text")
    listing.add_argument("--status", choices=("proposed", "confirmed", "rejected", "all"), default="proposed")
    listing.add_argument("--json", action="store_true", help="print JSON, with the aligned passages")
    listing.set_defaults(func=run_list)
    for name, helptext in (("confirm", "say link ID is right (a same-work link joins the two works)"),
                           ("reject", "say link ID is wrong: the pair is never proposed again"),
                           ("undo", "take back the decision on link ID (it is proposed again)")):
        q = sub.add_parser(name, help=helptext)
        q.add_argument("id", type=int, metavar="ID")
        q.set_defaults(func=run_decide, decision=name)

    c = subparsers.add_parser("compare", help="two copies side by side, aligned passage to passage")
    c.add_argument("copies", nargs=2, metavar="COPY",
                   help="a copy id, or article:ID for the copy an article shows")
    c.add_argument("--html", type=Path, metavar="FILE", help="write a self-contained HTML report")
    c.add_argument("--json", action="store_true", help="print the comparison as JSON")
    c.set_defaults(func=run_compare)

    n = subparsers.add_parser("network", help="the outlet network: who takes from whom, how often")
    n.add_argument("--scope", default="all", help="all, ids:3,5, tag:PATH, collection:NAME, search:QUERY")
    n.add_argument("--format", choices=FORMATS, default="json")
    n.add_argument("--output", "-o", type=Path, metavar="FILE", help="write to FILE instead of printing")
    n.set_defaults(func=run_network)


def _progress(done: int, total: int, message: str) -> None:
    if sys.stderr.isatty() and total:
        print(f"\r[{done}/{total}] {message[:60]:<60}", end="", file=sys.stderr, flush=True)


def run_scan(args: argparse.Namespace, archive) -> int:
    report = archive.reuse.scan(progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(report.message)
    if archive.reuse.pending_count():
        print(f"{archive.reuse.pending_count()} to review: `palmyra-archive reuse list`.")
    return 130 if report.cancelled else 0


def run_verify_pending(args: argparse.Namespace, archive) -> int:
    waiting = archive.reuse.unverified_count()
    if not waiting:
        print("No copies are waiting to be compared.")
        return 0
    proposed = archive.reuse.verify_pending(progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"Compared {waiting} pair(s) of copies found alike at import; {proposed} link(s) proposed.")
    if archive.reuse.pending_count():
        print(f"{archive.reuse.pending_count()} to review: `palmyra-archive reuse list`.")
    return 0


def run_list(args: argparse.Namespace, archive) -> int:
    links = archive.reuse.list(status=None if args.status == "all" else args.status)
    if args.json:
        print(json.dumps([link.as_json() for link in links], ensure_ascii=False, indent=2))
        return 0
    if not links:
        print(f"No {'' if args.status == 'all' else args.status + ' '}links found by text.")
        return 0
    for link in links:
        print(f"{link.id:>5}  {link.status:<9} {link.kind.replace('_', ' '):<11} "
              f"copy {link.copy_a} ({link.label_a}, {link.share_a:.0%}) ~ copy {link.copy_b} "
              f"({link.label_b}, {link.share_b:.0%})")
        print(f"       {link.title_a[:60]} | {link.title_b[:60]}")
        print(f"       {link.describe()}")
    if args.status == "proposed":
        print(f"{len(links)} to review: `reuse confirm ID` or `reuse reject ID`; "
              "`compare COPY COPY` shows a pair side by side.")
    return 0


def run_decide(args: argparse.Namespace, archive) -> int:
    action = {"confirm": archive.reuse.confirm, "reject": archive.reuse.reject,
              "undo": archive.reuse.reopen}[args.decision]
    print(action(args.id).message)
    return 0


def _copy_id(archive, text: str) -> int:
    value = text.strip()
    if value.startswith("article:"):
        number = value.split(":", 1)[1]
        if not number.isdigit():
            raise ValidationError(f"{text!r} is not article:ID with a number.")
        row = archive.db.execute("SELECT primary_copy_id FROM articles WHERE id = ?", [int(number)]).fetchone()
        if row is None or row[0] is None:
            raise ValidationError(f"There is no article {number} in this archive.")
        return row[0]
    if not value.isdigit():
        raise ValidationError(f"{text!r} is neither a copy id nor article:ID.")
    return int(value)


def run_compare(args: argparse.Namespace, archive) -> int:
    from ..core.reuse.compare import html_report
    a, b = (_copy_id(archive, c) for c in args.copies)
    comparison = archive.reuse.compare(a, b)
    if args.html:
        args.html.write_text(html_report(comparison), encoding="utf-8")
    if args.json:
        print(json.dumps(comparison.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"A: copy {a}, {comparison.a.label}: {comparison.a.title}  ({comparison.share_a:.0%} reused)")
    print(f"B: copy {b}, {comparison.b.label}: {comparison.b.title}  ({comparison.share_b:.0%} reused)")
    marks = {"same": "=", "changed": "~", "moved": "↕", "cut": "-", "added": "+"}
    for row in comparison.rows:
        text = row.a_text if row.kind != "added" else row.b_text
        print(f"{marks[row.kind]} {row.kind:<7} {' '.join(text.split())[:100]}")
    if args.html:
        print(f"Report written to {args.html}.")
    return 0


def run_network(args: argparse.Namespace, archive) -> int:
    ids = None if args.scope.strip() in ("", "all") else archive.exports.resolve(args.scope)
    graph = archive.reuse.network(ids)
    text = write(graph, args.format, args.output)
    if args.output:
        print(f"{graph.number_of_nodes()} outlets, {graph.number_of_edges()} edges written to {args.output}.")
    else:
        print(text)
    return 0
