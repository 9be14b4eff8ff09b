"""GET /search through FastAPI's TestClient on the app create_app builds."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from search_api.core import Styrgraf
from search_api.search.models import SEARCHABLE_TYPES

FIELDS = {
    "id",
    "iri",
    "type",
    "label",
    "snippet",
    "snippet_html",
    "score",
    "section",
    "goal_areas",
    "responsible",
    "source",
    "url",
}


@pytest.fixture(scope="module")
def client(ingested: Styrgraf) -> TestClient:
    return TestClient(create_app(ingested))


def problem_of(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/search", params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == 422 and body["title"] and body["detail"] and body["type"]
    return body


def test_search_answers_with_typed_results(client: TestClient) -> None:
    response = client.get("/search", params={"q": "vilka uppdrag rör hemlöshet?", "k": 5})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"query", "took_ms", "results", "hint"} and body["hint"] is None
    assert body["query"] == "vilka uppdrag rör hemlöshet?" and len(body["results"]) == 5
    assert all(set(r) == FIELDS for r in body["results"])
    assert "vp-2023-sn-sydvast/uppdrag/3.4.2.3" in [r["id"] for r in body["results"]]


def test_filters_are_query_parameters(client: TestClient) -> None:
    params: dict[str, str | int] = {
        "q": "våld",
        "type": "uppdrag",
        "malomrade": "trygghet-och-stadsutveckling",
        "namnd": "Socialnämnden Sydväst",
        "k": 100,
    }
    results = client.get("/search", params=params).json()["results"]
    assert results and all(r["type"] == "uppdrag" for r in results)
    assert all("Trygghet och stadsutveckling" in r["goal_areas"] for r in results)


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({}, "q"),
        ({"q": "x" * 501}, "q"),
        ({"q": "hemlöshet", "k": 0}, "k"),
        ({"q": "hemlöshet", "k": 101}, "k"),
        ({"q": "hemlöshet", "k": "tio"}, "k"),
        ({"q": "hemlöshet", "type": "projekt"}, "type"),
    ],
)
def test_bad_input_is_a_problem_naming_the_parameter(
    client: TestClient, params: dict[str, Any], parameter: str
) -> None:
    body = problem_of(client, **params)
    assert [e["parameter"] for e in body["errors"]] == [parameter]
    if parameter == "type":
        assert body["errors"][0]["valid_values"] == list(SEARCHABLE_TYPES)
    if parameter == "k":
        assert body["errors"][0]["valid_values"] == "1..100"


def test_every_bad_parameter_is_reported_at_once(client: TestClient) -> None:
    body = problem_of(client, q=" ", k=0, type="x")
    assert [e["parameter"] for e in body["errors"]] == ["q", "k", "type"]


def test_unknown_goal_area_lists_the_known_ones(client: TestClient) -> None:
    body = problem_of(client, q="hemlöshet", malomrade="Rymdfart")
    assert body["errors"][0]["parameter"] == "malomrade"
    assert "Delaktighet och tillit" in body["errors"][0]["valid_values"]


def test_openapi_documents_every_parameter_in_swedish(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/search"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert set(params) == {"q", "k", "type", "malomrade", "namnd", "amne", "kommun"}
    assert all(p.get("description") for p in params.values())
    examples = [e["value"] for e in params["q"]["examples"].values()]
    assert "vilka uppdrag rör hemlöshet?" in examples
    assert "application/problem+json" in operation["responses"]["422"]["content"]


@pytest.mark.parametrize("q", ["xyzzy qwerty", "!?.,;:", "🙂🎉"])
def test_nothing_matches_says_so(client: TestClient, q: str) -> None:
    body = client.get("/search", params={"q": q}).json()
    assert body["results"] == [] and body["hint"].startswith("nothing matches")


def test_repeated_type_means_any_of_them(client: TestClient) -> None:
    body = client.get("/search", params={"q": "hemlöshet", "type": ["mal", "uppdrag"]}).json()
    assert {r["type"] for r in body["results"]} == {"mal", "uppdrag"}
    only = client.get("/search", params={"q": "hemlöshet", "type": "uppdrag"}).json()
    assert {r["type"] for r in only["results"]} == {"uppdrag"}
