"""Start-up loads only what the first paint needs (#19): the window's modules do not import
networkx, the PROV library or the file readers (trafilatura, pdfminer, the e-mail parser),
which together cost about 1.5 s of the first paint on this machine; they load when a graph,
a PROV export, an import or an article's source asks for them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: (datasketch's MinHash module alone is loaded, without its package's LSH and scipy:
#: ``core.text.submodules``)
DEFERRED = ("networkx", "prov", "trafilatura", "pdfminer", "palmyra_archive.core.ingest.readers",
            "scipy")


def test_the_window_modules_leave_the_heavy_libraries_unloaded():
    code = ("import json, sys\n"
            "from palmyra_archive.core.archive import Archive\n"
            "from palmyra_archive.gui.app import application\n"
            "from palmyra_archive.gui.main_window import MainWindow\n"
            "import palmyra_archive.gui.reuse.install, palmyra_archive.gui.dialogs.export\n"
            "print(json.dumps(sorted(m for m in sys.modules)))\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300, check=True)
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "palmyra_archive.gui.main_window" in loaded
    assert [m for m in DEFERRED if m in loaded] == []
