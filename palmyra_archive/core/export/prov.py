"""Provenance as W3C PROV (PROV-JSON, written with the ``prov`` reference library).

Entities: each source file (named by its SHA-256), each copy of an article read in an outlet,
and the original work a republished copy was taken from. Agents: the outlets, the importer and
the people who corrected records. Activities: each import and each correction from the event
log, named by the archive they happened in and their number there (``palmyra:archive-<uuid>-
event-<n>``): a source a bundle brought in keeps the activities the bundle carried (#13). A republication is ``wasDerivedFrom`` (copy -> original) carrying the sentence that says
so (``palmyra:evidence``), its relation and whether the user confirmed it.

A link found by text (#11) is exported only once the user confirmed it: ``wasDerivedFrom``
(the later copy -> the earlier one) of type ``palmyra:TextReuse`` with ``palmyra:method``
``text-reuse``, its kind (``same_work`` or ``quotes_from``), the share reused, the aligned
passages' spans (``palmyra:passages``, JSON) and ``palmyra:status`` ``confirmed``. Where the
copies do not say who had the text first, ``palmyra:order`` is ``unknown`` and the derivation
only runs from the pair's second copy to its first. The chain hop that confirming a same-work
link wrote is that same derivation, so it is not written a second time.
"""

from __future__ import annotations

import io
import json
import re

from prov.model import PROV_TYPE, AttributeValue, ProvDocument, QualifiedName, QualifiedNameCandidate

from .collect import ArticleRecord, ExportData

PALMYRA = "urn:palmyra:"
SHA256 = "urn:sha256:"
#: a PROV record's attributes, as the ``prov`` library takes them
_Attributes = dict[QualifiedNameCandidate, AttributeValue]


