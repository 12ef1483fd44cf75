"""What the search benchmarks type and how they summarise latencies (shared by bench_import
and bench_scale, so both measure the same query shapes the same way)."""

from __future__ import annotations

import random
from collections.abc import Sequence

DEFAULT_PHRASES = ("syrian arab army", "islamic state", "palmyra museum", "the saker")


def researcher_queries(words: Sequence[str], count: int, seed: int,
                       phrases: Sequence[str] = DEFAULT_PHRASES) -> list[str]:
    """Single words, phrases, prefixes, OR, NOT and two words: what a researcher types."""
    rng = random.Random(seed)
    shapes = [lambda: rng.choice(words),
              lambda: f'"{rng.choice(phrases)}"',
              lambda: rng.choice(words)[:4] + "*",
              lambda: f"{rng.choice(words)} OR {rng.choice(words)}",
              lambda: f"{rng.choice(words)} NOT {rng.choice(words)}",
              lambda: f"{rng.choice(words)} {rng.choice(words)}"]
    return [shapes[i % len(shapes)]() for i in range(count)]


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]
