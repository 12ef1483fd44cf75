"""Bringing Hypothesis annotations in (``import-hypothesis FILE``): a JSON export in the shape of
Hypothesis's search API (``{"total": N, "rows": [...]}``, or the rows alone).

Each row was made on a web page (``uri``, and ``target[].source``). It is matched to the copies
in the archive captured from the same address: a web archive's or saved page's capture URL
(``source_captures.url``, ``sources.capture_url``) and the user's own URL for the copy
(``copies.url_corrected``), all compared after ``normalise_url`` (scheme, host case, trailing
slash, ``utm_`` and other tracking parameters, fragments). Its TextQuoteSelector (with the
TextPositionSelector as a hint; the RangeSelector's XPaths name the page's DOM, which is not
kept, so they are only stored) is placed in each copy's annotatable text by the existing
anchoring (``core.annotate.anchoring``: exact quote with its context, then fuzzy), newest copy
first:

- placed exactly: an annotation (``anchored``); placed by fuzzy matching only: an annotation
  marked ``fuzzy``, for the user to check, never shown as certain;
- a copy from that page, but the passage is not in its text: an *orphan* annotation on that
  copy (listed as *not found*, to be placed by hand), the reason recorded;
- no copy from that page: a research note quoting the passage, titled as not placed, with
  the reason; a page note (no quoted passage): a research note on the article, its tags on the
  article; a reply: a research note on the annotation it answers.

The Hypothesis text is the note (Markdown, as Hypothesis stores it), its tags are tags, its
created/updated times are kept. Each row is recorded in ``hypothesis_annotations`` under its
Hypothesis id with the row as exported, so nothing in the file is lost and a second import of
the same export adds nothing. One transaction: Cancel or a failure leaves the archive as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..annotate import anchoring
from ..annotate.annotatable import annotatable_text
from ..store.clock import now_iso
from ..store.errors import ValidationError
from ..store.tasks import NEVER_CANCELLED, CancelToken, Progress, no_progress
from .scaffold import each, import_transaction

#: where Hypothesis publishes an annotation; kept as its W3C id, so a bundle names it as Hypothesis does
HYPOTHESIS_URL = "https://hypothes.is/a/{}"
MAX_EXPORT_BYTES = 200 << 20


# -- reading the export -------------------------------------------------------------------------

@dataclass
class HypothesisAnnotation:
    id: str
    uri: str
    urls: tuple[str, ...]                 # uri first, then the target's source if it differs
    text: str
    tags: list[str]
    created: str
    updated: str
    user: str
    title: str
    quote: anchoring.Selector | None      # None: a page note
    references: list[str]                 # non-empty: a reply, to the last of these
    raw: dict

    @property
    def is_reply(self) -> bool:
        return bool(self.references)


def read_export(path: Path | str) -> tuple[list[HypothesisAnnotation], list[str]]:
    """The export's annotations (parents before replies) and the rows it could not read, each
    in one sentence."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise ValidationError(f"No such file: {path}.")
    if path.stat().st_size > MAX_EXPORT_BYTES:
        raise ValidationError(f"{path.name} is larger than a Hypothesis export this app reads "
                              f"({MAX_EXPORT_BYTES >> 20} MB).")
    try:
        doc = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(f"{path.name} is not a Hypothesis export: it is not JSON ({exc}).") from exc
    rows = doc.get("rows", doc.get("annotations")) if isinstance(doc, dict) else doc
    if not isinstance(rows, list):
        raise ValidationError(f"{path.name} is not a Hypothesis export: it has no list of annotation "
                              "rows (the search API's {\"rows\": [...]}).")
    found, problems, seen = [], [], set()
    for n, row in enumerate(rows, 1):
        try:
            item = _row(row)
        except ValueError as exc:
            problems.append(f"Row {n}: {exc}")
            continue
        if item.id not in seen:
            seen.add(item.id)
            found.append(item)
    if rows and not found:
        raise ValidationError(f"{path.name} is not a Hypothesis export: none of its {len(rows)} "
                              "row(s) is an annotation with an id and a page address.")
    found.sort(key=lambda a: (a.is_reply, len(a.references)))
    return found, problems


