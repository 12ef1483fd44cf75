"""Finding articles: the query syntax, ranked hits with their cap, and the library's filters
and sorts.

The managers name ``core.archive.Archive`` as their ``archive`` parameter's type, imported only
under ``if TYPE_CHECKING:`` (the façade builds them; no import at run time, so no cycle).

May import: store, text, archive
"""
