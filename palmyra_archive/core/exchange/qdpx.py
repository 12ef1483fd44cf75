"""REFI-QDA project exchange (``.qdpx``): what QualCoder, NVivo, ATLAS.ti and MAXQDA open.

A ``.qdpx`` is a zip with ``project.qde`` (QDA-XML 1.0, the 2019 Project XSD) at its root and
the sources under ``Sources/``. We write, per article, one ``TextSource`` whose plain text is
the copy's annotatable text (standfirst, then body: ``core.annotate.annotatable``), so annotation
offsets are the selections' character positions exactly; its ``Description`` is the
citation line (title, authors, "Read in X; first published by Y"). The tag tree is the
codebook (``framing/liberation`` → code "liberation" inside code "framing"); an annotation is
a ``PlainTextSelection`` coded with its tags, its note a ``Note`` the selection refers to;
article tags code the whole source; article notes and research notes are ``Note``s, referred
to from the sources they are linked to (else from the project). The people are the
``Users``: whoever the event log names, the importer excluded.

GUIDs are UUID 5 of each thing's stable identity, never of this archive's row numbers or UUID
(#13): a source by its file's SHA-256 and the copy's place in it, an annotation by its W3C id
(which a bundle carries), a code by its path, a user by name, a research note by when it was
written and its title; codings and memos by the selection or source they belong to. So the
same archive exported twice, and an archive that opened its bundle, give the same GUIDs, and a
tool can tell an update from a new project. What came in from a QDA project keeps the GUIDs it
came with (a source's is in its import path, a selection's is the annotation's W3C id
``urn:uuid:<GUID>``), so a project imported and exported again names everything as it did.

What it cannot hold: a copy's other copies and their outlets, the source file byte for byte
(the text is the cleaned one), rights statements, republication evidence except in the
description, colours other than a code's. The bundle's other files keep those.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from ..annotate.annotatable import annotatable_text
from ..annotate.w3c import published_id

NS = "urn:QDA-XML:project:1.0"
Q = f"{{{NS}}}"
ORIGIN = "Palmyra Archive"
COLOURS = {"yellow": "#FFEB3B", "green": "#8BC34A", "blue": "#64B5F6", "pink": "#F48FB1",
           "orange": "#FFB74D", "purple": "#BA68C8", "red": "#E57373", "grey": "#BDBDBD"}


def _guid(kind: str, key: object) -> str:
    """The GUID of the thing of ``kind`` whose stable identity is ``key``."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:palmyra:qda:{kind}:{key}"))


def source_guid(copy) -> str:
    """A source's GUID: the one a QDA project gave it (``qdpx:<project>#<GUID>``), else UUID 5
    of its file's SHA-256 and the copy's place in the file."""
    origin = copy.original_path or ""
    if origin.startswith("qdpx:") and "#" in origin:
        kept = _uuid_or_none(origin.rsplit("#", 1)[1])
        if kept:
            return kept
    return _guid("source", f"{copy.sha256}:{copy.index_in_source}")


def selection_guid(w3c_id: str) -> str:
    """An annotation's GUID: the QDA selection's it came from (W3C id ``urn:uuid:<GUID>``),
    else UUID 5 of its W3C id."""
    if w3c_id.startswith("urn:uuid:"):
        kept = _uuid_or_none(w3c_id[len("urn:uuid:"):])
        if kept:
            return kept
    return _guid("annotation", w3c_id)


def _uuid_or_none(text: str) -> str | None:
    try:
        return str(uuid.UUID(text.strip().strip("{}")))
    except ValueError:
        return None


def _when(iso: str | None) -> str | None:
    """An ISO timestamp as xsd:dateTime (``2016-03-31T10:00:00Z``), or None."""
    if not iso or len(iso) < 10:
        return None
    text = iso.replace(" ", "T")
    if len(text) == 10:
        text += "T00:00:00"
    if not (text.endswith("Z") or "+" in text[10:] or "-" in text[10:]):
        text += "Z"
    return text


_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text) -> str:
    """Text XML 1.0 can hold: control characters a scraped page may carry are dropped (the
    source files under ``Sources/`` keep them, so positions still count in the real text)."""
    return _NOT_XML.sub("", str(text))


