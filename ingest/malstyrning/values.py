"""Values in indicator tables: numbers with spaces as thousands separators, decimal commas, a
unit ("%"), the placeholder "-" for no value, and target words ("Öka", "Minska").

A table line is cut into cells at runs of two or more spaces (the extraction keeps the
distance between columns as spaces). A value glued to a name piece with one space
("hemtjänstmottagare 17,3") is peeled off the name only when a value cell follows it, so a
name that ends in a number ("Gymnasiet ÅK 1") is not read as a value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

_NUMBER = r"-?(?:\d{1,3}(?: \d{3})+|\d+)(?:,\d+)?"
_VALUE = re.compile(rf"^(?P<num>{_NUMBER})\s?(?P<unit>%|kr)?$")
_PLACEHOLDER = {"-", "–", "—"}
_CELL = re.compile(r"\S+(?: \S+)*")


@dataclass(frozen=True)
class Cell:
    start: int  # character column in the line
    end: int
    text: str
    number: Decimal | None = None
    unit: str | None = None
    target: str | None = None  # the target word as written ("Öka"), when it is one

    @property
    def center(self) -> float:
        return (self.start + self.end) / 2


@dataclass(frozen=True)
class ValueLine:
    name: str  # the name piece before the values ("" when the line holds only values)
    cells: tuple[Cell, ...]  # value cells (placeholders included), left to right
    glued: bool = False  # values split off a run written with single spaces: no positions


def number(text: str) -> tuple[Decimal, str | None] | None:
    match = _VALUE.match(text.strip())
    if not match:
        return None
    return Decimal(match["num"].replace(" ", "").replace(",", ".")), match["unit"]


def value_cell(text: str, start: int, targets: Mapping[str, str]) -> Cell | None:
    """A cell holding one value, a placeholder or a target word; None for a name piece."""
    stripped = text.strip()
    if stripped in _PLACEHOLDER:
        return Cell(start, start + len(text), stripped)
    if stripped in targets:
        return Cell(start, start + len(text), stripped, target=stripped)
    parsed = number(stripped)
    if parsed is None:
        return None
    return Cell(start, start + len(text), stripped, number=parsed[0], unit=parsed[1])


def _peel(
    text: str, start: int, targets: Mapping[str, str], glued_ok: bool
) -> tuple[str, Cell | None]:
    """Split a trailing value off a name cell ("invånare (antal/100 5 321" -> "5 321")."""
    tokens = text.split(" ")
    for word, _ in targets.items():  # a target word glued to a name is always a value
        if len(tokens) > 1 and tokens[-1] == word:
            name = " ".join(tokens[:-1])
            return name, Cell(start + len(name) + 1, start + len(text), word, target=word)
    if not glued_ok:
        return text, None
    for k in range(min(4, len(tokens) - 1), 0, -1):
        tail = " ".join(tokens[-k:])
        parsed = number(tail)
        if parsed is not None:
            name = " ".join(tokens[:-k])
            if not name.strip():
                break
            cell = Cell(start + len(name) + 1, start + len(text), tail, parsed[0], parsed[1])
            return name, cell
    return text, None


def read_line(text: str, targets: Mapping[str, str]) -> ValueLine:
    """The name piece and value cells of one flattened-table line."""
    cells = [(m.start(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", text)]
    values: list[Cell] = []
    while cells:
        start, body = cells[-1]
        cell = value_cell(body, start, targets)
        if cell is None:
            break
        values.insert(0, cell)
        cells.pop()
    name = ""
    if cells:
        # Everything left of the value cells is the name piece; its last cell may end in a value.
        start, body = cells[-1]
        head = " ".join(b for _, b in cells[:-1])
        rest, glued = _peel(body, start, targets, glued_ok=bool(values))
        if glued is not None:
            values.insert(0, glued)
        name = f"{head} {rest}".strip()
    if values and all(c.text in _PLACEHOLDER for c in values) and name:
        return ValueLine(name=text.strip(), cells=())  # "4 i % -": a dash ending a name
    return ValueLine(name=name, cells=tuple(values))


_GROUP = re.compile(r"\d{1,3}(?:,\d+)?")
_TOKEN = re.compile(r"\S+")


def read_run_line(text: str, targets: Mapping[str, str], columns: int) -> ValueLine:
    """Like read_line, for tables whose values may stand in one run of single-spaced digit
    groups ("61 637 64 751 66 654 70 419", "580 297 582 438 ..."): a value starts at every
    group that is not three digits, at a "%" or a wider gap; a piece of three-digit groups only
    is cut into equal values when that makes exactly `columns` values. Such a line's values
    have no reliable position (`glued`)."""
    plain = read_line(text, targets)
    tokens = list(_TOKEN.finditer(text))
    k = len(tokens)
    while k and (_GROUP.fullmatch(tokens[k - 1].group()) or tokens[k - 1].group() in ("%",)):
        k -= 1
    run = tokens[k:]
    if sum(t.group() != "%" for t in run) < 2:
        return plain
    pieces: list[list[re.Match[str]]] = []
    for i, t in enumerate(run):
        gap = t.start() - run[i - 1].end() if i else 2
        unit = t.group() == "%"
        if unit:
            pieces[-1].append(t)
        elif gap > 1 or len(t.group()) != 3 or "," in t.group() or run[i - 1].group() == "%":
            pieces.append([t])
        else:
            pieces[-1].append(t)
    if len(pieces) < columns:
        pieces = _cut_equal(pieces, columns)
    if len(pieces) <= len(plain.cells) or len(pieces) > columns:
        return plain
    cells = []
    for piece in pieces:
        start, end = piece[0].start(), piece[-1].end()
        cell = value_cell(text[start:end], start, targets)
        if cell is None or cell.number is None:
            return plain
        cells.append(cell)
    name = " ".join(t.group() for t in tokens[:k])
    return ValueLine(name=name, cells=tuple(cells), glued=bool(name) or len(cells) < columns)


def _cut_equal(pieces: list[list[re.Match[str]]], columns: int) -> list[list[re.Match[str]]]:
    """Cut the one piece of only three-digit groups into equal values, when that gives exactly
    `columns` values; else the pieces unchanged."""
    cuttable = [
        i
        for i, p in enumerate(pieces)
        if len(p) > 1 and all(len(t.group()) == 3 and t.group().isdigit() for t in p)
    ]
    if len(cuttable) != 1:
        return pieces
    i = cuttable[0]
    need = columns - (len(pieces) - 1)
    if need < 2 or len(pieces[i]) % need:
        return pieces
    size = len(pieces[i]) // need
    cut = [pieces[i][j : j + size] for j in range(0, len(pieces[i]), size)]
    return pieces[:i] + cut + pieces[i + 1 :]
