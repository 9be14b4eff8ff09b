"""One way errors reach HTTP: every router family's errors come out of the one handler with the
status and title of the one table (search_api/errors.py KINDS), as problem+json on the API and
as a Swedish page, chosen by the problem's code, on the web pages."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from graph.errors import ValidationFailed
from graph.validation import validate
from ingest.errors import DocumentError, NoGraph, NotFound, QueryError, StoreError
from search_api.app import create_app
from search_api.core import Styrgraf
from search_api.errors import (
    EXIT_INTERNAL,
    EXIT_STORE,
    EXIT_USAGE,
    EXIT_VIOLATIONS,
    KINDS,
    PROBLEM,
    InvalidParameters,
    ParameterProblem,
    Problem,
    exit_code,
    problem_for,
)
from search_api.web.errors import WORDINGS
from tests.conftest import DOC

GOAL = f"{DOC}/mal/3.4.1.1"
UNKNOWN = f"{DOC}/mal/9.9.9"


@pytest.fixture(scope="module")
def client(core: Styrgraf) -> TestClient:
    return TestClient(create_app(core))


@pytest.fixture
def empty(fresh: Styrgraf) -> TestClient:
    """The app over a data dir where nothing has been ingested yet."""
    return TestClient(create_app(fresh))


# (router family, method, path, headers, code of KINDS the answer must have)
API_ERRORS: list[tuple[str, str, str, dict[str, str], str]] = [
    ("search", "GET", "/search?q=", {}, "invalid-parameter"),
    ("search", "GET", "/search?q=+&k=0&type=bog", {}, "invalid-parameter"),
    ("sparql", "GET", "/sparql?query=SELEC", {}, "malformed-query"),
    ("sparql", "GET", "/sparql", {}, "bad-sparql-request"),
    (
        "sparql",
        "GET",
        "/sparql?query=INSERT+DATA+%7B%3Ca%3E+%3Cb%3E+%3Cc%3E%7D",
        {},
        "updates-not-allowed",
    ),
    ("sparql", "PUT", "/sparql", {}, "method-not-allowed"),
    ("sparql", "GET", "/sparql?query=ASK%7B%7D", {"Accept": "image/png"}, "not-acceptable"),
    ("entities", "GET", f"/entities/{UNKNOWN}", {}, "not-found"),
    ("entities", "GET", "/entities/a//b", {}, "bad-request"),
    ("entities", "GET", "/entities?type=bog", {}, "invalid-parameter"),
    ("entities", "GET", "/entities?ursprung=KS", {}, "invalid-parameter"),
    ("entities", "GET", f"/entities/{GOAL}", {"Accept": "image/png"}, "not-acceptable"),
    ("gaps", "GET", "/gaps/finns-inte", {}, "not-found"),
    ("gaps", "GET", "/gaps/mal-utan-indikatorer?format=pdf", {}, "invalid-parameter"),
    ("topics", "GET", "/amnen/finns-inte", {}, "not-found"),
    ("topics", "GET", "/amnen/-inte-ett-id", {}, "invalid-parameter"),
    ("web", "GET", "/static/web/finns-inte.css", {}, "not-found"),
    ("app", "GET", "/finns-inte", {}, "not-found"),
    ("app", "DELETE", "/health", {}, "method-not-allowed"),
]


def assert_problem(response: Any, code: str) -> dict[str, Any]:
    status, title = KINDS[code]
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert (body["type"], body["title"], body["status"]) == ("about:blank", title, status)
    assert body["detail"]
    return body


@pytest.mark.parametrize(("family", "method", "path", "headers", "code"), API_ERRORS)
def test_every_api_error_is_a_problem_of_the_one_table(
    client: TestClient, family: str, method: str, path: str, headers: dict[str, str], code: str
) -> None:
    body = assert_problem(client.request(method, path, headers=headers), code)
    if code == "invalid-parameter":  # each bad parameter named, with its valid values
        assert body["errors"] and all(e["parameter"] for e in body["errors"])


def test_request_validation_names_every_parameter_with_declared_values(
    client: TestClient,
) -> None:
    body = assert_problem(client.get("/search?q=+&k=0&type=bog"), "invalid-parameter")
    errors = {e["parameter"]: e for e in body["errors"]}
    assert list(errors) == ["q", "k", "type"]
    assert errors["k"]["valid_values"] == "1..100"
    assert errors["type"]["valid_values"][:2] == ["mal", "fokusomrade"]
    assert "the question is missing or empty" in errors["q"]["message"]
    listing = assert_problem(client.get("/entities?offset=-1"), "invalid-parameter")
    assert listing["errors"] == [
        {
            "parameter": "offset",
            "message": "Input should be greater than or equal to 0",
            "valid_values": "0 or more",
        }
    ]


def test_sparql_refusals_keep_their_headers(client: TestClient) -> None:
    put = assert_problem(client.put("/sparql"), "method-not-allowed")
    assert "GET or POST" in put["detail"]
    assert client.put("/sparql").headers["allow"] == "GET, POST"
    media = client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"})
    assert_problem(media, "unsupported-media-type")
    assert media.headers["accept-post"].startswith("application/x-www-form-urlencoded")


# (path, code): the web pages answer the same errors as Swedish pages
WEB_ERRORS = [
    (f"/sida/{UNKNOWN}", "unknown-entity"),
    ("/sida/a//b", "unknown-entity"),
    ("/rapporter/finns-inte", "unknown-report"),
    ("/sparql-editor?exempel=finns-inte", "unknown-example"),
    ("/amne/finns-inte", "unknown-topic"),
]


@pytest.mark.parametrize(("path", "code"), WEB_ERRORS)
def test_every_web_error_is_a_swedish_page_chosen_by_code(
    client: TestClient, path: str, code: str
) -> None:
    response = client.get(path)
    assert response.status_code == KINDS[code].status
    assert response.headers["content-type"].startswith("text/html")
    assert f"<h1>{WORDINGS[code].title}</h1>" in response.text
    assert '<html lang="sv">' in response.text and "Traceback" not in response.text


def test_unknown_entity_page_names_the_id(client: TestClient) -> None:
    text = client.get(f"/sida/{UNKNOWN}").text
    assert f"Det finns ingen post med id »{UNKNOWN}«." in text
    assert '<a href="/">Sök efter det du letar efter</a>' in text


@pytest.mark.parametrize(
    "path",
    [
        "/search?q=hemlöshet",
        f"/entities/{GOAL}",
        "/entities",
        "/gaps/mal-utan-indikatorer",
        "/amnen",
    ],
)
def test_no_graph_is_one_problem_on_every_json_route(empty: TestClient, path: str) -> None:
    body = assert_problem(empty.get(path), "no-graph")
    assert "ingest" in body["detail"]


@pytest.mark.parametrize("path", ["/", f"/sida/{GOAL}", "/rapporter", "/malomraden", "/amne"])
def test_no_graph_is_the_same_status_as_a_swedish_page(empty: TestClient, path: str) -> None:
    response = empty.get(path)
    assert response.status_code == KINDS["no-graph"].status == 404
    assert "<h1>Grafen är inte inläst</h1>" in response.text


# ------------------------------------------------------------- the mapping, without HTTP


def test_domain_errors_map_by_class_to_one_code_and_one_exit_code() -> None:
    cases: list[tuple[BaseException, str, int]] = [
        (InvalidParameters([ParameterProblem("k", "too big", "1..100")]), "invalid-parameter", 2),
        (DocumentError("x.txt", "empty"), "bad-request", EXIT_USAGE),
        (QueryError("malformed"), "bad-request", EXIT_USAGE),
        (NoGraph("no graph in d yet"), "no-graph", EXIT_USAGE),
        (NotFound("no entity 'x'"), "not-found", EXIT_USAGE),
        (StoreError("cannot open"), "store-unavailable", EXIT_STORE),
        (Problem("endpoint-busy", "no slot"), "endpoint-busy", EXIT_STORE),
        (Problem("method-not-allowed", "PUT"), "method-not-allowed", EXIT_USAGE),
        (ValidationFailed(validate(Graph())), "validation-failed", EXIT_VIOLATIONS),
        (RuntimeError("bug"), "internal", EXIT_INTERNAL),
    ]
    for error, code, exit_status in cases:
        problem = problem_for(error)
        assert (problem.code, problem.status, problem.title) == (code, *KINDS[code])
        assert exit_code(error) == exit_status, error
    assert problem_for(RuntimeError("secret")).detail == (
        "an internal error occurred; it has been logged"
    )
