"""Small helpers for the tests that call the app through FastAPI's TestClient."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from search_api.app import create_app
from search_api.core import Styrgraf

PROBLEM = "application/problem+json"


def entities_client(core: Styrgraf) -> TestClient:
    """A client of the whole app over `core` (its one error handler included)."""
    return TestClient(create_app(core))


def get_json(client: TestClient, url: str) -> dict[str, Any]:
    """GET `url`, which must answer 200 with application/json; its body."""
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    return body


def entity_json(client: TestClient, entity_id: str) -> dict[str, Any]:
    """The JSON of one entity (GET /entities/{entity_id})."""
    return get_json(client, f"/entities/{entity_id}")


def parameter_problem(client: TestClient, path: str, **params: str) -> dict[str, Any]:
    """GET `path`, which must answer 422 problem+json; its first parameter error."""
    response = client.get(path, params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    error: dict[str, Any] = response.json()["errors"][0]
    return error
