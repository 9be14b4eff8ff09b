"""Markdown pipe tables (`| Indikator | Utfall 2022 | ... | Målsättning<br>2025 |`).

Cells may hold `<br>` (a wrapped line), be empty, hold "-" (no value), a number with unit,
or a target word. A name's trailing footnote stars ("\\*", "\\*\\*") are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest.malstyrning.flat_tables import columns
from ingest.malstyrning.model import IndicatorRow, Value
from ingest.malstyrning.pages import Line
from ingest.malstyrning.values import value_cell

_BR = re.compile(r"<br\s*/?>", re.I)
_RULE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$")


@dataclass
class PipeTable:
    header: Line
    rows: list[IndicatorRow] = field(default_factory=list)


def _cells(text: str) -> list[str]:
    inner = text.strip().removeprefix("|").removesuffix("|")
    return [" ".join(_BR.sub(" ", c).split()) for c in inner.split("|")]


def tables(body: Sequence[Line], words: Mapping[str, Any]) -> list[PipeTable]:
    header_re = re.compile(words["indicator_header"])
    targets: Mapping[str, str] = words.get("targets", {})
    found: list[PipeTable] = []
    current: PipeTable | None = None
    cols: list[Any] = []
    for line in body:
        text = line.text.strip()
        if not text.startswith("|"):
            current = None
            continue
        if _RULE.match(text):
            continue
        if header_re.match(text):
            head = _cells(text)
            cols = [columns(cell, words) for cell in head[1:]]
            current = PipeTable(header=line)
            found.append(current)
            continue
        if current is None:
            continue
        cells = _cells(text)
        name = cells[0].rstrip("*").strip()
        row = IndicatorRow(name=name, line=line, source_text=line.raw, how="pipe")
        for cell_cols, cell in zip(cols, cells[1:], strict=False):
            value = value_cell(cell, 0, targets) if cell else None
            if not cell_cols or value is None or (value.number is None and value.target is None):
                continue
            col = cell_cols[0]
            held = Value(text=cell, number=value.number, unit=value.unit, target=value.target)
            (row.outcomes if col.kind == "utfall" else row.targets)[col.year] = held
        current.rows.append(row)
    return found
