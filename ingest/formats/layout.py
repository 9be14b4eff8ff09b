"""Recover lines of text in reading order from positioned characters of PDF pages.

The input is what a PDF's text layer knows: characters with a baseline, a box and a font
size, page by page. The output is the shape the parsers were built on (the shape pdftotext
gives): one line per paragraph, blank lines between paragraphs, a table row as one line with
tab-separated cells. The rules, all measured in the font's own size so they hold at any scale:

- characters on one baseline form a visual line; a horizontal gap wider than 0.8 em splits it
  into segments (cells or columns);
- running headers and footers (the same text, digits aside, at the top or bottom of many
  pages) and bare page numbers are dropped;
- a run of lines sharing an empty vertical strip (a gutter) is split at it: when the first
  column starts a new block only where every other column does too, it is a table and is read
  row by row, else its columns are read one after the other;
- visual lines join into a paragraph unless the gap above is a paragraph gap, the next line
  starts with a bullet, or the previous line stopped short (the next line's first word would
  have fitted): a writer breaks a line early only at a paragraph's end. A word hyphenated at
  the end of a line is joined.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

_SPLIT_EM = 0.8  # gap between segments (cells, columns), in em
_ROW_GAP_EM = 2.0  # gap that makes a single line a table row (a header row, a last row)
_SPACE_EM = 0.15  # gap that is a word space, in em
PARAGRAPH = 1.6  # baseline distance (in em) from which a new paragraph starts
BLANK = 2.4  # baseline distance (in em) from which a blank line separates paragraphs
_PAGE_NUMBER = re.compile(
    r"^(?:sida|s\.|page)?\s*[-–]?\s*\d{1,4}\s*[-–]?\s*(?:(?:av|/|of)\s*\d{1,4}|\(\s*\d{1,4}\s*\))?$",
    re.IGNORECASE,
)
_EDGE_NUMBER = re.compile(r"^(\d{1,4})\s|\s(\d{1,4})$")
BULLET = re.compile(r"^(?:[-•–*▪●◦]|\d{1,2}[.)])\s")
KEEP_HYPHEN = {"och", "eller", "samt", "respektive", "resp", "till", "som"}
TERMINAL = tuple(".!?:;>")  # '>' closes markup that some extractions leave in the text


@dataclass(frozen=True)
class Char:
    text: str
    x0: float
    x1: float
    y: float  # baseline, growing upwards (PDF user space)
    size: float
    space_before: bool = False  # the PDF has a space (written or inferred) right before it


@dataclass
class Segment:
    x0: float
    x1: float
    text: str
    first_word: float  # width of the first word, to tell whether it would have fitted above


@dataclass
class VisualLine:
    page: int
    y: float
    size: float
    segments: list[Segment] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)


@dataclass
class Piece:
    """One visual line of one flow (a column, a cell or the full width) with its container."""

    page: int
    y: float
    size: float
    x1: float
    indent: float  # how far the line starts right of its container's left edge
    right: float  # right edge of the container: how far a line could have run
    text: str
    first_word: float


def visual_lines(page: int, chars: list[Char]) -> list[VisualLine]:
    """Group a page's characters into visual lines, top to bottom, split into segments."""
    groups: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: (-c.y, c.x0)):
        if groups and abs(groups[-1][0].y - ch.y) <= 0.3 * max(ch.size, 1.0):
            groups[-1].append(ch)
        else:
            groups.append([ch])
    lines = []
    for group in groups:
        group.sort(key=lambda c: c.x0)
        size = Counter(round(c.size, 1) for c in group).most_common(1)[0][0] or 10.0
        line = VisualLine(page=page, y=group[0].y, size=size)
        run: list[Char] = []
        for ch in group:
            if run and ch.x0 - run[-1].x1 > _SPLIT_EM * size:
                line.segments.append(_segment(run, size))
                run = []
            run.append(ch)
        line.segments.append(_segment(run, size))
        lines.append(line)
    return lines


def _segment(run: list[Char], size: float) -> Segment:
    text, word_end = "", None
    for prev, ch in zip([None, *run], run, strict=False):
        if prev is not None and (ch.x0 - prev.x1 > _SPACE_EM * size or ch.space_before):
            word_end = prev.x1 if word_end is None else word_end
            text += " "
        text += ch.text
    first = (word_end if word_end is not None else run[-1].x1) - run[0].x0
    return Segment(x0=run[0].x0, x1=run[-1].x1, text=text, first_word=first)


