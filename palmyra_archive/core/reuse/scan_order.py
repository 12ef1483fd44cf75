"""The order a full scan aligns its candidate pairs in: copies that are candidates of one
another together (pure; issue #11).

Why: aligning a pair reads both texts' units and words, and alignment remembers the last few
hundred texts read (``align.SIDE_CACHE``). Aligned in the copies' order, a copy's candidates
are older copies last read thousands of copies before, so nearly every pair read one text
again (half of aligning it). Grouped by the connected parts of the candidate graph (a story
and its copies), each text is read about once per group, whichever worker aligns it: a group
goes to one worker whole when it is small (``MAX_GROUP`` pairs), in pieces of that size when
it is not (a wire story printed a thousand times).

The order is a function of the pairs alone, so a scan on workers and one in-process store the
same links in the same order (the same ids).
"""

from __future__ import annotations

from collections.abc import Sequence

#: pairs sent to a worker at once: whole groups up to at least this many
CHUNK_PAIRS = 48
#: a group larger than this is sent in pieces of this many pairs
MAX_GROUP = 480

Pair = tuple[int, int]


def schedule(found: Sequence[tuple[int, Sequence[int]]], *, chunk_pairs: int = CHUNK_PAIRS,
             max_group: int = MAX_GROUP) -> list[list[Pair]]:
    """Chunks of ``(copy, candidate)`` pairs from ``found``: each copy (in the copies' order)
    with its candidates (most keys shared first). Pairs of one connected group stay in the
    order found; groups come in the order of their first pair."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for copy_id, others in found:
        mine = root(copy_id)
        for other in others:
            theirs = root(other)
            if theirs != mine:
                # the smaller id stays the root, so the union does not depend on the order
                mine, theirs = min(mine, theirs), max(mine, theirs)
                parent[theirs] = mine
    groups: dict[int, list[Pair]] = {}
    for copy_id, others in found:
        if others:
            groups.setdefault(root(copy_id), []).extend((copy_id, other) for other in others)
    chunks: list[list[Pair]] = []
    current: list[Pair] = []
    for pairs in groups.values():
        for start in range(0, len(pairs), max_group):
            piece = pairs[start:start + max_group]
            if current and len(current) + len(piece) > max_group:
                chunks.append(current)
                current = []
            current.extend(piece)
            if len(current) >= chunk_pairs:
                chunks.append(current)
                current = []
    if current:
        chunks.append(current)
    return chunks
