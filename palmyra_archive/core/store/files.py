"""File modes: what we write for the user gets the mode any other document of theirs gets.

``tempfile.mkstemp`` creates files readable by their owner only (0600), which is right while a
file is being written and wrong for a bundle or a backup the user will share or copy: those end
as ``0666 & ~umask``, like a file their editor saves.
"""

from __future__ import annotations

import os
import threading

_UMASK_LOCK = threading.Lock()


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux
    ``/proc/self/status``); elsewhere set and restored at once, under a lock."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def document_mode() -> int:
    """The permission bits of a new document: 0666 less the umask."""
    return 0o666 & ~current_umask()
