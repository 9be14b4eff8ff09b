"""Years of unanchored indicator rows, aligned with other documents' outcomes.

An årsredovisning row whose values lost their column position gets the earliest years as a
flagged guess (the template's `unanchored_values = "earliest"`: a sg:tolkningsvarning on each
outcome, the table's outcome years as sg:kolumnar on the row's sg:Omnamnande). After every
document of a batch is parsed, such a row is compared with the outcomes whose years another
document names (outcomes without a tolkningsvarning of the same kommun-scoped indicator, in
another document of the batch or already in the store):

- a placement puts the row's values, in column order, in as many of the table's years
  (consecutive or with gaps); it agrees on a year when another document gives that value for
  that year, and disagrees when other documents give that year only other values;
- the best placements are those that disagree on no year, agree on the most years, and leave
  the fewest holes (a year between its first and last value without a value of its own for
  which another document has one);
- exactly one best placement that agrees on at least one year is used: the outcomes move to
  its years (ids `<doc>/utfall/<slug>/<year>`), lose their tolkningsvarning and get
  sg:arEnligt -> each document that agreed; otherwise the flagged guess stays.

The ranking after "agrees on at least one year" is needed: "90 %, 91 %" in 2021-2024 against
the budget's 2022 = 90, 2023 = 91 agrees on 2023 alone when placed in 2021 and 2023, so
"exactly one agreeing placement" would never hold for such a row.

Order: a document of the batch is aligned with the batch and the store; a stored document is
never rewritten (its source text is not kept), so an årsredovisning ingested before the budget
keeps its guess until it is ingested again (with or after the budget).

`plan` decides on what `flagged` reads of each graph (its named outcomes, its rows' values,
years, lines and ids), so a graph can wait on disk meanwhile (graph/held.py); `apply` then
makes the planned moves in the graph read back. `align` does both for graphs in memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from rdflib import RDF, XSD, Graph, Literal, URIRef

from graph.store import GraphStore, Version
from ontology import SG

Years = tuple[int, ...]


@dataclass(frozen=True)
class Named:
    """An outcome whose year its document names."""

    indicator: str
    year: int
    value: Decimal
    document: str  # the document's IRI


@dataclass(frozen=True)
class Aligned:
    document: str  # document IRI of the aligned row
    line: int  # sg:kallrad of the row
    years: Years
    by: tuple[str, ...]  # IRIs of the documents that agreed


def named_outcomes(graph: Graph) -> list[Named]:
    """The outcomes of a graph whose years are not a guess."""
    found = []
    for obs in graph.subjects(RDF.type, SG.Utfall):
        if graph.value(obs, SG.tolkningsvarning) is not None:
            continue
        ind, year, value = (graph.value(obs, p) for p in (SG.avserIndikator, SG.ar, SG.varde))
        doc = graph.value(obs, SG.dokument)
        if ind is None or year is None or value is None or doc is None:
            continue
        found.append(Named(str(ind), int(str(year)[:4]), Decimal(str(value)), str(doc)))
    return found


def score(
    values: Sequence[Decimal], years: Years, known: Mapping[int, set[Decimal]]
) -> tuple[int, int, int]:
    """(disagreements, agreements, holes) of one placement of `values` in `years`."""
    agree = sum(1 for v, y in zip(values, years, strict=True) if v in known.get(y, ()))
    disagree = sum(
        1 for v, y in zip(values, years, strict=True) if known.get(y) and v not in known[y]
    )
    holes = sum(1 for y in range(years[0], years[-1] + 1) if y not in years and known.get(y))
    return disagree, agree, holes


def choose(
    values: Sequence[Decimal], columns: Sequence[int], known: Mapping[int, set[Decimal]]
) -> Years | None:
    """The one best placement of `values` in `columns` (see the module text), or None."""
    if not values or len(values) > len(columns):
        return None
    ranked: dict[tuple[int, int], list[Years]] = defaultdict(list)
    for years in combinations(sorted(columns), len(values)):
        disagree, agree, holes = score(values, years, known)
        if disagree == 0 and agree > 0:
            ranked[(-agree, holes)].append(years)
    if not ranked:
        return None
    best = ranked[min(ranked)]
    return best[0] if len(best) == 1 else None


@dataclass
class _Row:
    mention: URIRef
    indicator: URIRef
    document: URIRef
    line: int
    columns: list[int]
    outcomes: list[URIRef]  # flagged outcomes of the row, in year order
    values: list[Decimal]  # their values


@dataclass
class Flagged:
    """What aligning reads of one graph: a held graph can wait on disk (graph/batch.py) while
    this stays in memory."""

    named: list[Named]  # its outcomes with named years
    rows: list[_Row]  # its flagged rows
    documents: set[str]  # IRIs of its sg:Dokument
    taken: set[str]  # the ids a row could move to that the graph already has


@dataclass(frozen=True)
class Move:
    """An aligned row of the graph that `key` names in the mapping given to `plan`."""

    key: str
    row: _Row
    aligned: Aligned


def flagged(graph: Graph) -> Flagged:
    """What `plan` needs of `graph`."""
    rows = _flagged(graph)
    ids = {_id(old, year) for row in rows for old in row.outcomes for year in row.columns}
    return Flagged(
        named_outcomes(graph),
        rows,
        {str(d) for d in graph.subjects(RDF.type, SG.Dokument)},
        {str(i) for i in ids if (i, None, None) in graph},
    )


def _id(old: URIRef, year: int) -> URIRef:
    """The id of a flagged outcome moved to `year`: `<doc>/utfall/<slug>/<year>`."""
    return URIRef(f"{str(old).rsplit('/', 1)[0]}/{year}")


def _flagged(graph: Graph) -> list[_Row]:
    rows = []
    for mention in sorted({m for m in graph.subjects(SG.kolumnar, None)}, key=str):
        ind, doc, line = (graph.value(mention, p) for p in (SG.avser, SG.dokument, SG.kallrad))
        if not (isinstance(ind, URIRef) and isinstance(doc, URIRef)):
            continue
        if not (isinstance(mention, URIRef) and isinstance(line, Literal)):
            continue
        outcomes = [
            o
            for o in graph.subjects(SG.avserIndikator, ind)
            if isinstance(o, URIRef)
            and (o, RDF.type, SG.Utfall) in graph
            and graph.value(o, SG.kallrad) == line
            and graph.value(o, SG.tolkningsvarning) is not None
        ]
        if not outcomes:
            continue  # already aligned
        outcomes.sort(key=lambda o: str(graph.value(o, SG.ar)))
        columns = sorted(int(str(y)[:4]) for y in graph.objects(mention, SG.kolumnar))
        values = [Decimal(str(graph.value(o, SG.varde))) for o in outcomes]
        rows.append(_Row(mention, ind, doc, int(str(line)), columns, outcomes, values))
    return rows


def _move(graph: Graph, row: _Row, years: Years, by: Iterable[str]) -> None:
    """Give the row's outcomes their new years (`plan` made sure no other outcome has them)."""
    moved = {old: list(graph.predicate_objects(old)) for old in row.outcomes}
    for old in row.outcomes:
        graph.remove((old, None, None))
    for old, year in zip(row.outcomes, years, strict=True):
        new = _id(old, year)
        for p, o in moved[old]:
            if p not in (SG.tolkningsvarning, SG.ar):
                graph.add((new, p, o))
        graph.add((new, SG.ar, Literal(str(year), datatype=XSD.gYear)))
        for doc in by:
            graph.add((new, SG.arEnligt, URIRef(doc)))


