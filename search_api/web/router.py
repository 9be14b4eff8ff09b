"""The web pages' routes. Each builds its content in a module of its own and renders it; every
error becomes a Swedish page (the JSON API keeps answering problem+json for the same errors).

    /                      search (?q=, typ, malomrade, namnd, amne, kommun, antal)
    /sida/{id}             an entity: text, omhändertagande, origin, neighbourhood, source
    /rapporter             the saved coverage-gap queries
    /rapporter/{name}      one of them as a table
    /malomraden            counts per målområde, as a chart and a table
    /sparql-editor         a query editor (GET ?query= or ?exempel=, POST form)
    /static/web/{file}     the vendored CSS and JavaScript
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from importlib.resources import files
from typing import TypeVar

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.routing import NoMatchFound

from graph.errors import NotFound, StyrgrafError
from search_api.core import Styrgraf
from search_api.entities import EntityService
from search_api.gaps import list_gaps
from search_api.problems import problem
from search_api.sparql.admission import Busy
from search_api.sparql.pool import PoolError, QueryTimeout
from search_api.sparql.router import client_of
from search_api.web import errors
from search_api.web.chart_svg import chart
from search_api.web.entity_page import entity_view
from search_api.web.errors import Hint, WebError
from search_api.web.filters import filter_options
from search_api.web.labels import SEARCH_TYPES
from search_api.web.reports import (
    OVERVIEW,
    overview,
    overview_rows,
    report_rows,
    report_summaries,
    run_report,
)
from search_api.web.search_page import EXAMPLES, SHORT_EXAMPLES, search_page
from search_api.web.sparql_page import QueryOutcome, QueryRunner
from search_api.web.tables import CellMaker
from search_api.web.templating import render

log = logging.getLogger(__name__)
T = TypeVar("T")
_STATIC = files("search_api.web") / "static"
_ASSETS = {e.name: e for e in _STATIC.iterdir() if e.name.endswith((".css", ".js"))}
_MEDIA = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


def _path(request: Request, name: str, default: str, **params: str) -> str:
    """The path of another router's route (the JSON API's), or `default` when the app at
    hand does not include that router."""
    try:
        return request.url_for(name, **params).path
    except NoMatchFound:
        return default


def web_router(get_core: Callable[[], Styrgraf]) -> APIRouter:
    """The web pages over `get_core()`'s current graph (left out of the OpenAPI document: they
    are for people; /entities, /gaps, /search and /sparql are the machine interface)."""

    def runner() -> QueryRunner:
        core = get_core()
        settings = core.settings
        return QueryRunner(core.queries, settings.max_query_chars, settings.sparql_max_depth)

    router = APIRouter(include_in_schema=False)

    def href_for(request: Request) -> Callable[[str], str]:
        return lambda entity_id: request.url_for("web_entity", entity_id=entity_id).path

    def guarded(request: Request, build: Callable[[], HTMLResponse]) -> HTMLResponse:
        """The page `build` makes, or a Swedish error page for whatever went wrong."""
        home = request.url_for("web_search").path
        try:
            return build()
        except WebError as error:
            failure = error
        except StyrgrafError as error:
            failure = errors.from_styrgraf(error, home)
        except Exception:
            log.exception("web page %s failed", request.url.path)
            failure = WebError(500, "Något gick fel", "Ett oväntat fel inträffade.", [])
        return render(request, "error.html", {"error": failure}, status=failure.status)

    @router.get("/", name="web_search")
    def search(request: Request) -> HTMLResponse:
        def build() -> HTMLResponse:
            core = get_core()
            options = filter_options(core)
            page = search_page(core, request.query_params, options)
            context = {
                "page": page,
                "options": options,
                "types": SEARCH_TYPES,
                "examples": EXAMPLES,
                "short_examples": SHORT_EXAMPLES,
                "href": href_for(request),
            }
            return render(request, "search.html", context, status=page.status, active="web_search")

        return guarded(request, build)

    @router.get("/sida/{entity_id:path}", name="web_entity")
    def entity(request: Request, entity_id: str) -> HTMLResponse:
        def build() -> HTMLResponse:
            try:
                view = entity_view(get_core(), entity_id, href_for(request))
            except StyrgrafError as error:  # unknown or malformed id: the page does not exist
                raise errors.not_found(
                    f"Det finns ingen post med id »{entity_id}«.",
                    [Hint("Sök efter det du letar efter", request.url_for("web_search").path)],
                ) from error
            json_href = _path(request, "get_entity", f"/entities/{entity_id}", entity_id=entity_id)
            context = {"view": view, "json_href": json_href, "href": href_for(request)}
            return render(request, "entity.html", context)

        return guarded(request, build)

    async def pooled(
        request: Request, fetch: Callable[[Styrgraf, str], Awaitable[T]]
    ) -> T | Exception:
        """What `fetch` reads through the core's query service (a saved query's rows wait for
        their slot and worker on the event loop, like /sparql's), or the error to show."""
        try:
            return await fetch(get_core(), client_of(request))
        except QueryTimeout:
            timeout = get_core().settings.sparql_timeout
            return WebError(
                503,
                "Rapporten tog för lång tid",
                f"Frågan tog längre tid än {timeout:g} sekunder och stoppades.",
            )
        except (Busy, PoolError):
            return WebError(
                503,
                "Tjänsten är upptagen",
                "Alla frågeplatser är upptagna just nu; försök igen om en stund.",
            )
        except (StyrgrafError, WebError) as error:
            return error

    @router.get("/rapporter", name="web_reports")
    async def reports(request: Request) -> HTMLResponse:
        found = await pooled(request, report_summaries)

        def build() -> HTMLResponse:
            if isinstance(found, Exception):
                raise found
            context = {"reports": found, "overview_name": OVERVIEW}
            return render(request, "reports.html", context, active="web_reports")

        return await run_in_threadpool(guarded, request, build)

    @router.get("/rapporter/{name}", name="web_report")
    async def report(request: Request, name: str) -> HTMLResponse:
        rows = await pooled(request, lambda core, client: report_rows(core, client, name))
        areas = None
        if name == OVERVIEW and not isinstance(rows, Exception):
            areas = await pooled(request, overview_rows)

        def build() -> HTMLResponse:
            core = get_core()
            if isinstance(rows, NotFound) and name not in {g.name for g in list_gaps()}:
                raise errors.not_found(
                    "Det finns ingen rapport med det namnet.",
                    [Hint("Se alla rapporter", request.url_for("web_reports").path)],
                ) from rows
            for failure in (rows, areas):
                if isinstance(failure, Exception):
                    raise failure
            assert not isinstance(rows, Exception) and not isinstance(areas, Exception)
            found = run_report(core, rows, href_for(request))
            data = overview(core, href_for(request), areas) if areas is not None else None
            context = {"report": found, "overview": data, "chart": chart(data) if data else None}
            return render(request, "report.html", context, active="web_reports")

        return await run_in_threadpool(guarded, request, build)

    @router.get("/malomraden", name="web_overview")
    async def areas(request: Request) -> HTMLResponse:
        rows = await pooled(request, overview_rows)

        def build() -> HTMLResponse:
            if isinstance(rows, Exception):
                raise rows
            data = overview(get_core(), href_for(request), rows)
            context = {"overview": data, "chart": chart(data), "report_name": OVERVIEW}
            return render(request, "overview.html", context, active="web_overview")

        return await run_in_threadpool(guarded, request, build)

    async def editor(request: Request, query: str | None, example: str | None) -> HTMLResponse:
        """The editor page. The query waits for its slot and its worker on the event loop (the
        core's query service), never in one of the server's request threads; only the page
        around the finished result is built in one."""
        gaps = list_gaps()
        text = query
        if example is not None:
            chosen = next((g for g in gaps if g.name == example), None)
            text = chosen.query if chosen is not None else None
        answer = None
        started = time.perf_counter()
        if text is not None:
            try:
                answer = await runner().reply(get_core(), client_of(request), text)
            except StyrgrafError:
                answer = None  # no graph yet: the page says so below

        def build() -> HTMLResponse:
            core = get_core()
            if example is not None and text is None:
                raise WebError(
                    404,
                    "Exemplet finns inte",
                    "Det finns ingen sparad fråga med det namnet.",
                    [Hint("Öppna editorn", request.url_for("web_sparql").path)],
                )
            outcome: QueryOutcome | None = None
            if text is not None:
                _ = core.version  # NotFound before the first ingest: the error page
                cells = CellMaker(EntityService(core).read, href_for(request))
                outcome = runner().outcome(answer, cells) if answer is not None else None
                if outcome is not None:
                    outcome.took_ms = round((time.perf_counter() - started) * 1000, 1)
            context = {"query": text or "", "outcome": outcome, "examples": gaps}
            status = outcome.status if outcome else 200
            return render(request, "sparql.html", context, status=status, active="web_sparql")

        return await run_in_threadpool(guarded, request, build)

    @router.get("/sparql-editor", name="web_sparql")
    async def sparql_get(request: Request) -> HTMLResponse:
        params = request.query_params
        return await editor(request, params.get("query"), params.get("exempel"))

    @router.post("/sparql-editor")
    async def sparql_post(request: Request) -> HTMLResponse:
        form = await request.form()
        value = form.get("query")
        query = value if isinstance(value, str) else ""
        return await editor(request, query, None)

    @router.get("/static/web/{filename}", name="web_asset")
    def asset(filename: str) -> Response:
        entry = _ASSETS.get(filename)  # only the files that are there: no path is ever built
        if entry is None:
            return problem(404, "Not found", f"there is no file {filename[:100]!r} here")
        media = _MEDIA["." + filename.rsplit(".", 1)[-1]]
        headers = {"Cache-Control": "public, max-age=3600"}
        return Response(entry.read_bytes(), media_type=media, headers=headers)

    return router