def _sub(parent, tag: str, **attrs):
    return etree.SubElement(parent, Q + tag, {k: xml_safe(v) for k, v in attrs.items() if v is not None})


def _text_el(parent, tag: str, text: str):
    el = _sub(parent, tag)
    el.text = xml_safe(text)
    return el


def project_xml(data, *, archive_id: str, exported_at: str) -> tuple[bytes, dict[str, str]]:
    """``project.qde`` and the ``Sources/`` files it names (name -> text)."""
    from ..export.csl_json import display_title, provenance_line

    user_names = sorted({e["actor"] for e in data.events if e.get("actor") and e["actor"] != "importer"}
                        | {"researcher"})
    users = {name: _guid("user", name) for name in user_names}
    me = users["researcher"]
    root = etree.Element(Q + "Project", nsmap={None: NS}, name=f"{ORIGIN} export {exported_at[:10]}",
                         origin=ORIGIN, creatingUserGUID=me)
    if _when(exported_at):
        root.set("creationDateTime", _when(exported_at))
    users_el = _sub(root, "Users")
    for name, guid in users.items():
        _sub(users_el, "User", guid=guid, name=name)

    paths = sorted({t for a in data.articles for t in a.tags}
                   | {t for a in data.articles for ann in a.annotations for t in ann.tags})
    codes: dict[str, str] = {}
    if paths:
        codes_el = _sub(_sub(root, "CodeBook"), "Codes")
        elements: dict[str, etree._Element] = {}
        for path in paths:
            parts = path.split("/")
            for depth in range(1, len(parts) + 1):
                prefix = "/".join(parts[:depth])
                if prefix.casefold() in elements:
                    continue
                parent = elements.get("/".join(parts[:depth - 1]).casefold(), codes_el)
                guid = _guid("code", prefix.casefold())
                el = _sub(parent, "Code", guid=guid, name=parts[depth - 1], isCodable="true")
                _text_el(el, "Description", prefix)
                elements[prefix.casefold()] = el
                codes[prefix.casefold()] = guid

    notes_el = etree.Element(Q + "Notes")
    files: dict[str, str] = {}
    sources_el = _sub(root, "Sources") if data.articles else None
    source_guids: dict[int, str] = {}
    annotation_guids: dict[int, str] = {}

    used: set[str] = set()

    def note(kind: str, key: object, title: str, body: str, created: str | None) -> str:
        guid = _guid(kind, key)
        n = 1
        while guid in used:   # two notes with the same identity (same title, same second)
            n += 1
            guid = _guid(kind, f"{key}#{n}")
        used.add(guid)
        el = _sub(notes_el, "Note", guid=guid, name=title[:200], creatingUser=me,
                  creationDateTime=_when(created))
        _text_el(el, "PlainTextContent", body)
        return guid

    for article in data.articles:
        copy = article.primary
        guid = source_guids[article.id] = identity = source_guid(copy)
        name = f"{guid}.txt"
        files[name] = annotatable_text(copy.standfirst, copy.body)
        title = display_title(article) or "(untitled)"
        src = _sub(sources_el, "TextSource", guid=guid, name=title[:200],
                   plainTextPath=f"internal://{name}", creatingUser=me,
                   creationDateTime=_when(copy.imported_at))
        byline = f" By {', '.join(article.authors)}." if article.authors else ""
        _text_el(src, "Description", f"{title}.{byline} {provenance_line(article)}. "
                                     f"[@{article.key}] sha256:{copy.sha256}")
        for a in article.annotations:
            sel_guid = annotation_guids[a.id] = selection_guid(published_id(archive_id, a))
            sel = _sub(src, "PlainTextSelection", guid=sel_guid, name=a.exact[:200],
                       startPosition=a.start, endPosition=a.end, creatingUser=me,
                       creationDateTime=_when(a.created_at), modifiedDateTime=_when(a.updated_at))
            for tag in a.tags:
                coding = _sub(sel, "Coding", guid=_guid("coding", f"{sel_guid}:{tag.casefold()}"),
                              creatingUser=me)
                _sub(coding, "CodeRef", targetGUID=codes[tag.casefold()])
            if a.note:
                _sub(sel, "NoteRef", targetGUID=note("annotation-note", sel_guid, a.exact[:60], a.note,
                                                     a.updated_at))
        for tag in article.tags:
            coding = _sub(src, "Coding", guid=_guid("article-coding", f"{identity}:{tag.casefold()}"),
                          creatingUser=me)
            _sub(coding, "CodeRef", targetGUID=codes[tag.casefold()])
        if article.note:
            _sub(src, "NoteRef", targetGUID=note("article-note", identity, f"Note on {title}"[:200],
                                                 article.note, None))
    project_notes = []
    for n in data.notes:
        guid = note("note", f"{n.get('created_at')}:{(n['title'] or '').casefold()}",
                    n["title"] or "(untitled note)", n["body"] or "", n.get("created_at"))
        linked = [source_guids[i] for i in n.get("article_ids", []) if i in source_guids]
        if not linked:
            project_notes.append(guid)
        for src in (sources_el.iterchildren(Q + "TextSource") if sources_el is not None else []):
            if src.get("guid") in linked:
                _sub(src, "NoteRef", targetGUID=guid)
    if len(notes_el):
        if sources_el is not None:
            sources_el.addnext(notes_el)
        else:
            root.append(notes_el)
    for guid in project_notes:
        _sub(root, "NoteRef", targetGUID=guid)
    # NoteRef must follow Coding inside a TextSource: XSD order is Selection*, Coding*, NoteRef*
    for src in (sources_el.iterchildren(Q + "TextSource") if sources_el is not None else []):
        for tag in ("Coding", "NoteRef"):
            for el in list(src.iterchildren(Q + tag)):
                src.append(el)
    xml = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return xml, files


