"""Inputs for the reader tests, made here: WARCs recorded with warcio, PDFs written by hand,
e-mails and MHTML built with the stdlib."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def warc(path: Path, pages: list[tuple[str, bytes]], *, gzip: bool = True, software="Webrecorder ArchiveWeb.page 0.11",
         extra=None, css: bool = True, revisit_of: str | None = None, redirect: tuple[str, str] | None = None,
         duplicate: str | None = None) -> Path:
    """A WARC with a warcinfo record and one response per (url, html bytes)."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": software,
                                                                      "format": "WARC File Format 1.1"}))
        if redirect:
            source, target = redirect
            http = StatusAndHeaders("301 Moved Permanently", [("Location", target)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(source, "response", payload=io.BytesIO(b""),
                                                          http_headers=http,
                                                          warc_headers_dict={"WARC-Date": "2024-03-12T10:00:00Z"}))
        for index, (url, body) in enumerate(pages):
            _response(writer, url, body, f"2024-03-12T10:{index % 60:02d}:00Z")
            if css:
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/css")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url + ".css", "response",
                                                              payload=io.BytesIO(b"body{color:#222}"),
                                                              http_headers=http))
        if duplicate:
            body = dict(pages)[duplicate]
            _response(writer, duplicate, body, "2024-03-13T09:00:00Z")
        if revisit_of:
            import base64
            import hashlib
            digest = "sha1:" + base64.b32encode(hashlib.sha1(dict(pages)[revisit_of]).digest()).decode()
            record = writer.create_revisit_record(revisit_of, digest=digest, refers_to_uri=revisit_of,
                                                  refers_to_date="2024-03-12T10:00:00Z",
                                                  warc_headers_dict={"WARC-Date": "2024-03-14T08:00:00Z"})
            writer.write_record(record)
        for record in extra or ():
            record(writer)
    return path


def _response(writer, url: str, body: bytes, date: str, content_type="text/html; charset=utf-8"):
    http = StatusAndHeaders("200 OK", [("Content-Type", content_type),
                                       ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                  http_headers=http,
                                                  warc_headers_dict={"WARC-Date": date}))


