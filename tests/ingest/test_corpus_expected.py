"""Every value a careful reader finds in the five corpus files comes out of ``parse_document``.

The expected values are copied from the hand-made reading of the corpus (EXPECTED.json) so
this test stands alone; text is compared with no-break spaces and runs of blanks normalised.
"""

from __future__ import annotations

import pytest

from palmyra_archive.core.ingest.parse import parse_document
from tests.conftest import CORPUS_DIR

EXPECTED = {
    "000_75c112bd7e1fc9de.txt": {
        "title": "Syria: How The Palmyra Victory Changes the Narrative",
        "authors": ["Moon of Alabama"],
        "this_copy": {"outlet": "Mondialisation.ca", "date": "2016-03-31", "date_as_printed": "31 mars 2016"},
        "original": {"outlet": "Moon of Alabama", "date": "2016-03-28",
                     "evidence": "La source originale de cet article est Moon of Alabama"},
        "chain": ["Moon of Alabama", "Mondialisation.ca"],
        "site_sections": {"Région": "Middle East & North Africa", "Thème": "Terrorism", "Analyses": "SYRIA"},
        "standfirst_starts": "The liberation of Palmyra is a decisive turning point",
        "body_starts": "The Syrian government is no longer", "body_ends": "I concur.",
        "languages": {"body": "en", "site_text": "fr"},
        "rights": [
            {"kind": "copyright", "holder": "Moon of Alabama", "year": 2016, "starts": "Copyright ©"},
            {"kind": "disclaimer", "language": "fr", "starts": "Avis de non-responsabilité",
             "ends": "incorrectes ou inexacts."},
            {"kind": "reprint_terms", "language": "fr",
             "starts": "Le Centre de recherche sur la mondialisation (CRM) accorde la permission",
             "requires": ["source of the article", "URL", "hyperlink to the original article", "copyright notice"],
             "allowed_for": "alternative media websites",
             "otherwise": "ask permission: media@globalresearch.ca (print, commercial sites)"},
            {"kind": "fair_use_notice", "language": "fr", "starts": "Mondialisation.ca contient du matériel protégé"},
        ],
        "contact": "media@globalresearch.ca",
        "links_without_target": 15, "comments": 0,
    },
    "001_3af5428a403a59eb.txt": {
        "title": "Syria Audio Analysis: Why Palmyra is Not Quite “Assad’s Victory”",
        "authors": [], "this_copy": {"outlet": None, "date": None}, "original": None, "chain": [],
        "captions": ["PHOTO: Damage in the Palmyra Museum"],
        "body_starts": "I spoke with Monocle 24’s The Globalist",
        "body_ends": "hundreds of thousands of Syrians who were killed.",
        "languages": {"body": "en"}, "rights": [], "comments": 22, "top_level_comments": 6,
    },
    "002_eeff659715a18b85.txt": {
        "title": None, "section": "Multipolarity", "authors": ["Inside Syria Media Center"],
        "this_copy": {"outlet": None, "date": "2016-12-13", "date_as_printed": "Dec 13, 2016"},
        "original": None, "chain": [],
        "captions": ["Map showing Palmyra, Syria and distances to ISIS-controlled areas of eastern Syria"],
        "body_starts": "On December 10, world media reported", "body_ends": "prevent the victory of Damascus.",
        "languages": {"body": "en"},
        "rights": [{"kind": "editor_note", "starts": "EDITOR’S NOTE: We remind our readers",
                    "ends": "as wide a spectrum of views as possible."}],
        "site_text_removed": ["Recent Posts", "Contact Us",
                              "We're not around right now. But you can send us an email and we'll get back to you, asap.",
                              "Start typing and press Enter to search", "Translate »"],
        "comments": 0,
    },
    "003_1d7eb8016ddebaae.txt": {
        "title": "The second fall of Palmyra: what happened and how will the Syrian-Russian-Iranian alliance respond?",
        "authors": ["Aram Mirzaei"],
        "this_copy": {"outlet": None, "date": "2016-12-30", "date_as_printed": "30 Dec 2016"},
        "original": {"outlet": "The Saker", "date": None, "evidence": "Courtesy The Saker"},
        "chain": ["The Saker", None],
        "body_starts": "On December 8, the Islamic State of Iraq and the Levant",
        "body_ends": "in order to achieve victory.", "languages": {"body": "en"},
        "footnotes": {"markers": 6, "distinct": 6, "listed": 6, "resolved": 0, "listing": ["?"] * 6},
        "rights": [], "site_text_removed": ["1 Comment", "User Comments Post a Comment", "Back to Top"],
        "comments": 0,
    },
    "004_0c71e4d245fb43f8.txt": {
        "title": "The Assad regime retakes Palmyra from ISIL", "authors": ["omouggos"],
        "author_aliases": {"omouggos": ["O Mouggos"]},
        "this_copy": {"outlet": None, "date": None}, "original": None, "chain": [],
        "captions": ["Syrian troops gaze at the architecture of Palmyra (image from",
                     "Ancient amphitheater of Palmyra, where ISIL conducted public executions."],
        "truncated_captions": ["Syrian troops gaze at the architecture of Palmyra (image from"],
        "body_starts": "The month of March has been sullied", "body_ends": "from the minds of many Muslims.",
        "signature": "O Mouggos", "languages": {"body": "en"},
        "footnotes": {"markers": 14, "distinct": 13, "listed": 1, "resolved": 0, "listing": [","]},
        "rights": [], "comments": 0,
    },
}

