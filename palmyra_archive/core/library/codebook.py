"""The codebook (#20): the user's tag tree as codes, with per code the passages and articles
it marks (its own and with the codes below it, apart), the passages of one code with their
context and article, a codes × outlets (or × months) matrix, and the coded passages as CSV or
XLSX (openpyxl) for a spreadsheet or a QDA tool.

What counts: live annotations (not deleted) on articles not in the Trash; a passage is coded
by the tags on it; an article by a tag on it or on one of its passages (as the library's tag
filter counts it). Site tags (``site:…``) are the sites' sections, not codes: left out.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..store.errors import NotFoundError, ValidationError

if TYPE_CHECKING:
    from ..archive import Archive

EXPORT_COLUMNS = ("article_id", "title", "outlet", "date", "quote", "prefix", "suffix", "note", "tags",
                  "annotation_id")

_PASSAGES_SQL = """
SELECT an.id, an.article_id, COALESCE(a.title_corrected, a.title), o.name,
       COALESCE(c.date_corrected, c.date), an.exact, an.prefix, an.suffix, an.note,
       (SELECT json_group_array(t.path) FROM annotation_tags y JOIN tags t ON t.id = y.tag_id
         WHERE y.annotation_id = an.id AND t.namespace = 'user')
FROM annotations an JOIN articles a ON a.id = an.article_id JOIN copies c ON c.id = an.copy_id
LEFT JOIN outlets o ON o.id = COALESCE(c.outlet_corrected_id, c.outlet_id)
WHERE an.deleted_at IS NULL AND an.article_id NOT IN (SELECT article_id FROM trash) {where}
ORDER BY an.article_id, an.start, an.id"""


@dataclass(frozen=True)
class CodeRow:
    id: int
    path: str
    depth: int
    passages: int            # coded with this tag itself
    articles: int
    passages_with_children: int
    articles_with_children: int

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class CodedPassage:
    annotation_id: int
    article_id: int
    title: str
    outlet: str | None
    date: str | None
    quote: str
    prefix: str
    suffix: str
    note: str
    tags: tuple[str, ...]

    def row(self) -> list:
        return [self.article_id, self.title, self.outlet or "", self.date or "", self.quote,
                self.prefix, self.suffix, self.note, "; ".join(self.tags), self.annotation_id]


@dataclass
class Matrix:
    by: str                              # outlet | month
    codes: list[str]                     # tag paths (rows)
    columns: list[str]                   # outlet names or YYYY-MM (columns)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)   # passages

    def count(self, code: str, column: str) -> int:
        return self.counts.get((code, column), 0)


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


class Codebook:
    def __init__(self, archive: Archive):
        self.archive = archive

    def _passages(self, where: str = "", params: Sequence = ()) -> list[CodedPassage]:
        import json
        return [CodedPassage(r[0], r[1], r[2] or "", r[3], r[4], r[5], r[6] or "", r[7] or "",
                             r[8] or "", tuple(sorted(json.loads(r[9] or "[]"))))
                for r in self.archive.db.execute(_PASSAGES_SQL.format(where=where), list(params))]

    def codes(self) -> list[CodeRow]:
        """The user's tags in tree order, each with its counts (own, and with its children)."""
        db = self.archive.db
        tags = [(r[0], r[1]) for r in db.execute(
            "SELECT id, path FROM tags WHERE namespace = 'user' ORDER BY path COLLATE NOCASE")]
        paths = {p.casefold(): p for _i, p in tags}
        own_p: dict[str, set] = defaultdict(set)
        own_a: dict[str, set] = defaultdict(set)
        for passage in self._passages():
            for tag in passage.tags:
                own_p[tag.casefold()].add(passage.annotation_id)
                own_a[tag.casefold()].add(passage.article_id)
        for article_id, path in db.execute(
                "SELECT x.article_id, t.path FROM article_tags x JOIN tags t ON t.id = x.tag_id"
                " WHERE t.namespace = 'user' AND x.article_id NOT IN (SELECT article_id FROM trash)"):
            own_a[path.casefold()].add(article_id)
        all_p: dict[str, set] = defaultdict(set)
        all_a: dict[str, set] = defaultdict(set)
        for key in set(own_p) | set(own_a):
            for ancestor in _ancestors(key):
                if ancestor in paths:
                    all_p[ancestor] |= own_p.get(key, set())
                    all_a[ancestor] |= own_a.get(key, set())
        return [CodeRow(tag_id, path, path.count("/"), len(own_p.get(k, ())), len(own_a.get(k, ())),
                        len(all_p.get(k, ())), len(all_a.get(k, ())))
                for tag_id, path in tags for k in [path.casefold()]]

    def passages(self, tag_id: int | None = None, *, include_children: bool = True) -> list[CodedPassage]:
        """The passages coded with the tag (and those below it), or every coded passage."""
        if tag_id is None:
            return [p for p in self._passages() if p.tags]
        row = self.archive.db.execute("SELECT path FROM tags WHERE id = ?", [tag_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no tag {tag_id}.")
        path = row[0]
        if include_children:
            where = ("AND an.id IN (SELECT y.annotation_id FROM annotation_tags y JOIN tags t"
                     " ON t.id = y.tag_id WHERE t.path = ? OR (t.path > ? || '/' AND t.path < ? || '0'))")
            return self._passages(where, [path, path, path])
        return self._passages("AND an.id IN (SELECT annotation_id FROM annotation_tags WHERE tag_id = ?)",
                              [tag_id])

    def matrix(self, by: str = "outlet", *, include_children: bool = True) -> Matrix:
        """Passages per code (rows) and outlet or month (columns)."""
        if by not in ("outlet", "month"):
            raise ValidationError("The matrix is by outlet or by month.")
        codes = [c.path for c in self.codes()]
        known = {c.casefold(): c for c in codes}
        counts: dict[tuple[str, str], set] = defaultdict(set)
        columns: set[str] = set()
        for passage in self._passages():
            column = (passage.outlet or "(no outlet)") if by == "outlet" else \
                ((passage.date or "")[:7] if passage.date and len(passage.date) >= 7 else "(no month)")
            credited = set()
            for tag in passage.tags:
                credited |= {a for a in (_ancestors(tag.casefold()) if include_children else [tag.casefold()])
                             if a in known}
            for code in credited:
                counts[(known[code], column)].add(passage.annotation_id)
                columns.add(column)
        return Matrix(by, codes, sorted(columns, key=str.casefold),
                      {k: len(v) for k, v in counts.items()})

    # -- export ----------------------------------------------------------------------------

    def export_csv(self, path: Path | str, tag_id: int | None = None) -> int:
        passages = self.passages(tag_id)
        with open(path, "w", newline="", encoding="utf-8-sig") as out:   # Excel reads the BOM
            writer = csv.writer(out)
            writer.writerow(EXPORT_COLUMNS)
            writer.writerows(_safe_cells(p.row()) for p in passages)
        return len(passages)

    def export_xlsx(self, path: Path | str, tag_id: int | None = None, *,
                    matrix_by: str = "outlet") -> int:
        from openpyxl import Workbook

        passages = self.passages(tag_id)
        book = Workbook()
        sheet = book.active
        sheet.title = "Coded passages"
        sheet.append(list(EXPORT_COLUMNS))
        for passage in passages:
            sheet.append(passage.row())
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"   # imported text is never a formula, whatever it starts with
        matrix = self.matrix(matrix_by)
        grid = book.create_sheet(f"Codes by {matrix.by}")
        grid.append(["code", *matrix.columns])
        for code in matrix.codes:
            grid.append([code, *(matrix.count(code, c) for c in matrix.columns)])
        book.save(path)
        return len(passages)


def _safe_cells(row: list) -> list:
    """CSV: text a spreadsheet would run as a formula (=, +, @, or - before a digit or =) gets
    a leading apostrophe, so opening the file never runs what an imported page said."""
    return ["'" + v if isinstance(v, str) and (v[:1] in ("=", "+", "@")
                                                or (v[:1] == "-" and v[1:2] in "0123456789=" and v[1:2]))
            else v for v in row]
