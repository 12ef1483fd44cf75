"""Writing a bundle: payload files -> BagIt bag (bagit library, BagIt 1.0) -> zip, atomically.

Everything is staged in a temporary folder beside the target (same file system, so the final
rename is atomic and a full disk is found there, not in /tmp) and zipped to a ``.part`` file
that is renamed over the target only when complete. On any error or Cancel both are removed:
a half-written bundle never exists under the name the user chose.

bagit's ``make_bag`` and ``Bag.save`` change the process's working directory while they run,
so bagging is serialised with a lock (the app may export while another thread works).
"""

from __future__ import annotations

import errno
import os
import shutil
import threading
import zipfile
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from ..store import debris
from ..store.errors import DiskFullError, ExportError
from ..store.files import document_mode
from ..store.tasks import CancelToken, Progress
from .safe_names import safe_stem

BAGIT_VERSION = "1.0"
CHUNK = 1 << 20
_BAG_LOCK = threading.Lock()

Payload = Callable[[Path], None]   # writes one or more files under the given payload root


def _disk_full(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, errno.EDQUOT)


def make_bag(root: Path, bag_info: dict[str, str]) -> None:
    """Turn ``root`` into a BagIt 1.0 bag with SHA-256 manifests."""
    import bagit
    with _BAG_LOCK:
        bagit.make_bag(str(root), bag_info, checksums=["sha256"])
        (root / "bagit.txt").write_text(
            f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n", encoding="utf-8")
        bagit.Bag(str(root)).save()   # rewrites tagmanifest-sha256.txt for the new bagit.txt


def zip_folder(root: Path, out: Path, top: str, cancel: CancelToken, progress: Progress) -> None:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        for n, path in enumerate(files, 1):
            cancel.raise_if_cancelled()
            zf.write(path, f"{top}/{path.relative_to(root).as_posix()}")
            progress(n, len(files), "Zipping the bundle")


def write_bundle(out_zip: Path, payload: Payload, bag_info: dict[str, str], *,
                 cancel: CancelToken, progress: Progress) -> int:
    """Stage, bag, zip and rename; returns the bundle's size in bytes."""
    out_zip = Path(out_zip).expanduser().resolve()
    if out_zip.is_dir():
        raise ExportError(f"{out_zip} is a folder; choose a file name ending in .zip.")
    if not out_zip.parent.is_dir():
        raise ExportError(f"The folder {out_zip.parent} does not exist.")
    staging = part = None
    locks = ExitStack()
    try:
        debris.sweep(out_zip.parent)   # what a killed export left here (see core/store/debris.py)
        staging = debris.make_dir(out_zip.parent, out_zip.stem[:40], "staging")
        locks.enter_context(debris.held(staging))
        root = staging / "bag"
        root.mkdir()
        payload(root)
        cancel.raise_if_cancelled()
        progress(0, 1, "Computing checksums")
        make_bag(root, bag_info)
        cancel.raise_if_cancelled()
        part = debris.make_file(out_zip.parent, out_zip.name[:60])
        locks.enter_context(debris.held(part))
        zip_folder(root, part, safe_stem(out_zip.stem, fallback="bundle"), cancel, progress)
        os.chmod(part, document_mode())   # mkstemp made it 0600; a bundle is a document to share
        with open(part, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(part, out_zip)
        part = None
        return out_zip.stat().st_size
    except OSError as exc:
        if _disk_full(exc):
            raise DiskFullError(f"The disk is full while writing {out_zip.name}; nothing was "
                                "kept. Free some space or choose another folder.") from exc
        raise ExportError(f"{out_zip.name} could not be written: {exc.strerror or exc}.") from exc
    finally:
        locks.close()
        if part is not None:
            part.unlink(missing_ok=True)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