def _row(row) -> HypothesisAnnotation:
    if not isinstance(row, dict):
        raise ValueError("it is not an annotation (not a JSON object), so it was not imported.")
    ident, uri = row.get("id"), row.get("uri")
    if not isinstance(ident, str) or not ident.strip():
        raise ValueError("it has no Hypothesis id, so it was not imported.")
    if not isinstance(uri, str) or not uri.strip():
        raise ValueError(f"annotation {ident} names no page (uri), so it was not imported.")
    targets = [t for t in row.get("target") or [] if isinstance(t, dict)]
    urls = [uri.strip()] + [t["source"].strip() for t in targets
                            if isinstance(t.get("source"), str) and t["source"].strip()]
    quote = None
    for target in targets:
        quote = _selector(target.get("selector") or [])
        if quote is not None:
            break
    title = (row.get("document") or {}).get("title") if isinstance(row.get("document"), dict) else None
    if isinstance(title, list):
        title = next((t for t in title if isinstance(t, str) and t.strip()), None)
    tags = [t for t in row.get("tags") or [] if isinstance(t, str) and t.strip()]
    refs = [r for r in row.get("references") or [] if isinstance(r, str)]
    created = _time(row.get("created"))
    text, user = row.get("text"), row.get("user")
    return HypothesisAnnotation(
        id=ident.strip(), uri=uri.strip(), urls=tuple(dict.fromkeys(urls)),
        text=text if isinstance(text, str) else "", tags=tags,
        created=created, updated=_time(row.get("updated"), created),
        user=user if isinstance(user, str) else "",
        title=(title or "").strip(), quote=quote, references=refs, raw=row)


def _selector(selectors) -> anchoring.Selector | None:
    quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"
                  and isinstance(s.get("exact"), str) and s["exact"].strip()), None)
    if quote is None:
        return None
    position = next((s for s in selectors if isinstance(s, dict)
                     and s.get("type") == "TextPositionSelector"), {})
    start, end = position.get("start"), position.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
        start, end = 0, 0
    return anchoring.Selector(quote["exact"], str(quote.get("prefix") or ""),
                              str(quote.get("suffix") or ""), start, end)


def _time(value, default: str | None = None) -> str:
    """Hypothesis's "2024-03-14T09:12:44.123456+00:00" as the archive writes times (UTC, seconds)."""
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return default or now_iso()
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# -- matching pages to copies -------------------------------------------------------------------

def normalise_url(url: str) -> str:
    """One form for the addresses of one page: https, the host in lower case, no fragment, no
    ``utm_``/tracking parameters (courlan's list), the other parameters sorted, no trailing
    slash. Only for matching; the addresses themselves are kept as they were."""
    # imported here, not with the module: courlan brings urllib3, which opens a socket at
    # import to probe for IPv6, and the CLI must open none it does not need
    from courlan import normalize_url

    url = (url or "").strip()
    try:
        url = normalize_url(url, strict=True)
    except Exception:  # noqa: BLE001 — courlan refuses some odd addresses; fall back to ours
        pass
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "http":
        scheme = "https"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not k.lower().startswith("utm_")))
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, parts.netloc.lower(), path, query, ""))


def copies_by_url(db) -> dict[str, list[int]]:
    """Each normalised address the archive's current copies were captured from (or that the user
    gave as the copy's URL) -> those copies, newest first. Trashed articles are left out."""
    index: dict[str, list[int]] = {}
    rows = db.execute(
        "SELECT c.id, s.capture_url, c.url_corrected, "
        "(SELECT group_concat(sc.url, char(31)) FROM source_captures sc WHERE sc.source_id = s.id) "
        "FROM copies c JOIN sources s ON s.id = c.source_id "
        "WHERE c.superseded_by_id IS NULL AND c.article_id NOT IN (SELECT article_id FROM trash) "
        "AND (s.capture_url IS NOT NULL OR c.url_corrected IS NOT NULL OR EXISTS "
        "(SELECT 1 FROM source_captures sc WHERE sc.source_id = s.id AND sc.url IS NOT NULL)) "
        "ORDER BY c.id DESC").fetchall()
    for copy_id, capture, corrected, captures in rows:
        urls = [u for u in (capture, corrected, *(captures or "").split("\x1f")) if u]
        for key in dict.fromkeys(normalise_url(u) for u in urls):
            index.setdefault(key, []).append(copy_id)
    return index


# -- importing ----------------------------------------------------------------------------------