def qdpx_bytes(data, *, archive_id: str, exported_at: str) -> bytes:
    """The ``.qdpx`` file: ``project.qde`` and ``Sources/<guid>.txt`` in a zip."""
    xml, files = project_xml(data, archive_id=archive_id, exported_at=exported_at)
    out = io.BytesIO()
    stamp = _zip_time(exported_at)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("project.qde", stamp), xml, compress_type=zipfile.ZIP_DEFLATED)
        for name, text in files.items():
            zf.writestr(zipfile.ZipInfo(f"Sources/{name}", stamp), text.encode("utf-8"),
                        compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _zip_time(exported_at: str) -> tuple[int, int, int, int, int, int]:
    """The members' time: the export's (not the clock's when each was zipped), so the file
    says only what the project says and two exports of the same moment are the same bytes."""
    digits = [int(x) for x in re.findall(r"\d+", exported_at)[:6]]
    if len(digits) < 6 or digits[0] < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return (digits[0], digits[1], digits[2], digits[3], digits[4], digits[5])


# -- reading ---------------------------------------------------------------------------------

@dataclass
class QdaSelection:
    guid: str
    start: int
    end: int
    codes: list[str] = field(default_factory=list)        # code paths ("framing/liberation")
    notes: list[str] = field(default_factory=list)
    created: str | None = None
    modified: str | None = None


@dataclass
class QdaSource:
    guid: str
    name: str
    text: str | None                                       # None: not a text source we can read
    description: str = ""
    selections: list[QdaSelection] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class QdaProject:
    name: str
    origin: str | None
    users: dict[str, str]                                  # guid -> name
    codes: dict[str, str]                                  # guid -> path
    sources: list[QdaSource]
    notes: dict[str, tuple[str, str]]                      # guid -> (title, text)
    project_notes: list[str]
    note_created: dict[str, str] = field(default_factory=dict)   # guid -> creationDateTime


MAX_QDE_BYTES = 200 << 20
MAX_SOURCE_BYTES = 50 << 20


def read_qdpx(path) -> QdaProject:
    """A ``.qdpx`` (or a bare ``project.qde``) as plain records; ``ValidationError`` if it is
    not one. External entities and the network are never followed."""
    from pathlib import Path

    from ..store.errors import ValidationError
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise ValidationError(f"There is no file at {path}.")
    try:
        if zipfile.is_zipfile(path):
            zf = zipfile.ZipFile(path)
        else:
            zf = None
    except (OSError, zipfile.BadZipFile) as exc:
        raise ValidationError(f"{name} could not be read: {getattr(exc, 'strerror', None) or exc}.") from exc
    try:
        if zf is not None:
            try:
                info = zf.getinfo("project.qde")
            except KeyError:
                raise ValidationError(f"{name} is not a REFI-QDA project: it has no project.qde.") from None
            if info.file_size > MAX_QDE_BYTES:
                raise ValidationError(f"{name}: its project.qde is too large to read.")
            xml = zf.read(info)
        else:
            try:
                with open(path, "rb") as fh:
                    xml = fh.read(MAX_QDE_BYTES + 1)
            except OSError as exc:
                raise ValidationError(f"{name} could not be read: {exc.strerror or exc}.") from exc
        try:
            root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True,
                                                         huge_tree=False))
        except etree.XMLSyntaxError as exc:
            raise ValidationError(f"{name} is not a REFI-QDA project: its XML is not well-formed "
                                  f"({exc}).") from exc
        if root.tag != Q + "Project":
            raise ValidationError(f"{name} is not a REFI-QDA project: its root is not a QDA-XML Project.")
        return _project(root, zf)
    finally:
        if zf is not None:
            zf.close()


