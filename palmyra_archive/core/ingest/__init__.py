"""Import: read a file's bytes, split it into regions, extract metadata, provenance and rights.

Everything in this package is pure: bytes in, ``ParsedDocument`` out, no database. The
archive's importer (``palmyra_archive.core.importing.importer``) stores what comes out.

May import: text, store.paths, store.errors, store.digests
"""