@dataclass
class HypothesisReport:
    annotations: int = 0          # rows read
    placed: int = 0
    fuzzy: int = 0
    orphans: int = 0              # a copy from the page, the passage not in it
    not_placed: int = 0           # no copy from the page: kept as research notes
    notes: int = 0                # page notes and replies, as research notes
    unchanged: int = 0            # already imported
    article_ids: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)   # orphans and unread rows, with the reason

    @property
    def message(self) -> str:
        if not (self.placed or self.fuzzy or self.orphans or self.not_placed or self.notes):
            if self.unchanged:
                return (f"The export's {self.unchanged} Hypothesis annotation(s) are already in this "
                        "archive; nothing changed.")
            return "No Hypothesis annotation was imported."
        text = (f"Imported {self.annotations - self.unchanged} Hypothesis annotation(s): "
                f"{self.placed} placed in their text")
        if self.fuzzy:
            text += f", {self.fuzzy} placed by similarity (check them: marked as fuzzy)"
        if self.orphans:
            text += f", {self.orphans} not found in their copy's text (listed as not found)"
        if self.not_placed:
            text += (f", {self.not_placed} on pages no copy here was captured from (kept as research "
                     "notes)")
        if self.notes:
            text += f", {self.notes} page note(s) and replies as research notes"
        text += "."
        if self.unchanged:
            text += f" {self.unchanged} were already here."
        return text


def import_hypothesis(archive, path: Path | str, *, progress: Progress = no_progress,
                      cancel: CancelToken = NEVER_CANCELLED) -> HypothesisReport:
    path = Path(path).expanduser()
    items, problems = read_export(path)
    report = HypothesisReport(annotations=len(items), problems=list(problems))
    with import_transaction(archive, "importing Hypothesis annotations"):
        known = {r[0]: r[1] for r in archive.db.execute(
            "SELECT hypothesis_id, annotation_id FROM hypothesis_annotations")}
        index = copies_by_url(archive.db)
        texts: dict[int, tuple[int, anchoring.Anchorer]] = {}
        for item in each(items, progress, cancel,
                         lambda i: f"Placing {_short(i.quote.exact if i.quote else i.uri)}"):
            if item.id in known:
                report.unchanged += 1
                continue
            known[item.id] = _one(archive, item, index, texts, known, report)
    report.article_ids = list(dict.fromkeys(report.article_ids))
    return report


def _one(archive, item: HypothesisAnnotation, index, texts, known, report) -> int | None:
    """Bring one annotation in; the id of the annotation it became (None: a research note)."""
    copies: list = next((index[k] for k in (normalise_url(u) for u in item.urls) if k in index), [])
    if item.is_reply:
        parent = known.get(item.references[-1])
        links = [parent] if parent else []
        article = _article_of_annotation(archive, parent) if parent else None
        reason = (None if parent else "it answers an annotation kept here as a research note"
                  if item.references[-1] in known else "it answers an annotation that is not in this archive")
        note_id = _note(archive, item, f"Hypothesis reply by {_user(item)}", reason,
                        article_ids=[article] if article else [], annotation_ids=links)
        report.notes += 1
        _record(archive, item, None, note_id, "reply", reason)
        return None
    if item.quote is None:
        article = _article_of_copy(archive, copies[0]) if copies else None
        reason = None if article else _no_copy_reason(item)
        if article and item.tags:
            archive.tags.add_to_articles([article], item.tags)
        note_id = _note(archive, item, f"Hypothesis page note on {item.title or item.uri}", reason,
                        article_ids=[article] if article else [])
        if article:
            report.article_ids.append(article)
        report.notes += 1
        _record(archive, item, None, note_id, "page_note", reason)
        return None
    if not copies:
        reason = _no_copy_reason(item)
        note_id = _note(archive, item, f"Hypothesis annotation not placed: {item.title or item.uri}",
                        reason)
        report.not_placed += 1
        report.problems.append(f"“{_short(item.quote.exact)}” ({item.uri}): not placed, {reason}.")
        _record(archive, item, None, note_id, "no_copy", reason)
        return None
    best = None
    for copy_id in copies:
        article_id, anchorer = _text(archive, copy_id, texts)
        placed = anchorer.anchor(item.quote)
        if placed is not None and (best is None or placed.score > best[2].score):
            best = (copy_id, article_id, placed)
            if placed.status != "fuzzy":
                break
    if best is None:
        copy_id = copies[0]
        article_id = _text(archive, copy_id, texts)[0]
        reason = "its passage is not in the text of the copy captured from that page"
        annotation_id = _insert(archive, item, copy_id, article_id, item.quote, "orphan")
        report.orphans += 1
        report.problems.append(f"“{_short(item.quote.exact)}” ({item.uri}): {reason}; listed as not "
                               "found, to be placed by hand.")
        status = "orphan"
    else:
        copy_id, article_id, placed = best
        anchorer = texts[copy_id][1]
        selector = anchoring.describe(anchorer.text, placed.start, placed.end)
        status = "fuzzy" if placed.status == "fuzzy" else "anchored"
        reason = (f"placed by similarity ({placed.score:.0f} %), to be checked" if status == "fuzzy"
                  else None)
        annotation_id = _insert(archive, item, copy_id, article_id, selector, status)
        if status == "fuzzy":
            report.fuzzy += 1
        else:
            report.placed += 1
    report.article_ids.append(article_id)
    _record(archive, item, annotation_id, None, status, reason)
    return annotation_id


