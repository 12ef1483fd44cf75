"""Text reuse in the app (issue #11): the links found by text in the Provenance tab and in the
review queue ("Proposed copies (N)" in the sidebar), Compare copies, the Spread view, and
Tools › Find copies by text (the scan, off the GUI thread with progress and Cancel).

Qt only: every read and write goes through ``archive.reuse``; imported text is escaped.
"""
