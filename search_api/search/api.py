"""GET /search: the HTTP face of the search index.

Parameters are declared with their types and limits so OpenAPI documents them; a request they
reject, like input the index refuses, is answered by the app's one problem handler with a 422
problem+json listing each bad parameter with its valid values (search_api/problems.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.openapi.models import Example
from pydantic import AfterValidator

from search_api.core import Styrgraf
from search_api.errors import problem_doc
from search_api.search.models import (
    MAX_K,
    MAX_SEARCH_QUERY_CHARS,
    SearchableType,
    SearchResponse,
    check_request,
)
from search_api.search.storage import index_for


def _examples(*named: tuple[str, Any]) -> dict[str, Example]:
    """Named OpenAPI examples (shown as a drop-down by Swagger UI)."""
    return {name: Example(summary=name, value=value) for name, value in named}


def _question(q: str) -> str:
    """A blank question is refused with the other bad parameters, in the search's words."""
    problems = check_request(q, 1, None)
    if problems:
        raise ValueError(problems[0].message)
    return q


def search_router(get_core: Callable[[], Styrgraf]) -> APIRouter:
    """A router with GET /search over the index of `get_core()`'s current graph version."""
    router = APIRouter(tags=["sök"])

    @router.get(
        "/search",
        response_model=SearchResponse,
        summary="Sök i styrdokumenten",
        description="Semantisk sökning (BM25 med svensk stamning och synonymer, kombinerat "
        "med e5-embeddingar) bland mål, uppdrag, program, planer och indikatorer. "
        "Frågan får vara personalens egna ord.",
        responses={
            404: problem_doc("Ingen graf inläst ännu.", "no-graph", "no graph in .styrgraf yet"),
            422: problem_doc(
                "Ogiltiga parametrar; svaret listar giltiga värden.",
                "invalid-parameter",
                "k: Input should be less than or equal to 100",
            ),
        },
    )
    def search(
        q: Annotated[
            str,
            AfterValidator(_question),
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
        index = index_for(get_core())
        found = index.search(q, k, type, malomrade, namnd, amne=amne, kommun=kommun)
        # Serialised here, as FastAPI would (the same pydantic serialiser and media type):
        # a model returned from a sync route is re-validated in a second worker-thread hop,
        # which cost more than the search's own Python under concurrent requests.
        return Response(found.model_dump_json().encode(), media_type="application/json")

    return router


__all__ = ["search_router"]
