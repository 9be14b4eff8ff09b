"""Read the regions of PDF pages in order: full-width text, columns one after the other, tables
row by row; join visual lines into paragraphs. See layout.py for the rules."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.formats.layout import (
    BLANK,
    BULLET,
    KEEP_HYPHEN,
    PARAGRAPH,
    TERMINAL,
    Char,
    Piece,
    Segment,
    VisualLine,
    regions,
    strip_running,
    visual_lines,
)

_HYPHENATED = re.compile(r"[a-zåäöé][-\xad]$")


@dataclass
class _Row:
    page: int
    cells: list[str]


Item = list[Piece] | _Row


def read_pages(
    pages: list[list[Char]], boxes: list[tuple[float, float]] | None = None
) -> list[tuple[str, int]]:
    """(line, page) pairs of the document's text in reading order; pages are 1-based.
    `boxes` are the pages' (bottom, top): headers and footers are looked for near them."""
    lines = strip_running([visual_lines(n, chars) for n, chars in enumerate(pages, start=1)], boxes)
    whole = _margin([l.segments[-1].x1 for page in lines for l in page])
    items: list[Item] = []
    last_table: list[tuple[float, float]] | None = None
    for page in lines:
        # Per page: books mirror their margins on odd and even pages.
        ends = [l.segments[-1].x1 for l in page if len(l.segments) == 1]
        right = _margin(ends) if len(ends) >= 8 else whole
        for region, gutters in regions(page):
            if not gutters:
                left = _left(l.segments[0].x0 for l in region)
                items.append([_piece(l, l.segments, right, left) for l in region])
                last_table = None
                continue
            columns = _columns(region, gutters)
            found = _table_rows(
                region, columns, len(gutters) + 1, continues=_same(gutters, last_table)
            )
            if found is None:
                items.extend(_column_flows(region, columns))
                last_table = None
            else:
                rows, rest = found
                items.extend(rows)
                last_table = gutters
                if rest < len(region):  # lines under the table in its first column only
                    left = _left(l.segments[0].x0 for l in region[rest:])
                    items.append([_piece(l, l.segments, right, left) for l in region[rest:]])
                    last_table = None
    return _assemble(items)


def _margin(ends: list[float]) -> float:
    """Where lines run to: the furthest line end that at least two others come within 10 pt
    of (a line running into the margin, a long URL, does not set it)."""
    ordered = sorted(ends, reverse=True)
    for i, x in enumerate(ordered):
        if i + 2 < len(ordered) and x - ordered[i + 2] <= 10.0:
            return x
    return ordered[0] if ordered else 0.0


def _left(starts: Iterable[float]) -> float:
    """Where most lines start (an outdented heading or an indented item does not set it)."""
    counts = Counter(round(x) for x in starts)
    return float(counts.most_common(1)[0][0]) if counts else 0.0


def _same(a: list[tuple[float, float]], b: list[tuple[float, float]] | None) -> bool:
    """Whether two runs have the same columns: their gutters overlap one by one."""
    if b is None or len(a) != len(b):
        return False
    return all(x[0] < y[1] and y[0] < x[1] for x, y in zip(a, b, strict=True))


def _columns(
    region: list[VisualLine], gutters: list[tuple[float, float]]
) -> list[dict[int, list[Segment]]]:
    """Per line, its segments by column index (columns lie between the gutters)."""
    out = []
    for line in region:
        cols: dict[int, list[Segment]] = {}
        for seg in line.segments:
            centre = (seg.x0 + seg.x1) / 2
            cols.setdefault(sum(hi <= centre for _, hi in gutters), []).append(seg)
        out.append(cols)
    return out


def _piece(line: VisualLine, segs: list[Segment], right: float, left: float) -> Piece:
    return Piece(
        page=line.page,
        y=line.y,
        size=line.size,
        x1=max(s.x1 for s in segs),
        indent=segs[0].x0 - left,
        right=right,
        text=" ".join(s.text for s in segs),
        first_word=segs[0].first_word,
    )


def _column_pieces(
    region: list[VisualLine], columns: list[dict[int, list[Segment]]], rows: range | None = None
) -> dict[int, list[Piece]]:
    ends: dict[int, list[float]] = {}
    starts: dict[int, list[float]] = {}
    for cols in columns:
        for c, segs in cols.items():
            ends.setdefault(c, []).append(segs[-1].x1)
            starts.setdefault(c, []).append(segs[0].x0)
    rights = {c: _margin(xs) for c, xs in ends.items()}
    lefts = {c: _left(xs) for c, xs in starts.items()}
    pieces: dict[int, list[Piece]] = {c: [] for c in sorted(rights)}
    for i in rows if rows is not None else range(len(region)):
        for c, segs in columns[i].items():
            pieces[c].append(_piece(region[i], segs, rights[c], lefts[c]))
    return pieces


def _column_flows(region: list[VisualLine], columns: list[dict[int, list[Segment]]]) -> list[Item]:
    return [flow for flow in _column_pieces(region, columns).values() if flow]


