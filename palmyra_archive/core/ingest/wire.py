"""Wire datelines: "BEIRUT (Reuters) -", "DAMASCUS, Dec 11, 2016 (AFP) —", "(ANSA) - DAMASCO, 11 DIC -".

Why a module of its own: a dateline opens the body, not the head, and says three things at
once: where the story was filed, which agency filed it, and so which outlet is the original
of this copy (a hop of the chain, relation ``wire``). Agencies and shapes are data
(``resources/rules/wire.json``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .dates import FoundDate, find_date
from .lines import Line
from .rules import Rules

_LOOK_AT = 3      # body lines that may carry the dateline (a "Staff and agencies" line may come first)


@dataclass
class WireDateline:
    place: str                  # as printed, capitals folded ("BEIRUT" -> "Beirut")
    place_start: int
    place_end: int
    agency: str                 # the agency's name (resources/rules/wire.json)
    agency_start: int
    agency_end: int
    evidence: str               # the dateline as printed
    start: int
    end: int
    date: FoundDate | None = None


def read_wire(lines: list[Line], body_indices: list[int], rules: Rules,
              languages) -> WireDateline | None:
    """The dateline opening the body, if any; ``languages()`` gives the page's language."""
    wire = rules.wire
    if wire is None:
        return None
    for index in body_indices[:_LOOK_AT]:
        line = lines[index]
        opening = line.text[:90]
        if (wire.named.search(opening) is None if wire.named is not None
                else not any(alias in opening for alias in wire.agencies)):
            continue                 # no agency named where a dateline would stand
        for pattern in wire.patterns:
            match = pattern.match(line.text)
            if match is None:
                continue
            place = match.group("place").strip()
            agency = wire.agencies[match.group("agency")]
            date = None
            if match.groupdict().get("date"):
                found = find_date(line.text, match.start("date"), match.end("date"), languages())
                if found and found.iso:
                    date = FoundDate(found.iso, found.as_printed, line.start + found.start,
                                     line.start + found.end, found.precision)
            return WireDateline(
                place=place.title() if place.isupper() else place,
                place_start=line.start + match.start("place"),
                place_end=line.start + match.start("place") + len(place),
                agency=agency, agency_start=line.start + match.start("agency"),
                agency_end=line.start + match.end("agency"),
                evidence=match.group(0).strip(), start=line.start,
                end=line.start + len(match.group(0).rstrip()), date=date)
    return None
