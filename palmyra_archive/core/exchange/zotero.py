"""Bringing a Zotero library in (``import-zotero DIR``): a Zotero data directory's
``zotero.sqlite`` and ``storage/`` snapshots.

Zotero holds ``zotero.sqlite`` open and locked while it runs, so the database (and its
``-wal``/``-journal`` file, if any) is copied to a temporary folder first and read from the
copy, read-only; the library itself is never written. Each regular item (not a note, an
attachment or an item in the trash):

- its HTML or PDF snapshot (a child attachment stored under ``storage/<key>/``) is imported
  through the importer like any file, with the item's URL as the capture URL;
- with no snapshot, or a snapshot the importer cannot read, it becomes a *citation-only*
  entry: a short Markdown text of its citation, saying "Citation only" and why, imported the
  same way (the passages-only bundle does the same), so it is shown as such in the library;
- Zotero's title, creators, publication and date become the user's corrections beside what
  the snapshot says (never over it), only where they differ;
- its Zotero tags become tags, its child notes research notes linked to the article (Zotero
  stores notes as HTML: they are read as text, never rendered).

A Zotero RDF export (``Exported Items.rdf`` with its ``files/`` folder; ``zotero_rdf.py``) is
read into the same items and imported the same way: its HTML and PDF snapshots through the
readers (the snapshot becomes the copy), the rest citation-only.

Idempotent like ``open-bundle``: a snapshot or citation text already stored is the same file,
a correction already made, a tag or note already there are not added again. One transaction.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..export.safe_names import safe_stem
from ..importing import importer as importer_module
from ..store.errors import ValidationError
from ..store.tasks import NEVER_CANCELLED, CancelToken, Progress, no_progress
from .scaffold import NotesOnce, each, import_transaction
from .zotero_rdf import SNAPSHOT_TYPES, html_text, looks_like_zotero_rdf, read_rdf

SKIP_TYPES = ("note", "attachment", "annotation")
MAX_SNAPSHOT_BYTES = 20 << 20
PUBLICATION_FIELDS = ("publicationTitle", "websiteTitle", "blogTitle", "forumTitle", "publisher")


@dataclass
class ZoteroItem:
    item_id: int
    key: str
    item_type: str
    fields: dict[str, str]
    creators: list[str]
    tags: list[str]
    notes: list[str]
    snapshots: list[tuple[Path, str]]          # (file, content type)

    @property
    def title(self) -> str:
        return self.fields.get("title", "").strip()

    @property
    def outlet(self) -> str | None:
        return next((self.fields[f].strip() for f in PUBLICATION_FIELDS if self.fields.get(f, "").strip()), None)

    @property
    def date(self) -> str | None:
        """Zotero's stored date is "2016-03-31 March 31, 2016" (SQL form, then as typed);
        unknown parts are 00."""
        raw = self.fields.get("date", "").strip()
        parts = raw[:10].split("-")
        if len(parts) != 3 or not parts[0].isdigit() or parts[0] == "0000":
            return None
        year, month, day = parts
        if month == "00":
            return year
        return f"{year}-{month}" if day == "00" else f"{year}-{month}-{day}"


@dataclass
class ZoteroReport:
    items: int = 0
    imported: int = 0
    citation_only: int = 0
    corrections: int = 0
    tags: int = 0
    notes: int = 0
    article_ids: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)       # why an item is citation-only

    @property
    def message(self) -> str:
        if not (self.imported or self.corrections or self.tags or self.notes):
            return f"The Zotero library's {self.items} item(s) are already in this archive; nothing changed."
        return (f"Imported the Zotero library: {self.items} item(s), {self.imported} new file(s), "
                f"{self.citation_only} citation-only entr{'y' if self.citation_only == 1 else 'ies'}, "
                f"{self.corrections} correction(s), {self.tags} tag(s), {self.notes} note(s).")


_html_text = html_text


def read_library(folder: Path | str) -> list[ZoteroItem]:
    """The items of a Zotero data directory, read from a copy of its database."""
    folder = Path(folder).expanduser()
    db_path = folder / "zotero.sqlite"
    if not db_path.is_file():
        raise ValidationError(f"{folder} is not a Zotero data directory: it has no zotero.sqlite.")
    with tempfile.TemporaryDirectory(prefix="palmyra-zotero-") as tmp:
        copy = Path(tmp) / "zotero.sqlite"
        shutil.copy2(db_path, copy)                          # Zotero locks the original
        for suffix in ("-wal", "-journal"):
            side = folder / f"zotero.sqlite{suffix}"
            if side.is_file():
                shutil.copy2(side, Path(tmp) / f"zotero.sqlite{suffix}")
        try:
            conn = sqlite3.connect(copy)
            try:
                return _items(conn, folder)
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise ValidationError(f"{db_path} could not be read as a Zotero database ({exc}).") from exc


def _items(conn, folder: Path) -> list[ZoteroItem]:
    q = conn.execute
    deleted = {r[0] for r in q("SELECT itemID FROM deletedItems")} if _has(conn, "deletedItems") else set()
    rows = q("SELECT i.itemID, i.key, t.typeName FROM items i JOIN itemTypes t ON t.itemTypeID = i.itemTypeID "
             "ORDER BY i.itemID").fetchall()
    types = {r[0]: r[2] for r in rows}
    keys = {r[0]: r[1] for r in rows}
    fields: dict[int, dict[str, str]] = {}
    for item_id, name, value in q("SELECT d.itemID, f.fieldName, v.value FROM itemData d JOIN fields f "
                                  "ON f.fieldID = d.fieldID JOIN itemDataValues v ON v.valueID = d.valueID"):
        fields.setdefault(item_id, {})[name] = str(value)
    creators: dict[int, list[str]] = {}
    for item_id, first, last in q("SELECT ic.itemID, c.firstName, c.lastName FROM itemCreators ic JOIN "
                                  "creators c ON c.creatorID = ic.creatorID ORDER BY ic.itemID, ic.orderIndex"):
        creators.setdefault(item_id, []).append(" ".join(p for p in (first, last) if p).strip())
    tags: dict[int, list[str]] = {}
    for item_id, name in q("SELECT it.itemID, t.name FROM itemTags it JOIN tags t ON t.tagID = it.tagID "
                           "ORDER BY it.itemID, t.name"):
        tags.setdefault(item_id, []).append(name)
    notes: dict[int, list[str]] = {}
    for parent, note in q("SELECT parentItemID, note FROM itemNotes WHERE parentItemID IS NOT NULL "
                          "ORDER BY itemID"):
        if parent not in deleted:
            notes.setdefault(parent, []).append(_html_text(note or ""))
    snapshots: dict[int, list[tuple[Path, str]]] = {}
    for item_id, parent, content_type, path in q(
            "SELECT itemID, parentItemID, contentType, path FROM itemAttachments "
            "WHERE parentItemID IS NOT NULL ORDER BY itemID"):
        if item_id in deleted or content_type not in SNAPSHOT_TYPES or not (path or "").startswith("storage:"):
            continue
        name = Path(path[len("storage:"):]).name              # never a path out of storage/<key>/
        file = folder / "storage" / keys[item_id] / name
        snapshots.setdefault(parent, []).append((file, content_type))
    return [ZoteroItem(i, keys[i], types[i], fields.get(i, {}), creators.get(i, []), tags.get(i, []),
                       [n for n in notes.get(i, []) if n], snapshots.get(i, []))
            for i in types if types[i] not in SKIP_TYPES and i not in deleted]


def _has(conn, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone() is not None


def citation_text(item: ZoteroItem, reason: str) -> str:
    """A citation-only entry's text: deterministic, so a second import finds it stored."""
    lines = [f"# {item.title or '(untitled Zotero item)'}", ""]
    if item.creators:
        lines += [f"By {', '.join(item.creators)}", ""]
    where = ", ".join(x for x in (item.outlet, item.date) if x)
    if where:
        lines += [where, ""]
    lines += [f"Citation only, from a Zotero library (item {item.key}): {reason}", ""]
    if item.fields.get("url"):
        lines += [f"URL: {item.fields['url']}", ""]
    return "\n".join(lines)