# The thread of 001 as printed: (parent index or None, depth) for each of its 22 comments.
TREE_001 = [
    (None, 0), (0, 1), (1, 2), (2, 3), (3, 4), (3, 4), (3, 4),          # 1 -> 1 -> 1 -> 1 -> 3 siblings
    (None, 0), (7, 1), (8, 2), (9, 3), (10, 4),                          # 2 -> 1 -> 1 -> 1 -> 1
    (None, 0), (12, 1), (13, 2), (14, 3), (14, 3), (14, 3),              # 3 -> 1 -> 1 -> 3 siblings
    (None, 0), (18, 1),                                                  # 4 -> 1
    (None, 0), (None, 0),                                                # 5; 6
]


def norm(text: str | None) -> str | None:
    return None if text is None else " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def parsed():
    return {name: parse_document(name, (CORPUS_DIR / name).read_bytes()) for name in EXPECTED}


def _article(parsed, name):
    doc = parsed[name]
    assert len(doc.articles) == 1
    return doc, doc.articles[0]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_title_authors_section(parsed, name):
    want = EXPECTED[name]
    doc, art = _article(parsed, name)
    if want["title"] is None:
        assert art.title.status == "provisional" and art.title.value
        assert "title" in art.needs_review
    else:
        assert art.title.status == "printed"
        assert norm(art.title.value) == norm(want["title"])
        assert norm(doc.text[art.title.span.start:art.title.span.end]).endswith(norm(want["title"]))
    assert (art.authors.value or []) == want["authors"]
    if not want["authors"]:
        assert "authors" in art.needs_review
    assert art.author_aliases == want.get("author_aliases", {})
    assert art.section.value == want.get("section")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_this_copy_and_provenance(parsed, name):
    want = EXPECTED[name]
    doc, art = _article(parsed, name)
    copy = want["this_copy"]
    assert art.outlet.value == copy["outlet"]
    assert art.date.value == copy["date"]
    assert art.date_as_printed == copy.get("date_as_printed")
    for key in ("outlet", "date"):
        assert (key in art.needs_review) == (copy[key] is None)
    chain = [hop.from_outlet for hop in reversed(art.republications)]
    assert (chain + [art.outlet.value] if chain else []) == want["chain"]
    original = want["original"]
    assert ("original date" in art.needs_review) == (original is not None and original["date"] is None)
    originals = [hop for hop in art.republications if hop.is_original]
    if original is None:
        assert originals == []
        return
    (hop,) = originals
    assert (hop.from_outlet, hop.from_date, hop.evidence) == (
        original["outlet"], original["date"], original["evidence"])
    assert hop.method.startswith("generic:provenance-")
    assert original["evidence"] in norm(doc.text[hop.span.start:hop.span.end]).replace("[", "").replace("](#)", "")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_body_standfirst_sections_languages(parsed, name):
    want = EXPECTED[name]
    doc, art = _article(parsed, name)
    assert art.body.startswith(want["body_starts"])
    assert art.body.endswith(want["body_ends"])
    assert "](" not in art.body and "**" not in art.body
    assert art.site_sections == want.get("site_sections", {})
    if "standfirst_starts" in want:
        assert art.standfirst.startswith(want["standfirst_starts"])
    else:
        assert art.standfirst is None
    assert art.body_language == want["languages"]["body"]
    if "site_text" in want["languages"]:
        assert art.site_language == want["languages"]["site_text"]
    for removed in want.get("site_text_removed", []):
        assert removed not in art.body
        assert any(doc.text[r.span.start:r.span.end].find(removed) >= 0
                   for r in art.regions if r.kind == "site_text")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rights_and_contact(parsed, name):
    want = EXPECTED[name]
    doc, art = _article(parsed, name)
    assert [r.kind for r in art.rights] == [r["kind"] for r in want["rights"]]
    for got, expected in zip(art.rights, want["rights"]):
        assert got.text.startswith(expected["starts"])
        assert got.text.endswith(expected.get("ends", got.text[-10:]))
        for key in ("language", "holder", "year", "allowed_for", "otherwise"):
            if key in expected:
                assert getattr(got, key) == expected[key], key
        assert got.requires == expected.get("requires", [])
        assert got.span is not None and got.method
    if "contact" in want:
        assert want["contact"] in art.contacts


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_links_captions_signature(parsed, name):
    want = EXPECTED[name]
    doc, art = _article(parsed, name)
    if "links_without_target" in want:
        targetless = [link for link in art.links if link.target is None]
        assert len(targetless) == want["links_without_target"]
        for link in targetless:
            host = art.body if link.where == "body" else art.standfirst
            assert host[link.body_start:link.body_end] == link.text
            assert doc.text[link.span.start:link.span.end] == f"[{link.text}](#)"
    assert [c.text for c in art.captions] == want.get("captions", [])
    assert [c.text for c in art.captions if c.truncated] == want.get("truncated_captions", [])
    assert ("caption truncated" in art.needs_review) == bool(want.get("truncated_captions"))
    for caption in art.captions:
        assert caption.text not in art.body
    assert art.signature.value == want.get("signature")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_footnotes(parsed, name):
    want = EXPECTED[name].get("footnotes", {"markers": 0, "distinct": 0, "listed": 0, "resolved": 0, "listing": []})
    doc, art = _article(parsed, name)
    assert len(art.footnote_markers) == want["markers"]
    assert len({m.label for m in art.footnote_markers}) == want["distinct"]
    assert len(art.footnote_entries) == want["listed"]
    assert sum(e.resolved for e in art.footnote_entries) == want["resolved"]
    assert [e.text for e in art.footnote_entries] == want["listing"]
    for marker in art.footnote_markers:
        assert art.body[marker.body_start:marker.body_end] == f"[{marker.label}]"
        assert doc.text[marker.span.start:marker.span.end] == f"[{marker.label}]"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_comment_counts(parsed, name):
    want = EXPECTED[name]
    doc, art = _article(parsed, name)
    assert len(art.comments) == want["comments"]
    if "top_level_comments" in want:
        assert sum(c.parent_index is None for c in art.comments) == want["top_level_comments"]


