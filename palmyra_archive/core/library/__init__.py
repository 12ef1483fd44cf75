"""Managing the library's articles and works (issue #20): the Trash (move, restore, purge),
merging works the importer kept apart, reviewing needs-review reasons, the metadata a citation
needs, and the codebook's queries (tags × passages × outlets).

Each write runs in one ``archive.write`` transaction with its event row, and returns
``core.store.changes.Changes`` like every other service; no Qt here.

May import: the rest of ``palmyra_archive.core`` (records, changes, errors, clock, events,
corrections, versions, export.bibliography); never ``palmyra_archive.gui`` or ``.cli``.
"""
