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
import json
import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..text.submodules import submodule

# datasketch's __init__ imports its LSH classes and scipy (2 s at the first copy stored of every
# run); only MinHash is used here (#10's HTML import speed)
_minhash = submodule("datasketch", "minhash", export=("MinHash",))
MinHash = _minhash.MinHash

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
#: what each fingerprint row keeps as its parameters (``reuse_fingerprints.parameters``)
DEFAULT_JSON = json.dumps(DEFAULT.as_json())


def words(text: str) -> list[str]:
    """Words as compared: NFKC, casefolded, punctuation and spacing dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _word_hashes(tokens: list[str]) -> np.ndarray:
    return np.fromiter(map(zlib.crc32, map(str.encode, tokens)), dtype=np.uint64, count=len(tokens))


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
    # only the words the spans cover are shingled (a writer re-hashing the one passage a
    # left-out footer cut need not shingle the whole body)
    low, high = min(s for s, _e in spans), max(e for _s, e in spans)
    shingles = _shingle_hashes(hashes[low:high], params.shingle_words)
    spans = [(s - low, e - low) for s, e in spans]
    return [_band_digests(values, params) for values in _span_minhashes(shingles, spans, params)]


def tail_keys(hashes: np.ndarray, ends: list[int], params: Parameters = DEFAULT) -> dict[tuple[int, int], tuple[int, ...]]:
    """The band keys of the last passage of each text that stops at one of ``ends`` (a word
    count): a body whose closing paragraphs are left out (an outlet's footer) ends with that
    passage, which no passage of the whole body is. Made ahead in a parse-ahead worker, so the
    writer hashes nothing for a copy whose boilerplate is a footer."""
    spans = sorted({passages(end, params)[-1] for end in ends if end >= MIN_WORDS} - set(
        passages(len(hashes), params)))
    return dict(zip(spans, _span_keys(hashes, spans, params)))


def _span_minhashes(shingles: np.ndarray, spans: list[tuple[int, int]], params: Parameters) -> list[np.ndarray]:
    """Each passage's MinHash values: what ``MinHash.bulk`` gives for each passage's shingles,
    with datasketch's own permutations, scheme and input mix, but each shingle mixed and
    permuted once for the whole text (passages overlap by half) and no MinHash object made per
    passage: that was two thirds of fingerprinting a copy (#11's import cost).
    ``test_minhash_values_are_datasketchs`` holds it to ``MinHash.bulk``."""
    num_perm = params.bands * params.rows
    permutations, scheme = _permutations(num_perm, params.seed)
    k = params.shingle_words
    batches = [(s, max(s + 1, e - k + 1)) for s, e in spans]
    if scheme != "affine32" or not hasattr(_minhash, "_fmix"):   # another datasketch: its own way
        made = MinHash.bulk([shingles[s:e].tolist() for s, e in batches], num_perm=num_perm,
                            seed=params.seed, hashfunc=_identity, permutations=permutations,
                            scheme=scheme)
        return [m.hashvalues for m in made]
    a, b = permutations
    mixed = _minhash._fmix(shingles.astype(np.uint32).reshape(-1, 1), 32)
    permuted = mixed * a + b                       # (shingles, num_perm), wrapping mod 2**32
    empty = np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    return [permuted[s:e].min(axis=0) if e > s and s < len(permuted) else empty for s, e in batches]


_PERSONS = tuple(bytes([band]) * 8 for band in range(256))


def _band_digests(values: np.ndarray, params: Parameters) -> tuple[int, ...]:
    """Each band's values (``rows`` of them) hashed to one 63-bit key."""
    raw = values.tobytes()
    width = len(raw) // len(values) * params.rows
    blake2b, persons = hashlib.blake2b, _PERSONS
    return tuple(int.from_bytes(blake2b(raw[band * width:(band + 1) * width], digest_size=8,
                                        person=persons[band]).digest(), "little") & _MASK63
                 for band in range(params.bands))


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
