"""The user's corrections of the split win over the heuristics, line by line (issue #3)."""

from __future__ import annotations

import pytest

from palmyra_archive.core.ingest.parse import RegionOverride, parse_document
from tests.conftest import CORPUS_DIR


def _file(prefix: str) -> tuple[str, bytes]:
    path = next(CORPUS_DIR.glob(f"{prefix}_*.txt"))
    return path.name, path.read_bytes()


def _parse(prefix: str, *overrides: RegionOverride):
    name, data = _file(prefix)
    doc = parse_document(name, data, overrides=overrides)
    return doc.text, doc.articles[0]


def _span_of(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _kind_at(article, offset: int) -> str:
    return next(r.kind for r in article.regions if r.span.start <= offset < r.span.end)


def test_site_text_marked_as_body_joins_the_body():
    text, before = _parse("002")
    start, end = _span_of(text, "Recent Posts\nContact Us")
    assert "Recent Posts" not in before.body
    _text, after = _parse("002", RegionOverride(start, end, "body"))
    assert "Recent Posts\nContact Us" in after.body
    assert after.body.startswith(before.body[:200])
    assert _kind_at(after, start) == "body" and _kind_at(before, start) == "site_text"


def test_a_body_paragraph_marked_as_site_text_leaves_the_body():
    text, before = _parse("004")
    paragraph = "The month of March has been sullied by numerous worldwide terrorist attacks."
    assert paragraph in before.body
    start = text.index(paragraph)
    # a stretch inside the line is snapped to the whole line
    _text, after = _parse("004", RegionOverride(start + 4, start + 10, "site_text"))
    assert paragraph not in after.body
    first_paragraph = before.body.split("\n\n")[0]
    assert paragraph in first_paragraph
    # the rest of the body is unchanged; the listing entry "[1]" may now join it, since the
    # only "[1]" it answered was in the paragraph taken out
    assert after.body.startswith(before.body.replace(first_paragraph + "\n\n", "", 1))
    assert _kind_at(after, start) == "site_text"


def test_the_first_comment_marked_as_body_leaves_the_thread():
    text, before = _parse("001")
    first = before.comments[0]
    assert first.text.startswith("“On its own, the Assad regime")
    _text, after = _parse("001", RegionOverride(first.span.start, first.span.end, "body"))
    assert "1. “On its own, the Assad regime could not have regained the city." in after.body
    assert "True, but how is that US intervention in Iraq going?." in after.body
    assert after.body.startswith(before.body)
    assert len(after.comments) == len(before.comments) - 1
    assert all("On its own, the Assad regime" not in c.text for c in after.comments)
    # its reply keeps its words and now opens the thread
    assert after.comments[0].text == before.comments[1].text and after.comments[0].parent_index is None


def test_a_body_paragraph_marked_as_caption_becomes_a_caption():
    text, before = _parse("004")
    paragraph = "The month of March has been sullied"
    start = text.index(paragraph)
    _text, after = _parse("004", RegionOverride(start, start + 5, "caption"))
    assert any(c.text.startswith(paragraph) for c in after.captions)
    assert not any(c.text.startswith(paragraph) for c in before.captions)


def test_body_lines_marked_as_comments_go_to_the_thread():
    text, before = _parse("004")
    assert not before.comments
    last = before.body.split("\n\n")[-1].splitlines()[0][:40]
    start = text.rindex(last)
    _text, after = _parse("004", RegionOverride(start, start + 1, "comments"))
    assert after.comments and last in after.comments[0].text
    assert last not in after.body


def test_footer_marked_lines_are_offered_to_the_rights_reader():
    text, before = _parse("002")
    start, end = _span_of(text, "Recent Posts")
    _text, after = _parse("002", RegionOverride(start, end, "footer"))
    assert _kind_at(after, start) in ("footer", "rights")
    assert "Recent Posts" not in after.body


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        _parse("002", RegionOverride(0, 5, "advert"))


def test_without_overrides_nothing_changes():
    for prefix in ("001", "002", "004"):
        _text, plain = _parse(prefix)
        name, data = _file(prefix)
        assert parse_document(name, data).articles[0] == plain


def test_a_correction_changes_only_what_was_marked():
    """Marking the site widgets under 002's editor's note as article text must not pull the
    editor's note (a rights statement) into the body with them."""

    data = (CORPUS_DIR / "002_eeff659715a18b85.txt").read_bytes()
    first = parse_document("002.txt", data).articles[0]
    widgets = next(r for r in first.regions if r.kind == "site_text" and r.span.start > first.body_span.end)
    note = next(r for r in first.rights if r.kind == "editor_note")

    corrected = parse_document("002.txt", data, overrides=[
        RegionOverride(widgets.span.start, widgets.span.end, "body")]).articles[0]
    assert "Recent Posts" in corrected.body
    assert "EDITOR’S NOTE" not in corrected.body
    assert [r.text for r in corrected.rights if r.kind == "editor_note"] == [note.text]
    kept = {(r.kind, r.span.start, r.span.end) for r in corrected.regions}
    assert ("rights", note.span.start, note.span.end) in kept or any(
        k == "rights" and s <= note.span.start and note.span.end <= e for k, s, e in kept)
