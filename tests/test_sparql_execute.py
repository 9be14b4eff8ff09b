"""Query evaluation and serialization inside a worker (search_api.sparql.execute), in-process.

Solutions travel through SPARQL JSON written by execute.term_json and are re-serialized by
pyoxigraph; the output must be exactly what pyoxigraph writes for the same query directly."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from search_api.sparql import jobs
from search_api.sparql.execute import StoreCache, execute
from search_api.sparql.negotiation import (
    SPARQL_CSV,
    SPARQL_JSON,
    SPARQL_TSV,
    SPARQL_XML,
    Format,
)
from tests.support.sparql import job

BASE = "http://example.org/sparql"
TERMS = """
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?iri ?plain ?lang ?int ?date ?unbound ?escapes ?dir ?triple WHERE {
  VALUES (?iri ?plain ?lang ?int ?date ?unbound ?escapes) {
    (<http://example.org/å?q=1#x> "plain" "på svenska"@sv 42 "2023-03-07"^^xsd:date UNDEF
     "tab\\tnewline\\n\\"quoted\\", comma")
    (<http://example.org/2> "" "x"@en-GB -1.5e3 true UNDEF "\\\\")
  }
  BIND(STRLANGDIR("مرحبا", "ar", "rtl") AS ?dir)
  BIND(<<( <http://example.org/s> <http://example.org/p> 1 )>> AS ?triple)
}"""


@pytest.mark.parametrize("fmt", [SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV])
def test_solutions_are_serialized_exactly_like_pyoxigraph(sparql_store: Path, fmt: Format) -> None:
    reply = execute(StoreCache(), job(sparql_store, TERMS, fmt, base_iri=BASE))
    assert reply.ok, reply.message
    assert reply.media_type == fmt.media_type and reply.count == 2
    native = ox.Store.read_only(str(sparql_store)).query(TERMS, use_default_graph_as_union=True)
    assert isinstance(native, ox.QuerySolutions)
    assert reply.body == native.serialize(format=getattr(ox.QueryResultsFormat, fmt.name))


def test_blank_nodes_keep_their_identity(sparql_store: Path) -> None:
    query = "SELECT ?a ?b WHERE { BIND(BNODE('x') AS ?a) BIND(?a AS ?b) }"
    reply = execute(StoreCache(), job(sparql_store, query, base_iri=BASE))
    parsed = ox.parse_query_results(reply.body, ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QuerySolutions)
    [row] = list(parsed)
    assert isinstance(row["a"], ox.BlankNode) and row["a"] == row["b"]


def test_caps_and_errors(sparql_store: Path, tmp_path: Path) -> None:
    cache = StoreCache()
    assert execute(cache, job(sparql_store, "SELECT * { ?s ?p ?o }", max_results=52)).count == 52
    over = execute(cache, job(sparql_store, "SELECT * { ?s ?p ?o }", max_results=51))
    assert (over.error, over.unit) == (jobs.TOO_LARGE, "rows")
    assert execute(cache, job(sparql_store, "SELECT * {")).error == jobs.SYNTAX
    assert execute(cache, job(tmp_path / "gone", "ASK {}")).error == jobs.STORE


def test_store_cache_keeps_the_most_recent_versions(sparql_store: Path) -> None:
    cache = StoreCache(limit=2)
    first = cache.get(str(sparql_store), "v1")
    assert cache.get(str(sparql_store), "v1") is first
    cache.get(str(sparql_store), "v2")
    cache.get(str(sparql_store), "v3")
    assert cache.get(str(sparql_store), "v1") is not first  # evicted and reopened
