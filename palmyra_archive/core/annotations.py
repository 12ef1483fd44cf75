"""Annotations: highlighted passages with notes, anchored W3C-style (see docs/service-api.md).

Placeholder until the annotations work lands: only the hook the importer calls exists.
"""

from __future__ import annotations


class AnnotationManager:
    def __init__(self, archive):
        self.archive = archive

    def on_copy_superseded(self, old_copy_id: int, new_copy_id: int) -> None:
        """Re-anchor the old copy's annotations onto the new copy's text (to be built)."""
