"""The archive the ``show --json`` golden test reads (#17: ArticleDetail's records must print the
JSON the loose dicts printed): the corpus, the unseen layouts, and one file of each reader that
carries more (a WARC capture, a PDF's pages and metadata, an e-mail, a saved page), with a
correction, a tag and a note. ``python -m tests.cli.show_json_cases`` rewrites the expected
output (only when the JSON is meant to change)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from palmyra_archive.cli import main
from tests.ingest.readers import builders
from tests.ingest.readers.pages import PAGES

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = Path(__file__).resolve().parent / "data" / "show_json_expected.json"
#: what differs between two runs (times, temporary paths, WARC record ids): replaced by a mark
VOLATILE = frozenset({"imported_at", "original_path", "record_id"})

EMAIL = b"""From: Levant Weekly <news@levant-weekly.example>
To: reader@example.org
Subject: The week in the Levant: water talks resume
Date: Mon, 06 May 2024 07:00:00 +0000
Message-ID: <weekly-2024-05-06@levant-weekly.example>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

The week in the Levant: water talks resume

By Hana Selim

Negotiators from three countries met again on Thursday to discuss the sharing of the river's
water, the first such meeting since talks broke down last autumn over the filling of a new dam.

Officials said the talks would continue next month in a neutral city, and that both sides had
agreed to exchange data on the reservoir's level every week until then.

(c) 2024 Levant Weekly. All rights reserved.
"""


WIRE = """Dam talks stall as the river falls

By Samir Haddad, Middle East correspondent

BEIRUT (Reuters) - Talks between the two riparian states stalled on Wednesday after a day of meetings failed to agree on how fast the new reservoir should be filled, officials said.

The river has fallen by a third since March, and farmers downstream say their wells are drying.

This article is licensed under a Creative Commons Attribution-ShareAlike 4.0 International License.
"""


def files(folder: Path) -> list[Path]:
    """The inputs besides the corpus, written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    layouts = sorted(PAGES)
    warc = builders.warc(folder / "capture.warc.gz",
                         [(f"https://site{i}.example/story", PAGES[key].encode("utf-8"))
                          for i, key in enumerate(layouts[:2])])
    pdf = folder / "report.pdf"
    pdf.write_bytes(builders.pdf([["River levels fall again", "By Ann Lee",
                                   "The water fell again this week along the northern reach."],
                                  ["The bridge at Carrow closed on Friday while engineers checked it."]],
                                 title="River levels fall again", author="Ann Lee"))
    email = folder / "weekly.eml"
    email.write_bytes(EMAIL)
    mhtml = folder / "saved.mhtml"
    saved = builders.mhtml("https://site9.example/saved", PAGES[layouts[5]])
    boundary = re.search(rb'boundary="([^"]+)"', saved)
    assert boundary is not None
    mhtml.write_bytes(saved.replace(boundary.group(1), b"===============golden=="))   # the same bytes each run
    wire = folder / "wire.txt"
    wire.write_text(WIRE, "utf-8")
    return [warc, pdf, email, mhtml, wire]


def build(archive_path: Path, work: Path) -> list[int]:
    """Import everything, correct, tag and note one article; the article ids, in order."""
    from palmyra_archive.core.archive import Archive

    archive = Archive.open(archive_path)
    try:
        archive.importer.import_paths([ROOT / "corpus", ROOT / "tests" / "data" / "unseen", *files(work)])
        ids = sorted(archive.articles.ids(_query()))
        archive.articles.correct(ids[0], title="A corrected title")
        archive.tags.add_to_articles([ids[1]], ["framing/liberation"])
        archive.notes.set_article_note(ids[1], "Read **twice**.")
        chained = [i for i in ids if archive.articles.get(i).original]
        archive.articles.correct(chained[-1], original_outlet="The Corrected Gazette")
        return ids
    finally:
        archive.close()


def _query():
    from palmyra_archive.core.store.records import LibraryQuery
    return LibraryQuery()


def steady(value):
    """``value`` with the fields that change from run to run replaced by a mark."""
    if isinstance(value, dict):
        return {k: ("…" if k in VOLATILE and v is not None else steady(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [steady(v) for v in value]
    return value


def show_all(archive_path: Path, ids: list[int], capsys) -> dict[str, object]:
    out: dict[str, object] = {}
    for article_id in ids:
        capsys.readouterr()
        assert main(["--archive", str(archive_path), "show", str(article_id), "--json"]) == 0
        out[str(article_id)] = steady(json.loads(capsys.readouterr().out))
    return out


if __name__ == "__main__":   # regenerate: python -m tests.cli.show_json_cases
    import tempfile

    class _Capture:
        def __init__(self) -> None:
            import io
            self.buffer = io.StringIO()

        def readouterr(self):
            class _Out:
                pass
            result = _Out()
            result.out = self.buffer.getvalue()
            self.buffer.seek(0)
            self.buffer.truncate()
            return result

    with tempfile.TemporaryDirectory() as tmp:
        capture = _Capture()
        real = sys.stdout
        sys.stdout = capture.buffer
        try:
            ids = build(Path(tmp) / "golden.palmyra.sqlite", Path(tmp) / "files")
            shown = show_all(Path(tmp) / "golden.palmyra.sqlite", ids, capture)
        finally:
            sys.stdout = real
    EXPECTED.write_text(json.dumps(shown, ensure_ascii=False, indent=1, sort_keys=False) + "\n", "utf-8")
    print(f"{len(shown)} articles written to {EXPECTED}")
