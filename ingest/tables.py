"""Parse the two kinds of tables in a plan: Uppdrag rows and Program/Plan rows.

The same table comes in several layouts (plain tab-separated lines, cells wrapped in <p>,
cells continued by <ul> lists, a cell split into paragraphs whose last one is the origin);
all of them are handled by cleaning each cell and reading the origin off its end.
"""

from __future__ import annotations

import re
from datetime import date

from ingest.model import Origin
from ingest.planwords import PlanWords
from ingest.text import Line, clean_block, clean_inline


def parse_origin(text: str, words: PlanWords) -> tuple[Origin | None, str]:
    """Find the origin phrase at the end of a cell (the template's `origin` pattern); return
    it and the text before it."""
    match = words.origin.search(text)
    if not match:
        return None, text
    # Only `issuer` is required; a template's pattern captures what its documents say.
    found = match.groupdict()
    decided = date.fromisoformat(found["date"]) if found.get("date") else None
    year_text = found.get("budget_year") or found.get("outside_year")
    year = int(year_text) if year_text else (decided.year if decided else None)
    origin = Origin(
        text=match.group(0).strip().rstrip("."),
        issuer=found["issuer"],
        year=year,
        in_budget=bool(found.get("budget_year")),
        decision_date=decided,
        paragraph=found["para"].replace(" ", "") if found.get("para") else None,
        point=found.get("point") or None,
    )
    return origin, text[: match.start()].rstrip()


def assignment_rows(lines: list[Line], words: PlanWords) -> list[tuple[Line, str, str]]:
    """(line, wording, care-with-origin) for every row of the Uppdrag tables in `lines`."""
    rows: list[tuple[Line, str, str]] = []
    for line in lines:
        if words.assignment_header.match(line.raw):
            continue
        if "\t" in line.raw:
            first, second = line.raw.split("\t", 1)
            rows.append((line, clean_block(first), clean_block(second)))
        elif rows and line.text:
            # A row whose second cell the extraction broke onto its own line.
            prev_line, wording, care = rows[-1]
            rows[-1] = (prev_line, wording, care + "\n" + clean_block(line.raw))
    return rows


def programme_rows(lines: list[Line], words: PlanWords) -> list[tuple[Line, str, str]]:
    """(line, name, care) for every row of the Program/Plan tables in `lines`."""
    rows: list[tuple[Line, str, str]] = []
    for line in lines:
        if words.programme_header.match(clean_inline(line.raw)) or not line.text:
            continue
        parts = words.care_mark.split(line.raw, maxsplit=1)
        name = clean_inline(parts[0]).rstrip(". ")
        care = clean_block(parts[1]) if len(parts) > 1 else ""
        if len(parts) == 1 and rows and not _looks_like_name(name, words):
            prev_line, prev_name, prev_care = rows[-1]
            rows[-1] = (prev_line, prev_name, (prev_care + "\n" + clean_block(line.raw)).strip())
            continue
        rows.append((line, name, care))
    return rows


def _looks_like_name(text: str, words: PlanWords) -> bool:
    return bool(words.programme_name.search(text)) and len(text) < 200


def engagement(care: str, words: PlanWords) -> str:
    """'Foljer', 'OmhandertasInom' or 'Agerar' for a programme row's omhändertagande.

    Only the opening sentence decides: "Förvaltningen följer arbetet ..." or "... planerar inga
    aktiviteter ..." there means the committee follows; later sentences that mention following
    something are usually side remarks in a text about what it does.
    """
    text = care.strip()
    opening = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if words.within.match(opening):
        return "OmhandertasInom"
    if words.follows.search(opening):
        return "Foljer"
    return "Agerar"
