"""The import pipeline: files in, copies stored. The importer, bulk batches, parsing ahead in
worker processes, storing a parsed document, matching a copy to its work, versions of a
source, and re-reading a region the user corrected. It calls ``ingest/`` for parsing.

May import: store, text, ingest
"""