def import_zotero(archive, folder: Path | str, *, progress: Progress = no_progress,
                  cancel: CancelToken = NEVER_CANCELLED) -> ZoteroReport:
    """A Zotero data directory, or a Zotero RDF export (``.rdf`` with its ``files/``: #10)."""
    folder = Path(folder).expanduser()
    if folder.is_file():
        if not looks_like_zotero_rdf(folder):
            raise ValidationError(f"{folder} is not a Zotero RDF export (nor a Zotero data "
                                  "directory).")
        items = [ZoteroItem(**fields) for fields in read_rdf(folder)]
    else:
        items = read_library(folder)
    report = ZoteroReport(items=len(items))
    with import_transaction(archive, "importing a Zotero library"):
        notes = NotesOnce(archive)
        for item in each(items, progress, cancel, lambda i: f"Importing {i.title or i.key}"):
            _item(archive, item, report, notes)
    return report


def _item(archive, item: ZoteroItem, report: ZoteroReport, notes: NotesOnce) -> None:
    importer = archive.importer
    article_id, reason = None, None
    for file, _content_type in item.snapshots:
        if not file.is_file():
            reason = f"its snapshot {file.name} is not in storage/"
            continue
        if file.stat().st_size > MAX_SNAPSHOT_BYTES:
            reason = f"its snapshot {file.name} is larger than the importer reads"
            continue
        refused = importer_module._skip_reason(file)      # the importer's own rule for a file
        if refused:
            reason = f"the importer cannot read its snapshot {file.name} yet ({refused})"
            continue
        outcome = importer.import_bytes(file.name, file.read_bytes(), original_path=str(file),
                                        capture_url=item.fields.get("url") or None)
        if outcome.status == "failed" or not outcome.article_ids:
            reason = f"its snapshot {file.name} could not be read here ({outcome.message})"
            continue
        article_id = outcome.article_ids[0]
        report.imported += outcome.status == "imported"
        break
    if article_id is None:
        reason = reason or "it has no snapshot"
        text = citation_text(item, reason).encode("utf-8")
        name = safe_stem(f"zotero-{item.key}-{item.title}", fallback=f"zotero-{item.key}")[:80] + ".md"
        sha = hashlib.sha256(text).hexdigest()
        known = archive.db.execute("SELECT 1 FROM sources WHERE sha256 = ?", [sha]).fetchone()
        outcome = importer.import_bytes(name, text, capture_url=item.fields.get("url") or None)
        if outcome.status == "failed" or not outcome.article_ids:
            report.reasons.append(f"{item.title or item.key}: {outcome.message}")
            return
        article_id = outcome.article_ids[0]
        report.citation_only += 1
        report.imported += not known and outcome.status == "imported"
        report.reasons.append(f"{item.title or item.key}: citation only, {reason}")
    report.article_ids.append(article_id)
    _corrections(archive, item, article_id, report)
    have = {t.casefold() for t in archive.tags.for_article(article_id)}
    missing = [t for t in dict.fromkeys(item.tags) if t.strip() and t.casefold() not in have]
    if missing:
        archive.tags.add_to_articles([article_id], missing)
        report.tags += len(missing)
    for body in item.notes:
        title = f"Zotero note on {item.title or item.key}"[:200]
        if notes.add(title, body, article_ids=[article_id]):
            report.notes += 1


def _corrections(archive, item: ZoteroItem, article_id: int, report: ZoteroReport) -> None:
    detail = archive.articles.get(article_id)
    wanted = {"title": item.title or None, "authors": item.creators or None,
              "outlet": item.outlet, "date": item.date}
    shown = {"title": detail.title, "authors": list(detail.authors or []) or None,
             "outlet": getattr(detail, "outlet", None), "date": getattr(detail, "date", None)}
    current = {k: v["corrected"] for k, v in archive.articles.corrections(article_id).items()}
    changes = {k: v for k, v in wanted.items()
               if v and current.get(k, shown.get(k)) != v and not _same(shown.get(k), v)}
    if changes:
        archive.articles.correct(article_id, **changes)
        report.corrections += len(changes)


def _same(a, b) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return [str(x).casefold() for x in (a or [])] == [str(x).casefold() for x in (b or [])]
    return str(a or "").strip().casefold() == str(b or "").strip().casefold()
