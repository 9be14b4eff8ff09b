"""Which goal or direktiv an indicator table belongs to.

Flattened tables (årsredovisning) stand in their goal's own section: they belong to it.

Pipe tables (nämndbudget) are all placed at the end of their page, after the page number, so
a table often lands under a later heading. Rule, per page: let k be the goals/direktiv headed
on the page and n the page's tables. When n > k, the first n - k tables belong to the item in
force at the top of the page (the last one headed earlier) and the other k to the page's
headings in order; when n <= k, the tables go to the page's headings in order.
One exception moves a heading to the next page: the page's last heading has nothing under it
on its page but "Beslutats av" and its level (it stands at the foot of the page) and the next
page has a table to spare (more tables than headings). Its table then went to the next page
with it: there it is the item in force at the top. In Vård & Omsorg's budget this is 5.4.1 on
page 73: tables 73-1 and 73-2 belong to 5.3 and 5.4, and 74-1 to 5.4.1.
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
    bare = {n for n, o in owners.items() if _bare(sections_by(sections).get(n), words)}
    _place_pipes(pipes, owners, bare, parsed)


def _owner_of(number: str, owners: Mapping[str, Owner]) -> Owner | None:
    while number:
        if number in owners:
            return owners[number]
        number = number.rsplit(".", 1)[0] if "." in number else ""
    return None


def sections_by(sections: Sequence[Section]) -> dict[str, Section]:
    return {s.number: s for s in sections}


def _bare(section: Section | None, words: Mapping[str, Any]) -> bool:
    """True when the heading's own page holds nothing under it but "Beslutats av" and a level."""
    if section is None:
        return False
    allowed = {" ".join(str(w).split()).casefold() for w in [words["decided_by"], *words["levels"]]}
    page = section.line.page
    texts = [
        " ".join(x.text.split()).casefold()
        for x in section.body
        if x.page == page and x.text.strip() and not x.text.lstrip().startswith("|")
    ]
    return all(t in allowed for t in texts)


def _add(owner: Owner, rows: list[IndicatorRow]) -> None:
    for row in rows:
        row.section = owner.number
        owner.indicators.append(row)


def _place_pipes(
    pipes: list[tuple[int, pipe_tables.PipeTable]],
    owners: Mapping[str, Owner],
    bare: set[str],
    parsed: Parsed,
) -> None:
    ordered = sorted(owners.values(), key=lambda o: o.mention.line.no)
    count = {p: sum(q == p for q, _ in pipes) for p, _ in pipes}

    def headed_on(page: int) -> list[Owner]:
        return [o for o in ordered if o.mention.line.page == page]

    def spare(page: int) -> bool:
        return count.get(page, 0) > len(headed_on(page))

    moved: set[str] = set()
    for page in sorted({o.mention.line.page or 0 for o in ordered}):
        last = headed_on(page)[-1:]
        if last and last[0].number in bare and spare(page + 1):
            moved.add(last[0].number)
    for page in sorted(count):
        tables = [t for p, t in pipes if p == page]
        headed = [o for o in headed_on(page) if o.number not in moved]
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
