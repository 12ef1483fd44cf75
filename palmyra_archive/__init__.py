"""Palmyra Archive: an offline archive for studying how a story travels through the media.

The package is layered (see docs/architecture.md): ``palmyra_archive.core`` is plain Python
over SQLite and never imports Qt; ``palmyra_archive.cli`` and ``palmyra_archive.gui`` are two
thin faces over the same core service API.
"""

from importlib import metadata as _metadata

try:  # The version has one home: pyproject.toml.
    __version__ = _metadata.version("palmyra-archive")
except _metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
