"""The order a full scan aligns its pairs in (#11): candidates of one another together, each
group whole in one task when small, the same order whatever order the unions happen in."""

from __future__ import annotations

from palmyra_archive.core.reuse import scan_order


def _flat(chunks):
    return [pair for chunk in chunks for pair in chunk]


def test_pairs_of_one_story_come_together_in_the_order_found():
    # two stories printed in turn: copies 1, 3, 5 are one text, 2, 4, 6 another
    found = [(3, (1,)), (4, (2,)), (5, (3, 1)), (6, (4, 2))]
    chunks = scan_order.schedule(found, chunk_pairs=100)
    assert _flat(chunks) == [(3, 1), (5, 3), (5, 1), (4, 2), (6, 4), (6, 2)]


def test_every_pair_is_scheduled_once():
    found = [(c, tuple(o for o in range(max(1, c - 5), c) if (c * o) % 3)) for c in range(2, 300)]
    expected = sorted((c, o) for c, others in found for o in others)
    assert sorted(_flat(scan_order.schedule(found))) == expected


def test_groups_chained_late_join_the_first_group():
    # 10 and 20 begin apart; copy 30 has both as candidates, so all are one group, aligned
    # before copy 15's pair (another story, found in between)
    found = [(10, (1,)), (15, (14,)), (20, (2,)), (30, (10, 20))]
    flat = _flat(scan_order.schedule(found, chunk_pairs=100))
    assert flat == [(10, 1), (20, 2), (30, 10), (30, 20), (15, 14)]


def test_small_groups_share_a_task_and_a_large_one_is_cut():
    small = [(c, (c - 1,)) for c in range(100, 140, 2)]          # 20 groups of one pair
    large = [(1000 + i, tuple(range(1000, 1000 + i))) for i in range(1, 40)]   # 780 pairs, one group
    chunks = scan_order.schedule(small + large, chunk_pairs=8, max_group=100)
    assert len(chunks[0]) == 8 and all(len(c) <= 100 for c in chunks)
    big = [c for c in chunks if any(p[0] >= 1000 for p in c)]
    assert sum(map(len, big)) == 780 and max(map(len, big)) == 100


def test_the_order_does_not_depend_on_which_group_is_merged_into_which():
    a = [(5, (1,)), (6, (2,)), (7, (5, 6))]
    b = [(5, (1,)), (6, (2,)), (7, (6, 5))]
    assert {p for c in scan_order.schedule(a) for p in c} == {p for c in scan_order.schedule(b) for p in c}
    assert [p[0] for p in _flat(scan_order.schedule(a))] == [p[0] for p in _flat(scan_order.schedule(b))]