def plan(graphs: Mapping[str, Flagged], stored: Iterable[Named] = ()) -> list[Move]:
    """The rows of `graphs` to align with the named outcomes of the other graphs and `stored`
    (outcomes already in the store, of documents not in `graphs`), in the order to move them:
    a row is left as it is when an outcome of its graph already has one of its new ids."""
    named = [n for g in graphs.values() for n in g.named] + list(stored)
    by_indicator: dict[str, list[Named]] = defaultdict(list)
    for n in named:
        by_indicator[n.indicator].append(n)
    done: list[Move] = []
    for key, graph in graphs.items():
        taken = set(graph.taken)  # as it changes with the graph's earlier moves
        for row in graph.rows:
            others = [
                n for n in by_indicator[str(row.indicator)] if n.document != str(row.document)
            ]
            known: dict[int, set[Decimal]] = defaultdict(set)
            for n in others:
                known[n.year].add(n.value)
            years = choose(row.values, row.columns, known)
            if years is None:
                continue
            olds = {str(o) for o in row.outcomes}
            news = {str(_id(o, y)) for o, y in zip(row.outcomes, years, strict=True)}
            if any(new not in olds and new in taken for new in news):
                continue
            taken = (taken - olds) | news
            by = sorted(
                {
                    n.document
                    for n in others
                    for v, y in zip(row.values, years, strict=True)
                    if n.year == y and n.value == v
                }
            )
            done.append(Move(key, row, Aligned(str(row.document), row.line, years, tuple(by))))
    return done


def apply(graph: Graph, moves: Iterable[Move]) -> None:
    """Make the moves `plan` chose in `graph` (changed in place), in their order."""
    for move in moves:
        _move(graph, move.row, move.aligned.years, move.aligned.by)


def align(graphs: Mapping[str, Graph], stored: Iterable[Named] = ()) -> list[Aligned]:
    """Align the flagged rows of `graphs` (changed in place) with the named outcomes of the
    other graphs and `stored` (outcomes already in the store, of documents not in `graphs`)."""
    moves = plan({key: flagged(graph) for key, graph in graphs.items()}, stored)
    for key, graph in graphs.items():
        apply(graph, (m for m in moves if m.key == key))
    return [m.aligned for m in moves]


def stored_outcomes(
    version: Version, graphs: Mapping[str, Flagged], ours: Iterable[str] = ()
) -> list[Named]:
    """Named outcomes in the store of the indicators `graphs` have flagged rows for, from
    documents other than those of `graphs` and the IRIs `ours` (which the batch replaces)."""
    indicators = sorted({str(r.indicator) for g in graphs.values() for r in g.rows})
    if not indicators:
        return []
    replaced = {d for g in graphs.values() for d in g.documents} | set(ours)
    values = " ".join(f"<{i}>" for i in indicators)
    rows = GraphStore(version.path.parent.parent).query(f"""
        SELECT DISTINCT ?i ?y ?v ?d WHERE {{ VALUES ?i {{ {values} }}
            ?u a <{SG.Utfall}> ; <{SG.avserIndikator}> ?i ; <{SG.ar}> ?y ; <{SG.varde}> ?v ;
               <{SG.dokument}> ?d .
            FILTER NOT EXISTS {{ ?u <{SG.tolkningsvarning}> ?w }} }}""")
    return [
        Named(r["i"].value, int(r["y"].value[:4]), Decimal(r["v"].value), r["d"].value)
        for r in rows
        if r["d"].value not in replaced
    ]
