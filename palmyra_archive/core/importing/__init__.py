"""The import pipeline: files in, copies stored. The importer, bulk batches, parsing ahead in
worker processes, storing a parsed document, matching a copy to its work, versions of a
source, and re-reading a region the user corrected. It calls ``ingest/`` for parsing.

The managers name ``core.archive.Archive`` as their ``archive`` parameter's type, imported only
under ``if TYPE_CHECKING:`` (the façade builds them; no import at run time, so no cycle).

May import: store, text, ingest, archive
"""
