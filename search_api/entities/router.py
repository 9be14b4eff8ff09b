"""HTTP routes for entity lookup: /entities, /entities/{id} and the /id/{id} redirect.

Every route reads through one `EntityService`, which pins the graph version for the request, so
the body and its ETag always belong to the same version.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from search_api.core import Styrgraf
from search_api.entities import caching
from search_api.entities.docs import (
    ENTITY_RESPONSES,
    FORMAT_DOC,
    ID_DOC,
    LIST_RESPONSES,
    LISTING_DOCS,
    REDIRECT_RESPONSES,
)
from search_api.entities.html import render_entity
from search_api.entities.listing import MAX_LIMIT, EntityQuery
from search_api.entities.model import Entity, EntityPage
from search_api.entities.service import EntityService
from search_api.entities.vocab import EntityType
from search_api.sparql.admission import Busy
from search_api.sparql.negotiation import Format, negotiate, not_acceptable
from search_api.sparql.router import busy_problem, client_of

JSON, JSONLD, TURTLE, HTML = "application/json", "application/ld+json", "text/turtle", "text/html"
OFFERS = (JSON, JSONLD, TURTLE, HTML)  # in order of preference: JSON when anything goes
# The SPARQL endpoint's negotiation (q-values, ranges), so the whole API negotiates alike.
_NEGOTIABLE = tuple((media, Format("entity", media, media)) for media in OFFERS)
_LISTABLE = ((JSON, Format("listing", JSON, JSON)),)  # a listing is JSON only
ENTITY_FORMATS = {"json": JSON, "jsonld": JSONLD, "turtle": TURTLE, "html": HTML}

EntityFormat = Literal["json", "jsonld", "turtle", "html"]


def entity_json(entity: Entity, url: str) -> dict[str, Any]:
    return {**entity.to_dict(), "url": url}


def page_json(
    page: EntityPage, href: Callable[[str], str], link: Callable[[int], str]
) -> dict[str, Any]:
    nxt = page.offset + page.limit
    return {
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
        "next": link(nxt) if nxt < page.total else None,
        "previous": link(max(page.offset - page.limit, 0)) if page.offset > 0 else None,
        "items": [
            {"id": i.id, "type": i.type, "label": i.label, "section": i.section, "url": href(i.id)}
            for i in page.items
        ],
    }


EntityId = Annotated[str, Path(description=ID_DOC["id"], openapi_examples=ID_DOC["examples"])]
# Each route's OpenAPI summary, description and responses, by route name.
_ROUTE_DOCS = {
    "list_entities": ("Lista entiteter", LISTING_DOCS["description"], LIST_RESPONSES),
    "get_entity": ("Hämta en entitet", ID_DOC["entity"], ENTITY_RESPONSES),
    "resolve_id": ("Slå upp en entitets-IRI", ID_DOC["resolve"], REDIRECT_RESPONSES),
}


def _documented(name: str) -> dict[str, Any]:
    summary, description, responses = _ROUTE_DOCS[name]
    return {"name": name, "summary": summary, "description": description, "responses": responses}


def entities_router(get_core: Callable[[], Styrgraf]) -> APIRouter:
    """Routes for /entities and /id; `get_core` gives the Styrgraf to read from."""
    router = APIRouter(tags=["entiteter"])

    def href_for(request: Request) -> Callable[[str], str]:
        def href(entity_id: str) -> str:
            return request.url_for("get_entity", entity_id=entity_id).path

        return href

    @router.get("/entities", **_documented("list_entities"))
    async def list_entities(
        request: Request,
        type: Annotated[list[EntityType] | None, Query(description=LISTING_DOCS["type"])] = None,
        malomrade: Annotated[
            str | None, Query(description=LISTING_DOCS["malomrade"], examples=["tidiga-insatser"])
        ] = None,
        namnd: Annotated[
            str | None, Query(description=LISTING_DOCS["namnd"], examples=["socialnamnden-sydvast"])
        ] = None,
        ursprung: Annotated[
            list[str] | None, Query(description=LISTING_DOCS["ursprung"], examples=[["KF", "2022"]])
        ] = None,
        kommun: Annotated[
            str | None, Query(description=LISTING_DOCS["kommun"], examples=["kungsbacka"])
        ] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=LISTING_DOCS["limit"])] = 50,
        offset: Annotated[int, Query(ge=0, description=LISTING_DOCS["offset"])] = 0,
    ) -> Response:
        if negotiate(request.headers.get("accept"), _LISTABLE) is None:
            raise not_acceptable((JSON,))
        core = get_core()
        service = EntityService(core)
        query = EntityQuery(
            type=tuple(type or ()) or None,
            malomrade=malomrade,
            namnd=namnd,
            ursprung=list(ursprung or []),
            kommun=kommun,
            limit=limit,
            offset=offset,
        )
        tag = caching.etag(service.version, "list?" + str(request.query_params), JSON)
        if caching.matches(request, tag):
            return caching.not_modified(tag)
        # Listing is query work: it takes a slot of the admission control /sparql uses too.
        try:
            page = await core.queries.call(client_of(request), service.find, query)
        except Busy as exc:
            raise busy_problem(exc) from None
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]

        def link(new_offset: int) -> str:
            path = request.url_for("list_entities").path
            return path + "?" + urlencode([*params, ("offset", str(new_offset))])

        return JSONResponse(page_json(page, href_for(request), link), headers=caching.headers(tag))

    @router.get("/entities/{entity_id:path}", **_documented("get_entity"))
    def get_entity(
        request: Request,
        entity_id: EntityId,
        format: Annotated[EntityFormat | None, Query(description=FORMAT_DOC)] = None,
    ) -> Response:
        service = EntityService(get_core())
        service.node(entity_id)  # 400 or 404 before any negotiation
        if format:
            media = ENTITY_FORMATS[format]
        else:
            chosen = negotiate(request.headers.get("accept"), _NEGOTIABLE)
            if chosen is None:
                raise not_acceptable(OFFERS)
            media = chosen.media_type
        tag = caching.etag(service.version, entity_id, media)
        if caching.matches(request, tag):
            return caching.not_modified(tag)
        headers = caching.headers(tag)
        if media in (TURTLE, JSONLD):
            return Response(
                service.rdf(entity_id, media),
                headers=headers,
                media_type=media if media == JSONLD else f"{media}; charset=utf-8",
            )
        entity = service.get(entity_id)
        href = href_for(request)
        if media == HTML:
            return Response(
                render_entity(entity, href), headers=headers, media_type="text/html; charset=utf-8"
            )
        body = json.dumps(entity_json(entity, href(entity_id)), ensure_ascii=False)
        return Response(body, headers=headers, media_type=JSON)

    @router.get(
        "/id/{entity_id:path}",
        status_code=303,
        response_class=RedirectResponse,  # documents the 303 without a JSON body
        **_documented("resolve_id"),
    )
    def resolve_id(request: Request, entity_id: EntityId) -> Response:
        EntityService(get_core()).node(entity_id)
        target = request.url_for("get_entity", entity_id=entity_id).path
        if request.url.query:
            target += "?" + request.url.query
        # 303 See Other: the IRI names the thing, the redirect target is a document about it.
        # The client repeats its Accept header there, so negotiation carries over.
        return RedirectResponse(target, status_code=303)

    return router
