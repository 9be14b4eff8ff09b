"""Indicator rows as RDF: the shared sg:Indikator, the goal or direktiv that follows it up
(none for verksamhetsmått),
one sg:Omnamnande per row, and a sg:Utfall / sg:Malvarde per year the row has a value for;
and to_graph, which maps a whole parse result."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import RDF, Graph, Literal, URIRef

from ingest.engine_api import KommunInfo, TemplateInfo
from ingest.iris import Iris
from ingest.malstyrning.ids import clean_label, label_slug
from ingest.malstyrning.model import IndicatorRow, Mention, Parsed
from ingest.malstyrning.rdf import Mapper
from ingest.model import DocumentMeta
from ontology import SG


def indicators(m: Mapper, owner: URIRef | None, is_goal: bool, rows: list[IndicatorRow]) -> None:
    """The rows' indicators, mentions and outcomes; `owner` is the goal or direktiv that
    follows them up (None for verksamhetsmått, which belong to no goal)."""
    sources: Mapping[str, str] = m.words.get("data_sources", {})
    directions: Mapping[str, str] = m.words.get("targets", {})
    drop = re.compile(str(m.words.get("indicator_name_drop", r"(?!)")))
    for row in rows:
        # The shared indicator's name without a document's own prefix ("Status direktiv:");
        # the mention keeps the wording as written.
        name = drop.sub("", row.name).strip() or row.name
        slug = label_slug(name)
        node = m.iris.of(f"{m.k}/indikator/{slug}")
        m.shared(node, SG.Indikator, clean_label(name))
        if owner is not None:
            m.g.add((owner, SG.indikator, node))
        if is_goal and owner is not None:
            m.g.add((node, SG.tillhorMal, owner))
        source = next((v for mark, v in sources.items() if mark in row.name), None)
        if source:
            m.g.add((node, SG.datakalla, Literal(source)))
        unassigned = row.warning if row.how == "none" else None
        said = Mention(row.section, row.line, row.source_text, row.name)
        mention = m.omnamnande(node, said, unassigned)
        for year in guessed_columns(row):
            m.g.add((mention, SG.kolumnar, m.year(year)))
        for year, value in sorted(row.outcomes.items()):
            if value.number is None:
                continue
            obs = m.iris.of(f"{m.meta.id}/utfall/{slug}/{year}")
            if (obs, RDF.type, SG.Utfall) in m.g:
                continue  # the same indicator repeated in another table of the document
            observation(m, obs, SG.Utfall, node, year, row, source)
            m.g.add((obs, SG.varde, Literal(value.number)))
            if value.unit:
                m.g.add((obs, SG.enhet, Literal(value.unit)))
            if row.how == "earliest" and row.warning:
                m.g.add((obs, SG.tolkningsvarning, Literal(row.warning)))
        for year, value in sorted(row.targets.items()):
            obs = m.iris.of(f"{m.meta.id}/malvarde/{slug}/{year}")
            if (obs, RDF.type, SG.Malvarde) in m.g:
                continue
            observation(m, obs, SG.Malvarde, node, year, row, None)
            m.g.add((obs, SG.malvarde, Literal(value.text)))
            if value.number is not None:
                m.g.add((obs, SG.varde, Literal(value.number)))
            if value.unit:
                m.g.add((obs, SG.enhet, Literal(value.unit)))
            direction = directions.get(value.target or "")
            if direction:
                m.g.add((obs, SG.riktning, SG[direction]))


def guessed_columns(row: IndicatorRow) -> list[int]:
    """The outcome years a row's values could stand in, when their years are a guess that
    outcomes of other documents may settle (graph/years.py): every value a number in an
    outcome column, so the outcomes in year order are the row's values in column order."""
    if row.how != "earliest" or not row.columns:
        return []
    if any(c.kind != "utfall" for c in row.columns):
        return []
    numbers = [v for v in row.outcomes.values() if v.number is not None]
    if len(numbers) != row.cells or not numbers:
        return []  # a "-" among the values: its position is lost in the graph
    return [c.year for c in row.columns]


def observation(
    m: Mapper,
    obs: URIRef,
    cls: URIRef,
    node: URIRef,
    year: int,
    row: IndicatorRow,
    source: str | None,
) -> None:
    g = m.g
    g.add((obs, RDF.type, cls))
    g.add((obs, SG.avserIndikator, node))
    g.add((obs, SG.ar, m.year(year)))
    g.add((obs, SG.dokument, m.doc))
    g.add((obs, SG.kalltext, Literal(row.source_text)))
    g.add((obs, SG.kallrad, Literal(row.line.no)))
    if row.line.page is not None:
        g.add((obs, SG.sida, Literal(row.line.page)))
    if source:
        g.add((obs, SG.datakalla, Literal(source)))


def to_graph(
    parsed: Parsed, iris: Iris, meta: DocumentMeta, template: TemplateInfo, kommun: KommunInfo
) -> Graph:
    """The document's named graph: document, kommun, goals, direktiv, then their indicators."""
    mapper = Mapper(iris, meta, template, kommun)
    mapper.document()
    goals = mapper.goals(parsed)
    directives = mapper.directives(parsed)
    for goal in parsed.goals:
        indicators(mapper, goals[goal.number], True, goal.indicators)
    for d in parsed.directives:
        indicators(mapper, directives[d.number], False, d.indicators)
    indicators(mapper, None, False, parsed.measures)
    return mapper.g
