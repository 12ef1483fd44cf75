"""Reading a bundle safely: zip checks, streamed extraction, BagIt fixity.

A bundle comes from someone else, so its zip is untrusted: member names that would land
outside the target (absolute, ``..``, drive letters), symlinks and special files are refused
before anything is written; sizes are checked against the free space first; each member is
copied in bounded pieces and stopped if it grows past the size its header declared (a zip
bomb or a lying header). Extraction goes to a temporary folder beside the archive (same file
system, so a few-GB bundle is not squeezed into /tmp) and the bag is then validated with the
bagit library, every checksum, before a single row is imported.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path

from ..errors import DiskFullError, ExportError
from ..tasks import CancelToken, Progress
from .bundle import _BAG_LOCK, _disk_full
from .safe_names import is_safe_member

CHUNK = 1 << 20
MAX_RATIO = 2000                   # uncompressed/compressed beyond this is a zip bomb
HEADROOM = 64 << 20                # leave this much free space after extracting


def _check_members(zf: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    members = zf.infolist()
    for info in members:
        if not is_safe_member(info.filename):
            raise ExportError(f"{name} is refused: it holds a file named {info.filename!r} that "
                              "would be written outside the bundle's folder.")
        kind = stat.S_IFMT(info.external_attr >> 16)     # 0 when the zip tool stored no type
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise ExportError(f"{name} is refused: {info.filename!r} is a link or special file, "
                              "which a bundle never contains.")
        if info.file_size > MAX_RATIO * max(info.compress_size, 1) and info.file_size > CHUNK:
            raise ExportError(f"{name} is refused: {info.filename!r} would expand "
                              f"{info.file_size // max(info.compress_size, 1)}-fold (a zip bomb?).")
    return members


def _copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, cancel: CancelToken) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with zf.open(info) as src, open(dest, "wb") as out:
        while chunk := src.read(CHUNK):
            cancel.raise_if_cancelled()
            written += len(chunk)
            if written > info.file_size:
                raise ExportError(f"{info.filename!r} is larger than the bundle says; refused.")
            out.write(chunk)


def extract(zip_path: Path, workdir: Path, *, cancel: CancelToken, progress: Progress) -> Path:
    """Extract ``zip_path`` into ``workdir`` safely; returns the bag's root folder."""
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExportError(f"{zip_path.name} is not a readable zip file ({exc}).") from exc
    with zf:
        members = _check_members(zf, zip_path.name)
        needed = sum(i.file_size for i in members)
        free = shutil.disk_usage(workdir).free
        if needed + HEADROOM > free:
            raise DiskFullError(f"Opening {zip_path.name} needs {needed // (1 << 20)} MB free "
                                f"beside the archive; only {free // (1 << 20)} MB are free.")
        files = [i for i in members if not i.is_dir()]
        try:
            for n, info in enumerate(files, 1):
                target = workdir.joinpath(*info.filename.replace("\\", "/").split("/"))
                if workdir.resolve() not in target.resolve().parents:
                    raise ExportError(f"{info.filename!r} would be written outside the bundle folder.")
                _copy_member(zf, info, target, cancel)
                progress(n, len(files), "Unpacking the bundle")
        except zipfile.BadZipFile as exc:
            raise ExportError(f"{zip_path.name} is damaged ({exc}).") from exc
        except OSError as exc:
            if _disk_full(exc):
                raise DiskFullError(f"The disk filled up while unpacking {zip_path.name}; "
                                    "nothing was imported.") from exc
            raise
    return bag_root(workdir, zip_path.name)


def bag_root(workdir: Path, name: str) -> Path:
    if (workdir / "bagit.txt").is_file():
        return workdir
    candidates = [p.parent for p in workdir.glob("*/bagit.txt")]
    if len(candidates) != 1:
        raise ExportError(f"{name} is not a Palmyra bundle: it holds no BagIt bag (bagit.txt).")
    return candidates[0]


def validate_bag(root: Path, name: str) -> None:
    """Every checksum must match, or nothing is imported."""
    import bagit
    with _BAG_LOCK:
        try:
            bag = bagit.Bag(str(root))
            bag.validate(processes=1)
        except bagit.BagValidationError as exc:
            details = "; ".join(str(d) for d in (exc.details or [])[:3])
            raise ExportError(f"{name} failed its integrity check, so nothing was imported: "
                              f"{details or exc.message}.") from exc
        except bagit.BagError as exc:
            raise ExportError(f"{name} is not a valid BagIt bag, so nothing was imported: {exc}.") from exc


def unpack(zip_path: Path, archive_dir: Path, *, cancel: CancelToken, progress: Progress) -> tuple[Path, Path]:
    """(temporary folder to delete afterwards, validated bag root)."""
    from .. import debris
    debris.sweep(archive_dir)   # what a killed open-bundle left (see core/debris.py)
    workdir = Path(tempfile.mkdtemp(prefix=f".palmyra-bundle-{os.getpid()}-", suffix=".bundle",
                                    dir=archive_dir))
    try:
        root = extract(zip_path, workdir, cancel=cancel, progress=progress)
        progress(0, 1, "Checking every checksum")
        validate_bag(root, zip_path.name)
        return workdir, root
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
