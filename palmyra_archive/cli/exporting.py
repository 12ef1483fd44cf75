"""``export`` and ``open-bundle``: citation bundles headless, through ``archive.exports``.

``export --scope SCOPE --out FILE.zip`` writes a zipped BagIt bundle (see README, "Citation
bundles"), refusing to replace an existing FILE.zip unless ``--force``; ``open-bundle FILE.zip``
validates one and imports it. Exit status 1 when the bundle could not be written or was
refused, and when nothing in the bundle could be imported; a bundle that opens with some
annotations it could not place still exits 0 but lists them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.export.bibliography import STYLES
from ..core.export.payload import ALL_FORMATS, ExportOptions


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "export", help="export a citation bundle (zipped BagIt bag)",
        description="Export citations, quotes, annotations, provenance, rights and sources of "
                    "SCOPE as a zipped BagIt bag.")
    p.add_argument("--scope", required=True, metavar="SCOPE",
                   help="all, ids:3,5,8, tag:PATH, collection:NAME or search:QUERY "
                        "(a saved search's name, else a full-text query)")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.zip")
    p.add_argument("--force", action="store_true", help="replace FILE.zip if it exists")
    p.add_argument("--style", default="chicago-author-date", metavar="STYLE",
                   help=f"citation style of the formatted bibliography: {', '.join(STYLES)}, "
                        "a style added in the app, or the path of a .csl file")
    p.add_argument("--formats", default=",".join(ALL_FORMATS), metavar="LIST",
                   help=f"comma-separated, any of: {','.join(ALL_FORMATS)} (default: all)")
    p.add_argument("--passages-only", action="store_true",
                   help="include only the annotated passages, not the sources verbatim")
    p.add_argument("--no-private-notes", action="store_true",
                   help="leave out annotation notes, article notes and research notes")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=run_export)

    p = subparsers.add_parser("open-bundle", help="validate a citation bundle and import it")
    p.add_argument("bundle", type=Path, metavar="FILE.zip")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=run_open_bundle)


def _printer(quiet: bool):
    last = [""]

    def progress(done: int, total: int, message: str) -> None:
        if quiet or message == last[0]:
            return
        last[0] = message
        print(f"{message}…", file=sys.stderr)
    return progress


def run_export(args: argparse.Namespace, archive) -> int:
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    options = ExportOptions(style=args.style, formats=formats, passages_only=args.passages_only,
                            include_private_notes=not args.no_private_notes)
    report = archive.exports.export_bundle(archive.exports.parse_scope(args.scope), args.out,
                                           options=options, progress=_printer(args.quiet),
                                           overwrite=args.force)
    print(f"{report.message} ({report.size_bytes:,} bytes, {report.seconds:.1f} s)")
    print("Check it with: bagit.py --validate (after unzipping), or open it with "
          "palmyra-archive open-bundle.")
    return 0


def run_open_bundle(args: argparse.Namespace, archive) -> int:
    report = archive.exports.open_bundle(args.bundle, progress=_printer(args.quiet))
    print(report.message)
    for outcome in report.outcomes:
        if outcome.status == "failed":
            print(f"  failed: {outcome.message}")
    for problem in report.problems:
        print(f"  not imported: {problem}")
    return 1 if report.failed or report.nothing_imported else 0
