"""The saved coverage-gap queries as readable reports (/rapporter, /rapporter/{name}), and the
målområde overview (/malomraden): how many mål, uppdrag, program, planer and indikatorer each
goal area has, from the saved query `malomraden-oversikt`, as chart data and as a table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from search_api.core import Styrgraf
from search_api.entities import EntityService
from search_api.gaps import GapQuery, get_gap, list_gaps, run_gap
from search_api.web.tables import CellMaker, Table, solutions_table

OVERVIEW = "malomraden-oversikt"  # the report /malomraden draws as a chart


@dataclass(frozen=True)
class ReportSummary:
    gap: GapQuery
    rows: int


@dataclass(frozen=True)
class Report:
    gap: GapQuery
    table: Table


def report_summaries(core: Styrgraf) -> list[ReportSummary]:
    """Every saved query with its number of rows: a gap with 0 rows is good news, and
    telling so on the list saves opening it."""
    return [ReportSummary(gap, sum(1 for _ in run_gap(core, gap.name))) for gap in list_gaps()]


def run_report(core: Styrgraf, name: str, href: Callable[[str], str]) -> Report:
    """The report `name` as a table; NotFound for an unknown name."""
    gap = get_gap(name)
    cells = CellMaker(EntityService(core).read, href)
    return Report(gap, solutions_table(run_gap(core, gap.name), cells, merge_names=True))


# (variable of the saved query, Swedish name), in the plan's order of sub-sections.
SERIES = (
    ("mal", "Mål"),
    ("uppdrag", "Uppdrag"),
    ("program", "Program"),
    ("planer", "Planer"),
    ("indikatorer", "Indikatorer"),
)


@dataclass(frozen=True)
class AreaCounts:
    label: str
    href: str | None  # None for the total row
    section: str | None
    counts: list[int]  # in SERIES order


@dataclass(frozen=True)
class Overview:
    title: str
    description: str
    areas: list[AreaCounts]
    total: AreaCounts | None

    @property
    def series(self) -> list[str]:
        return [name for _, name in SERIES]


def _int(term: object) -> int:
    return int(term.value) if isinstance(term, ox.Literal) and term.value.isdigit() else 0


def overview(core: Styrgraf, href: Callable[[str], str]) -> Overview:
    gap = get_gap(OVERVIEW)
    areas, total = [], None
    for row in run_gap(core, gap.name):
        area, name, section = row["malomrade"], row["malomrade_namn"], row["avsnitt"]
        entity_id = core.iris.entity_id(area.value) if isinstance(area, ox.NamedNode) else None
        counts = AreaCounts(
            label=name.value if isinstance(name, ox.Literal) else "",
            href=href(entity_id) if entity_id else None,
            section=section.value if isinstance(section, ox.Literal) else None,
            counts=[_int(row[variable]) for variable, _ in SERIES],
        )
        if entity_id is None:
            total = counts  # the query's last row counts every item once
        else:
            areas.append(counts)
    return Overview(gap.title, gap.description, areas, total)
