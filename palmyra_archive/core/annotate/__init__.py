"""Passages anchored in a copy's annotatable text: anchoring, the annotatable text itself,
annotations and their W3C Web Annotation form.

The managers name ``core.archive.Archive`` as their ``archive`` parameter's type, imported only
under ``if TYPE_CHECKING:`` (the façade builds them; no import at run time, so no cycle).

``ingest.readers`` gives the W3C export the stored source's text the selectors count in (the
one ``stored_source_text`` the Source tab reads too).

May import: store, text, library, export, ingest.readers, archive
"""