def _local(text: str) -> str:
    """A QName local part: letters, digits and hyphens only."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "x"


class _Builder:
    def __init__(self) -> None:
        self.doc = ProvDocument()
        self.doc.add_namespace("palmyra", PALMYRA)
        self.doc.add_namespace("sha256", SHA256)
        self._agents: dict[str, str] = {}

    def _q(self, name: str) -> QualifiedName | None:
        """A ``prov:type`` value as a qualified name (``prov:SoftwareAgent``), not a string:
        a PROV reader only recognises the type when it is one."""
        return self.doc.valid_qualified_name(name)

    def agent(self, name: str, kind: str = "palmyra:Outlet") -> str:
        ident = self._agents.get(name)
        if ident is None:
            ident = f"palmyra:agent-{_local(name)}-{len(self._agents) + 1}"
            self._agents[name] = ident
            self.doc.agent(ident, {PROV_TYPE: self._q(kind), "prov:label": name})
        return ident

    def article(self, article: ArticleRecord, covered: frozenset = frozenset()) -> None:
        for copy in article.copies:
            source = f"sha256:{copy.sha256}"
            self.doc.entity(source, {PROV_TYPE: self._q("palmyra:SourceFile"), "prov:label": copy.filename,
                                     "palmyra:sizeBytes": copy.size_bytes})
            ident = f"palmyra:copy-{copy.id}"
            attrs: _Attributes = {PROV_TYPE: self._q("palmyra:Copy"), "prov:label": article.title or "(untitled)",
                     "palmyra:citationKey": article.key}
            if copy.date:
                attrs["palmyra:date"] = copy.date
            self.doc.entity(ident, attrs)
            self.doc.wasDerivedFrom(ident, source, other_attributes={PROV_TYPE: self._q("palmyra:ExtractedFrom")})
            if copy.outlet:
                self.doc.wasAttributedTo(ident, self.agent(copy.outlet))
            self._republications(article, copy, ident, covered)

    def reuse_link(self, link: dict) -> None:
        """A confirmed link found by text: the later copy was derived from the earlier one."""
        first = link["first"]
        later_side, first_side = ("a", "b") if first == "b" else ("b", "a")
        later, earlier = link[later_side], link[first_side]
        passages = [p["a_span"] + p["b_span"] for p in link["passages"]]
        attrs: _Attributes = {PROV_TYPE: self._q("palmyra:TextReuse"), "palmyra:method": "text-reuse",
                 "palmyra:methodDetail": link["method"], "palmyra:kind": link["kind"],
                 "palmyra:status": link["status"], "palmyra:reusedWords": int(link["reused_words"]),
                 "palmyra:shareReused": round(float(later["share_reused"]), 3),
                 "palmyra:order": "known" if first else "unknown",
                 "palmyra:direction": link["direction"],
                 "palmyra:evidence": (f"{len(passages)} aligned passage(s), {link['reused_words']} words, "
                                      "found by text and confirmed by the user"),
                 "palmyra:passages": json.dumps({"spans": "[a_start, a_end, b_start, b_end]",
                                                 "a": f"palmyra:copy-{link['a']['copy_id']}",
                                                 "b": f"palmyra:copy-{link['b']['copy_id']}",
                                                 "passages": passages})}
        self.doc.wasDerivedFrom(f"palmyra:copy-{later['copy_id']}", f"palmyra:copy-{earlier['copy_id']}",
                                identifier=f"palmyra:reuse-link-{link['link_id']}", other_attributes=attrs)

    def _republications(self, article, copy, ident: str, covered: frozenset = frozenset()) -> None:
        for n, hop in enumerate(r for r in copy.republications if not r["rejected"]):
            if (copy.id, hop["from_copy_id"]) in covered:
                continue    # a confirmed link found by text: written by ``reuse_link``
            upstream = (f"palmyra:copy-{hop['from_copy_id']}" if hop["from_copy_id"]
                        else f"palmyra:work-{copy.id}-hop{n + 1}")
            if not hop["from_copy_id"]:
                attrs: _Attributes = {PROV_TYPE: self._q("palmyra:Original" if hop["is_original"] else "palmyra:Upstream")}
                if hop["from_date"]:
                    attrs["palmyra:date"] = hop["from_date"]
                self.doc.entity(upstream, attrs)
                if hop["from_outlet"]:
                    self.doc.wasAttributedTo(upstream, self.agent(hop["from_outlet"]))
            attrs = {PROV_TYPE: self._q("prov:Revision" if hop["relation"] == "via" else "palmyra:Republication"),
                     "palmyra:relation": hop["relation"], "palmyra:status": hop["status"],
                     "palmyra:method": hop["method"]}
            if hop["evidence"]:
                attrs["palmyra:evidence"] = hop["evidence"]
            self.doc.wasDerivedFrom(ident, upstream, other_attributes=attrs)

    def event(self, event: dict, copies_of_source: dict[int, list[int]]) -> None:
        # an event is named by the archive it happened in and its number there, so the history
        # a bundle carried keeps its names when the archive that opened it exports it (#13)
        ident = (f"palmyra:archive-{event['archive']}-event-{event['id']}" if event.get("archive")
                 else f"palmyra:event-{event['id']}")
        attrs: _Attributes = {PROV_TYPE: self._q(f"palmyra:{_local(event['action'])}"), "prov:label": event["action"]}
        for key in ("before", "after"):
            if event[key] is not None and event["entity"] != "source":
                attrs[f"palmyra:{key}"] = json.dumps(event[key], ensure_ascii=False, sort_keys=True)
        self.doc.activity(ident, event["at"], event["at"], attrs)
        actor = self.agent(event["actor"], "prov:SoftwareAgent" if event["actor"] == "importer"
                           else "prov:Person")
        self.doc.wasAssociatedWith(ident, actor)
        if event["entity"] == "source":
            sha = (event["after"] or {}).get("sha256")
            if sha:
                self.doc.used(ident, f"sha256:{sha}")
            for copy_id in copies_of_source.get(event["entity_id"], []):
                self.doc.wasGeneratedBy(f"palmyra:copy-{copy_id}", ident)
        elif event["entity"] == "copy" and event["entity_id"]:
            # a correction revises what we say about the copy; it never replaces the copy
            self.doc.used(ident, f"palmyra:copy-{event['entity_id']}")


def provenance_document(data: ExportData) -> ProvDocument:
    builder = _Builder()
    copies_of_source: dict[int, list[int]] = {}
    primary_of_article: dict[int, int] = {}
    derived: set[tuple[int, int]] = set()
    for link in data.reuse_links:
        later, first = (link["a"], link["b"]) if link["first"] == "b" else (link["b"], link["a"])
        derived.add((later["copy_id"], first["copy_id"]))
    covered = frozenset(derived)
    for article in data.articles:
        builder.article(article, covered)
        primary_of_article[article.id] = article.primary_copy_id
        for copy in article.copies:
            copies_of_source.setdefault(copy.source_id, []).append(copy.id)
    for event in data.events:
        if event["entity"] == "article":
            event = dict(event, entity="copy", entity_id=primary_of_article.get(event["entity_id"]))
        builder.event(event, copies_of_source)
    for link in data.reuse_links:
        builder.reuse_link(link)
    return builder.doc


def prov_json(data: ExportData) -> str:
    out = io.StringIO()      # given a stream, serialize writes there (without one, it types as optional)
    provenance_document(data).serialize(out, format="json", indent=2)
    return out.getvalue()
