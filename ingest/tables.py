"""Parse the two kinds of tables in a plan: Uppdrag rows and Program/Plan rows.

The same table comes in several layouts (plain tab-separated lines, cells wrapped in <p>,
cells continued by <ul> lists, a cell split into paragraphs whose last one is the origin);
all of them are handled by cleaning each cell and reading the origin off its end.
"""

from __future__ import annotations

import re
from datetime import date

from ingest.model import Origin
from ingest.text import Line, clean_block, clean_inline

_ASSIGNMENT_HEADER = re.compile(r"^\s*(?:<p>\s*)?uppdrag\s*(?:</p>)?\s*\t", re.IGNORECASE)
_PROGRAMME_HEADER = re.compile(r"^\s*program\s*/\s*plan(?:er)?\s*$", re.IGNORECASE)
_CARE_MARK = re.compile(r"nämndens omhändertagande\s*:?", re.IGNORECASE)
_ORIGIN = re.compile(
    r"(?P<issuer>KF|SN)\s+uppdrag\s+"
    r"(?:(?:från\s+)?budget\s+(?P<budget_year>\d{4})"
    r"|utanför\s+budget(?:\s+(?P<outside_year>\d{4}))?"
    r"(?:\s*,\s*(?:KF|SN)\s+(?P<date>\d{4}-\d{2}-\d{2})\s*(?P<para>§\s*\d+)"
    r"(?:\s*,\s*punkt\s+(?P<point>\d+))?)?)\s*\.?\s*$"
)


def parse_origin(text: str) -> tuple[Origin | None, str]:
    """Find the origin phrase at the end of a cell; return it and the text before it."""
    match = _ORIGIN.search(text)
    if not match:
        return None, text
    decided = date.fromisoformat(match["date"]) if match["date"] else None
    year_text = match["budget_year"] or match["outside_year"]
    year = int(year_text) if year_text else (decided.year if decided else None)
    origin = Origin(
        text=match.group(0).strip().rstrip("."),
        issuer=match["issuer"],
        year=year,
        in_budget=match["budget_year"] is not None,
        decision_date=decided,
        paragraph=match["para"].replace(" ", "") if match["para"] else None,
        point=match["point"],
    )
    return origin, text[: match.start()].rstrip()


def assignment_rows(lines: list[Line]) -> list[tuple[Line, str, str]]:
    """(line, wording, care-with-origin) for every row of the Uppdrag tables in `lines`."""
    rows: list[tuple[Line, str, str]] = []
    for line in lines:
        if _ASSIGNMENT_HEADER.match(line.raw):
            continue
        if "\t" in line.raw:
            first, second = line.raw.split("\t", 1)
            rows.append((line, clean_block(first), clean_block(second)))
        elif rows and line.text:
            # A row whose second cell the extraction broke onto its own line.
            prev_line, wording, care = rows[-1]
            rows[-1] = (prev_line, wording, care + "\n" + clean_block(line.raw))
    return rows


def programme_rows(lines: list[Line]) -> list[tuple[Line, str, str]]:
    """(line, name, care) for every row of the Program/Plan tables in `lines`."""
    rows: list[tuple[Line, str, str]] = []
    for line in lines:
        if _PROGRAMME_HEADER.match(clean_inline(line.raw)) or not line.text:
            continue
        parts = _CARE_MARK.split(line.raw, maxsplit=1)
        name = clean_inline(parts[0]).rstrip(". ")
        care = clean_block(parts[1]) if len(parts) > 1 else ""
        if len(parts) == 1 and rows and not _looks_like_name(name):
            prev_line, prev_name, prev_care = rows[-1]
            rows[-1] = (prev_line, prev_name, (prev_care + "\n" + clean_block(line.raw)).strip())
            continue
        rows.append((line, name, care))
    return rows


def _looks_like_name(text: str) -> bool:
    return bool(re.search(r"(program|plan)\w*\b", text, re.IGNORECASE)) and len(text) < 200


# How the committee engages with a programme, read off its own omhändertagande text.
_FOLLOWS = re.compile(
    r"planerar inga (?:egna )?aktiviteter|\bföljer arbetet\b|\bendast följer\b", re.IGNORECASE
)
_WITHIN = re.compile(r"^omhändertas inom\b", re.IGNORECASE)


def engagement(care: str) -> str:
    """'Foljer', 'OmhandertasInom' or 'Agerar' for a programme row's omhändertagande.

    Only the opening sentence decides: "Förvaltningen följer arbetet ..." or "... planerar inga
    aktiviteter ..." there means the committee follows; later sentences that mention following
    something are usually side remarks in a text about what it does.
    """
    text = care.strip()
    opening = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if _WITHIN.match(opening):
        return "OmhandertasInom"
    if _FOLLOWS.search(opening):
        return "Foljer"
    return "Agerar"
