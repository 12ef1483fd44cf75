"""Text reuse (issue #11): every copy of a text across the archive, found by its words.

Owns: fingerprints of each copy's body (word shingles of overlapping passages, datasketch
MinHash, LSH bands kept in ``reuse_bands`` so a new copy's candidates are found without a
rescan), verification by passage alignment (rapidfuzz), the links it proposes (``reuse_links``:
kind ``same_work`` or ``quotes_from``, evidence, method, parameters, status), the user's
decisions (confirm joins works with a chain hop of method ``text-reuse``; reject is final),
outlet boilerplate (``reuse_boilerplate``), and the outlet network (networkx).

The job split follows passim's, so that a distributed backend replaces a stage, not the code
(docs/reuse-at-scale.md): ``fingerprint`` (one copy -> band keys, pure) -> candidate pairs (a
join on band keys) -> ``align`` (one pair -> aligned passages, pure) -> ``classify`` -> store.

It uses the archive infrastructure, the version review's way of joining works, and the
readers' text; never Qt.

The managers name ``core.archive.Archive`` as their ``archive`` parameter's type, imported only
under ``if TYPE_CHECKING:`` (the façade builds them; no import at run time, so no cycle).

``importing.parse_ahead``: ``verify_pending`` aligns a large queue in forked workers under the
same rules as the parse-ahead workers (``can_fork``, ``die_with_parent``).

May import: store, text, ingest, importing.versions, importing.parse_ahead, archive
"""
