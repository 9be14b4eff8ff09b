"""The routes `create_app` exposes: every path and method, as a literal list. A route that
disappears (a router no longer included) or appears (an endpoint nobody documented) fails
here, before any page or client notices."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from starlette.routing import BaseRoute

from search_api.app import create_app
from search_api.core import Styrgraf
from tests.support.corpus import make_core

ROUTES = [
    ("/", "GET"),
    ("/amne", "GET"),
    ("/amne/{topic_id}", "GET"),
    ("/amnen", "GET"),
    ("/amnen/{topic_id}", "GET"),
    ("/docs", "GET"),
    ("/entities", "GET"),
    ("/entities/{entity_id:path}", "GET"),
    ("/gaps", "GET"),
    ("/gaps/{name}", "GET"),
    ("/health", "GET"),
    ("/id/{entity_id:path}", "GET"),
    ("/malomraden", "GET"),
    ("/openapi.json", "GET"),
    ("/openapi.json", "HEAD"),
    ("/rapporter", "GET"),
    ("/rapporter/{name}", "GET"),
    ("/redoc", "GET"),
    ("/search", "GET"),
    ("/sida/{entity_id:path}", "GET"),
    ("/sparql", "DELETE"),
    ("/sparql", "GET"),
    ("/sparql", "OPTIONS"),
    ("/sparql", "PATCH"),
    ("/sparql", "POST"),
    ("/sparql", "PUT"),
    ("/sparql-editor", "GET"),
    ("/sparql-editor", "POST"),
    ("/static/docs/{filename}", "GET"),
    ("/static/web/{filename}", "GET"),
]


def paths_and_methods(routes: Iterable[BaseRoute]) -> list[tuple[str, str]]:
    """(path, method) of every route, sorted; a mount counts as (path, "MOUNT")."""
    found: set[tuple[str, str]] = set()
    for route in routes:
        # FastAPI (0.16x) keeps an included router as one entry that lists its routes
        included = getattr(route, "effective_route_contexts", None)
        if included is not None:
            found.update(paths_and_methods(included()))
            continue
        path: str = getattr(route, "path", "")
        methods: set[str] | None = getattr(route, "methods", None)
        found.update((path, m) for m in methods or {"MOUNT"})
    return sorted(found)


def test_create_app_exposes_exactly_these_routes(tmp_path: Path) -> None:
    core: Styrgraf = make_core(tmp_path / "data")  # routes need no graph
    assert paths_and_methods(create_app(core).routes) == ROUTES