def strip_running(
    pages: list[list[VisualLine]], boxes: list[tuple[float, float]] | None = None
) -> list[list[VisualLine]]:
    """Drop running headers and footers and bare page numbers. A running line is the same
    text (digits aside) at the top or bottom of many pages, or a line at the top or bottom that
    starts or ends with the page's number: the same offset from the page index on many pages
    ("Chapter 2: Handling 3" on page 6, "Chapter 3: Utilities 6" on page 9)."""

    def edges(lines: list[VisualLine]) -> list[VisualLine]:
        """The two outermost lines at the top and at the bottom, within the page's margins
        (the outer eighth of its height) when the page's box is known."""
        if not lines:
            return []
        if boxes is None:
            return [*lines[:2], *lines[-2:]] if len(lines) > 4 else list(lines)
        bottom, top = boxes[lines[0].page - 1]
        zone = (top - bottom) / 8
        found = [l for l in lines[:2] if l.y >= top - zone]
        return found + [
            l for l in lines[-2:] if l.y <= bottom + zone and all(l is not f for f in found)
        ]

    def key(line: VisualLine) -> str:
        return re.sub(r"\d+", "#", line.text).strip().lower()

    def offset(line: VisualLine, page: int) -> int | None:
        number = _EDGE_NUMBER.search(line.text.strip())
        return page - int(number.group(1) or number.group(2)) if number else None

    seen = Counter(k for lines in pages for k in {key(line) for line in edges(lines)})
    offsets: Counter[int | None] = Counter(
        d
        for n, lines in enumerate(pages, start=1)
        for d in {offset(line, n) for line in edges(lines)}
        if d is not None
    )
    needed = max(2, int(0.4 * len(pages)))
    kept = []
    for n, lines in enumerate(pages, start=1):
        drop = {
            id(line)
            for line in edges(lines)
            if _PAGE_NUMBER.match(line.text.strip())
            or (len(pages) > 1 and seen[key(line)] >= needed)
            or (len(pages) > 2 and offsets[offset(line, n)] >= max(3, needed))
        }
        kept.append([line for line in lines if id(line) not in drop])
    return kept


def _gaps(line: VisualLine) -> list[tuple[float, float]]:
    segs = line.segments
    return [(a.x1, b.x0) for a, b in itertools.pairwise(segs)]


def _narrow(
    gutters: list[tuple[float, float]], line: VisualLine
) -> list[tuple[float, float]] | None:
    """Each gutter less what `line` covers (its widest free part); None when one is closed."""
    out = []
    for lo, hi in gutters:
        parts = [(lo, hi)]
        for seg in line.segments:
            parts = [
                piece
                for a, b in parts
                for piece in ((a, min(b, seg.x0)), (max(a, seg.x1), b))
                if piece[1] - piece[0] > _SPLIT_EM * line.size
            ]
        if not parts:
            return None
        out.append(max(parts, key=lambda p: p[1] - p[0]))
    return out


def regions(lines: list[VisualLine]) -> list[tuple[list[VisualLine], list[tuple[float, float]]]]:
    """Split a page's lines into runs: (lines, gutters); no gutters means full-width text."""
    out: list[tuple[list[VisualLine], list[tuple[float, float]]]] = []
    i = 0
    while i < len(lines):
        gutters = _gaps(lines[i])
        j = i + 1
        while gutters and j < len(lines):
            narrowed = _narrow(gutters, lines[j])
            if narrowed is None:
                break
            gutters, j = narrowed, j + 1
        while j - i > 2 and _after_table(lines[i:j]):
            j -= 1  # a heading after a table without a gap under it is not a row
        multi = sum(len(l.segments) > 1 for l in lines[i:j])
        wide = j == i + 1 and any(hi - lo >= _ROW_GAP_EM * lines[i].size for lo, hi in gutters)
        if gutters and (multi >= 2 or wide):
            out.append((lines[i:j], gutters))
            i = j
        else:
            if out and not out[-1][1]:
                out[-1][0].append(lines[i])
            else:
                out.append(([lines[i]], []))
            i += 1
    return out


def _after_table(run: list[VisualLine]) -> bool:
    """The last line of `run` has one segment, stands a paragraph gap below the others, and
    every other line has several segments (one-line rows)."""
    *rows, last = run
    gap = (rows[-1].y - last.y) / max(last.size, rows[-1].size, 1.0)
    return len(last.segments) == 1 and gap >= PARAGRAPH and all(len(r.segments) > 1 for r in rows)
