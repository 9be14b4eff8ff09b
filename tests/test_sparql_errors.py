"""What the SPARQL endpoint refuses, and how: malformed protocol requests, updates, SERVICE,
oversized queries. Every refusal is an application/problem+json body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

import pytest
from fastapi.testclient import TestClient

from tests.support.sparql import PREFIXES, build_store, make_app

MAX_QUERY_CHARS = 2000
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = build_store(tmp_path_factory.mktemp("sparql-errors") / "store")
    with TestClient(make_app(store, max_query_chars=MAX_QUERY_CHARS)) as test_client:
        yield test_client


class HasResponse(Protocol):
    @property
    def status_code(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def headers(self) -> Any: ...
    def json(self) -> Any: ...


def assert_problem(response: HasResponse, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"type", "title", "status", "detail"}
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


# (id, method, url, headers, body, expected status)
MALFORMED: list[tuple[str, str, str, dict[str, str], bytes | None, int]] = [
    ("get without query", "GET", "/sparql", {}, None, 400),
    ("get with empty query", "GET", "/sparql?query=", {}, None, 400),
    ("get with blank query", "GET", "/sparql?query=%20%0A", {}, None, 400),
    ("repeated query", "GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", {}, None, 400),
    ("query in url and form body", "POST", "/sparql?query=ASK%7B%7D",
     {"Content-Type": FORM}, b"query=ASK%7B%7D", 400),
    ("query in url and direct body", "POST", "/sparql?query=ASK%7B%7D",
     {"Content-Type": DIRECT}, b"ASK {}", 400),
    ("repeated query in form body", "POST", "/sparql",
     {"Content-Type": FORM}, b"query=ASK%7B%7D&query=ASK%7B%7D", 400),
    ("form body without query", "POST", "/sparql", {"Content-Type": FORM}, b"q=ASK", 400),
    ("post without content type", "POST", "/sparql", {}, b"ASK {}", 400),
    ("form without content type", "POST", "/sparql", {}, b"query=ASK%7B%7D", 400),
    ("post as text/plain", "POST", "/sparql", {"Content-Type": "text/plain"}, b"ASK {}", 415),
    ("post as json", "POST", "/sparql",
     {"Content-Type": "application/json"}, b'{"query": "ASK {}"}', 415),
    ("direct body in utf-16", "POST", "/sparql",
     {"Content-Type": DIRECT + "; charset=UTF-16"}, "ASK {}".encode("utf-16"), 415),
    ("direct body not utf-8", "POST", "/sparql",
     {"Content-Type": DIRECT}, 'ASK { ?s ?p "å" }'.encode("latin-1"), 400),
    ("form body not utf-8", "POST", "/sparql",
     {"Content-Type": FORM}, b"query=ASK%20%7B%20%3Fs%20%3Fp%20%22%E5%22%20%7D", 400),
    ("url not utf-8", "GET", "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%22%E5%22%20%7D",
     {}, None, 400),
    ("bad default-graph-uri", "GET", "/sparql?query=ASK%7B%7D&default-graph-uri=not%20an%20iri",
     {}, None, 400),
    ("bad named-graph-uri", "POST", "/sparql",
     {"Content-Type": FORM}, b"query=ASK%7B%7D&named-graph-uri=rel", 400),
    ("syntax error", "GET", "/sparql?query=ASK%20%7B", {}, None, 400),
    ("put", "PUT", "/sparql?query=ASK%7B%7D", {"Content-Type": FORM}, b"", 405),
    ("delete", "DELETE", "/sparql?query=ASK%7B%7D", {}, None, 405),
    ("patch", "PATCH", "/sparql", {"Content-Type": DIRECT}, b"ASK {}", 405),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "url", "headers", "body", "status"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_malformed_requests(
    client: TestClient,
    method: str,
    url: str,
    headers: dict[str, str],
    body: bytes | None,
    status: int,
) -> None:
    response = client.request(method, url, headers=headers, content=body)
    problem = assert_problem(response, status)
    if status == 405:
        assert response.headers["allow"] == "GET, POST"
    if status == 415:
        assert "application/sparql-query" in problem["detail"]


def test_syntax_error_carries_the_parser_message(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?p }"})
    problem = assert_problem(response, 400)
    assert problem["title"] == "Malformed query"
    assert problem["detail"].startswith("error at 1:")


def test_query_too_long(client: TestClient) -> None:
    long_query = "SELECT * {}" + " " * MAX_QUERY_CHARS
    problem = assert_problem(client.get("/sparql", params={"query": long_query}), 413)
    assert str(MAX_QUERY_CHARS) in problem["detail"]
    response = client.post("/sparql", content=long_query, headers={"Content-Type": DIRECT})
    assert_problem(response, 413)
    huge = b"query=" + b"%20" * (12 * MAX_QUERY_CHARS + 70_000)
    assert_problem(client.post("/sparql", content=huge, headers={"Content-Type": FORM}), 413)


UPDATES = [
    "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX sg: <https://w3id.org/styrgraf/ns#> DELETE { ?m ?p ?o } WHERE { ?m a sg:Mal ; ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <https://styrgraf.example/id/graf/vp-2023-sn-sydvast>",
    "CREATE GRAPH <http://example.org/g>",
    "COPY DEFAULT TO <http://example.org/g>",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_however_they_come(client: TestClient, update: str) -> None:
    attempts = [
        client.get("/sparql", params={"update": update}),
        client.post("/sparql", data={"update": update}),
        client.post(
            "/sparql", content=update, headers={"Content-Type": "application/sparql-update"}
        ),
        client.get("/sparql", params={"query": update}),
        client.post("/sparql", data={"query": update}),
        client.post("/sparql", content=update, headers={"Content-Type": DIRECT}),
    ]
    for response in attempts:
        problem = assert_problem(response, 403)
        assert "read-only" in problem["detail"]
    # and nothing changed
    count = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert count.json()["results"]["bindings"][0]["n"]["value"] == "52"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o . SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?x } }",
        "PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICE:sparql { ?s ?p ?o } }",
        "SELECT * { ?x ?y ?z } VALUES ?e { <http://127.0.0.1:9/> }",  # allowed: no SERVICE
    ],
)
def test_service_is_refused(client: TestClient, query: str) -> None:
    response = client.get("/sparql", params={"query": query})
    if "SERVICE" not in query:
        assert response.status_code == 200
        return
    problem = assert_problem(response, 403)
    assert problem["title"] == "SERVICE not allowed"
    assert "never fetches" in problem["detail"]


def test_the_word_service_in_a_literal_is_allowed(client: TestClient) -> None:
    query = (
        PREFIXES
        + """
        # SERVICE <http://127.0.0.1:9/sparql> in a comment is fine too
        SELECT ?u ?c WHERE {
          ?u rdfs:comment ?c .
          FILTER(CONTAINS(?c, "SERVICE"))
          BIND("SERVICE <http://127.0.0.1:9/> { }" AS ?ignored)
        }"""
    )
    response = client.post("/sparql", data={"query": query})
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    assert len(rows) == 1
    assert rows[0]["u"]["value"].endswith("/uppdrag/3.4.2.1")
    assert "Customer SERVICE desk" in rows[0]["c"]["value"]


def test_dataset_iris_are_never_fetched(client: TestClient) -> None:
    """FROM, FROM NAMED and the protocol dataset only select graphs of the local store: an IRI
    that is not there is an empty graph, not a download (port 9 would fail loudly if tried)."""
    remote = "http://127.0.0.1:9/data.ttl"
    query = f"SELECT (COUNT(*) AS ?n) FROM <{remote}> FROM NAMED <{remote}> {{ ?s ?p ?o }}"
    for params in (
        {"query": query},
        {"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "default-graph-uri": remote},
    ):
        response = client.get("/sparql", params=params)
        assert response.status_code == 200, response.text
        assert response.json()["results"]["bindings"][0]["n"]["value"] == "0"