def wacz(path: Path, warc_path: Path, *, names: dict[str, bytes] | None = None,
         hashes: bool = False, listed: dict[str, bytes] | None = None) -> Path:
    """A WACZ holding ``warc_path`` under archive/. ``hashes``: datapackage.json lists each
    file's SHA-256 as WACZ 1.1 does; ``listed``: the bytes a name's listed hash is made from,
    where they are not the bytes packed (a file changed after packaging)."""
    import hashlib
    import json

    files = {f"archive/{warc_path.name}": warc_path.read_bytes(),
             "pages/pages.jsonl": b'{"format": "json-pages-1.0"}\n'}
    resources = []
    if hashes:
        for name, data in files.items():
            made_from = (listed or {}).get(name, data)
            resources.append({"name": name.rsplit("/", 1)[-1], "path": name,
                              "hash": "sha256:" + hashlib.sha256(made_from).hexdigest(),
                              "bytes": len(made_from)})
        for name, data in (listed or {}).items():
            if name not in files:
                resources.append({"name": name, "path": name,
                                  "hash": "sha256:" + hashlib.sha256(data).hexdigest(), "bytes": len(data)})
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
        z.writestr("datapackage.json", json.dumps({"profile": "data-package", "wacz_version": "1.1.1",
                                                   "software": "Browsertrix 1.2", "resources": resources}))
        for name, data in (names or {}).items():
            z.writestr(name, data)
    return path


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def pdf(pages: list[list[str]], *, title: str | None = None, author: str | None = None,
        encrypt: bool = False, image_only: bool = False, xmp: str | None = None,
        flate_streams: list[bytes] = ()) -> bytes:
    """A small PDF by hand: Helvetica text, one line per string, one page per list.

    ``xmp``: an XMP packet as the catalog's /Metadata; ``flate_streams``: FlateDecode data of
    further stream objects, referenced from the first page's resources (a bomb's stream)."""
    objects: list[bytes] = []

    def add(body: str | bytes) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    catalog = add("")       # filled in below
    pages_obj = add("")
    font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    extra = [add(f"<< /Length {len(raw)} /Filter /FlateDecode >>\nstream\n".encode() + raw
                 + b"\nendstream") for raw in flate_streams]
    xobjects = (" /XObject << " + " ".join(f"/X{n} {n} 0 R" for n in extra) + " >>") if extra else ""
    for lines in pages:
        if image_only:
            stream = "q 100 0 0 100 50 600 cm 0.5 g 0 0 1 1 re f Q"
        else:
            ops = ["BT", "/F1 11 Tf", "14 TL", "60 760 Td"]
            for line in lines:
                ops.append(f"{_pdf_string(line)} Tj T*")
            ops.append("ET")
            stream = "\n".join(ops)
        content = add(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
        kids.append(add(f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 595 842] "
                        f"/Resources << /Font << /F1 {font} 0 R >>{xobjects} >> /Contents {content} 0 R >>"))
        xobjects = ""
    metadata = ""
    if xmp is not None:
        packet = xmp.encode("utf-8")
        metadata = f" /Metadata {add(b'<< /Type /Metadata /Subtype /XML /Length ' + str(len(packet)).encode() + b' >>' + chr(10).encode() + b'stream' + chr(10).encode() + packet + chr(10).encode() + b'endstream')} 0 R"
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R{metadata} >>".encode()
    objects[pages_obj - 1] = (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                              f"/Count {len(kids)} >>").encode()
    info_parts = []
    if title:
        info_parts.append(f"/Title {_pdf_string(title)}")
    if author:
        info_parts.append(f"/Author {_pdf_string(author)}")
    info = add("<< " + " ".join(info_parts) + " >>")
    encrypt_obj = None
    if encrypt:
        encrypt_obj = add("<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 "
                          "/O <" + "11" * 32 + "> /U <" + "22" * 32 + "> >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    trailer = f"<< /Size {len(objects) + 1} /Root {catalog} 0 R /Info {info} 0 R"
    if encrypt_obj:
        trailer += f" /Encrypt {encrypt_obj} 0 R /ID [<{'ab' * 16}> <{'ab' * 16}>]"
    out.write(f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def xmp_packet(*, title: str | None = None, creators: list[str] = (), created: str | None = None,
               producer: str | None = None) -> str:
    """An XMP packet as word processors write one (dc, xmp and pdf namespaces)."""
    parts = []
    if title:
        parts.append(f"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>")
    if creators:
        parts.append("<dc:creator><rdf:Seq>" + "".join(f"<rdf:li>{c}</rdf:li>" for c in creators)
                     + "</rdf:Seq></dc:creator>")
    if created:
        parts.append(f"<xmp:CreateDate>{created}</xmp:CreateDate>")
    if producer:
        parts.append(f"<pdf:Producer>{producer}</pdf:Producer>")
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
            + "".join(parts) + '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def deflated_zeros(size: int, chunk: int = 1 << 20) -> bytes:
    """FlateDecode data that inflates to ``size`` zero bytes, made without holding them."""
    import zlib
    z, out, left = zlib.compressobj(9), [], size
    block = bytes(min(chunk, size))
    while left > 0:
        out.append(z.compress(block[:min(chunk, left)]))
        left -= chunk
    out.append(z.flush())
    return b"".join(out)


def newsletter(subject: str, sender: str, html_body: str | None, text_body: str | None = None,
               list_id: str | None = None, date=datetime(2024, 5, 6, 7, 0, tzinfo=UTC)) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "reader@example.org"
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = f"<{abs(hash(subject))}@mail.example>"
    if list_id:
        message["List-Id"] = list_id
        message["List-Unsubscribe"] = "<https://mail.example/unsub>"
    message.set_content(text_body or "This newsletter is best read in HTML.")
    if html_body:
        message.add_alternative(html_body, subtype="html")
    return bytes(message)


def mhtml(url: str, page: str) -> bytes:
    message = EmailMessage()
    message["From"] = "<Saved by Blink>"
    message["Snapshot-Content-Location"] = url
    message["Subject"] = "saved page"
    message["Date"] = "Tue, 12 Mar 2024 10:11:12 -0000"
    message.make_related()
    html_part = EmailMessage()
    html_part.set_content(page, subtype="html", cte="quoted-printable")
    html_part["Content-Location"] = url
    message.attach(html_part)
    image = EmailMessage()
    image.set_content(b"\x89PNG\r\n\x1a\nfake", maintype="image", subtype="png")
    image["Content-Location"] = url + "/logo.png"
    message.attach(image)
    return bytes(message)
