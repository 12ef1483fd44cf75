"""``import-qdpx``: bring a REFI-QDA project (QualCoder, NVivo, ATLAS.ti, MAXQDA) in (issue #13).
Exporting one is ``export --formats …,qdpx``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.exchange.qdpx_import import import_qdpx


def register(subparsers) -> None:
    p = subparsers.add_parser("import-qdpx", help="import a REFI-QDA project (.qdpx): sources, "
                              "codes as tags, coded passages as annotations, memos as notes")
    p.add_argument("file", type=Path, metavar="FILE", help="the .qdpx file (or a project.qde)")
    p.set_defaults(func=run_import_qdpx)


def run_import_qdpx(args: argparse.Namespace, archive) -> int:
    report = import_qdpx(archive, args.file)
    print(report.message)
    for problem in report.problems:
        print(f"  {problem}", file=sys.stderr)
    return 0
