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

from graph.errors import StyrgrafError
from search_api.core import Styrgraf
from search_api.entities.problems import problem_doc
from search_api.errors import http_status, title_of
from search_api.problems import problem
from search_api.topics.data import topic, topic_list
from search_api.web.errors import Hint, not_found
from search_api.web.pages import guarded, href_for
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
        responses={404: problem_doc("Ingen graf ännu.", "no graph yet; run ingest", 404)},
    )
    def list_json() -> Any:
        try:
            rows = topic_list(get_core())
        except StyrgrafError as exc:
            return problem(http_status(exc), title_of(exc), str(exc))
        return [{"id": t.id, "iri": t.iri, "label": t.label, "count": n} for t, n in rows]

    @router.get(
        "/amnen/{topic_id}",
        summary="Ett ämne: etiketter, över- och underordnade ämnen och kopplade objekt",
        responses={
            404: problem_doc("Okänt ämne.", "no topic 'x'", 404),
            422: problem_doc("Ogiltigt id (otillåtna tecken).", "topic_id: ...", 422),
        },
    )
    def one_json(topic_id: TopicId) -> Any:
        try:
            return JSONResponse(topic(get_core(), topic_id).to_dict())
        except StyrgrafError as exc:
            return problem(http_status(exc), title_of(exc), str(exc))

    @router.get("/amne", name="web_topics", include_in_schema=False)
    def list_page(request: Request) -> HTMLResponse:
        def build() -> HTMLResponse:
            rows = topic_list(get_core())
            return render(request, "amnen.html", {"topics": rows})

        return guarded(request, build)

    @router.get("/amne/{topic_id}", name="web_topic", include_in_schema=False)
    def topic_page(request: Request, topic_id: str) -> HTMLResponse:
        def build() -> HTMLResponse:
            try:
                found = topic(get_core(), topic_id)
            except StyrgrafError as error:
                raise not_found(
                    f"Det finns inget ämne med id »{topic_id}«.",
                    [Hint("Se alla ämnen", request.url_for("web_topics").path)],
                ) from error
            context = {"topic": found, "href": href_for(request), "json_href": f"/amnen/{topic_id}"}
            return render(request, "amne.html", context)

        return guarded(request, build)

    return router


__all__ = ["topics_router"]
