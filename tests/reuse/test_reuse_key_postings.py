"""A band key printed in many copies is read only for its newest holders (issue #11/#19):
finding candidates for one copy costs the same at 100 holders of a key as at 100,000."""

from __future__ import annotations

import sqlite3

import pytest

from palmyra_archive.core.reuse import links
from palmyra_archive.core.reuse.links import KEY_POSTINGS, CopyInfo
from palmyra_archive.core.reuse.scan_work import candidates


def _conn(holders: int) -> sqlite3.Connection:
    """Copies 1..holders each in their own work and file, all sharing band keys 1 and 2; the
    last copy (id holders + 1) is the one candidates are found for."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE copies (id INTEGER PRIMARY KEY, article_id INTEGER, source_id INTEGER,"
                 " superseded_by_id INTEGER)")
    conn.execute("CREATE TABLE reuse_bands (key INTEGER NOT NULL, copy_id INTEGER NOT NULL,"
                 " PRIMARY KEY (key, copy_id)) WITHOUT ROWID")
    for cid in range(1, holders + 2):
        conn.execute("INSERT INTO copies VALUES (?, ?, ?, NULL)", [cid, 1000 + cid, 5000 + cid])
        conn.executemany("INSERT INTO reuse_bands VALUES (?, ?)", [(1, cid), (2, cid)])
    return conn


def _info(copy_id: int) -> CopyInfo:
    return CopyInfo(copy_id, 1000 + copy_id, 5000 + copy_id, None, None, None, "t", "")


@pytest.mark.parametrize("older_only", [True, False])
def test_only_the_newest_holders_of_a_key_are_candidates(older_only):
    holders = KEY_POSTINGS * 3
    conn = _conn(holders)
    me = holders + 1
    found = candidates(conn, _info(me), [1, 2], older_only=older_only, limit=10_000)
    ids = {c for c, _n in found}
    assert len(ids) == KEY_POSTINGS
    assert ids == set(range(me - KEY_POSTINGS, me))     # the newest, never itself
    assert all(n == 2 for _c, n in found)


def test_a_key_with_few_holders_gives_them_all_and_the_limit_holds():
    conn = _conn(10)
    found = candidates(conn, _info(11), [1, 2], older_only=True, limit=4)
    assert [c for c, _n in found] == [10, 9, 8, 7]


def test_one_shared_key_is_not_enough():
    conn = _conn(5)
    conn.execute("DELETE FROM reuse_bands WHERE key = 2 AND copy_id < 6")
    assert candidates(conn, _info(6), [1, 2], older_only=True) == []


def test_the_cap_is_one_of_the_method_parameters_stored_with_each_link():
    assert links.parameters()["key_postings"] == KEY_POSTINGS


def _reference(conn, info: CopyInfo, keys: list[int], older_only: bool, limit: int) -> list[tuple[int, int]]:
    """The rule spelled out in Python, one key at a time (what the statement must equal)."""
    from palmyra_archive.core.reuse.links import MIN_SHARED_KEYS
    counts: dict[int, int] = {}
    for key in set(keys):
        holders = sorted((c for (c,) in conn.execute("SELECT copy_id FROM reuse_bands WHERE key = ?", [key])
                          if (c < info.id if older_only else c != info.id)), reverse=True)
        for c in holders[:KEY_POSTINGS]:
            counts[c] = counts.get(c, 0) + 1
    out = []
    for n, c in sorted(((n, c) for c, n in counts.items() if n >= MIN_SHARED_KEYS), reverse=True):
        row = conn.execute("SELECT article_id, source_id, superseded_by_id FROM copies WHERE id = ?", [c]).fetchone()
        if row is None or row[2] is not None or row[1] == info.source_id or row[0] == info.article_id:
            continue
        out.append((c, n))
    return out[:limit]


@pytest.mark.parametrize("seed", range(6))
def test_the_counting_statement_finds_what_the_rule_says(seed):
    """Random holders of random keys (hot keys past the cap among them), copies replaced,
    gone, of the same file or the same work: the one statement gives the rule's answer."""
    import random
    rng = random.Random(seed)
    conn = _conn(0)
    conn.execute("DELETE FROM reuse_bands")
    copies = 400
    for cid in range(1, copies + 1):
        conn.execute("INSERT OR REPLACE INTO copies VALUES (?, ?, ?, ?)",
                     [cid, rng.randrange(300), rng.randrange(350), cid + 1 if rng.random() < 0.05 else None])
    conn.execute("DELETE FROM copies WHERE id % 97 = 0")           # gone since (the Trash emptied)
    keys = list(range(1, 60))
    for key in keys:
        hot = rng.random() < 0.2
        for cid in rng.sample(range(1, copies + 1), rng.randrange(150, 300) if hot else rng.randrange(1, 12)):
            conn.execute("INSERT INTO reuse_bands VALUES (?, ?)", [key, cid])
    for _ in range(15):
        me = rng.randrange(1, copies + 1)
        info = CopyInfo(me, rng.randrange(300), rng.randrange(350), None, None, None, "t", "")
        mine = rng.sample(keys, rng.randrange(2, 40))
        for older_only in (True, False):
            for limit in (3, 12, 10_000):
                assert candidates(conn, info, mine, older_only=older_only, limit=limit) == \
                    _reference(conn, info, mine, older_only, limit)
