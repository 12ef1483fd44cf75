"""Build small archives by hand for the annotation tests (no importer needed)."""

from __future__ import annotations

import hashlib

_NOW = "2026-01-01T00:00:00Z"


def add_source(archive, text: str, filename: str = "a.txt", previous: int | None = None) -> int:
    data = text.encode("utf-8")
    return archive.db.execute(
        "INSERT INTO sources (filename, sha256, size_bytes, encoding, content, imported_at, "
        "previous_version_id) VALUES (?, ?, ?, 'utf-8', ?, ?, ?)",
        [filename, hashlib.sha256(data).hexdigest(), len(data), data, _NOW, previous]).lastrowid


def add_article(archive, body: str, *, title: str = "A story", outlet: str | None = None,
                filename: str | None = None) -> int:
    """An article with one copy whose body is ``body``; returns the article id."""
    with archive.write():
        article_id = archive.db.execute(
            "INSERT INTO articles (title, title_status, authors_status, created_at, updated_at) "
            "VALUES (?, 'printed', 'missing', ?, ?)", [title, _NOW, _NOW]).lastrowid
        copy_id = add_copy(archive, article_id, body, outlet=outlet,
                           filename=filename or f"article-{article_id}.txt")
        archive.db.execute("UPDATE articles SET primary_copy_id = ? WHERE id = ?",
                           [copy_id, article_id])
    return article_id


def add_copy(archive, article_id: int, body: str, *, outlet: str | None = None,
             filename: str = "copy.txt", previous_source: int | None = None,
             source_text: str | None = None) -> int:
    """A copy of ``body``; its source file is ``source_text`` (default: the body and a footer)."""
    source_text = body + f"\n[{filename}]" if source_text is None else source_text
    with archive.write():
        source_id = add_source(archive, source_text, filename, previous_source)
        outlet_id = None
        if outlet:
            archive.db.execute("INSERT OR IGNORE INTO outlets (name, created_at) VALUES (?, ?)",
                               [outlet, _NOW])
            outlet_id = archive.db.execute("SELECT id FROM outlets WHERE name = ?",
                                           [outlet]).fetchone()[0]
        return archive.db.execute(
            "INSERT INTO copies (article_id, source_id, span_start, span_end, outlet_id, "
            "outlet_status, date_status, section_status, body, body_start, imported_at) "
            "VALUES (?, ?, 0, ?, ?, 'printed', 'missing', 'missing', ?, ?, ?)",
            [article_id, source_id, len(source_text), outlet_id, body,
             max(0, source_text.find(body[:40])), _NOW]).lastrowid


def primary_copy(archive, article_id: int) -> int:
    return archive.db.execute("SELECT primary_copy_id FROM articles WHERE id = ?",
                              [article_id]).fetchone()[0]


def supersede(archive, article_id: int, new_body: str) -> int:
    """What the importer does for a new version of a source: new copy, re-anchor, switch."""
    old = primary_copy(archive, article_id)
    with archive.write():
        new = add_copy(archive, article_id, new_body, filename=f"v{old + 1}.txt")
        archive.db.execute("UPDATE copies SET superseded_by_id = ? WHERE id = ?", [new, old])
        archive.db.execute("UPDATE articles SET primary_copy_id = ? WHERE id = ?", [new, article_id])
        archive.annotations.on_copy_superseded(old, new)
    return new
