"""``palmyra-archive regions``: see and correct how an article's source was split (issue #3).

The same service the Source tab's "This is…" menu uses: corrections are stored beside the
regions the importer found, and the copy is re-read with them.
"""

from __future__ import annotations

import argparse
import json
import sys

from ..core.ingest.overrides import OVERRIDE_KINDS

#: how long a stretch's text is shown in the listing
PREVIEW_CHARS = 60


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "regions", help="show how an article's source was split, or correct the split")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--mark", action="append", default=[], metavar="START:END=KIND",
                   help="say what a stretch of the source really is (whole lines; KIND one of "
                        + ", ".join(OVERRIDE_KINDS) + "); repeat for several")
    p.add_argument("--clear", action="store_true",
                   help="forget every correction: the article reads as the importer split it")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_regions)


def parse_mark(value: str) -> tuple[int, int, str]:
    """``120:340=site_text`` -> (120, 340, "site_text"); "site text" and "site-text" are accepted."""
    try:
        span, kind = value.split("=", 1)
        start, end = (int(part) for part in span.split(":", 1))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{value}' is not START:END=KIND (for example 120:340=site_text).") from None
    return start, end, kind.strip().replace(" ", "_").replace("-", "_")


def run_regions(args: argparse.Namespace, archive) -> int:
    if args.clear and args.mark:
        print("palmyra-archive: --mark and --clear contradict each other.", file=sys.stderr)
        return 1
    try:
        marks = [parse_mark(value) for value in args.mark]
    except argparse.ArgumentTypeError as exc:
        print(f"palmyra-archive: {exc}", file=sys.stderr)
        return 1
    if args.clear:
        print(archive.articles.clear_region_corrections(args.id).message + f" (article {args.id}).")
    elif marks:
        print(archive.articles.correct_regions(args.id, marks).message + f" (article {args.id}).")
    _print_regions(archive, args.id, as_json=args.json)
    return 0


def _print_regions(archive, article_id: int, *, as_json: bool) -> None:
    view = archive.articles.source_view(article_id)
    if as_json:
        print(json.dumps({
            "regions": [{"kind": r.kind, "start": r.start, "end": r.end} for r in view.regions],
            "corrections": [{"kind": c.kind, "start": c.start, "end": c.end} for c in view.corrections],
        }, ensure_ascii=False, indent=2))
        return
    for region in view.regions:
        corrected = any(c.start < region.end and region.start < c.end for c in view.corrections)
        flag = " (corrected)" if corrected else ""
        print(f"{region.start:>7}:{region.end:<7} {region.kind:<10} "
              f"{_preview(view.text[region.start:region.end])}{flag}")
    if view.corrections:
        print("Corrections: " + ", ".join(f"{c.start}:{c.end}={c.kind}" for c in view.corrections))


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_CHARS else flat[:PREVIEW_CHARS - 1] + "…"
