"""Flattened indicator tables: a header line, then names wrapped over several lines with the
line of values somewhere in the middle of each name (or glued to a piece of it).

Rows. Each row holds at most one value line; the PDF puts the values at the vertical middle
of their cell, so a row has about as many name lines before its value line as after it. The
rows are found by a small dynamic programme over the block's lines that minimises: the
imbalance of each row around its value line, a cost for starting a row on a line that
cannot start one (lower case, or the line before ends in ",", "-", "&", "i", "och" ...),
a cost for a row without values (three indicators have none) and a cost for running past a
line that closes a name (")", as in "(Kolada)" or "elever.)").

Years. Values go to year columns by count when there are as many as columns; otherwise by
the character columns of the header when the value line starts with a name piece (its
spacing is then anchored to the header's); a line of values alone has lost its leading
spaces, so its columns are unknown: the template decides ("warn": no outcome and a
tolkningsvarning; "earliest": the earliest years, flagged with a tolkningsvarning).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest.malstyrning.model import Column, IndicatorRow, Value
from ingest.malstyrning.pages import Line
from ingest.malstyrning.values import Cell, ValueLine, read_line

_JOIN_END = re.compile(
    r"(?:[,\-&(:–]|\b(?:i|av|och|för|till|som|med|per|på|om|inom|enligt|från|de|det|en|ett|är))$"
)
_CLOSES = re.compile(r"\)\s*$")
_INF = 10.0**9
_NOT_A_START = 4.0
_NO_VALUES = 2.0
_PAST_CLOSE = 6.0


@dataclass
class Block:
    header: Line
    columns: list[Column]
    lines: list[Line] = field(default_factory=list)


def columns(header: str, words: Mapping[str, Any]) -> list[Column]:
    found: list[Column] = []
    for kind, key in (("utfall", "year_column"), ("mal", "target_column")):
        for m in re.finditer(words[key], header):
            found.append(Column(kind=kind, year=int(m["year"]), start=m.start(), end=m.end()))
    return sorted(found, key=lambda c: c.start)


def blocks(body: Sequence[Line], words: Mapping[str, Any], stops: set[str]) -> list[Block]:
    """The flattened tables in a section body (pipe tables are read elsewhere)."""
    header_re = re.compile(words["indicator_header"])
    margin = int(words.get("table_note_margin", 12))
    found: list[Block] = []
    current: Block | None = None
    for line in body:
        text = line.text
        if text.lstrip().startswith("|"):
            current = None
            continue
        if header_re.match(text.strip()):
            cols = columns(text, words)
            current = Block(header=line, columns=cols) if cols else None
            if current:
                found.append(current)
            continue
        if current is None or not text.strip():
            continue
        ends = (
            " ".join(text.split()).casefold() in stops
            or len(text) > len(current.header.text) + margin
            or line.page != current.header.page
        )
        if ends:
            current = None
            continue
        current.lines.append(line)
    return found


def _starts(prev: str | None, line: str) -> bool:
    first = line.lstrip()[:1]
    if not first.isalpha() or not first.isupper():
        return False
    return prev is None or not _JOIN_END.search(prev.strip())


def _row_cost(texts: list[str], read: list[ValueLine], a: int, b: int) -> float:
    values = [i for i in range(a, b) if read[i].cells]
    if len(values) > 1:
        return _INF
    cost = 0.0 if _starts(texts[a - 1] if a else None, texts[a]) else _NOT_A_START
    cost += sum(_PAST_CLOSE for i in range(a, b - 1) if _CLOSES.search(texts[i]))
    if not values:
        return cost + _NO_VALUES
    v = values[0]
    return cost + abs((v - a) - (b - 1 - v))


def split_rows(texts: list[str], read: list[ValueLine]) -> list[tuple[int, int]]:
    n = len(texts)
    best = [0.0] + [_INF] * n
    back = [0] * (n + 1)
    for b in range(1, n + 1):
        for a in range(max(0, b - 16), b):
            if best[a] >= _INF:
                continue
            cost = best[a] + _row_cost(texts, read, a, b)
            if cost < best[b]:
                best[b], back[b] = cost, a
    rows: list[tuple[int, int]] = []
    b = n
    while b > 0:
        rows.append((back[b], b))
        b = back[b]
    return rows[::-1]


def assign(
    cells: Sequence[Cell], cols: list[Column], anchored: bool, unanchored: str
) -> tuple[list[tuple[Column, Cell]], str, str | None]:
    """(column, cell) pairs, how they were assigned, and a warning when not safely."""
    if len(cells) == len(cols):
        return list(zip(cols, cells, strict=True)), "count", None
    if len(cells) > len(cols):
        return [], "none", f"{len(cells)} värden men {len(cols)} kolumner"
    if anchored:
        pairs: list[tuple[Column, Cell]] = []
        last = -1
        for cell in cells:
            hits = [
                i
                for i, c in enumerate(cols)
                if _region(cols, i)[0] <= cell.center < _region(cols, i)[1]
            ]
            if not hits or hits[0] <= last:
                return [], "none", f"värdet {cell.text!r} står inte under någon årskolumn"
            last = hits[0]
            pairs.append((cols[last], cell))
        return pairs, "columns", None
    why = f"{len(cells)} värden för {len(cols)} kolumner utan kolumnläge"
    if unanchored == "earliest":
        return (
            list(zip(cols, cells, strict=False)),
            "earliest",
            f"{why}: åren antagna (de tidigaste)",
        )
    return [], "none", why


def _region(cols: list[Column], i: int) -> tuple[float, float]:
    start = cols[i].start - 3
    end = cols[i + 1].start - 3 if i + 1 < len(cols) else cols[i].end + 8
    return start, end


def rows(
    block: Block, words: Mapping[str, Any], reader: Callable[[str], ValueLine] | None = None
) -> list[IndicatorRow]:
    """The block's rows; `reader` reads a line's name piece and values (default read_line)."""
    targets: Mapping[str, str] = words.get("targets", {})
    unanchored = str(words.get("unanchored_values", "warn"))
    texts = [line.text for line in block.lines]
    read = [(reader or (lambda t: read_line(t, targets)))(t) for t in texts]
    found: list[IndicatorRow] = []
    for a, b in split_rows(texts, read):
        pieces = [read[i].name if read[i].cells else texts[i].strip() for i in range(a, b)]
        name = " ".join(" ".join(p for p in pieces if p).split())
        value_at = [i for i in range(a, b) if read[i].cells]
        row = IndicatorRow(
            name=name,
            line=block.lines[a],
            source_text="\n".join(line.raw for line in block.lines[a:b]),
            how="none" if value_at else "empty",
        )
        if value_at:
            line = read[value_at[0]]
            row.cells, row.columns = len(line.cells), tuple(block.columns)
            pairs, row.how, row.warning = assign(
                line.cells, block.columns, bool(line.name) and not line.glued, unanchored
            )
            for col, cell in pairs:
                if cell.number is None and cell.target is None:
                    continue  # "-": no value for that year
                value = Value(
                    text=cell.text, number=cell.number, unit=cell.unit, target=cell.target
                )
                (row.outcomes if col.kind == "utfall" else row.targets)[col.year] = value
        found.append(row)
    return found