def _table_rows(
    region: list[VisualLine],
    columns: list[dict[int, list[Segment]]],
    ncols: int,
    continues: bool,
) -> tuple[list[Item], int] | None:
    """The region's rows when it is a table (see layout.py), and where the lines under it
    start (text in the first column only after the last row: a heading, not a row)."""
    if all(len(c) == ncols for c in columns) and not _prose(columns):
        bounds = list(range(len(region)))  # one-line rows: a table of contents, figures
    else:
        starts: dict[int, set[int]] = {}
        last: dict[int, int] = {}
        for i, cols in enumerate(columns):
            for c in cols:
                if c not in last or _ratio(region[last[c]], region[i]) >= PARAGRAPH:
                    starts.setdefault(c, set()).add(i)
                last[c] = i
        first = starts.get(0, set())
        rows = {i for i in first if all(i in starts[c] for c in columns[i])}
        shared = [i for i in rows if len(columns[i]) > 1]
        if rows != first or not (len(shared) >= 2 or (continues and shared)):
            return None
        bounds = sorted(rows | {0})
    rest = len(region)
    while len(bounds) > 1 and all(set(c) == {0} for c in columns[bounds[-1] : rest]):
        rest = bounds.pop()
    items: list[Item] = []
    for k, start in enumerate(bounds):
        end = bounds[k + 1] if k + 1 < len(bounds) else rest
        cells = _column_pieces(region, columns, range(start, end))
        texts = [_paragraphs(cells.get(c, []), " ") for c in range(ncols)]
        items.append(_Row(page=region[start].page, cells=texts))
    return items, rest


def _prose(columns: list[dict[int, list[Segment]]]) -> bool:
    """Whether the first column holds running text (most lines of six words or more), as
    two columns of prose do where no paragraph gap shows, rather than short cells."""
    counts = sorted(len(" ".join(s.text for s in c.get(0, [])).split()) for c in columns)
    return len(counts) > 3 and counts[len(counts) // 2] >= 6


def _ratio(above: VisualLine | Piece, below: VisualLine | Piece) -> float:
    return (above.y - below.y) / max(above.size, below.size, 1.0)


def _breaks(a: Piece, b: Piece) -> bool:
    """Whether `b` starts a new paragraph after `a` within one flow."""
    if a.page != b.page or _ratio(a, b) >= PARAGRAPH or abs(a.size - b.size) > 0.5:
        return True
    if _HYPHENATED.search(a.text) and b.text[:1].islower():
        return False  # "social-" / "tjänsten", "hälso-" / "och sjukvård"
    return not _fills(a, b)


def _fills(a: Piece, b: Piece) -> bool:
    """Whether `a` ran to its end: `b`'s first word would not have fitted after it (with an em
    to spare, as writers measure words a little differently)."""
    return a.x1 + 0.3 * b.size + b.first_word > a.right - 1.0 * b.size


def _continues(a: Piece, b: Piece) -> bool:
    """Whether the first line of a flow (a column, a page) continues the last one of the flow
    before: that line ran to its end and did not end a sentence, or this one goes on in lower
    case. The gap cannot tell here, so a sentence ending at the foot of a page ends the line."""
    if abs(a.size - b.size) > 0.5 or not _fills(a, b) or BULLET.match(b.text):
        return False
    return not a.text.rstrip().endswith(TERMINAL) or b.text[:1].islower()


def _join(a: str, b: str) -> str:
    """Join two visual lines of one paragraph, undoing a hyphenation at the line end."""
    if a.endswith(("\xad", "\x02")):
        return a[:-1] + b
    if re.search(r"[a-zåäöé]-$", a):
        word = re.match(r"[a-zåäöé]+", b)
        if word and word.group(0) not in KEEP_HYPHEN:
            return a[:-1] + b
        if b[:1].isupper():
            return a + b
    return a + " " + b


def _paragraphs(pieces: list[Piece], separator: str) -> str:
    text = ""
    for prev, piece in zip([None, *pieces], pieces, strict=False):
        if prev is None:
            text = piece.text
        elif _breaks(prev, piece):
            text += separator + piece.text
        else:
            text = _join(text, piece.text)
    return text


def _assemble(items: list[Item]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    previous: Piece | None = None  # last line of the previous flow, to continue across pages

    def start(text: str, page: int, gap: bool, indent: float = 0.0, size: float = 10.0) -> None:
        if gap and out and out[-1][0]:
            out.append(("", page))
        # A line indented by a little (a nested list item; not a centred title) keeps a
        # leading space, as text extraction writes it and the parsers read it.
        out.append(((" " if size <= indent <= 6 * size else "") + text, page))

    for item in items:
        if isinstance(item, _Row):
            start("\t".join(item.cells), item.page, gap=previous is not None)
            previous = None
            continue
        for piece in item:
            if previous is None:
                start(piece.text, piece.page, True, piece.indent, piece.size)
            elif piece is item[0]:  # a new flow continues only a line that ran to its end
                if _continues(previous, piece):
                    out[-1] = (_join(out[-1][0], piece.text), out[-1][1])
                else:
                    start(piece.text, piece.page, True, piece.indent, piece.size)
            elif _breaks(previous, piece):
                gap = _ratio(previous, piece) >= BLANK
                start(piece.text, piece.page, gap, piece.indent, piece.size)
            else:
                out[-1] = (_join(out[-1][0], piece.text), out[-1][1])
            previous = piece
    return out
