"""The SPARQL endpoint through FastAPI's TestClient: result formats, content negotiation, the
dataset (union default graph, FROM, protocol dataset), the result-size cap and store swaps."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.compare import isomorphic

from tests.support.sparql import GOALS, ID, NEWS_GRAPH, PLAN_GRAPH, PREFIXES, build_store, make_app

GRAPH_QUERY = (
    PREFIXES
    + "CONSTRUCT { ?goal skos:prefLabel ?label } WHERE { ?goal a sg:Mal ; skos:prefLabel ?label }"
)
SRX = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def client(sparql_store: Path) -> Iterator[TestClient]:
    with TestClient(make_app(sparql_store)) as test_client:
        yield test_client


def media_type(response: object) -> str:
    content_type: str = response.headers["content-type"]  # type: ignore[attr-defined]
    return content_type.split(";")[0].strip()


def test_select_json_is_the_default(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": GOALS})
    assert response.status_code == 200
    assert media_type(response) == "application/sparql-results+json"
    assert response.headers["x-graph-version"] == "v1"
    assert "accept" in response.headers["vary"].lower()
    body = response.json()
    assert body["head"]["vars"] == ["goal", "label", "section"]
    rows = body["results"]["bindings"]
    assert [row["section"]["value"] for row in rows] == ["3.3.1.1", "3.4.1.1"]
    assert rows[1]["label"] == {
        "type": "literal",
        "value": "Hemlösheten ska upphöra till 2028.",
        "xml:lang": "sv",
    }
    assert rows[1]["goal"] == {"type": "uri", "value": ID + "vp-2023-sn-sydvast/mal/3.4.1.1"}


def test_select_xml(client: TestClient) -> None:
    response = client.get(
        "/sparql", params={"query": GOALS}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert media_type(response) == "application/sparql-results+xml"
    root = ET.fromstring(response.content)
    results = root.findall(f"{SRX}results/{SRX}result")
    assert len(results) == 2
    literals = [el.text for el in root.iter(f"{SRX}literal")]
    assert "Hemlösheten ska upphöra till 2028." in literals


def test_select_csv(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": GOALS}, headers={"Accept": "text/csv"})
    assert media_type(response) == "text/csv"
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["goal", "label", "section"]
    assert rows[2] == [
        ID + "vp-2023-sn-sydvast/mal/3.4.1.1",
        "Hemlösheten ska upphöra till 2028.",
        "3.4.1.1",
    ]


def test_select_tsv(client: TestClient) -> None:
    response = client.get(
        "/sparql", params={"query": GOALS}, headers={"Accept": "text/tab-separated-values"}
    )
    assert media_type(response) == "text/tab-separated-values"
    lines = response.text.splitlines()
    assert lines[0] == "?goal\t?label\t?section"
    parsed = ox.parse_query_results(response.content, ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)
    rows = list(parsed)
    assert rows[1]["label"] == ox.Literal("Hemlösheten ska upphöra till 2028.", language="sv")


@pytest.mark.parametrize(
    ("accept", "expected"),
    [(None, "application/sparql-results+json"), ("application/sparql-results+xml", None)],
)
def test_ask(client: TestClient, accept: str | None, expected: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    query = PREFIXES + "ASK { ?m a sg:Mal ; sg:avsnitt '3.4.1.1' }"
    response = client.get("/sparql", params={"query": query}, headers=headers)
    assert response.status_code == 200
    assert media_type(response) == (expected or accept)
    result = ox.parse_query_results(
        response.content,
        ox.QueryResultsFormat.from_media_type(media_type(response)),
    )
    assert isinstance(result, ox.QueryBoolean) and bool(result)


@pytest.mark.parametrize(
    ("accept", "expected", "rdflib_format"),
    [
        (None, "text/turtle", "turtle"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
    ],
)
def test_construct_formats(
    client: TestClient, accept: str | None, expected: str, rdflib_format: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.post("/sparql", data={"query": GRAPH_QUERY}, headers=headers)
    assert response.status_code == 200, response.text
    assert media_type(response) == expected
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert len(graph) == 2
    label = graph.value(rdflib.URIRef(ID + "vp-2023-sn-sydvast/mal/3.4.1.1"), rdflib.SKOS.prefLabel)
    assert label == rdflib.Literal("Hemlösheten ska upphöra till 2028.", lang="sv")


def test_json_ld_is_the_same_graph_as_n_triples(client: TestClient) -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    json_ld = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/ld+json"}
    )
    n_triples = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/n-triples"}
    )
    nodes = json.loads(json_ld.text)  # expanded JSON-LD: a list of node objects
    assert isinstance(nodes, list) and all("@id" in node for node in nodes)
    from_json_ld = rdflib.Graph().parse(data=json_ld.content, format="json-ld")
    from_n_triples = rdflib.Graph().parse(data=n_triples.content, format="nt")
    assert len(from_json_ld) == 52
    assert isomorphic(from_json_ld, from_n_triples)


def test_turtle_uses_the_query_prefixes(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": GRAPH_QUERY})
    assert "@prefix skos: <http://www.w3.org/2004/02/skos/core#> ." in response.text
    assert "skos:prefLabel" in response.text


def test_describe(client: TestClient) -> None:
    query = f"DESCRIBE <{ID}vp-2023-sn-sydvast/uppdrag/3.4.2.1>"
    response = client.get("/sparql", params={"query": query})
    assert media_type(response) == "text/turtle"
    graph = rdflib.Graph().parse(data=response.content, format="turtle")
    assert (None, rdflib.URIRef("https://w3id.org/styrgraf/ns#overfort"), None) in graph


@pytest.mark.parametrize(
    ("accept", "query", "expected"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml", GOALS, "application/sparql-results+xml"),
        ("application/sparql-results+xml;q=0.1, text/csv", GOALS, "text/csv"),
        ("text/*;q=0.9, */*;q=0.1", GOALS, "text/csv"),
        ("text/*, text/csv;q=0", GOALS, "text/tab-separated-values"),
        ("application/json", GOALS, "application/sparql-results+json"),
        ("text/turtle;q=0.2, application/n-triples", GRAPH_QUERY, "application/n-triples"),
        ("application/*;q=0.5, text/turtle;q=0.4", GRAPH_QUERY, "application/ld+json"),
        (
            "text/csv, application/sparql-results+xml;q=0.3",
            "ASK {}",
            "application/sparql-results+xml",
        ),
    ],
)
def test_negotiation_with_q_values(
    client: TestClient, accept: str, query: str, expected: str
) -> None:
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert media_type(response) == expected


@pytest.mark.parametrize(
    ("accept", "query"),
    [
        ("text/turtle", GOALS),
        ("text/html", GOALS),
        ("application/sparql-results+json;q=0, text/plain", GOALS),
        ("text/csv", GRAPH_QUERY),
        ("application/sparql-results+json", GRAPH_QUERY),
        ("text/csv", "ASK {}"),
    ],
)
def test_not_acceptable(client: TestClient, accept: str, query: str) -> None:
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406
    assert media_type(response) == "application/problem+json"
    assert "available:" in response.json()["detail"]


def count(client: TestClient, query: str, **dataset: str | list[str]) -> int:
    response = client.get("/sparql", params={"query": query, **dataset})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_default_graph_is_the_union_of_the_named_graphs(client: TestClient) -> None:
    assert count(client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == 52
    assert count(client, "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }") == 5
    # goals from the plan, mentioned by the news item: a join across two document graphs
    query = PREFIXES + "SELECT (COUNT(*) AS ?n) { ?news sg:namner ?goal . ?goal a sg:Mal }"
    assert count(client, query) == 1


def test_from_in_the_query_selects_the_default_graph(client: TestClient) -> None:
    assert count(client, f"SELECT (COUNT(*) AS ?n) FROM <{NEWS_GRAPH}> {{ ?s ?p ?o }}") == 4
    query = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{NEWS_GRAPH}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert count(client, query) == 4


def test_protocol_dataset_overrides_the_query(client: TestClient) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{PLAN_GRAPH}> {{ ?s ?p ?o }}"
    assert count(client, query, **{"default-graph-uri": NEWS_GRAPH}) == 4
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }"
    assert count(client, query, **{"named-graph-uri": [NEWS_GRAPH, PLAN_GRAPH]}) == 2
    # only named graphs given: the default graph is empty
    assert (
        count(client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", **{"named-graph-uri": NEWS_GRAPH})
        == 0
    )


@pytest.mark.parametrize("host", [None, "evil.example"])
def test_relative_iris_resolve_against_the_configured_base(
    client: TestClient, host: str | None
) -> None:
    """Never against the request's Host header, which the client chooses."""
    headers = {"Content-Type": "application/sparql-query", "Accept": "application/n-triples"}
    if host:
        headers["Host"] = host
    response = client.post("/sparql", content="CONSTRUCT { <s> <p> 1 } WHERE {}", headers=headers)
    assert response.status_code == 200
    assert response.text.startswith(
        "<https://styrgraf.example/id/s> <https://styrgraf.example/id/p> "
    )


