"""Whatever text comes in, parsing never crashes and every offset points into the text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palmyra_archive.core.ingest.parse import parse_document
from palmyra_archive.core.store.errors import ImportFailed

PIECES = ["# Title", "Par [Moon of Alabama](#)", "By A and B, Dec 13, 2016", "31 mars 2016", "[x](#)",
          "*italic*", "**bold**", "[1]", "1. ?", "[1] ,", "  1. comment", "    • reply", "Ann says:",
          "Reply", "Courtesy The Saker", "Source: X, via Y", "Copyright © X, 2016", "Translate »",
          "EDITOR’S NOTE: note", "Région : [A](#)", "PHOTO: a caption", "O Mouggos", "\u00a0", "\t",
          "Le Centre de recherche sur la mondialisation (CRM) accorde la permission de reproduire",
          "Pour publier des articles, contactez: a@b.ca", "plain words in a sentence."]
LINE = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), min_size=1, max_size=4).map(" ".join)
DOC = st.lists(st.tuples(st.integers(0, 6), LINE, st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\n \n"])),
               min_size=1, max_size=30).map(lambda rows: "".join(" " * i + line + end for i, line, end in rows))


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOC)
def test_any_text_parses_with_valid_offsets(text):
    try:
        doc = parse_document("fuzz.txt", text.encode("utf-8", "surrogatepass"))
    except ImportFailed:
        return
    except UnicodeEncodeError:
        return
    art = doc.articles[0]
    size = len(doc.text)
    spans = [r.span for r in art.regions] + [x.span for x in (art.title, art.byline, art.date, art.outlet,
                                                               art.section, art.signature) if x.span]
    spans += [r.span for r in art.rights] + [h.span for h in art.republications] + [c.span for c in art.comments]
    spans += [c.span for c in art.captions] + [m.span for m in art.footnote_markers if m.span]
    for span in spans:
        assert span is not None and 0 <= span.start <= span.end <= size
    for link in art.links:
        host = art.body if link.where == "body" else art.standfirst
        assert host[link.body_start:link.body_end] == link.text
    for marker in art.footnote_markers:
        assert art.body[marker.body_start:marker.body_end] == f"[{marker.label}]"
    for comment in art.comments:
        assert comment.parent_index is None or comment.parent_index < comment.index
    assert "](#)" not in art.body
    assert art.title.value
