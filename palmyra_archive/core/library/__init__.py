"""Managing the library's articles and works (issue #20): the Trash (move, restore, purge),
merging works the importer kept apart, reviewing needs-review reasons, the metadata a citation
needs, and the codebook's queries (tags × passages × outlets).

Each write runs in one ``archive.write`` transaction with its event row, and returns
``core.store.changes.Changes`` like every other service; no Qt here.

The library reads a copy's text through the readers, a region's correction through the import
pipeline, its filters through search, and a citation through the bibliography writer.

The managers name ``core.archive.Archive`` as their ``archive`` parameter's type, imported only
under ``if TYPE_CHECKING:`` (the façade builds them; no import at run time, so no cycle).

May import: store, text, ingest, importing, search, export, archive
"""
