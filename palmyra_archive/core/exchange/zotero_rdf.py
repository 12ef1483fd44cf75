"""A Zotero RDF export (File › Export Library… › Zotero RDF, "Export Files" ticked): the
``.rdf`` file and the ``files/<n>/`` folder of snapshots beside it (#10).

Read with lxml as XML (no DTD, no entities, no network), into the fields of the same
``ZoteroItem`` records a Zotero data directory gives, so ``zotero.import_zotero`` treats both alike: each item's HTML or
PDF snapshot goes through the readers and becomes the copy; an item without one is a
citation-only entry. What is read of each item: ``z:itemType``, ``dc:title``, the authors
(``bib:authors``/``bib:editors`` ``foaf:Person``), ``dc:date``, the publication
(``dcterms:isPartOf``'s title, or ``dc:publisher``'s ``foaf:name``), the URL (``dc:identifier``
``dcterms:URI``), tags (``dc:subject``, as text or ``z:AutomaticTag``), notes (``bib:Memo``
linked by ``dcterms:isReferencedBy``, HTML read as text) and attachments (``z:Attachment``
linked by ``link:link``, its ``rdf:resource`` file and ``link:type``). A file named outside
the export's folder is never opened.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..store.errors import ValidationError

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "z": "http://www.zotero.org/namespaces/export#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "bib": "http://purl.org/net/biblio#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "link": "http://purl.org/rss/1.0/modules/link/",
}
_ABOUT = f"{{{NS['rdf']}}}about"
_RESOURCE = f"{{{NS['rdf']}}}resource"
#: types that are not items of their own
_NOT_ITEMS = {"attachment", "note"}
MAX_RDF_BYTES = 200 << 20
#: the snapshot kinds read as a copy (shared with the data directory's reading)
SNAPSHOT_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf",
                  "text/plain": ".txt"}


def html_text(html: str) -> str:
    """A Zotero note (HTML) as text: parsed, never rendered."""
    from lxml import html as lxml_html
    try:
        return lxml_html.fromstring(html).text_content().strip()
    except Exception:  # noqa: BLE001 — an empty or odd note is kept as written
        return html.strip()


def looks_like_zotero_rdf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return b"rdf:RDF" in head and b"zotero.org/namespaces/export" in head


def read_rdf(path: Path | str) -> list[dict]:
    """The items of a Zotero RDF export, each the fields of a ``zotero.ZoteroItem``."""
    from lxml import etree

    path = Path(path).expanduser()
    try:
        if path.stat().st_size > MAX_RDF_BYTES:
            raise ValidationError(f"{path} is larger than {MAX_RDF_BYTES >> 20} MB; it was not read.")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False, remove_comments=True)
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise ValidationError(f"{path} could not be read as a Zotero RDF export ({exc}).") from None
    if root.tag != f"{{{NS['rdf']}}}RDF":
        raise ValidationError(f"{path} is not a Zotero RDF export: its root is not rdf:RDF.")
    base = path.parent.resolve()
    nodes = {node.get(_ABOUT): node for node in root if isinstance(node.tag, str) and node.get(_ABOUT)}
    items = []
    for number, node in enumerate(root, 1):
        if not isinstance(node.tag, str):
            continue
        kind = _text(node, "z:itemType")
        local = etree.QName(node).localname
        if local in ("Attachment", "Memo") or kind in _NOT_ITEMS:
            continue
        if not kind and local in ("Journal", "Periodical", "Series", "Organization", "Person",
                                  "Website"):
            continue              # containers of an item, described inside it
        fields = {"title": _text(node, "dc:title") or ""}
        date = _iso_date(_text(node, "dc:date"))
        if date:
            fields["date"] = date
        url = _first(node, "dc:identifier/dcterms:URI/rdf:value")
        if url:
            fields["url"] = url
        elif (node.get(_ABOUT) or "").startswith(("http://", "https://")):
            fields["url"] = node.get(_ABOUT)
        publication = _first(node, "dcterms:isPartOf/*/dc:title") or \
            _first(node, "dc:publisher/foaf:Organization/foaf:name")
        if publication:
            fields["publicationTitle"] = publication
        creators = []
        for person in node.iterfind("bib:authors/rdf:Seq/rdf:li/foaf:Person", NS):
            name = " ".join(p for p in (_text(person, "foaf:givenName"), _text(person, "foaf:surname")) if p)
            if name:
                creators.append(name)
        tags = []
        for subject in node.iterfind("dc:subject", NS):
            value = (subject.text or "").strip() or _first(subject, "z:AutomaticTag/rdf:value")
            if value:
                tags.append(value)
        notes, snapshots = [], []
        for ref in node.iterfind("dcterms:isReferencedBy", NS):
            memo = nodes.get(ref.get(_RESOURCE))
            if memo is not None:
                text = html_text(_text(memo, "rdf:value") or "")
                if text:
                    notes.append(text)
        for ref in node.iterfind("link:link", NS):
            attachment = nodes.get(ref.get(_RESOURCE))
            if attachment is None:
                continue
            content_type = _text(attachment, "link:type")
            resource = attachment.find("rdf:resource", NS)
            rel = resource.get(_RESOURCE) if resource is not None else None
            if content_type not in SNAPSHOT_TYPES or not rel or re.match(r"^[a-z][a-z0-9+.-]*:", rel, re.I):
                continue          # a link, not a file of the export
            file = (base / rel).resolve()
            if base not in file.parents:
                continue          # never a file outside the export's folder
            snapshots.append((file, content_type))
        key = re.sub(r"[^A-Za-z0-9]", "", (node.get(_ABOUT) or "").rsplit("/", 1)[-1])[:8].upper() \
            or f"RDF{number:05d}"
        items.append({"item_id": number, "key": key, "item_type": kind or local.lower(),
                      "fields": fields, "creators": creators, "tags": tags, "notes": notes,
                      "snapshots": snapshots})
    return items


def _text(node, path: str) -> str | None:
    found = node.find(path, NS)
    if found is None or found.text is None:
        return None
    value = " ".join(found.text.split())
    return value or None


def _first(node, path: str) -> str | None:
    return _text(node, path)


def _iso_date(value: str | None) -> str | None:
    """Zotero RDF dates as typed ("2024-05-01", "2019-10", "May 1, 2024") in the data
    directory's stored form ("2024-05-01", "2019-10-00"); an English date in words is read too,
    anything else is left out (Zotero's own date stays the user's to correct)."""
    if not value:
        return None
    found = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value)
    if not found:
        from datetime import datetime
        for form, parts in (("%B %d, %Y", 3), ("%d %B %Y", 3), ("%b %d, %Y", 3), ("%d %b %Y", 3),
                            ("%B %Y", 2), ("%b %Y", 2)):
            try:
                when = datetime.strptime(value.strip(), form)
            except ValueError:
                continue
            return f"{when.year:04d}-{when.month:02d}-{when.day if parts == 3 else 0:02d}"
        return None
    year, month, day = found.group(1), found.group(2) or "0", found.group(3) or "0"
    return f"{year}-{int(month):02d}-{int(day):02d}"


__all__ = ["read_rdf", "looks_like_zotero_rdf"]
