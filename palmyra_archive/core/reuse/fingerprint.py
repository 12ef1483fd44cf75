"""A copy's text as band keys: overlapping passages, word shingles, MinHash, LSH bands (pure).

Why passages and not the whole text: a quotation is a tenth of the article it stands in, so
the whole texts' resemblance (Jaccard) is near nothing; passages of ``WINDOW_WORDS`` words,
every ``STEP_WORDS`` words, match wherever the same words stand, whatever was cut or added
around them. Each passage gets a MinHash of its word shingles (datasketch); its signature is
cut into ``BANDS`` bands of ``ROWS`` values and each band hashed to one 63-bit key. Two
passages share a key with probability 1 - (1 - J**ROWS)**BANDS (J: their shingles' Jaccard):
(6 bands of 3) about 0.99 from J = 0.8 (a typo fixed), 0.77 at J = 0.6 (a passage
shifted by a dropped paragraph), 0.006 at J = 0.1.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..text.submodules import submodule

# datasketch's __init__ imports its LSH classes and scipy (2 s at the first copy stored of every
# run); only MinHash is used here (#10's HTML import speed)
MinHash = submodule("datasketch", "minhash", export=("MinHash",)).MinHash

WINDOW_WORDS = 50
STEP_WORDS = 25
SHINGLE_WORDS = 3
BANDS = 6
ROWS = 3
SEED = 11
#: a text shorter than this is not fingerprinted (a caption, a teaser: too little to say)
MIN_WORDS = 20

_WORD = re.compile(r"\w+")
_MASK63 = (1 << 63) - 1


@dataclass(frozen=True)
class Parameters:
    window_words: int = WINDOW_WORDS
    step_words: int = STEP_WORDS
    shingle_words: int = SHINGLE_WORDS
    bands: int = BANDS
    rows: int = ROWS
    seed: int = SEED

    def as_json(self) -> dict:
        return dict(vars(self))


DEFAULT = Parameters()


def words(text: str) -> list[str]:
    """Words as compared: NFKC, casefolded, punctuation and spacing dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _word_hashes(tokens: list[str]) -> np.ndarray:
    return np.fromiter((zlib.crc32(t.encode("utf-8")) for t in tokens), dtype=np.uint64,
                       count=len(tokens))


def _shingle_hashes(hashes: np.ndarray, k: int) -> np.ndarray:
    """One 32-bit value per run of ``k`` words (vectorised; order matters)."""
    if len(hashes) < k:
        return hashes[:0]
    out = np.zeros(len(hashes) - k + 1, dtype=np.uint64)
    for i in range(k):
        out = (out * np.uint64(1000003) + hashes[i:len(hashes) - k + 1 + i]) & np.uint64(0xFFFFFFFF)
    return out


def _identity(value):
    return value


def passages(count: int, params: Parameters = DEFAULT) -> list[tuple[int, int]]:
    """(first word, end word) of each passage of a text of ``count`` words."""
    if count < MIN_WORDS:
        return []
    if count <= params.window_words:
        return [(0, count)]
    starts = list(range(0, count - params.window_words + 1, params.step_words))
    if starts[-1] + params.window_words < count:
        starts.append(count - params.window_words)
    return [(s, s + params.window_words) for s in starts]


def band_keys(text: str, params: Parameters = DEFAULT) -> list[int]:
    """The distinct band keys of a text's passages (empty for a text under ``MIN_WORDS``)."""
    return band_keys_of_words(word_hashes(text), params)


def word_hashes(text: str) -> np.ndarray:
    """One 32-bit hash per word of ``text`` (``words``); a text's is the concatenation of its
    paragraphs', so a body's paragraphs can be hashed once and any of them left out later."""
    return _word_hashes(words(text))


def band_keys_of_words(hashes: np.ndarray, params: Parameters = DEFAULT) -> list[int]:
    """``band_keys`` from the text's ``word_hashes``."""
    keys: set[int] = set()
    for span_keys in window_keys(hashes, params).values():
        keys.update(span_keys)
    return sorted(keys)


def window_keys(hashes: np.ndarray, params: Parameters = DEFAULT) -> dict[tuple[int, int], tuple[int, ...]]:
    """Each passage's band keys, by the passage's (first word, end word)."""
    spans = passages(len(hashes), params)
    return dict(zip(spans, _span_keys(hashes, spans, params)))


def band_keys_reusing(hashes: np.ndarray, origin: np.ndarray, known: dict[tuple[int, int], tuple[int, ...]],
                      params: Parameters = DEFAULT) -> list[int]:
    """``band_keys_of_words(hashes)`` for a text whose words are some of a longer text's (a body
    with its boilerplate paragraphs left out): ``origin`` gives each word's place in the longer
    text and ``known`` its ``window_keys``. A passage that is one of the longer text's, whole
    (the same words, none left out inside it), has the same keys: only the others are hashed."""
    keys: set[int] = set()
    todo = []
    for s, e in passages(len(hashes), params):
        first = int(origin[s])
        whole = int(origin[e - 1]) - first == e - 1 - s
        found = known.get((first, first + e - s)) if whole else None
        if found is None:
            todo.append((s, e))
        else:
            keys.update(found)
    for span_keys in _span_keys(hashes, todo, params):
        keys.update(span_keys)
    return sorted(keys)


def _span_keys(hashes: np.ndarray, spans: list[tuple[int, int]], params: Parameters) -> list[tuple[int, ...]]:
    if not spans:
        return []
    shingles = _shingle_hashes(hashes, params.shingle_words)
    batches = [shingles[s:max(s + 1, e - params.shingle_words + 1)].tolist() for s, e in spans]
    num_perm = params.bands * params.rows
    permutations, scheme = _permutations(num_perm, params.seed)
    minhashes = MinHash.bulk(batches, num_perm=num_perm, seed=params.seed, hashfunc=_identity,
                             permutations=permutations, scheme=scheme)
    out = []
    for minhash in minhashes:
        values = minhash.hashvalues
        span = []
        for band in range(params.bands):
            chunk = values[band * params.rows:(band + 1) * params.rows]
            digest = hashlib.blake2b(chunk.tobytes(), digest_size=8, person=bytes([band]) * 8).digest()
            span.append(int.from_bytes(digest, "little") & _MASK63)
        out.append(tuple(span))
    return out


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple:
    """datasketch's permutations for these parameters (and their scheme), made once: making
    them anew for every copy was a fifth of fingerprinting; the values are the same."""
    made = MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity)
    return made.permutations, made.scheme


@lru_cache(maxsize=65536)
def unit_hash(text: str) -> int:
    """One passage's exact words as a 63-bit key (outlet boilerplate is counted by it).
    Remembered: a scan asks for the same paragraphs' keys once per pair they stand in."""
    digest = hashlib.blake2b(" ".join(words(text)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") & _MASK63
