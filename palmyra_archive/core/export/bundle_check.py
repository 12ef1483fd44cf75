"""Checking a bundle's palmyra.json and sources before a single row is written.

A bundle comes from someone else and its checksums only prove it was not changed after it was
bagged, not that a well-meaning program wrote it. So, after the bag check and before the
archive is touched: palmyra.json is parsed with its size and nesting bounded, its format
version must be one this build reads, it must match the shipped JSON Schema
(``resources/schemas/palmyra-bundle.schema.json``: every field's type, lengths and counts),
its values must pass the rules a correction typed in ``edit`` passes
(``corrections.check_value``), tags and colours those of the tag and annotation services, and
every source it names must be in the bag, within the importer's size limit and have the
SHA-256 it records. The first problem refuses the whole bundle, naming the field
("palmyra.json: articles[3].copies must be a list, not null").
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from ..importing.importer import MAX_FILE_BYTES
from ..library.corrections import check_value
from ..library.tags import COLORS, normalise_path
from ..store.errors import ExportError, PalmyraError
from ..store.paths import resource
from .bundle_reader import MAX_DOCUMENT_BYTES, human_size
from .palmyra_json import FORMAT, FORMAT_VERSION

SCHEMA_FILE = ("schemas", "palmyra-bundle.schema.json")
HASH_CHUNK = 1 << 20


class BundleRefused(ExportError):
    """The bundle is refused whole; nothing was imported."""


def refuse(name: str, why: str) -> BundleRefused:
    return BundleRefused(f"{name} cannot be opened: {why} Nothing was imported.")


@lru_cache(maxsize=1)
def bundle_schema() -> dict:
    return json.loads(resource(*SCHEMA_FILE).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator():
    import jsonschema
    schema = bundle_schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


# -- reading palmyra.json ----------------------------------------------------------------------

def read_document(data: Path, name: str) -> dict:
    """palmyra.json parsed, in a version this build reads, and matching the schema."""
    path = data / "palmyra.json"
    if not path.is_file():
        raise refuse(name, "it has no readable palmyra.json (was it made by Palmyra Archive?).")
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise refuse(name, f"its palmyra.json is {human_size(size)}, more than the "
                           f"{human_size(MAX_DOCUMENT_BYTES)} a bundle's description may take.")
    try:
        text = path.read_bytes().decode("utf-8")   # the bytes are freed before parsing
    except UnicodeDecodeError as exc:
        raise refuse(name, f"its palmyra.json is not UTF-8 text (byte {exc.start:,}).") from None
    try:
        doc = json.loads(text)
        del text
    except RecursionError:
        raise refuse(name, "its palmyra.json is nested too deeply to be read.") from None
    except ValueError as exc:
        raise refuse(name, f"its palmyra.json is not valid JSON ({_short(str(exc))}).") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise BundleRefused(f"{name} is a BagIt bag but not a Palmyra Archive bundle "
                            "(its palmyra.json does not say format “palmyra-archive-bundle”); "
                            "nothing was imported.")
    version = doc.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise BundleRefused(
            f"This bundle was written by a newer Palmyra Archive (format {version}); this version "
            f"reads format {FORMAT_VERSION} or older. Update Palmyra Archive to open it; nothing "
            "was imported.")
    check_schema(doc, name)
    return doc


def check_schema(doc: dict, name: str) -> None:
    try:
        error = next(iter(_validator().iter_errors(doc)), None)
    except RecursionError:
        raise refuse(name, "its palmyra.json is nested too deeply to be checked.") from None
    if error is not None:
        raise refuse(name, f"palmyra.json: {describe_error(error)}.")


# -- schema errors in words --------------------------------------------------------------------

TYPE_WORDS = {"object": "an object", "array": "a list", "string": "text",
              "integer": "a whole number", "number": "a number", "boolean": "true or false",
              "null": "null"}


def json_path(parts) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


def value_word(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text “{_short(value, 30)}”" if len(value) <= 60 else "text"
    return "a list" if isinstance(value, list) else "an object"


def describe_error(error) -> str:
    """One sentence naming the field (its JSON path) and what is wrong with it."""
    where = json_path(error.absolute_path)
    subject = where or "the document"
    kind, want, value = error.validator, error.validator_value, error.instance
    if kind == "type":
        wanted = [want] if isinstance(want, str) else list(want)
        return f"{subject} must be {' or '.join(TYPE_WORDS[w] for w in wanted)}, not {value_word(value)}"
    if kind == "required":
        missing = next(p for p in want if p not in value)
        return f"{subject} has no “{missing}”, which it needs"
    if kind == "additionalProperties":
        extra = sorted(k for k in value if k not in error.schema.get("properties", {}))
        return (f"{subject} has a field this version does not know "
                f"(“{_short(extra[0], 40)}”)" if extra else f"{subject} has an unknown field")
    if kind == "maxLength":
        return f"{subject} is {len(value):,} characters long; at most {want:,} are allowed"
    if kind == "minLength":
        return f"{subject} is empty" if not value else f"{subject} is too short"
    if kind == "maxItems":
        return f"{subject} has {len(value):,} items; at most {want:,} are allowed"
    if kind == "minItems":
        return f"{subject} is empty; it needs at least {want}"
    if kind == "minimum":
        return f"{subject} is {value}; it must be at least {want:,}"
    if kind == "maximum":
        return f"{subject} is {value}; it must be at most {want:,}"
    if kind == "pattern":
        return f"{subject} ({value_word(value)}) is not a SHA-256 written in hex" \
            if "0-9a-f" in want else f"{subject} ({value_word(value)}) is not in the expected form"
    if kind == "const":
        return f"{subject} must be “{want}”"
    return f"{subject}: {_short(error.message, 120)}"


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# -- values ------------------------------------------------------------------------------------

def check_values(doc: dict, name: str) -> None:
    """The values the opener will write, by the rules the services apply to a person's input."""
    for i, article in enumerate(doc["articles"]):
        at = f"articles[{i}]"
        copies = {c["copy_id"]: c for c in article["copies"]}
        primary = copies.get(article["primary_copy_id"])
        if primary is None:
            raise refuse(name, f"palmyra.json: {at}.primary_copy_id ({article['primary_copy_id']}) "
                               "names none of the article's copies.")
        for field, value in (article.get("corrections") or {}).items():
            _check(name, f"{at}.corrections.{field}", check_value, field, value)
        for field, value in (primary.get("corrections") or {}).items():
            _check(name, f"{at}.copies[{list(copies).index(primary['copy_id'])}].corrections.{field}",
                   check_value, field, value)
        if not primary.get("source_file"):   # passage-only: its metadata becomes corrections
            original = article.get("original") or {}
            for field, value in (("title", article.get("title")), ("authors", article.get("authors")),
                                 ("outlet", primary.get("outlet")), ("date", primary.get("date")),
                                 ("original_outlet", original.get("outlet")),
                                 ("original_date", original.get("date"))):
                if value:
                    _check(name, f"{at} ({field})", check_value, field, value)
        for t, tag in enumerate(article.get("tags") or []):
            _check(name, f"{at}.tags[{t}]", normalise_path, tag)
        for n, a in enumerate(article.get("annotations") or []):
            _check_annotation(name, f"{at}.annotations[{n}]", a)
    for n, note in enumerate(doc.get("notes") or []):
        if not " ".join(note["title"].split()):
            raise refuse(name, f"palmyra.json: notes[{n}].title is empty.")


