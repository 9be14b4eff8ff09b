"""Topic routes: GET /amnen and /amnen/{id} (JSON), and the Swedish pages /amne and /amne/{id}.

A topic page shows the concept (name, the words people use, misspellings it recognises, what
belongs to it, broader and narrower topics) and every linked item grouped by kind and nämnd,
each with the evidence the tagger kept (matched words, similarity, rule).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse

from ingest.errors import NoGraph, NotFound
from search_api.core import Styrgraf
from search_api.errors import Problem, problem_doc
from search_api.topics.data import topic, topic_list
from search_api.web.pages import href_for
from search_api.web.templating import render

TopicId = Annotated[
    str,
    Path(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        description="Ämnets id, t.ex. hemloshet.",
        openapi_examples={"hemlöshet": {"summary": "Hemlöshet", "value": "hemloshet"}},
    ),
]


def topics_router(get_core: Callable[[], Styrgraf]) -> APIRouter:
    router = APIRouter(tags=["ämnen"])

    @router.get(
        "/amnen",
        summary="Alla ämnen i ämnesvokabulären, med antal kopplade objekt",
        responses={404: problem_doc("Ingen graf ännu.", "no-graph", "no graph yet; run ingest")},
    )
    def list_json() -> Any:
        rows = topic_list(get_core())
        return [{"id": t.id, "iri": t.iri, "label": t.label, "count": n} for t, n in rows]

    @router.get(
        "/amnen/{topic_id}",
        summary="Ett ämne: etiketter, över- och underordnade ämnen och kopplade objekt",
        responses={
            404: problem_doc("Okänt ämne.", "not-found", "no topic 'x'"),
            422: problem_doc(
                "Ogiltigt id (otillåtna tecken).", "invalid-parameter", "topic_id: ..."
            ),
        },
    )
    def one_json(topic_id: TopicId) -> Any:
        return JSONResponse(topic(get_core(), topic_id).to_dict())

    # Pages answer HTML, their errors too (search_api/problems.py renders them in Swedish).
    @router.get("/amne", name="web_topics", include_in_schema=False, response_class=HTMLResponse)
    def list_page(request: Request) -> HTMLResponse:
        return render(request, "amnen.html", {"topics": topic_list(get_core())})

    @router.get(
        "/amne/{topic_id}", name="web_topic", include_in_schema=False, response_class=HTMLResponse
    )
    def topic_page(request: Request, topic_id: str) -> HTMLResponse:
        try:
            found = topic(get_core(), topic_id)
        except NoGraph:
            raise
        except NotFound as error:
            raise Problem("unknown-topic", str(error), id=topic_id) from error
        context = {"topic": found, "href": href_for(request), "json_href": f"/amnen/{topic_id}"}
        return render(request, "amne.html", context)

    return router


__all__ = ["topics_router"]
