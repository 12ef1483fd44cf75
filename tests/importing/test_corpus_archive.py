"""End to end: the five corpus files through the archive, checked against a careful reading.

The expected values are copied from the hand-made reading of the corpus (EXPECTED.json in
the shared folder); tests never read that folder.
"""

from __future__ import annotations

import hashlib

import pytest
from conftest import CORPUS_DIR, article_id_for

EXPECTED = {
    "000_75c112bd7e1fc9de.txt": {
        "title": "Syria: How The Palmyra Victory Changes the Narrative", "title_status": "printed",
        "authors": ["Moon of Alabama"], "outlet": "Mondialisation.ca", "date": "2016-03-31",
        "date_as_printed": "31 mars 2016",
        "original": {"outlet": "Moon of Alabama", "date": "2016-03-28",
                     "evidence": "La source originale de cet article est Moon of Alabama"},
        "chain": [{"outlet": "Moon of Alabama", "date": "2016-03-28"},
                  {"outlet": "Mondialisation.ca", "date": "2016-03-31"}],
        "site_sections": {"Région": "Middle East & North Africa", "Thème": "Terrorism", "Analyses": "SYRIA"},
        "body_starts": "The Syrian government is no longer", "body_ends": "I concur.",
        "languages": {"body": "en", "site_text": "fr"},
        "rights": [("copyright", None, "Copyright ©"), ("disclaimer", "fr", "Avis de non-responsabilité"),
                   ("reprint_terms", "fr", "Le Centre de recherche sur la mondialisation (CRM) accorde la permission"),
                   ("fair_use_notice", "fr", "Mondialisation.ca contient du matériel protégé")],
        "copyright": {"holder": "Moon of Alabama", "year": 2016},
        "requires": ["source of the article", "URL", "hyperlink to the original article", "copyright notice"],
        "captions": [], "comments": (0, 0), "links_without_target": 15, "footnotes": None,
    },
    "001_3af5428a403a59eb.txt": {
        "title": "Syria Audio Analysis: Why Palmyra is Not Quite “Assad’s Victory”", "title_status": "printed",
        "authors": [], "outlet": None, "date": None, "date_as_printed": None, "original": None, "chain": [],
        "body_starts": "I spoke with Monocle 24’s The Globalist",
        "body_ends": "hundreds of thousands of Syrians who were killed.",
        "languages": {"body": "en"}, "rights": [], "captions": ["PHOTO: Damage in the Palmyra Museum"],
        "comments": (22, 6), "links_without_target": 0, "footnotes": None,
    },
    "002_eeff659715a18b85.txt": {
        "title": None, "title_status": "provisional", "section": "Multipolarity",
        "authors": ["Inside Syria Media Center"], "outlet": None, "date": "2016-12-13",
        "date_as_printed": "Dec 13, 2016", "original": None, "chain": [],
        "body_starts": "On December 10, world media reported", "body_ends": "prevent the victory of Damascus.",
        "languages": {"body": "en"},
        "rights": [("editor_note", None, "EDITOR’S NOTE: We remind our readers")],
        "captions": ["Map showing Palmyra, Syria and distances to ISIS-controlled areas of eastern Syria"],
        "comments": (0, 0), "links_without_target": 0, "footnotes": None,
    },
    "003_1d7eb8016ddebaae.txt": {
        "title": "The second fall of Palmyra: what happened and how will the Syrian-Russian-Iranian alliance respond?",
        "title_status": "printed", "authors": ["Aram Mirzaei"], "outlet": None, "date": "2016-12-30",
        "date_as_printed": "30 Dec 2016",
        "original": {"outlet": "The Saker", "date": None, "evidence": "Courtesy The Saker"},
        "chain": [{"outlet": "The Saker", "date": None}, {"outlet": None, "date": "2016-12-30"}],
        "body_starts": "On December 8, the Islamic State of Iraq and the Levant",
        "body_ends": "in order to achieve victory.", "languages": {"body": "en"}, "rights": [],
        "captions": [], "comments": (0, 0), "links_without_target": 0,
        "footnotes": {"markers": 6, "listed": 6, "resolved": 0},
    },
    "004_0c71e4d245fb43f8.txt": {
        "title": "The Assad regime retakes Palmyra from ISIL", "title_status": "printed",
        "authors": ["omouggos"], "author_aliases": {"omouggos": ["O Mouggos"]}, "outlet": None, "date": None,
        "date_as_printed": None, "original": None, "chain": [],
        "body_starts": "The month of March has been sullied", "body_ends": "from the minds of many Muslims.",
        "signature": "O Mouggos", "languages": {"body": "en"}, "rights": [],
        "captions": ["Syrian troops gaze at the architecture of Palmyra (image from",
                     "Ancient amphitheater of Palmyra, where ISIL conducted public executions."],
        "comments": (0, 0), "links_without_target": 0,
        "footnotes": {"markers": 14, "distinct_markers": 13, "listed": 1, "resolved": 0},
    },
}
FILES = sorted(EXPECTED)


