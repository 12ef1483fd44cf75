"""Exchange with the tools researchers use on the other side (issue #13).

Owns the formats of other programs that are more than a citation file: REFI-QDA project
exchange (``qdpx``: QualCoder, NVivo, ATLAS.ti, MAXQDA), written into bundles through the
export registry (``export.payload.FORMATS``) and read back. Core only: no Qt.

May import: the standard library, lxml, ``core.annotate.annotatable``, ``core.store.errors``,
``core.export.collect`` (the records an export gathered) and ``core.export.csl_json`` (a
copy's provenance line). Not imported by ``core.export`` except through the registry entry.
"""