def _text(archive, copy_id: int, texts) -> tuple[int, anchoring.Anchorer]:
    if copy_id not in texts:
        article_id, standfirst, body = archive.db.execute(
            "SELECT article_id, standfirst, body FROM copies WHERE id = ?", [copy_id]).fetchone()
        texts[copy_id] = (article_id, anchoring.Anchorer(annotatable_text(standfirst, body)))
    return texts[copy_id]


def _insert(archive, item: HypothesisAnnotation, copy_id: int, article_id: int,
            selector: anchoring.Selector, status: str) -> int:
    """The annotation row with Hypothesis's times and id; an orphan keeps the quote it had."""
    start, end = (selector.start, selector.end) if status != "orphan" else (0, 0)
    annotation_id = archive.db.execute(
        'INSERT INTO annotations (copy_id, article_id, exact, prefix, suffix, start, "end", '
        "anchor_status, color, note, created_at, updated_at, w3c_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'yellow', ?, ?, ?, ?)",
        [copy_id, article_id, selector.exact, selector.prefix, selector.suffix, start, end, status,
         item.text, item.created, item.updated, HYPOTHESIS_URL.format(item.id)]).lastrowid
    tag_ids = archive.tags.ensure(item.tags) if item.tags else []
    archive.db.conn.executemany(
        "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)",
        [(annotation_id, t) for t in tag_ids])
    archive.events.record("annotate", entity="annotation", entity_id=annotation_id,
                          after=archive.annotations._state(annotation_id),
                          details={"from": "hypothesis", "hypothesis_id": item.id})
    return annotation_id


def _note(archive, item: HypothesisAnnotation, title: str, reason: str | None, *, article_ids=(),
          annotation_ids=()) -> int:
    """A research note holding the annotation, with Hypothesis's times."""
    changes = archive.notes.create(title[:200], _note_body(item, reason), article_ids=list(article_ids),
                                   annotation_ids=list(annotation_ids))
    archive.db.execute("UPDATE notes SET created_at = ?, updated_at = ? WHERE id = ?",
                       [item.created, item.updated, changes.created_id])
    return changes.created_id


def _note_body(item: HypothesisAnnotation, reason: str | None) -> str:
    lines = []
    if item.quote is not None:
        lines += ["> " + line for line in item.quote.exact.splitlines() or [""]] + [""]
    if item.text.strip():
        lines += [item.text.strip(), ""]
    if item.tags:
        lines += ["Tags: " + ", ".join(item.tags), ""]
    lines += [f"Hypothesis annotation {HYPOTHESIS_URL.format(item.id)} by {_user(item)}, "
              f"created {item.created}, updated {item.updated}, on {item.uri}"]
    if reason:
        lines += ["", f"Not placed: {reason}."]
    return "\n".join(lines)


def _record(archive, item, annotation_id, note_id, status, reason) -> None:
    archive.db.execute(
        "INSERT INTO hypothesis_annotations (hypothesis_id, uri, annotation_id, note_id, status, "
        "reason, data, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [item.id, item.uri, annotation_id, note_id, status, reason,
         json.dumps(item.raw, ensure_ascii=False, sort_keys=True), now_iso()])
    archive.events.record("hypothesis_import", entity="annotation" if annotation_id else "note",
                          entity_id=annotation_id or note_id,
                          details={"hypothesis_id": item.id, "uri": item.uri, "status": status,
                                   "reason": reason})


def _article_of_copy(archive, copy_id: int) -> int:
    return archive.db.execute("SELECT article_id FROM copies WHERE id = ?", [copy_id]).fetchone()[0]


def _article_of_annotation(archive, annotation_id: int) -> int | None:
    row = archive.db.execute("SELECT article_id FROM annotations WHERE id = ?", [annotation_id]).fetchone()
    return row[0] if row else None


def _no_copy_reason(item: HypothesisAnnotation) -> str:
    return f"no copy in this archive was captured from {item.uri}"


def _user(item: HypothesisAnnotation) -> str:
    user = item.user
    if user.startswith("acct:"):
        user = user[len("acct:"):]
    return user or "an unnamed user"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
