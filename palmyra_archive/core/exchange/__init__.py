"""Exchange with the tools researchers use on the other side (issue #13).

Owns the formats of other programs that are more than a citation file: REFI-QDA project
exchange (``qdpx``: QualCoder, NVivo, ATLAS.ti, MAXQDA), written into bundles through the
export registry (``export.payload.FORMATS``) and read back; a Zotero library (``zotero``) and
Hypothesis annotations (``hypothesis``) brought in, the three imports sharing ``scaffold``.
Core only: no Qt.

Besides the standard library and lxml it uses the annotatable text and anchoring, the records
an export gathered and their citation fields, and the importer (Zotero attachments); it is
not imported by ``core.export`` except through the registry entry.

May import: store, annotate, export, importing.importer
"""
