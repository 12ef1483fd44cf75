"""Web archives: WARC (``.warc``, ``.warc.gz``) and WACZ, read with warcio, streamed.

Each archived HTML or PDF response is one copy, stored as its own source (the response's
payload, byte for byte) with its capture provenance: the URL, ``WARC-Date``, the capturing
software (``warcinfo``) and the record's payload digest, verified here: a mismatch fails that
record with a sentence, it is never stored. Redirects, revisits and duplicate captures of one
URL become the capture history of the one copy (``Capture.history``), not more articles;
records of other kinds (CSS, images, scripts) are counted, not imported as articles.
A WACZ's ``datapackage.json`` hashes are checked against its files first (``package_hashes``).

Memory stays bounded: records are read one at a time from the stream and a payload larger
than the importer's limit is refused without being held.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from ...store.digests import payload_digest_ok
from ...store.errors import ImportFailed
from ..model import Capture
from .base import Entry, Reader

#: payloads larger than this are refused (the importer's own file limit)
MAX_PAYLOAD = 20 * 1024 * 1024
_ARTICLE_TYPES = ("text/html", "application/xhtml+xml", "application/pdf")


def _gzip_warc(head: bytes) -> bool:
    if not head.startswith(b"\x1f\x8b"):
        return False
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64).startswith(b"WARC/")
    except zlib.error:
        return False


class WarcReader(Reader):
    name = "warc"
    label = "Web archives (WARC)"
    suffixes = (".warc", ".warc.gz")
    container = True

    def sniff(self, head: bytes, suffix: str) -> bool:
        return head.startswith(b"WARC/") or _gzip_warc(head)

    def entries(self, path: Path, cancel=None) -> Iterator[Entry]:
        with open(path, "rb") as stream:
            for entry in warc_entries(path.name, stream, cancel):
                entry.extra.setdefault("position", stream.tell())   # for progress, in bytes
                yield entry


class WaczReader(Reader):
    name = "wacz"
    label = "Web archives (WACZ)"
    suffixes = (".wacz",)
    container = True

    def sniff(self, head: bytes, suffix: str) -> bool:
        return head.startswith(b"PK\x03\x04") and (suffix == ".wacz" or b"datapackage.json" in head
                                                     or b"archive/" in head)

    def entries(self, path: Path, cancel=None) -> Iterator[Entry]:
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            yield Entry(path.name, None, error=f"{path.name} is not a readable WACZ ({exc}).")
            return
        with archive:
            names = archive.namelist()
            unsafe = [n for n in names if n.startswith(("/", "\\")) or ".." in PurePosixPath(n).parts
                      or ":" in n.split("/")[0]]
            if unsafe:
                yield Entry(path.name, None, error=(
                    f"{path.name} is not a safe WACZ: it names paths outside itself "
                    f"({unsafe[0]!r}); nothing in it was imported."))
                return
            package = {}
            if "datapackage.json" in names:
                try:
                    package = json.loads(archive.read("datapackage.json"))
                except ValueError:
                    package = {}
            tool = package.get("software") if isinstance(package, dict) else None
            warcs = [n for n in names if n.startswith("archive/") and n.endswith((".warc", ".warc.gz"))]
            if not warcs:
                yield Entry(path.name, None, error=f"{path.name} holds no WARC files (archive/*.warc.gz).")
                return
            checked, problems = package_hashes(path.name, archive, package, cancel)
            for problem in problems:
                yield Entry(problem[0], None, error=problem[1])
            for name in warcs:
                with archive.open(name) as stream:
                    yield from warc_entries(f"{path.name} › {name}", stream, cancel, tool,
                                            container=path.name, package_ok=checked.get(name))


def package_hashes(label: str, archive: zipfile.ZipFile, package, cancel=None
                   ) -> tuple[dict[str, bool], list[tuple[str, str]]]:
    """Check each file ``datapackage.json`` lists (``path``, ``hash`` "sha256:HEX") against the
    file in the WACZ, streamed: {path: matched} and one sentence per mismatch or missing file.

    A WARC whose hash does not match is still read (each record's own payload digest is
    checked as always), but every capture from it records the mismatch (``package_digest_ok``)
    and the import summary says so: it is never silently accepted."""
    import hashlib

    checked: dict[str, bool] = {}
    problems: list[tuple[str, str]] = []
    resources = package.get("resources") if isinstance(package, dict) else None
    names = set(archive.namelist())
    for resource in resources if isinstance(resources, list) else []:
        if cancel is not None and cancel.cancelled:
            break
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            continue
        rel, listed = resource["path"], resource.get("hash")
        if not isinstance(listed, str) or ":" not in listed:
            continue
        algorithm, _, expected = listed.partition(":")
        try:
            digest = hashlib.new(algorithm.lower().replace("-", ""))
        except ValueError:
            continue
        where = f"{label} › {rel}"
        if rel not in names:
            problems.append((where, f"{where}: datapackage.json lists this file with its hash, "
                                    "but the WACZ does not hold it (removed after packaging)."))
            continue
        with archive.open(rel) as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
        ok = digest.hexdigest() == expected.strip().lower()
        checked[rel] = ok
        if not ok:
            read = " its records were read and each capture from it records the mismatch" \
                if rel.startswith("archive/") else " it is not read as an article"
            problems.append((where, f"{where}: its {algorithm} hash does not match the one "
                                    f"datapackage.json lists (changed after the WACZ was made);"
                                    f"{read}."))
    return checked, problems


def _decoded(payload: bytes, encoding: str | None) -> bytes:
    encoding = (encoding or "").lower().strip()
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(payload, MAX_PAYLOAD + 1)
    if encoding == "deflate":
        return zlib.decompressobj().decompress(payload, MAX_PAYLOAD + 1)
    return payload


def warc_entries(label: str, stream: IO[bytes], cancel=None, tool: str | None = None,
                 container: str | None = None, package_ok: bool | None = None) -> Iterator[Entry]:
    """One Entry per archived article response (and one per revisit of one), in file order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    container = container or label
    seen: dict[str, str] = {}            # url -> payload digest first stored
    redirects: dict[str, list[dict]] = {}
    count = skipped = 0
    records = ArchiveIterator(stream, no_record_parse=False)
    try:
        for record in records:
            if cancel is not None and cancel.cancelled:
                return
            kind = record.rec_type
            headers = record.rec_headers
            if kind == "warcinfo":
                info = record.content_stream().read(65536).decode("utf-8", "replace")
                for line in info.splitlines():
                    key, _, value = line.partition(":")
                    if key.strip().lower() == "software" and value.strip():
                        tool = value.strip()
                continue
            url = headers.get_header("WARC-Target-URI")
            date = headers.get_header("WARC-Date")
            digest = headers.get_header("WARC-Payload-Digest")
            record_id = headers.get_header("WARC-Record-ID")
            if kind == "revisit":
                yield Entry(f"{label} › {url}", None, Capture(
                    url=url, captured_at=date, tool=tool, payload_digest=digest,
                    record_id=record_id, container=container, package_digest_ok=package_ok),
                    reader="revisit",
                    extra={"history_only": True, "relation": "revisit"})
                continue
            if kind != "response" or record.http_headers is None:
                continue
            status = record.http_headers.get_statuscode() or ""
            ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
            if status.startswith("3"):
                target = record.http_headers.get_header("Location")
                if target:
                    redirects.setdefault(_absolute(url, target), []).append(
                        {"url": url, "captured_at": date, "relation": f"redirect {status}",
                         "record_id": record_id})
                continue
            if not status.startswith("2") or ctype not in _ARTICLE_TYPES:
                skipped += 1
                continue
            raw = record.raw_stream.read(MAX_PAYLOAD + 1)
            name = f"{label} › {url}"
            if len(raw) > MAX_PAYLOAD:
                yield Entry(name, None, error=f"{name} is larger than {MAX_PAYLOAD // 1048576} MB; "
                            "it was not imported.")
                continue
            declared = record.http_headers.get_header("Content-Length")
            if declared and declared.isdigit() and len(raw) < int(declared) and \
                    not record.http_headers.get_header("Content-Encoding"):
                yield Entry(label, None, error=(
                    f"{label} is truncated or damaged after {count} article record(s) (the record "
                    f"of {url} is cut short); the records before that point were read."))
                return
            ok = payload_digest_ok(digest, raw)
            capture = Capture(url=url, captured_at=date, tool=tool, payload_digest=digest,
                              digest_ok=ok, record_id=record_id, container=container,
                              history=redirects.pop(url, []), package_digest_ok=package_ok)
            if ok is False:
                yield Entry(name, None, capture, error=(
                    f"{name}: the record's payload digest does not match its bytes (damaged or "
                    "altered capture); it was not imported."))
                continue
            try:
                data = _decoded(raw, record.http_headers.get_header("Content-Encoding"))
                capture.digest_of_content = data is raw
            except zlib.error:
                yield Entry(name, None, capture, error=f"{name}: its compressed payload is damaged.")
                continue
            count += 1
            duplicate = url in seen
            seen.setdefault(url, digest or "")
            yield Entry(name, data, capture, reader="pdf" if ctype == "application/pdf" else "html",
                        extra={"duplicate": duplicate})
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
        yield Entry(label, None, error=(
            f"{label} is truncated or damaged after {count} article record(s) "
            f"({type(exc).__name__}); the records before that point were read."))
    finally:
        if skipped:
            yield Entry(label, None, extra={"note": f"{skipped} non-article record(s) (styles, "
                                                    "images, scripts) kept out of the articles"})


def _absolute(base: str | None, target: str) -> str:
    from urllib.parse import urljoin
    return urljoin(base or "", target)


def stored_record(capture: Capture, payload: bytes) -> bytes:
    """The capture as a WARC response record again (what a bundle exports for a WARC source)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Length", str(len(payload)))], protocol="HTTP/1.1")
    headers = [("WARC-Date", capture.captured_at)] if capture.captured_at else []
    record = writer.create_warc_record(capture.url or "urn:unknown", "response",
                                       payload=io.BytesIO(payload), http_headers=http,
                                       warc_headers_dict=dict(headers))
    writer.write_record(record)
    return out.getvalue()


__all__ = ["WarcReader", "WaczReader", "warc_entries", "stored_record", "ImportFailed"]
