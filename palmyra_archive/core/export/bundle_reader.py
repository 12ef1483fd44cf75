"""Reading a bundle safely: zip checks, streamed extraction, BagIt fixity.

A bundle comes from someone else, so its zip is untrusted: member names that would land
outside the target (absolute, ``..``, drive letters), symlinks and special files are refused
before anything is written; so are, from the zip's directory alone, duplicate names, members
larger than a bundle holds (a source over the importer's 20 MB, palmyra.json over 256 MB),
members that would expand more than ``MAX_RATIO``-fold, a total over ``MAX_TOTAL_BYTES`` and
a total over the free space. Each member is then copied in bounded pieces and stopped if it
grows past the size its header declared (a zip bomb or a lying header). Extraction goes to a temporary folder beside the archive (same file
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

from ..importing.importer import MAX_FILE_BYTES
from ..store.errors import DiskFullError, ExportError
from ..store.tasks import CancelToken, Progress
from .bundle import _BAG_LOCK, _disk_full
from .safe_names import is_safe_member

CHUNK = 1 << 20
#: uncompressed/compressed beyond this, for a member over RATIO_FLOOR, is a zip bomb: text
#: deflates 3- to 20-fold, zeros about 1,000-fold (deflate's ceiling)
MAX_RATIO = 100
RATIO_FLOOR = 4 << 20
MAX_MEMBERS = 500_000
MAX_DOCUMENT_BYTES = 256 << 20     # palmyra.json (100,000 articles fit in far less)
MAX_MEMBER_BYTES = 1 << 30         # any other file: citations, quotes, provenance of a big bundle
MAX_TOTAL_BYTES = 32 << 30         # the whole bundle unpacked
HEADROOM = 64 << 20                # leave this much free space after extracting


def human_size(size: int) -> str:
    """Bytes in a unit that shows the difference: 980 bytes, 12 KB, 3.4 MB, 2.0 GB."""
    if size < 1000:
        return f"{size:,} byte{'s' if size != 1 else ''}"
    for unit, scale in (("KB", 1 << 10), ("MB", 1 << 20), ("GB", 1 << 30), ("TB", 1 << 40)):
        value = size / scale
        if value < 1000 or unit == "TB":
            return f"{value:,.1f} {unit}" if value < 10 else f"{value:,.0f} {unit}"
    raise AssertionError("unreachable")


def _member_limit(filename: str) -> int:
    parts = filename.replace("\\", "/").split("/")
    if "sources" in parts[:-1]:
        return MAX_FILE_BYTES          # the importer refuses a larger source anyway
    if parts[-1] == "palmyra.json":
        return MAX_DOCUMENT_BYTES
    return MAX_MEMBER_BYTES


def _check_members(zf: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    """Refuse a hostile zip from its directory alone, before a byte is extracted."""
    members = zf.infolist()
    if len(members) > MAX_MEMBERS:
        raise ExportError(f"{name} is refused: it holds {len(members):,} files, more than any "
                          f"bundle ({MAX_MEMBERS:,}).")
    seen: set[str] = set()
    for info in members:
        if not is_safe_member(info.filename):
            raise ExportError(f"{name} is refused: it holds a file named {info.filename!r} that "
                              "would be written outside the bundle's folder.")
        kind = stat.S_IFMT(info.external_attr >> 16)     # 0 when the zip tool stored no type
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise ExportError(f"{name} is refused: {info.filename!r} is a link or special file, "
                              "which a bundle never contains.")
        folded = info.filename.replace("\\", "/").rstrip("/").casefold()
        if folded in seen:
            raise ExportError(f"{name} is refused: it holds {info.filename!r} twice (a zip "
                              "made to show one file and unpack another).")
        seen.add(folded)
        if info.file_size > _member_limit(info.filename):
            raise ExportError(f"{name} is refused: {info.filename!r} would unpack to "
                              f"{human_size(info.file_size)}, more than a bundle holds "
                              f"({human_size(_member_limit(info.filename))} at most).")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ExportError(f"{name} is refused: {info.filename!r} would expand "
                              f"{info.file_size // max(info.compress_size, 1):,}-fold, from "
                              f"{human_size(info.compress_size)} to {human_size(info.file_size)} "
                              "(a zip bomb?).")
    total = sum(i.file_size for i in members)
    if total > MAX_TOTAL_BYTES:
        raise ExportError(f"{name} is refused: it would unpack to {human_size(total)}, more than "
                          f"a bundle holds ({human_size(MAX_TOTAL_BYTES)} at most).")
    return members


def _copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, cancel: CancelToken) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with zf.open(info) as src, open(dest, "wb") as out:
        while chunk := src.read(CHUNK):
            cancel.raise_if_cancelled()
            written += len(chunk)
            if written > info.file_size:
                raise ExportError(f"{info.filename!r} unpacks to more than the "
                                  f"{human_size(info.file_size)} the bundle declares (a zip bomb?); "
                                  "it was refused and nothing was imported.")
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
            raise DiskFullError(f"Opening {zip_path.name} needs {human_size(needed + HEADROOM)} "
                                f"free beside the archive; only {human_size(free)} are free. "
                                "Nothing was unpacked.")
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
    from ..store import debris
    debris.sweep(archive_dir)   # what a killed open-bundle left (see core/store/debris.py)
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
