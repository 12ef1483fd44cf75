"""Loading one module of a library without running its package's ``__init__``.

Two libraries we use import far more in their ``__init__`` than we need: extruct loads its
RDFa and microformats extractors (and with them rdflib and requests, whose urllib3 opens an
IPv6 socket at import to probe), datasketch loads its LSH classes (and with them scipy, 2 s on
this machine, paid by the first import of every run). ``submodule("extruct", "jsonld")`` loads
``extruct/jsonld.py`` with a bare package object standing in for ``extruct``, so its own
``from extruct.utils import …`` still work; names asked for in ``export`` are set on that
package object, so ``from datasketch import MinHash`` elsewhere in the process still works.
Where the real package is already imported it is simply used.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types


def submodule(package: str, module: str, export: tuple[str, ...] = ()):
    """``package.module``, imported without running ``package/__init__.py`` (see above)."""
    if package not in sys.modules:
        spec = importlib.util.find_spec(package)
        if spec is None:
            raise ImportError(f"{package} is not installed")
        if not spec.submodule_search_locations:   # an importer without package paths: the
            return importlib.import_module(f"{package}.{module}")  # plain import, __init__ and all
        stand_in = types.ModuleType(package)
        stand_in.__path__ = list(spec.submodule_search_locations)
        stand_in.__doc__ = f"{package}'s modules, loaded one by one without its __init__ (palmyra)"
        sys.modules[package] = stand_in
    loaded = importlib.import_module(f"{package}.{module}")
    parent = sys.modules[package]
    for name in export:
        if not hasattr(parent, name):
            setattr(parent, name, getattr(loaded, name))
    return loaded


__all__ = ["submodule"]