def _norm(guid: str | None) -> str:
    return (guid or "").strip().strip("{}").lower()


def _source_text(el, zf) -> str | None:
    content = el.find(Q + "PlainTextContent")
    if content is not None:
        return content.text or ""
    path = el.get("plainTextPath") or ""
    if zf is None:
        return None
    member = "Sources/" + path[len("internal://"):] if path.startswith("internal://") else None
    if not member:
        return None
    try:
        info = zf.getinfo(member)
    except KeyError:
        return None
    if info.file_size > MAX_SOURCE_BYTES:
        return None
    raw = zf.read(info)
    return raw.decode("utf-8-sig", errors="replace")


def _project(root, zf) -> QdaProject:
    users = {_norm(u.get("guid")): u.get("name") or "" for u in root.iter(Q + "User")}
    codes: dict[str, str] = {}

    def walk(el, prefix: str) -> None:
        for code in el.iterchildren(Q + "Code"):
            path = f"{prefix}/{code.get('name', '').strip()}" if prefix else code.get("name", "").strip()
            codes[_norm(code.get("guid"))] = path.replace("//", "/").strip("/") or "code"
            walk(code, codes[_norm(code.get("guid"))])

    book = root.find(f"{Q}CodeBook/{Q}Codes")
    if book is not None:
        walk(book, "")
    notes = {}
    note_created: dict[str, str] = {}
    for n in root.iterfind(f"{Q}Notes/{Q}Note"):
        content = n.find(Q + "PlainTextContent")
        text = content.text if content is not None else _source_text(n, zf)
        notes[_norm(n.get("guid"))] = (n.get("name") or "", text or "")
        if n.get("creationDateTime"):
            note_created[_norm(n.get("guid"))] = n.get("creationDateTime")

    def coded(el) -> list[str]:
        return [codes[_norm(c.find(Q + "CodeRef").get("targetGUID"))] for c in el.iterchildren(Q + "Coding")
                if c.find(Q + "CodeRef") is not None
                and _norm(c.find(Q + "CodeRef").get("targetGUID")) in codes]

    def noted(el) -> list[str]:
        return [_norm(r.get("targetGUID")) for r in el.iterchildren(Q + "NoteRef")
                if _norm(r.get("targetGUID")) in notes]

    sources = []
    for el in root.iterfind(f"{Q}Sources/{Q}TextSource"):
        desc = el.find(Q + "Description")
        src = QdaSource(_norm(el.get("guid")), el.get("name") or "", _source_text(el, zf),
                        desc.text or "" if desc is not None else "", codes=coded(el), notes=noted(el))
        for sel in el.iterchildren(Q + "PlainTextSelection"):
            try:
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            except (TypeError, ValueError):
                continue
            src.selections.append(QdaSelection(_norm(sel.get("guid")), start, end, coded(sel),
                                               noted(sel), sel.get("creationDateTime"),
                                               sel.get("modifiedDateTime")))
        sources.append(src)
    return QdaProject(root.get("name") or "", root.get("origin"), users, codes, sources, notes,
                      [_norm(r.get("targetGUID")) for r in root.iterchildren(Q + "NoteRef")],
                      note_created)
