"""Provenance as W3C PROV (PROV-JSON, written with the ``prov`` reference library).

Entities: each source file (named by its SHA-256), each copy of an article read in an outlet,
and the original work a republished copy was taken from. Agents: the outlets, the importer and
the people who corrected records. Activities: each import and each correction from the event
log. A republication is ``wasDerivedFrom`` (copy -> original) carrying the sentence that says
so (``palmyra:evidence``), its relation and whether the user confirmed it.
"""

from __future__ import annotations

import json
import re

from prov.model import PROV_TYPE, ProvDocument

from .collect import ArticleRecord, ExportData

PALMYRA = "urn:palmyra:"
SHA256 = "urn:sha256:"


def _local(text: str) -> str:
    """A QName local part: letters, digits and hyphens only."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "x"


class _Builder:
    def __init__(self) -> None:
        self.doc = ProvDocument()
        self.doc.add_namespace("palmyra", PALMYRA)
        self.doc.add_namespace("sha256", SHA256)
        self._agents: dict[str, str] = {}

    def _q(self, name: str):
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

    def article(self, article: ArticleRecord) -> None:
        for copy in article.copies:
            source = f"sha256:{copy.sha256}"
            self.doc.entity(source, {PROV_TYPE: self._q("palmyra:SourceFile"), "prov:label": copy.filename,
                                     "palmyra:sizeBytes": copy.size_bytes})
            ident = f"palmyra:copy-{copy.id}"
            attrs = {PROV_TYPE: self._q("palmyra:Copy"), "prov:label": article.title or "(untitled)",
                     "palmyra:citationKey": article.key}
            if copy.date:
                attrs["palmyra:date"] = copy.date
            self.doc.entity(ident, attrs)
            self.doc.wasDerivedFrom(ident, source, other_attributes={PROV_TYPE: self._q("palmyra:ExtractedFrom")})
            if copy.outlet:
                self.doc.wasAttributedTo(ident, self.agent(copy.outlet))
            self._republications(article, copy, ident)

    def _republications(self, article, copy, ident: str) -> None:
        for n, hop in enumerate(r for r in copy.republications if not r["rejected"]):
            upstream = (f"palmyra:copy-{hop['from_copy_id']}" if hop["from_copy_id"]
                        else f"palmyra:work-{copy.id}-hop{n + 1}")
            if not hop["from_copy_id"]:
                attrs = {PROV_TYPE: self._q("palmyra:Original" if hop["is_original"] else "palmyra:Upstream")}
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
        ident = f"palmyra:event-{event['id']}"
        attrs = {PROV_TYPE: self._q(f"palmyra:{_local(event['action'])}"), "prov:label": event["action"]}
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
    for article in data.articles:
        builder.article(article)
        primary_of_article[article.id] = article.primary_copy_id
        for copy in article.copies:
            copies_of_source.setdefault(copy.source_id, []).append(copy.id)
    for event in data.events:
        if event["entity"] == "article":
            event = dict(event, entity="copy", entity_id=primary_of_article.get(event["entity_id"]))
        builder.event(event, copies_of_source)
    return builder.doc


def prov_json(data: ExportData) -> str:
    return provenance_document(data).serialize(format="json", indent=2)
