"""Generate N article files by varying the sample corpus, deterministically from a seed.

Why: speed targets (import rate, search latency, a smooth library at 100,000 articles) need a
realistic archive, and the five corpus files carry the structure real scraped pages have
(site menus, footers, rights, comment threads, footnotes). Each generated file is one corpus
file with its title, outlets, dates and words varied and its middle paragraphs shuffled; about
one in ten is another outlet's copy of an earlier generated article, so copies of the same
work are exercised too.

    python benchmarks/generate.py DEST N [--seed 7]
    from benchmarks.generate import generate_corpus; generate_corpus(dest, 10_000, seed=7)
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

OUTLETS = ["Mondialisation.ca", "Global Research", "The Saker", "Moon of Alabama", "Syria Direct",
           "EA WorldView", "Inside Syria Media Center", "Al-Masdar News", "Middle East Eye",
           "The Duran", "Counterpunch", "Asia Times", "Southfront", "Sputnik", "Zero Hedge",
           "The New Arab", "Enab Baladi", "Orient Net", "Syria Comment", "Levant Report"]
VOCABULARY = ("desert caravan oasis column temple theatre citadel museum ruins convoy offensive "
              "ceasefire envoy militia airstrike frontline village tribe archive witness report "
              "pipeline governor checkpoint refugee corridor artillery monument heritage").split()
YEARS = [str(y) for y in range(2012, 2024)]
_YEAR = re.compile(r"\b2016\b")
_DAY = re.compile(r"\b([12]?\d|3[01])(?= (?:mars|Dec|December|March|mai|May)\b)")
_ORIGINAL_OUTLETS = ("Moon of Alabama", "The Saker", "Inside Syria Media Center")
_WORD = re.compile(r"[A-Za-z]{5,}")


def _base_texts() -> list[tuple[str, str]]:
    return [(p.stem, p.read_text("utf-8")) for p in sorted(CORPUS.glob("*.txt"))]


def _vary_title(text: str, rng: random.Random, serial: int) -> str:
    """Make the first heading unique: a few words and the serial number after it."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.strip():
            extra = " ".join(rng.sample(VOCABULARY, 2))
            lines[i] = f"{line.rstrip()} — {extra} {serial}"
            break
    return "\n".join(lines)


def _shuffle_middle(text: str, rng: random.Random) -> str:
    """Shuffle the paragraphs in the middle third (headers and footers stay in place)."""
    paragraphs = text.split("\n\n")
    if len(paragraphs) < 9:
        return text
    start, end = len(paragraphs) // 3, 2 * len(paragraphs) // 3
    middle = paragraphs[start:end]
    plain = [p for p in middle if not p.startswith((" ", "\t", "•", "[", "#")) and len(p) > 80]
    rng.shuffle(plain)
    it = iter(plain)
    paragraphs[start:end] = [next(it) if (not p.startswith((" ", "\t", "•", "[", "#")) and len(p) > 80)
                             else p for p in middle]
    return "\n\n".join(paragraphs)


def _swap_words(text: str, rng: random.Random, rate: float = 0.02) -> str:
    return _WORD.sub(lambda m: rng.choice(VOCABULARY) if rng.random() < rate else m.group(0), text)


def vary(base: str, rng: random.Random, serial: int) -> str:
    """One generated article from a corpus text."""
    text = _vary_title(base, rng, serial)
    this_outlet, upstream = rng.sample(OUTLETS, 2)
    text = text.replace("Mondialisation.ca", this_outlet)
    for original in _ORIGINAL_OUTLETS:
        text = text.replace(original, upstream)
    year = rng.choice(YEARS)
    text = _YEAR.sub(year, text)
    text = _DAY.sub(lambda m: str(rng.randint(1, 28)), text)
    text = _shuffle_middle(text, rng)
    return _swap_words(text, rng)


def republish(text: str, rng: random.Random) -> str:
    """Another outlet's copy of an already generated article: same title and text."""
    outlet = rng.choice(OUTLETS)
    return text.replace("Mondialisation.ca", outlet, 1) if "Mondialisation.ca" in text else text + "\n"


def generate_corpus(dest_dir: Path | str, n: int, seed: int = 7) -> list[Path]:
    """Write ``n`` files ``gen_000000.txt``… into dest_dir; the same seed gives the same bytes."""
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    bases = _base_texts()
    written: list[Path] = []
    recent: list[str] = []
    for serial in range(n):
        if recent and rng.random() < 0.1:
            text = republish(rng.choice(recent), rng) + f"\n<!-- copy {serial} -->\n"
        else:
            name, base = bases[serial % len(bases)]
            text = vary(base, rng, serial)
            recent = (recent + [text])[-50:]
        path = dest / f"gen_{serial:06d}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    files = generate_corpus(args.dest, args.n, args.seed)
    print(f"Wrote {len(files)} files to {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
