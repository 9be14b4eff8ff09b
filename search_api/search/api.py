"""GET /search: the HTTP face of the search index, with problem+json errors.

Parameters are declared with their types and limits so OpenAPI documents them; when FastAPI's
own validation rejects a request, the route class below answers with the same problem+json
body the handler uses (RFC 9457: type, title, status, detail, plus "errors" listing each bad
parameter with its valid values), so clients see one error format.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.models import Example
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from graph.errors import StyrgrafError
from search_api.core import Styrgraf
from search_api.errors import http_status, title_of
from search_api.problems import problem
from search_api.search.models import (
    MAX_K,
    MAX_SEARCH_QUERY_CHARS,
    ParameterProblem,
    SearchableType,
    SearchInputError,
    SearchResponse,
    check_request,
)
from search_api.search.storage import index_for

PROBLEM_SCHEMA = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "parameter": {"type": "string"},
                    "message": {"type": "string"},
                    "valid_values": {
                        "oneOf": [
                            {"type": "array", "items": {"type": "string"}},
                            {"type": "string"},
                        ]
                    },
                },
            },
        },
    },
}


def _examples(*named: tuple[str, Any]) -> dict[str, Example]:
    """Named OpenAPI examples (shown as a drop-down by Swagger UI)."""
    return {name: Example(summary=name, value=value) for name, value in named}


def invalid(problems: list[ParameterProblem]) -> JSONResponse:
    """422 problem+json naming every bad parameter (the app-wide builder's shape)."""
    detail = "; ".join(f"{p.parameter}: {p.message}" for p in problems)
    return problem(422, "Invalid parameter", detail, errors=[p.to_json() for p in problems])


def _raw_problems(request: Request) -> list[ParameterProblem]:
    """What is wrong with the raw query string, in the handler's own words."""
    params = request.query_params
    raw_k = params.get("k", "10")
    k = int(raw_k) if raw_k.strip().lstrip("-").isdigit() else None
    problems = check_request(params.get("q"), k, params.getlist("type"))
    return problems or [ParameterProblem("request", "invalid request")]


class ProblemRoute(APIRoute):
    """Turns FastAPI's request validation errors into problem+json (a router cannot install
    exception handlers; its route class can wrap the handler)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError:
                return invalid(_raw_problems(request))

        return handle


def search_router(get_core: Callable[[], Styrgraf]) -> APIRouter:
    """A router with GET /search over the index of `get_core()`'s current graph version."""
    router = APIRouter(route_class=ProblemRoute, tags=["sök"])

    @router.get(
        "/search",
        response_model=SearchResponse,
        summary="Sök i styrdokumenten",
        description="Semantisk sökning (BM25 med svensk stamning och synonymer, kombinerat "
        "med e5-embeddingar) bland mål, uppdrag, program, planer och indikatorer. "
        "Frågan får vara personalens egna ord.",
        responses={
            422: {
                "description": "Ogiltiga parametrar (application/problem+json)",
                "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}},
            }
        },
    )
    def search(
        q: Annotated[
            str,
            Query(
                min_length=1,
                max_length=MAX_SEARCH_QUERY_CHARS,
                description="Frågan, med egna ord. Får inte vara tom.",
                openapi_examples=_examples(
                    ("fråga", "vilka uppdrag rör hemlöshet?"),
                    ("egna ord", "vad gör vi åt att unga dras in i gäng?"),
                    ("vardagsspråk", "hjälp till den som blivit slagen hemma"),
                    ("ett ord", "bostadslösa"),
                ),
            ),
        ],
        k: Annotated[
            int,
            Query(
                ge=1,
                le=MAX_K,
                description="Antal träffar (1–100).",
                openapi_examples=_examples(("standard", 10), ("fler", 25)),
            ),
        ] = 10,
        type: Annotated[
            list[SearchableType] | None,
            Query(
                description="Visa bara dessa typer: mal, uppdrag, program, plan eller "
                "indikator. Upprepad (`type=mal&type=uppdrag`) betyder någon av dem.",
                openapi_examples=_examples(("uppdrag", ["uppdrag"]), ("mål", ["mal"])),
            ),
        ] = None,
        malomrade: Annotated[
            str | None,
            Query(
                description="Visa bara ett målområde, med namn eller id (skiftlägesokänsligt).",
                openapi_examples=_examples(
                    ("namn", "Delaktighet och tillit"), ("id", "delaktighet-och-tillit")
                ),
            ),
        ] = None,
        namnd: Annotated[
            str | None,
            Query(
                description="Visa bara det en nämnd ansvarar för, med namn eller id.",
                openapi_examples=_examples(
                    ("namn", "Socialnämnden Sydväst"), ("id", "grundskolenamnden")
                ),
            ),
        ] = None,
        amne: Annotated[
            str | None,
            Query(
                description="Visa bara det som handlar om ett ämne ur ämnesvokabulären, med "
                "namn eller id (GET /amnen listar dem).",
                openapi_examples=_examples(("namn", "Hemlöshet"), ("id", "hemloshet")),
            ),
        ] = None,
        kommun: Annotated[
            str | None,
            Query(
                description="Visa bara det som hör till en kommun, med namn, kort id eller id "
                "(skiftlägesokänsligt).",
                openapi_examples=_examples(
                    ("namn", "Göteborgs Stad"), ("kort id", "goteborg"), ("id", "kommun/kungsbacka")
                ),
            ),
        ] = None,
    ) -> Any:
        try:
            index = index_for(get_core())
            return index.search(q, k, type, malomrade, namnd, amne=amne, kommun=kommun)
        except SearchInputError as exc:
            return invalid(exc.problems)
        except StyrgrafError as exc:  # no graph yet (404), store unavailable (503)
            return problem(http_status(exc), title_of(exc), str(exc))

    return router


__all__ = ["ProblemRoute", "invalid", "search_router"]
