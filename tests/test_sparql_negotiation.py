"""Accept-header negotiation (search_api.sparql.negotiation), without HTTP."""

from __future__ import annotations

import pytest

from search_api.sparql.negotiation import (
    ASK_OFFERS,
    GRAPH_OFFERS,
    JSON_LD,
    N_TRIPLES,
    RDF_XML,
    SELECT_OFFERS,
    SPARQL_CSV,
    SPARQL_JSON,
    SPARQL_TSV,
    SPARQL_XML,
    TURTLE,
    Format,
    negotiate,
    parse_accept,
)


@pytest.mark.parametrize(
    ("accept", "select", "graph"),
    [
        (None, SPARQL_JSON, TURTLE),
        ("", SPARQL_JSON, TURTLE),
        ("*/*", SPARQL_JSON, TURTLE),
        ("text/csv", SPARQL_CSV, None),
        ("text/tab-separated-values", SPARQL_TSV, None),
        ("application/sparql-results+xml", SPARQL_XML, None),
        ("application/json", SPARQL_JSON, JSON_LD),
        ("application/n-triples", None, N_TRIPLES),
        ("application/ld+json", None, JSON_LD),
        ("application/rdf+xml", None, RDF_XML),
        ("text/*", SPARQL_CSV, TURTLE),
        ("application/*", SPARQL_JSON, JSON_LD),
        # q-values decide, not the order in the header
        ("text/csv;q=0.5, application/sparql-results+xml", SPARQL_XML, None),
        ("application/sparql-results+xml;q=0.2, text/csv;q=0.9", SPARQL_CSV, None),
        ("text/turtle;q=0.1, application/n-triples;q=0.8", None, N_TRIPLES),
        # the most specific range sets the quality: text/csv is refused despite text/*
        ("text/*, text/csv;q=0", SPARQL_TSV, TURTLE),
        ("*/*;q=0.1, application/ld+json", SPARQL_JSON, JSON_LD),
        ("*/*;q=0", None, None),
        # equal quality: the server's preference order
        ("text/csv, application/sparql-results+json", SPARQL_JSON, None),
        # parameters other than q are ignored, case does not matter
        ("Application/SPARQL-Results+JSON; charset=utf-8", SPARQL_JSON, None),
        ("text/html", None, None),
        ("garbage, text/csv;q=nope, text/turtle;q=2", None, None),
    ],
)
def test_negotiate(accept: str | None, select: Format | None, graph: Format | None) -> None:
    assert negotiate(accept, SELECT_OFFERS) == select
    assert negotiate(accept, GRAPH_OFFERS) == graph


def test_ask_offers_no_csv_or_tsv() -> None:
    assert negotiate("text/csv", ASK_OFFERS) is None
    assert negotiate("text/csv, application/sparql-results+xml;q=0.1", ASK_OFFERS) == SPARQL_XML


def test_parse_accept_drops_malformed_ranges() -> None:
    ranges = parse_accept("text/csv;q=0.5, nonsense, */json, application/json;q=x, text/*")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [("text", "csv", 0.5), ("text", "*", 1.0)]
