"""Annotating in the desktop app: highlights in the reader, side panels, the archive-wide view.

``install(window)`` adds it all to a main window (docks, the Annotate menu, undoable
operations) so the window's own module only needs one line to wire it in.
"""

from __future__ import annotations


def install(window):
    """Build the annotation controller for ``window`` and return it."""
    from .controller import AnnotationController
    return AnnotationController(window)
