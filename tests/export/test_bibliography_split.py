"""Issue #13: a large bibliography is rendered in two pandoc runs (disambiguation only where
cites could read alike); the result must equal one run of pandoc's citeproc with the full
style, entry for entry and in the same order, in every shipped style."""

from __future__ import annotations

import random

import pytest

from palmyra_archive.core.export import bibliography

FAMILIES = ["Quint", "Vautrin", "Ebert", "Lucas", "Mirzaei", "Haddad", "Okafor", "Silva", "Novak",
            "Berg", "Moreau", "Fischer", "Rossi", "Kowalski", "Lindqvist", "Dubois", "Santos",
            "Yilmaz", "Petrov", "Nakamura"]
GIVEN = ["Mara", "Claire", "Jonas", "Scott", "Aram", "Leila", "Chidi", "Ana", "Ivan", "Sofie"]
OUTLETS = ["The Coastal Ledger", "Le Courrier de l'Est", "Hessische Rundschau Online", "Moon of Alabama"]


def _items(n: int = 160) -> list[dict]:
    rng = random.Random(13)
    items = []
    for i in range(n):
        item = {"id": f"item{i:03d}", "type": "webpage",
                "title": f"{rng.choice(['Harbour', 'Frost', 'Rail', 'Palmyra'])} report {i}: what changed",
                "container-title": rng.choice(OUTLETS), "URL": f"https://news.example/{i}",
                "issued": {"date-parts": [[rng.choice([2015, 2016]), rng.randint(1, 12)]]}}
        if i % 12 == 0:
            pass                                           # no author: cited by its title
        elif i % 17 == 0:
            item["author"] = [{"literal": "Inside Syria Media Center"}]
        elif i % 9 == 0:                                   # the same author twice, same year
            item["author"] = [{"family": "Quint", "given": "Mara"}]
            item["issued"] = {"date-parts": [[2016, 3]]}
        elif i % 11 == 0:                                  # same family, another given name
            item["author"] = [{"family": "Quint", "given": "Peter"}]
            item["issued"] = {"date-parts": [[2016, 5]]}
        else:
            item["author"] = [{"family": f"{FAMILIES[i % 20]}-{i}", "given": GIVEN[i % 10]}]
            if i % 5 == 0:
                item["author"].append({"family": FAMILIES[(i + 3) % 20], "given": GIVEN[(i + 1) % 10]})
        items.append(item)
    return items


@pytest.mark.parametrize("style", sorted(bibliography.STYLES))
def test_two_runs_equal_one_run_of_the_full_style(style, monkeypatch):
    items = _items()
    assert len(items) >= bibliography.SPLIT_FROM
    clean = [{k: v if k == "id" else bibliography._shielded(v) for k, v in item.items()} for item in items]
    one_run = [body for _, body in bibliography._pandoc(clean, bibliography.style_path(style))]
    runs = []
    real = bibliography._pandoc
    monkeypatch.setattr(bibliography, "_pandoc", lambda clean, csl: runs.append(len(clean)) or real(clean, csl))
    split = bibliography._render(items, style)
    assert runs[0] == len(items) and 0 < runs[1] < len(items) // 2    # the split path was taken
    assert split == one_run
    if style != "mla":                                     # MLA adds no year suffix
        assert any("2016a" in e for e in split) and any("2016b" in e for e in split)


def test_entries_whose_cites_could_read_alike_share_a_key():
    key = bibliography._ambiguity_key
    assert key({"author": [{"family": "Quint", "given": "Mara"}]}) == \
        key({"author": [{"family": "quint", "given": "Peter"}, {"family": "Berg"}]})
    assert key({"author": [{"literal": "Inside Syria Media Center"}]}) != key({"author": [{"family": "Quint"}]})
    assert key({"title": "A"}) == key({"title": "B", "author": []})
