"""The saved coverage-gap queries as readable reports (/rapporter, /rapporter/{name}), and the
målområde overview (/malomraden): how many mål, uppdrag, program, planer and indikatorer each
goal area has, from the saved query `malomraden-oversikt`, as chart data and as a table.

The queries run like /gaps/{name}: in the core's query workers, with the endpoint's admission
control, timeout and row cap (search_api/gaps/pooled.py), awaited on the event loop; only the
tables are built in a request thread (they read labels).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pyoxigraph as ox

from search_api.core import Styrgraf
from search_api.entities import EntityService
from search_api.gaps import GapQuery, get_gap, list_gaps
from search_api.gaps.pooled import count_rows, first_rows, solutions
from search_api.web.sparql_page import DISPLAY_ROWS
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


@dataclass(frozen=True)
class ReportRows:
    gap: GapQuery
    body: bytes  # the first DISPLAY_ROWS rows as SPARQL JSON
    total: int  # rows of the whole result


async def report_summaries(core: Styrgraf, client: str) -> list[ReportSummary]:
    """Every saved query with its number of rows: a gap with 0 rows is good news, and
    telling so on the list saves opening it. Counted in the workers, rows never read."""
    return [ReportSummary(gap, await count_rows(core, client, gap)) for gap in list_gaps()]


async def report_rows(core: Styrgraf, client: str, name: str) -> ReportRows:
    """The first rows of report `name` (and how many there are); NotFound for an unknown
    name."""
    gap = get_gap(name)
    body, more = await first_rows(core, client, gap, DISPLAY_ROWS)
    total = await count_rows(core, client, gap) if more else -1
    return ReportRows(gap, body, total)


def run_report(core: Styrgraf, found: ReportRows, href: Callable[[str], str]) -> Report:
    """The report's rows as a table (names read from the graph: run it in a thread)."""
    cells = CellMaker(EntityService(core).read, href)
    table = solutions_table(solutions(found.body), cells, merge_names=True)
    if found.total > table.total:  # the first DISPLAY_ROWS of more
        table = replace(table, total=found.total)
    return Report(found.gap, table)


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


async def overview_rows(core: Styrgraf, client: str) -> bytes:
    """The rows of the målområde overview as SPARQL JSON, from a query worker."""
    body, _ = await first_rows(core, client, get_gap(OVERVIEW))
    return body


def overview(core: Styrgraf, href: Callable[[str], str], rows: bytes) -> Overview:
    gap = get_gap(OVERVIEW)
    areas, total = [], None
    for row in solutions(rows):
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