def test_unicode_query_by_get_and_post(client: TestClient) -> None:
    query = PREFIXES + 'SELECT ?m { ?m skos:prefLabel ?l FILTER(CONTAINS(?l, "Hemlösheten")) }'
    by_get = client.get("/sparql", params={"query": query}).json()
    by_post = client.post(
        "/sparql",
        content=query.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-8"},
    ).json()
    assert by_get == by_post
    assert len(by_get["results"]["bindings"]) == 1


def test_result_size_cap(sparql_store: Path) -> None:
    with TestClient(make_app(sparql_store, max_results=10, workers=1)) as capped:
        response = capped.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
        assert response.status_code == 422
        assert media_type(response) == "application/problem+json"
        problem = response.json()
        assert problem["title"] == "Result too large"
        assert "more than 10 rows" in problem["detail"] and "LIMIT" in problem["detail"]
        response = capped.get("/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 10"})
        assert response.status_code == 200
        assert len(response.json()["results"]["bindings"]) == 10
        response = capped.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
        assert response.status_code == 422
        assert "more than 10 triples" in response.json()["detail"]


def test_store_swap_is_seen_by_the_next_request(tmp_path: Path, sparql_store: Path) -> None:
    other = build_store(tmp_path / "other", {"nyhet-2023.ttl": NEWS_GRAPH})
    current = [(sparql_store, "v1")]
    app = make_app(current=lambda: current[0], workers=1)
    query = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    with TestClient(app) as swapping:
        assert count(swapping, query) == 52
        current[0] = (other, "v2")
        response = swapping.get("/sparql", params={"query": query})
        assert response.headers["x-graph-version"] == "v2"
        assert count(swapping, query) == 4
        current[0] = (tmp_path / "missing", "v3")
        response = swapping.get("/sparql", params={"query": query})
        assert response.status_code == 503
        assert response.json()["title"] == "Graph unavailable"


def test_current_failing_gives_503(tmp_path: Path) -> None:
    def no_graph() -> tuple[Path, str]:
        raise LookupError("no graph yet; run styrgraf ingest first")

    with TestClient(make_app(current=no_graph, workers=1)) as broken:
        response = broken.get("/sparql", params={"query": "ASK {}"})
        assert response.status_code == 503
        assert "styrgraf ingest" in response.json()["detail"]
