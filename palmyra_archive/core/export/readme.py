"""The bundle's README.md: what is in it, where it came from, and how to check it."""

from __future__ import annotations

from ..text.markup import escape_markdown

PALMYRA_JSON = ("palmyra.json", "everything above in Palmyra Archive's own terms, for re-import "
                "(`palmyra-archive open-bundle`)")


#: how a reader of the bundle re-checks a web-archive capture from the bundle alone (#10)
CAPTURES_TEXT = """
{n} source(s) were read from a web archive (WARC, WACZ). Each such copy in `palmyra.json`
carries its capture record under `captures`: `record_id` (WARC-Record-ID), `url`
(WARC-Target-URI), `captured_at` (WARC-Date), `tool`, `payload_digest` (WARC-Payload-Digest)
and `digest_ok` (whether it matched at import), with `container` (the WARC or WACZ file) and
`package_digest_ok` (whether that WARC matched the hash its WACZ's datapackage.json lists).
The file in `data/sources/` is the record's payload as stored, so where `digest_of_content` is
true its payload digest can be re-checked from the bundle alone; for `sha1:BASE32`:

    python3 -c "import base64,hashlib,sys; print('sha1:' + base64.b32encode(hashlib.sha1(open(sys.argv[1],'rb').read()).digest()).decode())" data/sources/SHA256.html

(`digest_of_content` false: the page was sent compressed, the digest is of the compressed
bytes and the source is the page as decompressed.)
"""


def readme_text(*, scope: str, exported_at: str, style: str, articles: int, annotations: int,
                files: list[str], passages_only: bool, private_notes: bool, sources: int,
                descriptions: dict[str, str], captures: int = 0,
                reuse_links: int = 0) -> str:
    """``descriptions``: each file's README line, from the format registry (``payload.FORMATS``,
    which calls this; palmyra.json's line is added here)."""
    described = {**descriptions, PALMYRA_JSON[0]: PALMYRA_JSON[1]}
    listed = [f"- `data/{name}`: {desc}" for name, desc in described.items() if name in files]
    if passages_only:
        listed.append("- `data/passages/`: only the annotated passages of each source, with their "
                      "context (the sources themselves are not included)")
    elif sources:
        listed.append(f"- `data/sources/`: the {sources} source file(s) byte for byte, each named "
                      "by its SHA-256 (`sources/<sha256>.<ext>`), the hash every citation and "
                      "annotation here refers to")
    web = CAPTURES_TEXT.format(n=captures) if captures and sources and not passages_only else ""
    reuse = ""
    if reuse_links:
        reuse = (f"\n\nCopies found by text: {reuse_links} link(s) that the user confirmed (same work, "
                 "or passages quoted), each with its aligned passages, are in `data/palmyra.json` "
                 "(`reuse_links`) and in `data/provenance.json` (`wasDerivedFrom`, method "
                 "`text-reuse`). Links only proposed by the text comparison, or rejected, are not "
                 "in this bundle.")
    notes = "included" if private_notes else "left out (annotation notes, article notes and research notes)"
    return f"""# Citation bundle

Exported by Palmyra Archive on {exported_at} from {escape_markdown(scope)}: {articles} article(s),
{annotations} annotation(s). Citation style: {style}. Private notes: {notes}.{reuse}

## What is inside

{chr(10).join(listed)}

## How to verify it

This folder is a BagIt bag (RFC 8493, BagIt 1.0). `manifest-sha256.txt` lists the SHA-256 of
every file under `data/`, and `tagmanifest-sha256.txt` those of the bag's own files.

    bagit.py --validate BUNDLE_FOLDER        # pip install bagit
    cd BUNDLE_FOLDER && sha256sum -c manifest-sha256.txt

Each source file is named by its SHA-256: `sha256sum data/sources/*` shows that every file
still has the hash its name, the citations (`custom`/`addendum`/`AN`), the annotations
(`urn:sha256:…` targets) and the provenance refer to. A quote can be checked by finding its
exact text in the source named beside it.
{web}
## How to open it

    palmyra-archive open-bundle BUNDLE.zip

or File › Open bundle… in the desktop app: the bag is validated first, then the articles,
provenance, rights, annotations and tags are imported; opening it twice changes nothing.
"""
