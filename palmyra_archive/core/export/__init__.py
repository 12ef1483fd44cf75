"""Citation bundles: CSL-JSON, BibTeX, RIS, bibliography, quotes, W3C annotations, PROV, BagIt.

``service.ExportService`` (``archive.exports``) is the only entry point the CLI and the GUI
use; every other module here turns the collected records (``collect.ExportData``) into one
format and knows nothing of the others.

The managers name ``core.archive.Archive`` as their ``archive`` parameter's type, imported only
under ``if TYPE_CHECKING:`` (the façade builds them; no import at run time, so no cycle).

May import: store, text, library, importing.importer, annotate, ingest.model, exchange.qdpx, archive
"""
