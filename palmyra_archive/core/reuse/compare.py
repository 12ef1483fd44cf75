"""Two copies side by side: aligned passage to passage, what was cut, added, changed (pure
over ``CopyInfo``), and the HTML report a colleague reads without the app.

Rows follow the first copy; an aligned pair whose passage stands earlier in the second copy
than the one before it is ``moved``; the second copy's passages that align with nothing are
``added`` where they stand between aligned ones; the first copy's are ``cut``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import align as alignmod

if TYPE_CHECKING:
    from .links import CopyInfo


@dataclass(frozen=True)
class Row:
    kind: str                 # same | changed | moved | cut | added
    a_text: str
    b_text: str
    a_span: tuple[int, int] | None
    b_span: tuple[int, int] | None
    score: float | None = None
    #: word-level runs (op, a_text, b_text) for aligned rows that differ
    diff: tuple = ()

    @property
    def is_difference(self) -> bool:
        return self.kind != "same"

    def as_json(self) -> dict:
        return {"kind": self.kind, "a": self.a_text, "b": self.b_text,
                "a_span": list(self.a_span) if self.a_span else None,
                "b_span": list(self.b_span) if self.b_span else None,
                "score": self.score, "diff": [list(d) for d in self.diff]}


@dataclass
class Comparison:
    a: CopyInfo
    b: CopyInfo
    share_a: float
    share_b: float
    rows: list[Row] = field(default_factory=list)
    link_id: int | None = None
    kind: str | None = None
    direction: str = "order unknown"

    def differences(self) -> list[int]:
        return [i for i, r in enumerate(self.rows) if r.is_difference]

    def as_json(self) -> dict:
        def side(info, share):
            return {"copy_id": info.id, "article_id": info.article_id, "outlet": info.outlet,
                    "date": info.date, "title": info.title, "share_reused": round(share, 3)}
        return {"a": side(self.a, self.share_a), "b": side(self.b, self.share_b),
                "link_id": self.link_id, "kind": self.kind, "direction": self.direction,
                "rows": [r.as_json() for r in self.rows]}


def build(a, b, alignment: alignmod.Alignment) -> list[Row]:
    ua = [u for u in alignmod.units(a.body)]
    ub = [u for u in alignmod.units(b.body)]
    pairs = sorted(alignment.passages, key=lambda p: p.a_start)
    rows: list[Row] = []
    used_b: list[tuple[int, int]] = [(p.b_start, p.b_end) for p in pairs]

    def b_free(unit) -> bool:
        return not any(s < unit.end and unit.start < e for s, e in used_b)

    free_b = [u for u in ub if b_free(u)]
    emitted: set[int] = set()

    def added_before(limit: int) -> None:
        for u in free_b:
            if u.start < limit and u.start not in emitted:
                emitted.add(u.start)
                rows.append(Row("added", "", u.text, None, (u.start, u.end)))

    last_b = -1
    pair_index = 0
    for unit in ua:
        mine = [p for p in pairs[pair_index:] if p.a_start < unit.end and unit.start < p.a_end]
        if not mine:
            rows.append(Row("cut", unit.text, "", (unit.start, unit.end), None))
            continue
        for p in mine:
            pair_index = pairs.index(p) + 1
            if p.b_start >= last_b:
                added_before(p.b_start)
            a_text, b_text = a.body[p.a_start:p.a_end], b.body[p.b_start:p.b_end]
            runs = tuple(alignmod.word_diff(a_text, b_text))
            differs = any(op != "equal" for op, _x, _y in runs)
            kind = "moved" if p.b_start < last_b else ("changed" if differs else "same")
            rows.append(Row(kind, a_text, b_text, (p.a_start, p.a_end), (p.b_start, p.b_end),
                            p.score, runs if differs else ()))
            last_b = max(last_b, p.b_end)
    added_before(len(b.body) + 1)
    return rows


_CSS = """body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;width:100%}
td{vertical-align:top;padding:.4em .6em;border-bottom:1px solid #ddd;width:50%;white-space:pre-wrap}
th{text-align:left;padding:.4em .6em;background:#f2f2f2}.cut td.a{background:#fde2e2}
.added td.b{background:#e2f5e2}.moved td{background:#eef}del{background:#f8c4c4;text-decoration:line-through}
ins{background:#bfe8bf;text-decoration:none}.kind{color:#666;font-size:.8em}"""


def html_report(comparison: Comparison) -> str:
    """A self-contained report: every imported word escaped, no script, no external resource."""
    e = html.escape
    a, b = comparison.a, comparison.b

    def head(info, share):
        return (f"{e(info.outlet or 'outlet unknown')}, {e(info.date or 'date unknown')}<br>"
                f"<b>{e(info.title or '')}</b><br><span class=kind>copy {info.id}; "
                f"{share:.0%} of it stands in the other</span>").replace("%", " %")

    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'>",
           "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">",
           f"<title>Compare copies {a.id} and {b.id}</title><style>{_CSS}</style></head><body>",
           f"<h1>Compare copies</h1><p>{e(_summary(comparison))}</p>",
           f"<table><tr><th>{head(a, comparison.share_a)}</th><th>{head(b, comparison.share_b)}</th></tr>"]
    labels = {"same": "same", "changed": "changed", "moved": "moved", "cut": "only in the first",
              "added": "only in the second"}
    for row in comparison.rows:
        if row.diff:
            left = "".join(e(x) if op == "equal" else f"<del>{e(x)}</del>" for op, x, _y in row.diff if x)
            right = "".join(e(y) if op == "equal" else f"<ins>{e(y)}</ins>" for op, _x, y in row.diff if y)
        else:
            left, right = e(row.a_text), e(row.b_text)
        out.append(f"<tr class={row.kind}><td class=a><span class=kind>{labels[row.kind]}</span><br>{left}</td>"
                   f"<td class=b>{right}</td></tr>")
    out.append("</table><p class=kind>Made by Palmyra Archive. Found by text; a proposal is not a "
               "fact until someone confirms it.</p></body></html>")
    return "\n".join(out)


def _summary(c: Comparison) -> str:
    counts: dict[str, int] = {}
    for row in c.rows:
        counts[row.kind] = counts.get(row.kind, 0) + 1
    parts = [f"{n} {k}" for k, n in counts.items()]
    kind = {"same_work": "same work", "quotes_from": "quotes from", None: "not linked"}.get(c.kind, c.kind)
    return f"Passages: {', '.join(parts) or 'none aligned'}. Link: {kind}; {c.direction}."
