"""Load the data files that hold every phrase the parser looks for, once per process.

Why data files: outlets change their furniture and new outlets appear; adding one must be a
new JSON file under ``resources/outlets/`` (names, aliases, footer and reprint clauses), never
a code change. Generic rules under ``resources/rules/`` handle outlets nobody has described.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..paths import resources_dir


_MEMO_LIMIT = 20_000
_MEMO_LONGEST_LINE = 1_200


@dataclass(frozen=True)
class RightsRule:
    kind: str
    method: str
    opens: re.Pattern | None
    contains: re.Pattern | None
    language: str | None = None
    continues_with: re.Pattern | None = None
    requires: tuple[str, ...] = ()
    allowed_for: str | None = None
    otherwise: str | None = None
    contact_default: str | None = None


@dataclass(frozen=True)
class ProvenanceRule:
    method: str
    relation: str
    language: str
    distance: int
    pattern: re.Pattern


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    aliases: tuple[str, ...]
    language: str | None


@dataclass
class Rules:
    outlets: dict[str, Outlet]                 # normalised name/alias/domain -> outlet
    site_lines: frozenset[str]
    site_patterns: re.Pattern
    counter_suffix: re.Pattern
    byline_prefixes: dict[str, str]            # prefix -> language
    byline_re: re.Pattern
    section_line: re.Pattern
    section_labels: frozenset[str]
    signature_max_words: int
    provenance: tuple[ProvenanceRule, ...]
    rights: tuple[RightsRule, ...]             # outlet rules first, then generic ones
    requirement_cues: tuple[tuple[re.Pattern, str], ...]
    audience_cues: tuple[tuple[re.Pattern, str], ...]
    otherwise_opens: re.Pattern
    otherwise_media: tuple[tuple[re.Pattern, str], ...]
    contact_line: re.Pattern
    footer_words: re.Pattern
    caption: dict[str, object]
    dated_line_prefix: re.Pattern
    dated_line_author: re.Pattern
    menu_max_words: int
    months: dict[str, int] = field(default_factory=dict)
    longest_site_line: int = 200        # lines longer than any furniture are never compared
    #: answers already computed for a line (articles of one outlet repeat their furniture)
    memo: dict = field(default_factory=dict, repr=False)

    def remembered(self, kind: str, line: str, compute):
        """``compute(line)``, answered from memory when the same line was seen before (only
        short lines are remembered: furniture and clauses repeat, prose does not)."""
        if len(line) > _MEMO_LONGEST_LINE:
            return compute(line)
        key = (kind, line)
        try:
            return self.memo[key]
        except KeyError:
            pass
        if len(self.memo) >= _MEMO_LIMIT:
            self.memo.clear()
        value = self.memo[key] = compute(line)
        return value

    def outlet_named(self, name: str | None) -> Outlet | None:
        return self.outlets.get(normalise_name(name)) if name else None

    def canonical_outlet(self, name: str) -> str:
        outlet = self.outlet_named(name)
        return outlet.name if outlet else name


def normalise_name(name: str) -> str:
    """Compare names ignoring case, spacing, no-break spaces and a leading 'www.'/'the '."""
    folded = " ".join(name.replace("\u00a0", " ").split()).casefold().strip(" .")
    for prefix in ("www.", "the "):
        if folded.startswith(prefix):
            folded = folded[len(prefix):]
    return folded


def _load_json(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=4)
def load_rules(root: str | None = None) -> Rules:
    """Read ``resources/rules`` and ``resources/outlets`` (cached: called on every parse)."""
    base = Path(root) if root else resources_dir()
    generic = {p.stem: _load_json(p) for p in sorted((base / "rules").glob("*.json"))}
    outlet_files = [_load_json(p) for p in sorted((base / "outlets").glob("*.json"))]
    site = generic["site_text"]
    bylines = generic["bylines"]
    site_lines = {_fold_line(line) for line in site["lines"]}
    section_labels: set[str] = set()
    outlets: dict[str, Outlet] = {}
    outlet_rights: list[RightsRule] = []
    for data in outlet_files:
        outlet = Outlet(data["id"], data["name"], tuple(data.get("aliases", ())), data.get("language"))
        for name in (data["name"], *data.get("aliases", ()), *data.get("domains", ())):
            outlets[normalise_name(name)] = outlet
        site_lines.update(_fold_line(line) for line in data.get("site_text", ()))
        section_labels.update(label.rstrip(":").casefold() for label in data.get("section_labels", ()))
        outlet_rights.extend(_rights_rule(rule, f"outlet:{data['id']}:", data.get("contact_default"))
                             for rule in data.get("rights", ()))
    prefixes = {p: lang for lang, items in bylines["prefixes"].items() for p in items}
    prefix_alt = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    rights = generic["rights"]
    return Rules(
        outlets=outlets,
        site_lines=frozenset(site_lines),
        site_patterns=re.compile("|".join(f"(?:{p})" for p in site["patterns"])),
        counter_suffix=re.compile(site["counter_suffix"]),
        byline_prefixes=prefixes,
        byline_re=re.compile(rf"^(?P<prefix>{prefix_alt})\s+(?P<rest>\S.*)$"),
        section_line=re.compile(bylines["section_line"]),
        section_labels=frozenset(section_labels),
        signature_max_words=int(bylines["signature_max_words"]),
        provenance=_provenance_rules(generic["provenance"]),
        rights=tuple(outlet_rights) + tuple(_rights_rule(r, "generic:rights-") for r in rights["kinds"]),
        requirement_cues=_cue_table(rights["requirement_cues"]),
        audience_cues=_cue_table(rights["audience_cues"]),
        otherwise_opens=re.compile(rights["otherwise_opens"], re.I),
        otherwise_media=_cue_table(rights["otherwise_media"]),
        contact_line=re.compile(rights["contact_line"], re.I),
        footer_words=re.compile(rights["footer_words"], re.I),
        caption=_caption_rules(generic["captions"]),
        dated_line_prefix=re.compile(bylines["dated_line_prefix"], re.I),
        dated_line_author=re.compile(bylines["dated_line_author"], re.I),
        menu_max_words=int(site.get("menu_max_words", 3)),
        months=_month_table(generic["months"]),
        longest_site_line=max(max(map(len, site_lines), default=0), 120),
    )


def _fold_line(line: str) -> str:
    return " ".join(line.replace("\u00a0", " ").split()).casefold()


def _rights_rule(raw: dict, prefix: str, contact: str | None = None) -> RightsRule:
    def rx(key: str) -> re.Pattern | None:
        return re.compile(raw[key]) if raw.get(key) else None

    return RightsRule(
        kind=raw["kind"], method=prefix + raw["id"], opens=rx("opens"), contains=rx("contains"),
        language=raw.get("language"), continues_with=rx("continues_with"),
        requires=tuple(raw.get("requires", ())), allowed_for=raw.get("allowed_for"),
        otherwise=raw.get("otherwise"), contact_default=contact)


def _provenance_rules(raw: dict) -> tuple[ProvenanceRule, ...]:
    groups = {"{outlet}": raw["outlet_group"], "{rest}": raw["rest_group"]}
    return tuple(
        ProvenanceRule(method=f"generic:provenance-{r['id']}", relation=r["relation"],
                       language=r["language"], distance=int(r["distance"]),
                       pattern=re.compile(_fill(r["pattern"], groups), re.I))
        for r in raw["rules"])


def _fill(pattern: str, groups: dict[str, str]) -> str:
    for placeholder, group in groups.items():
        pattern = pattern.replace(placeholder, group)
    return pattern


def _cue_table(rows: list[list[str]]) -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(pattern, re.I), value) for pattern, value in rows)


def _caption_rules(raw: dict) -> dict[str, object]:
    return {"max_words": int(raw["max_words"]),
            **{key: re.compile(raw[key]) for key in ("prefix", "contains", "fragment", "truncated_end")}}


def _month_table(raw: dict) -> dict[str, int]:
    table: dict[str, int] = {}
    for names in raw["months"].values():
        for number, name in enumerate(names, start=1):
            table[name] = number
    table.update(raw.get("extra", {}))
    return table