def _check_annotation(name: str, at: str, a: dict) -> None:
    if a["end"] < a["start"]:
        raise refuse(name, f"palmyra.json: {at} ends before it starts (start {a['start']:,}, "
                           f"end {a['end']:,}).")
    if a.get("color") and a["color"] not in COLORS:
        raise refuse(name, f"palmyra.json: {at}.color (“{_short(a['color'], 30)}”) is not one of "
                           f"{', '.join(COLORS)}.")
    for t, tag in enumerate(a.get("tags") or []):
        _check(name, f"{at}.tags[{t}]", normalise_path, tag)


def _check(name: str, at: str, rule, *args) -> None:
    try:
        rule(*args)
    except PalmyraError as exc:
        raise refuse(name, f"palmyra.json: {at}: {exc.message}") from None


# -- sources -----------------------------------------------------------------------------------

def check_sources(doc: dict, data: Path, name: str) -> dict[str, Path]:
    """sha256 -> the verified file, for every source the bundle holds."""
    found: dict[str, Path] = {}
    root = data.resolve()
    for i, article in enumerate(doc["articles"]):
        for c, copy in enumerate(article["copies"]):
            rel, sha = copy.get("source_file"), copy["source_sha256"]
            if not rel or sha in found:
                continue
            at = f"palmyra.json: articles[{i}].copies[{c}].source_file"
            path = data / rel
            if root not in path.resolve().parents or not path.is_file():
                raise refuse(name, f"{at} names a file the bundle does not hold ({_short(rel)}).")
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:    # refused before it is read, as the importer would
                raise refuse(name, f"{rel} is {human_size(size)}; sources over "
                                   f"{human_size(MAX_FILE_BYTES)} are not imported.")
            if _sha256(path) != sha:
                raise refuse(name, f"{rel} does not have the SHA-256 palmyra.json records for it "
                                   f"({at[14:]}).")
            found[sha] = path
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