def test_comment_tree_of_001(parsed):
    doc, art = _article(parsed, "001_3af5428a403a59eb.txt")
    assert [(c.parent_index, c.depth) for c in art.comments] == TREE_001
    second = art.comments[7]
    assert "1. Putin knows how to defeat an enemy." in second.text     # its own list, not replies
    assert art.comments[18].text.count("\n\n") >= 3                       # multi-paragraph
    assert "\n\n" in art.comments[21].text                                # two paragraphs
    assert not art.body.endswith("True, but how is that US intervention in Iraq going?.")
    for comment in art.comments:
        source = norm(doc.text[comment.span.start:comment.span.end]).lstrip(" 0123456789.•")
        assert source.startswith(norm(comment.text)[:15])


# What each stretch of the file is, top to bottom (the Source view tints these).
REGIONS = {
    "000_75c112bd7e1fc9de.txt": ["title", "byline", "dateline", "header", "standfirst", "body",
                                 "footer", "rights", "footer"],
    "001_3af5428a403a59eb.txt": ["title", "caption", "body", "comments"],
    "002_eeff659715a18b85.txt": ["header", "byline", "body", "caption", "body", "rights", "site_text"],
    "003_1d7eb8016ddebaae.txt": ["title", "byline", "site_text", "body", "footnotes", "footer", "site_text"],
    "004_0c71e4d245fb43f8.txt": ["title", "byline", "caption", "body", "caption", "body", "signature",
                                 "footnotes"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_region_kinds_in_order(parsed, name):
    doc, art = _article(parsed, name)
    assert [r.kind for r in art.regions] == REGIONS[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_regions_index_the_text(parsed, name):
    doc, art = _article(parsed, name)
    assert art.regions
    kinds = {r.kind for r in art.regions}
    assert "body" in kinds
    previous_end = 0
    for region in art.regions:
        assert previous_end <= region.span.start <= region.span.end <= len(doc.text)
        previous_end = region.span.end
