"""Extraction quality: the HTML reader's body against trafilatura's own output on the same
pages (F1 of word 3-shingles ≥ 0.95, the issue's bar), and against the text each page was
written from. The quarter of pages held back while the rules were written is scored apart."""

from __future__ import annotations

import pytest
import trafilatura

from palmyra_archive.core.ingest.readers import read_document

from .pages import HELD_OUT, PAGES, STORY


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    words = [w.strip(".,;:!?«»“”\"'()•").lower() for w in text.split()]
    words = [w for w in words if w]
    return {tuple(words[i:i + size]) for i in range(max(len(words) - size + 1, 1))}


def f1(ours: str, reference: str) -> float:
    a, b = shingles(ours), shingles(reference)
    if not a or not b:
        return 0.0
    common = len(a & b)
    precision, recall = common / len(a), common / len(b)
    return 0.0 if common == 0 else 2 * precision * recall / (precision + recall)


def _scores(keys):
    versus_trafilatura, versus_truth = [], []
    for key in keys:
        page = PAGES[key]
        body = read_document("p.html", page.encode()).articles[0].body
        reference = trafilatura.extract(page, include_comments=False, include_tables=True) or ""
        versus_trafilatura.append(f1(body, reference))
        versus_truth.append(f1(body, "\n".join(STORY[key[1]].paragraphs)))
    return versus_trafilatura, versus_truth


@pytest.mark.parametrize("part", ["tuned", "held_out"])
def test_body_is_as_good_as_trafilaturas_own(part):
    keys = sorted(HELD_OUT) if part == "held_out" else sorted(set(PAGES) - HELD_OUT)
    versus_trafilatura, versus_truth = _scores(keys)
    mean = sum(versus_trafilatura) / len(keys)
    truth = sum(versus_truth) / len(keys)
    print(f"{part}: {len(keys)} pages, F1 vs trafilatura {mean:.3f} (min {min(versus_trafilatura):.3f}), "
          f"vs the written text {truth:.3f} (min {min(versus_truth):.3f})")
    assert mean >= 0.95 and min(versus_trafilatura) >= 0.9
    assert truth >= 0.9


def test_f1_tells_a_wrong_body_from_a_right_one():
    story = STORY["harbour"]
    right = "\n".join(story.paragraphs)
    assert f1(right, right) == 1.0
    assert f1(story.paragraphs[0], right) < 0.5