def check_detail(detail: dict, filename: str) -> None:
    """One article's show --json against the careful reading (shared with the CLI test)."""
    want = EXPECTED[filename]
    if want["title"] is None:
        assert detail["title_as_printed"] is None and detail["title"]
        assert "title" in detail["needs_review"]
    else:
        printed = detail["title"]
        assert printed == detail["title_as_printed"]
        assert printed.replace("\u00a0", " ") == want["title"]    # kept as printed, matched normalised
    assert detail["title_status"] == want["title_status"]
    for key in ("authors", "outlet", "date", "date_as_printed", "original", "chain", "languages"):
        assert detail[key] == want[key], key
    for key in ("section", "site_sections", "signature", "author_aliases"):
        if key in want:
            assert detail[key] == want[key], key
    assert detail["body"].startswith(want["body_starts"]) and detail["body"].endswith(want["body_ends"])
    assert [(r["kind"], r["language"] if want["rights"] and r["language"] != "en" else None)
            for r in detail["rights"]] == [(k, lang) for k, lang, _s in want["rights"]]
    for rights, (_kind, _lang, starts) in zip(detail["rights"], want["rights"]):
        assert rights["text"].startswith(starts)
    if "copyright" in want:
        assert {k: detail["rights"][0][k] for k in ("holder", "year")} == want["copyright"]
        assert [r for r in detail["rights"] if r["kind"] == "reprint_terms"][0]["requires"] == want["requires"]
    assert detail["captions"] == want["captions"]
    comments = detail["comments"]
    assert (len(comments), sum(1 for c in comments if c["parent_id"] is None)) == want["comments"]
    assert sum(1 for link in detail["links"] if link["target"] is None) == want["links_without_target"]
    if want["footnotes"]:
        assert {k: detail["footnotes"][k] for k in want["footnotes"]} == want["footnotes"]
    data = (CORPUS_DIR / filename).read_bytes()
    assert detail["source"]["filename"] == filename
    assert detail["source"]["sha256"] == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("filename", FILES)
def test_corpus_file_reads_as_a_careful_researcher_would(corpus_archive, filename):
    detail = corpus_archive.articles.get(article_id_for(corpus_archive, filename)).to_json()
    check_detail(detail, filename)


def test_comment_threads_keep_parents_and_depths(corpus_archive):
    comments = corpus_archive.articles.get(article_id_for(corpus_archive, FILES[1])).comments
    ids = {c.id: c for c in comments}
    for c in comments:
        if c.parent_id is not None:
            assert c.depth == ids[c.parent_id].depth + 1
        else:
            assert c.depth == 0


def test_corpus_is_five_articles_with_site_tags_and_verbatim_sources(corpus_archive):
    assert corpus_archive.articles.total_count() == 5
    tags = corpus_archive.articles.get(article_id_for(corpus_archive, FILES[0])).tags
    assert tags == ["site:Analyses/SYRIA", "site:Région/Middle East & North Africa", "site:Thème/Terrorism"]
    for filename in FILES:
        stored = corpus_archive.db.execute("SELECT sqlar_uncompress(content, size_bytes) FROM sources WHERE filename = ?",
                                           [filename]).fetchone()[0]
        assert bytes(stored) == (CORPUS_DIR / filename).read_bytes()
    assert corpus_archive.integrity.verify().ok


def test_reimporting_the_corpus_changes_nothing(corpus_archive):
    before = corpus_archive.db.execute("SELECT count(*) FROM copies").fetchone()[0]
    report = corpus_archive.importer.import_paths([CORPUS_DIR])
    assert (report.unchanged, report.imported, report.failed) == (5, 0, 0)
    assert corpus_archive.db.execute("SELECT count(*) FROM copies").fetchone()[0] == before


def test_corpus_search_finds_captions_and_titles_with_no_break_spaces(corpus_archive):
    hits = corpus_archive.search.search("museum")
    assert hits and hits[0].article_id == article_id_for(corpus_archive, FILES[1])
    amphitheater = corpus_archive.search.search("amphitheater")
    assert [(h.article_id, h.kind) for h in amphitheater][:1] == [(article_id_for(corpus_archive, FILES[4]), "caption")]
    title = corpus_archive.search.search('"palmyra from isil"')        # the title holds a no-break space
    assert [h.article_id for h in title] == [article_id_for(corpus_archive, FILES[4])]
    assert "\u00a0" in corpus_archive.articles.get(title[0].article_id).title


def test_seed_from_corpus_only_into_an_empty_archive(archive, corpus_archive):
    report = archive.importer.seed_from_corpus()
    assert report.imported == 5 and archive.articles.total_count() == 5
    assert corpus_archive.importer.seed_from_corpus().outcomes == []


def test_captions_keep_where_they_stood_and_links_say_where_they_are(corpus_archive):
    """The reader sets a caption where it stood and marks a standfirst link in the standfirst."""
    amphitheatre = corpus_archive.articles.get(article_id_for(corpus_archive, "004_0c71e4d245fb43f8.txt"))
    assert amphitheatre.captions == [c.text for c in amphitheatre.caption_spans]
    placed = [c for c in amphitheatre.caption_spans if c.body_offset is not None]
    assert placed and all(0 < c.body_offset <= len(amphitheatre.body) for c in placed)
    assert all(c.text not in amphitheatre.body for c in placed)       # lifted out, not left in
    assert all("\n" in amphitheatre.body[c.body_offset - 1:c.body_offset + 1]
               for c in placed)                                       # between paragraphs
    detail = corpus_archive.articles.get(article_id_for(corpus_archive, "000_75c112bd7e1fc9de.txt"))
    (standfirst_link,) = [link for link in detail.links if link.location == "standfirst"]
    start, end = standfirst_link.body_start, standfirst_link.body_end
    assert detail.standfirst[start:end] == standfirst_link.text
    for link in detail.links:
        if link.location == "body" and link.body_start is not None:
            assert detail.body[link.body_start:link.body_end] == link.text
