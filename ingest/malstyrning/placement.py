"""Which goal or direktiv an indicator table belongs to.

Flattened tables (årsredovisning) stand in their goal's own section: they belong to it.

Pipe tables (nämndbudget) are all placed at the end of their page, after the page number, so
a table often lands under a later heading. Rule (per page): let k be the goals/direktiv whose
heading is on the page and n the page's tables. When n > k, the first n - k tables belong to
the item in force at the top of the page (the last one headed on an earlier page) and the
other k to the page's headings in order; when n <= k, the tables go to the page's headings
in order. Known miss in the Vård & Omsorg budget: page 73 holds 5.4 and 5.4.1 and two tables,
but 73-1 belongs to 5.3 and 73-2 to 5.4 (5.4.1's table moved on to page 74); the rule gives
73-1 to 5.4 and 73-2 to 5.4.1. The text gives no sign of it, so it is reported, not patched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ingest.malstyrning import flat_tables, pipe_tables
from ingest.malstyrning.model import Directive, Goal, IndicatorRow, Parsed
from ingest.malstyrning.outline import Section

Owner = Goal | Directive


def place(
    sections: Sequence[Section], parsed: Parsed, words: Mapping[str, Any], stops: set[str]
) -> None:
    owners: dict[str, Owner] = {g.number: g for g in parsed.goals}
    owners.update({d.number: d for d in parsed.directives})
    pipes: list[tuple[int, pipe_tables.PipeTable]] = []
    for section in sections:
        if section.chapter not in ("goal", "direktiv"):
            continue
        owner = _owner_of(section.number, owners)
        for block in flat_tables.blocks(section.body, words, stops):
            rows = flat_tables.rows(block, words)
            if owner is None:
                parsed.warnings.append(
                    f"{len(rows)} indikatorrader i avsnitt {section.number} utan mål"
                )
                continue
            _add(owner, rows)
        for table in pipe_tables.tables(section.body, words):
            pipes.append((table.header.page or 0, table))
    _place_pipes(pipes, owners, parsed)


def _owner_of(number: str, owners: Mapping[str, Owner]) -> Owner | None:
    while number:
        if number in owners:
            return owners[number]
        number = number.rsplit(".", 1)[0] if "." in number else ""
    return None


def _add(owner: Owner, rows: list[IndicatorRow]) -> None:
    for row in rows:
        row.section = owner.number
        owner.indicators.append(row)


def _place_pipes(
    pipes: list[tuple[int, pipe_tables.PipeTable]], owners: Mapping[str, Owner], parsed: Parsed
) -> None:
    ordered = sorted(owners.values(), key=lambda o: o.mention.line.no)
    for page in sorted({p for p, _ in pipes}):
        tables = [t for p, t in pipes if p == page]
        headed = [o for o in ordered if o.mention.line.page == page]
        before = [o for o in ordered if (o.mention.line.page or 0) < page]
        targets: list[Owner | None] = []
        if len(tables) > len(headed):
            top = before[-1] if before else None
            targets = [top] * (len(tables) - len(headed)) + list(headed)
        else:
            targets = list(headed[: len(tables)])
        for table, owner in zip(tables, targets, strict=True):
            if owner is None:
                parsed.warnings.append(f"tabell på sida {page} (rad {table.header.no}) saknar mål")
                continue
            _add(owner, table.rows)
