"""Verksamhetsmått: tables of measures that belong to no goal ("Resursmått", "Prestationsmått",
"Effektmått" in an årsredovisning's chapter "Verksamhetsmått").

A table's header names the columns without years ("Namn  Utfall Utfall Utfall ...", the
template's `measure_header`) and the next non-empty line holds the years ("2020 2021 ...",
`measure_years`), one per column: column k is the k-th "Utfall" of the header (its character
position) and the k-th year. Rows are read like the goals' flattened tables
(flat_tables.rows), except that a run of values written with single spaces
("61 637 64 751 66 654 70 419") is cut into values (values.read_run_line); such values have
no position, so with fewer values than columns the template's `unanchored_values` applies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from ingest.malstyrning import flat_tables
from ingest.malstyrning.model import Column, IndicatorRow
from ingest.malstyrning.outline import Section
from ingest.malstyrning.values import ValueLine, read_run_line


def _columns(header: str, years_line: str, words: Mapping[str, Any]) -> list[Column] | None:
    word = re.compile(str(words.get("measure_column", r"Utfall")))
    starts = [m for m in word.finditer(header)]
    years = [int(y) for y in re.findall(r"\d{4}", years_line)]
    if not starts or len(starts) != len(years):
        return None
    return [
        Column(kind="utfall", year=y, start=m.start(), end=m.end())
        for m, y in zip(starts, years, strict=True)
    ]


def _reader(targets: Mapping[str, str], columns: int, text: str) -> ValueLine:
    return read_run_line(text, targets, columns)


def read(
    sections: Sequence[Section], words: Mapping[str, Any], stops: set[str], warnings: list[str]
) -> list[IndicatorRow]:
    """The measure rows of the template's measure chapters, each with its section number."""
    header_re = re.compile(str(words["measure_header"]))
    years_re = re.compile(str(words["measure_years"]))
    targets: Mapping[str, str] = words.get("targets", {})
    margin = int(words.get("table_note_margin", 12))
    found: list[IndicatorRow] = []
    for section in sections:
        if section.chapter != "measure":
            continue
        body = [x for x in section.body if x.text.strip()]
        i = 0
        while i < len(body):
            line = body[i]
            if not header_re.match(line.text.strip()):
                i += 1
                continue
            nxt = body[i + 1] if i + 1 < len(body) else None
            cols = _columns(line.text, nxt.text, words) if nxt else None
            if nxt is None or cols is None or not years_re.match(nxt.text.strip()):
                warnings.append(
                    f"rad {line.no} (avsnitt {section.number}): måttabellens år saknas "
                    "eller stämmer inte med kolumnerna"
                )
                i += 1
                continue
            block = flat_tables.Block(header=line, columns=cols)
            i += 2
            while i < len(body) and not header_re.match(body[i].text.strip()):
                text = body[i].text
                if (
                    " ".join(text.split()).casefold() in stops
                    or len(text) > len(line.text) + margin
                ):
                    break
                block.lines.append(body[i])
                i += 1
            rows = flat_tables.rows(block, words, partial(_reader, targets, len(cols)))
            for row in rows:
                row.section = section.number
            found += rows
    return found
