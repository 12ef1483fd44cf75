"""``import-qdpx``, ``import-zotero`` and ``import-hypothesis``: bring a REFI-QDA project
(QualCoder, NVivo, ATLAS.ti, MAXQDA), a Zotero library or Hypothesis annotations in (issue #13). Exporting a QDA project is ``export --formats …,qdpx``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.exchange.hypothesis import import_hypothesis
from ..core.exchange.qdpx_import import import_qdpx
from ..core.exchange.zotero import import_zotero


def register(subparsers) -> None:
    p = subparsers.add_parser("import-qdpx", help="import a REFI-QDA project (.qdpx): sources, "
                              "codes as tags, coded passages as annotations, memos as notes")
    p.add_argument("file", type=Path, metavar="FILE", help="the .qdpx file (or a project.qde)")
    p.set_defaults(func=run_import_qdpx)

    p = subparsers.add_parser("import-zotero", help="import a Zotero library (its data directory, or "
                              "a Zotero RDF export): snapshots, citation-only entries, tags and notes")
    p.add_argument("folder", type=Path, metavar="DIR|FILE.rdf",
                   help="the Zotero data directory (holding zotero.sqlite and storage/), or a "
                        "Zotero RDF export (the .rdf beside its files/ folder)")
    p.set_defaults(func=run_import_zotero)

    p = subparsers.add_parser("import-hypothesis", help="import Hypothesis annotations (a JSON export "
                              "of the search API) onto the copies captured from the same pages")
    p.add_argument("file", type=Path, metavar="FILE", help="the Hypothesis export (.json)")
    p.set_defaults(func=run_import_hypothesis)


def run_import_qdpx(args: argparse.Namespace, archive) -> int:
    report = import_qdpx(archive, args.file)
    print(report.message)
    for problem in report.problems:
        print(f"  {problem}", file=sys.stderr)
    return 0


def run_import_zotero(args: argparse.Namespace, archive) -> int:
    report = import_zotero(archive, args.folder)
    print(report.message)
    for reason in report.reasons:
        print(f"  {reason}")
    return 0


def run_import_hypothesis(args: argparse.Namespace, archive) -> int:
    report = import_hypothesis(archive, args.file)
    print(report.message)
    for problem in report.problems:
        print(f"  {problem}")
    return 0
