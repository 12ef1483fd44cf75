"""How the weak-evidence version rule (``core.importing.versions.text_share`` >= ``PROPOSE_FROM``) does
on pairs it was not tuned on (#18).

Written for this script only: edited versions of an article (a sentence changed, a paragraph
added, an editor's note, a correction, a cut to two thirds) should reach the threshold;
unrelated articles on the same beat, sharing most of their vocabulary, should not.
Run: .venv/bin/python benchmarks/eval_version_share.py
"""

from __future__ import annotations

import random

from palmyra_archive.core.importing.versions import PROPOSE_FROM, text_share

WORDS = ("ministry report election harbour council protest archive witness budget river "
         "minister spokesperson village drought vaccine court ruling agency satellite border "
         "factory strike union teachers hospital bridge mayor festival museum province the a of "
         "in and to said on for with").split()


def article(rng: random.Random, paragraphs: int = 8) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randrange(30, 60))) + "."
            for _ in range(paragraphs)]


def edits(rng: random.Random, paras: list[str]) -> dict[str, list[str]]:
    changed = list(paras)
    changed[2] = " ".join(rng.choice(WORDS) for _ in range(40)) + "."
    cut = paras[: max(1, len(paras) * 2 // 3)]
    return {
        "one paragraph rewritten": changed,
        "paragraph added": paras + [" ".join(rng.choice(WORDS) for _ in range(50)) + "."],
        "editor's note on top": ["Editor's note: this article was updated with new figures."] + paras,
        "a correction at the end": paras + ["Correction: an earlier version misnamed the agency."],
        "cut to two thirds": cut,
        "two paragraphs rewritten": [p if i not in (1, 5) else article(rng, 1)[0]
                                     for i, p in enumerate(paras)],
    }


def main() -> None:
    rng = random.Random(18)
    hits = misses = false_alarms = 0
    shares_related, shares_unrelated = [], []
    for _ in range(50):
        paras = article(rng)
        base = "\n\n".join(paras)
        for name, version in edits(rng, paras).items():
            share = text_share(base, "\n\n".join(version))
            shares_related.append(share)
            if share >= PROPOSE_FROM:
                hits += 1
            else:
                misses += 1
                print(f"missed: {name} ({share:.2f})")
        other = "\n\n".join(article(rng))
        share = text_share(base, other)
        shares_unrelated.append(share)
        false_alarms += share >= PROPOSE_FROM
    print(f"edited versions proposed: {hits}/{hits + misses} "
          f"(share min {min(shares_related):.2f}, median {sorted(shares_related)[len(shares_related)//2]:.2f})")
    print(f"unrelated same-beat pairs proposed: {false_alarms}/{len(shares_unrelated)} "
          f"(share max {max(shares_unrelated):.2f})")


if __name__ == "__main__":
    main()
