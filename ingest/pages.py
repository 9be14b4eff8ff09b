"""Put the page each parsed item stands on into the graph: sg:sida beside sg:kallrad.

Every engine records the line an item starts on (sg:kallrad); the source knows the page of
every line (PDF, Word with recorded page breaks, text with form feeds or `<!-- sida N -->`
markers). Doing this once after parsing keeps the engines free of page bookkeeping; a node an
engine already gave a page keeps it.
"""

from __future__ import annotations

from rdflib import Graph, Literal

from ingest.source import SourceText
from ontology import SG


def add_pages(graph: Graph, source: SourceText) -> None:
    """Add sg:sida to every node of `graph` with a sg:kallrad and no page yet."""
    if not source.pages:
        return
    for node, line in list(graph.subject_objects(SG.kallrad)):
        if (node, SG.sida, None) in graph:
            continue
        try:
            page = source.page_of(int(str(line)))
        except ValueError:
            continue
        if page is not None:
            graph.add((node, SG.sida, Literal(page)))
