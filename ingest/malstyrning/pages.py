"""Clean an extracted document into numbered lines that know their page.

What goes: page markers (`<!-- sida N -->`, kept as the page of the lines after them), the
running header (the lines every page starts with), printed page numbers (a line holding only
the page's number, even when it follows a table line with no blank between), Markdown escapes
(`\\-`, `\\*`, `\\.`) and `[Tabell ...](...)` links. Blank lines stay (as empty text) because
they separate paragraphs, and every line keeps its 1-based line number in the source file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_PAGE = re.compile(r"^\s*<!--\s*sida\s+(\d+)\s*-->\s*$")
_ESCAPE = re.compile(r"\\([-*.\\_#+!\[\]()>|`])")
_TABLE_LINK = re.compile(r"^\s*\[Tabell[^\]]*\]\([^)]*\)\s*$")
_NUMBER = re.compile(r"^\s*(\d{1,4})\s*$")
_HEADER_LINES = 2  # a running header is at most this many lines at the top of a page


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the source file
    page: int | None
    text: str  # cleaned text; "" for a blank (or removed) line
    raw: str  # the line as extracted, for sg:kalltext


def unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def _pages(raw_lines: list[str]) -> dict[int, list[int]]:
    """Indices of the lines on each page (by the page markers)."""
    pages: dict[int, list[int]] = {}
    page: int | None = None
    for i, raw in enumerate(raw_lines):
        marker = _PAGE.match(raw)
        if marker:
            page = int(marker.group(1))
            pages.setdefault(page, [])
        elif page is not None:
            pages[page].append(i)
    return pages


def _running_header(raw_lines: list[str], pages: dict[int, list[int]]) -> set[int]:
    """Indices of running-header lines: the first lines of a page that most pages share."""
    firsts: dict[int, list[int]] = {}
    for page, idx in pages.items():
        firsts[page] = [i for i in idx if raw_lines[i].strip()][:_HEADER_LINES]
    counts = Counter(raw_lines[i].strip() for idx in firsts.values() for i in idx)
    shared = {text for text, n in counts.items() if n >= max(2, len(pages) // 2)}
    return {i for idx in firsts.values() for i in idx if raw_lines[i].strip() in shared}


def _page_numbers(raw_lines: list[str], pages: dict[int, list[int]]) -> set[int]:
    """Indices of printed page-number lines.

    The printed number is the marker's page minus a constant offset; the offset most pages
    agree on wins, so a lone value "3" in a table is not mistaken for a page number.
    """
    offsets: Counter[int] = Counter()
    for page, idx in pages.items():
        for i in idx:
            number = _NUMBER.match(raw_lines[i])
            if number:
                offsets[page - int(number.group(1))] += 1
    if not offsets:
        return set()
    offset, _ = offsets.most_common(1)[0]
    found: set[int] = set()
    for page, idx in pages.items():
        hits = [
            i for i in idx if _NUMBER.match(raw_lines[i]) and int(raw_lines[i]) == page - offset
        ]
        if hits:
            found.add(hits[-1])  # the last one on the page is the printed number
    return found


def clean(text: str) -> list[Line]:
    raw_lines = text.split("\n")
    pages = _pages(raw_lines)
    drop = _running_header(raw_lines, pages) | _page_numbers(raw_lines, pages)
    page_of = {i: page for page, idx in pages.items() for i in idx}
    lines: list[Line] = []
    for i, raw in enumerate(raw_lines):
        removed = i in drop or _PAGE.match(raw) or _TABLE_LINK.match(raw)
        body = "" if removed else unescape(raw).rstrip()
        lines.append(Line(no=i + 1, page=page_of.get(i), text=body, raw=raw))
    return lines
