"""HTTP routes for the saved gap queries: GET /gaps and GET /gaps/{name}.

/gaps/{name} answers like a SPARQL endpoint would for the same SELECT: SPARQL results as JSON
(default), XML, CSV or TSV by `Accept` (or `?format=`), so the same clients can read both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from search_api.core import Styrgraf
from search_api.entities import caching
from search_api.errors import problem_doc
from search_api.gaps.loader import get_gap, list_gaps
from search_api.gaps.pooled import as_problems, run_page
from search_api.sparql.negotiation import (
    SELECT_OFFERS,
    SPARQL_CSV,
    SPARQL_JSON,
    SPARQL_TSV,
    SPARQL_XML,
    negotiate,
    not_acceptable,
    offered_types,
)
from search_api.sparql.router import client_of

# The SPARQL endpoint's offers and negotiation: a saved query answers as the same SELECT
# would on /sparql.
GAP_FORMATS = {"json": SPARQL_JSON, "xml": SPARQL_XML, "csv": SPARQL_CSV, "tsv": SPARQL_TSV}
GapFormat = Literal["json", "xml", "csv", "tsv"]
GAP_EXAMPLES = {
    "mal-utan-indikatorer": {"summary": "Mål utan indikatorer", "value": "mal-utan-indikatorer"},
    "delade-uppdrag": {"summary": "Delade uppdrag", "value": "delade-uppdrag"},
}


LIST_DESCRIPTION = (
    "Alla sparade SPARQL-frågor för analytiker: namn, titel, beskrivning, adress att köra dem "
    "på och frågetexten."
)
RUN_DESCRIPTION = (
    "Kör den sparade frågan mot hela grafen. Resultatet förhandlas via `Accept` som hos "
    "SPARQL-endpointen: `application/sparql-results+json` (standard), "
    "`application/sparql-results+xml`, `text/csv` eller `text/tab-separated-values`. "
    "Frågan körs som `/sparql`: i en frågeprocess med samma tidsgräns och radtak. Svaret är "
    "högst `limit` rader (standard och högst: radtaket) från rad `offset`; finns fler rader "
    'pekar huvudet `Link: <...>; rel="next"` på nästa sida.'
)
_CSV_EXAMPLE = "mal,avsnitt\r\nhttp://127.0.0.1:8000/id/vp-2023-sn-sydvast/mal/3.1.1.2,3.1.1.2\r\n"
_JSON_EXAMPLE = {
    "head": {"vars": ["mal", "avsnitt"]},
    "results": {"bindings": [{"avsnitt": {"type": "literal", "value": "3.1.1.2"}}]},
}
RUN_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Frågans rader.",
        "content": {
            SPARQL_JSON.media_type: {"example": _JSON_EXAMPLE},
            SPARQL_XML.media_type: {"schema": {"type": "string"}},
            SPARQL_CSV.media_type: {"schema": {"type": "string"}, "example": _CSV_EXAMPLE},
            SPARQL_TSV.media_type: {"schema": {"type": "string"}},
        },
    },
    304: {"description": "Oförändrad sedan `If-None-Match`."},
    404: problem_doc(
        "Ingen sparad fråga med det namnet.",
        "not-found",
        "there is no saved query 'x'; available: ...",
    ),
    406: problem_doc("Inget av formaten i `Accept` kan levereras.", "not-acceptable", "..."),
    422: problem_doc("Ogiltigt värde för `format`.", "invalid-parameter", "format: ..."),
    503: problem_doc(
        "Frågan kunde inte köras nu (upptaget, tidsgräns).", "endpoint-busy", "no query slot ..."
    ),
}


def gaps_router(get_core: Callable[[], Styrgraf]) -> APIRouter:
    """Routes for /gaps; `get_core` gives the Styrgraf to query."""
    router = APIRouter(tags=["analys"])

    @router.get(
        "/gaps",
        name="list_gaps",
        summary="Sparade frågor om täckningsluckor",
        description=LIST_DESCRIPTION,
    )
    def gaps(request: Request) -> list[dict[str, str]]:
        return [
            {
                "name": g.name,
                "title": g.title,
                "description": g.description,
                "url": request.url_for("run_gap", name=g.name).path,
                "query": g.query,
            }
            for g in list_gaps()
        ]

    @router.get(
        "/gaps/{name}",
        name="run_gap",
        summary="Kör en sparad fråga",
        description=RUN_DESCRIPTION,
        responses=RUN_RESPONSES,
    )
    async def run(
        request: Request,
        name: Annotated[
            str, Path(description="Frågans namn, se `GET /gaps`.", openapi_examples=GAP_EXAMPLES)
        ],
        format: Annotated[
            GapFormat | None,
            Query(description="Åsidosätter `Accept`: `json`, `xml`, `csv` eller `tsv`."),
        ] = None,
        limit: Annotated[
            int | None,
            Query(ge=1, description="Högst så många rader (standard och högst: radtaket)."),
        ] = None,
        offset: Annotated[int, Query(ge=0, description="Hoppa över så många rader först.")] = 0,
    ) -> Response:
        gap = get_gap(name)  # 404 before negotiation, like an unknown entity
        accept = request.headers.get("accept")
        fmt = GAP_FORMATS[format] if format else negotiate(accept, SELECT_OFFERS)
        if fmt is None:
            raise not_acceptable(offered_types(SELECT_OFFERS))
        core = get_core()
        version = core.version
        page_key = f"gap:{gap.name}:{offset}:{limit or ''}"
        tag = caching.etag(version.id, page_key, fmt.media_type)
        if caching.matches(request, tag):
            return caching.not_modified(tag)
        # In a query worker, through the admission control every query route shares.
        with as_problems(core.settings.sparql_timeout):
            page = await run_page(core, client_of(request), gap, fmt, offset=offset, limit=limit)
        headers = caching.headers(tag)
        if page.next_offset is not None:  # RFC 8288: the rest of the rows, same format
            params = {**request.query_params, "offset": page.next_offset, "limit": page.limit}
            following = request.url.include_query_params(**params)
            headers["Link"] = f'<{following.path}?{following.query}>; rel="next"'
        charset = "; charset=utf-8" if fmt.media_type.startswith("text/") else ""
        return Response(page.reply.body, media_type=fmt.media_type + charset, headers=headers)

    return router
