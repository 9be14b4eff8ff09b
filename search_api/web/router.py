"""The web pages' routes. Each builds its content in a module of its own and renders it; a page
route answers HTML (`response_class=HTMLResponse`), so the app's one problem handler answers
its errors as Swedish pages (web/errors.py) where the JSON API answers problem+json.

    /                      search (?q=, typ, malomrade, namnd, amne, kommun, antal)
    /sida/{id}             an entity: text, omhändertagande, origin, neighbourhood, source
    /rapporter             the saved coverage-gap queries
    /rapporter/{name}      one of them as a table
    /malomraden            counts per målområde, as a chart and a table
    /sparql-editor         a query editor (GET ?query= or ?exempel=, POST form)
    /static/web/{file}     the vendored CSS and JavaScript
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.routing import NoMatchFound

from ingest.errors import NoGraph, NotFound, StyrgrafError
from search_api.assets import Assets
from search_api.core import Styrgraf
from search_api.entities import EntityService
from search_api.errors import Problem
from search_api.gaps import list_gaps
from search_api.gaps.pooled import as_problems
from search_api.sparql.router import client_of
from search_api.web.chart_svg import chart
from search_api.web.entity_page import entity_view
from search_api.web.filters import filter_options
from search_api.web.labels import SEARCH_TYPES
from search_api.web.pages import href_for
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

T = TypeVar("T")
_MEDIA = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
_ASSETS = Assets("search_api.web", _MEDIA, 3600, "there is no file {} here")


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
    # Every page declares HTMLResponse: its errors are Swedish pages too (search_api/problems.py).

    @router.get("/", name="web_search", response_class=HTMLResponse)
    def search(request: Request) -> HTMLResponse:
        core = get_core()
        options = filter_options(core)
        found = search_page(core, request.query_params, options)
        context = {
            "page": found,
            "options": options,
            "types": SEARCH_TYPES,
            "examples": EXAMPLES,
            "short_examples": SHORT_EXAMPLES,
            "href": href_for(request),
        }
        return render(request, "search.html", context, status=found.status, active="web_search")

    @router.get("/sida/{entity_id:path}", name="web_entity", response_class=HTMLResponse)
    def entity(request: Request, entity_id: str) -> HTMLResponse:
        try:
            view = entity_view(get_core(), entity_id, href_for(request))
        except NoGraph:
            raise
        except StyrgrafError as error:  # unknown or malformed id: the page does not exist
            raise Problem("unknown-entity", str(error), id=entity_id) from error
        json_href = _path(request, "get_entity", f"/entities/{entity_id}", entity_id=entity_id)
        context = {"view": view, "json_href": json_href, "href": href_for(request)}
        return render(request, "entity.html", context)

    async def pooled(request: Request, fetch: Callable[[Styrgraf, str], Awaitable[T]]) -> T:
        """What `fetch` reads through the core's query service: a saved query's rows wait for
        their slot and worker on the event loop, like /sparql's. Its failures are problems,
        which the one handler shows as Swedish pages."""
        core = get_core()
        with as_problems(core.settings.sparql_timeout):
            return await fetch(core, client_of(request))

    @router.get("/rapporter", name="web_reports", response_class=HTMLResponse)
    async def reports(request: Request) -> HTMLResponse:
        found = await pooled(request, report_summaries)
        context = {"reports": found, "overview_name": OVERVIEW}
        return await run_in_threadpool(
            render, request, "reports.html", context, active="web_reports"
        )

    @router.get("/rapporter/{name}", name="web_report", response_class=HTMLResponse)
    async def report(request: Request, name: str) -> HTMLResponse:
        try:
            rows = await pooled(request, lambda core, client: report_rows(core, client, name))
        except NoGraph:
            raise
        except NotFound as error:
            raise Problem("unknown-report", str(error), name=name) from error
        areas = await pooled(request, overview_rows) if name == OVERVIEW else None

        def build() -> HTMLResponse:
            core = get_core()
            found = run_report(core, rows, href_for(request))
            data = overview(core, href_for(request), areas) if areas is not None else None
            context = {"report": found, "overview": data, "chart": chart(data) if data else None}
            return render(request, "report.html", context, active="web_reports")

        return await run_in_threadpool(build)

    @router.get("/malomraden", name="web_overview", response_class=HTMLResponse)
    async def areas(request: Request) -> HTMLResponse:
        rows = await pooled(request, overview_rows)

        def build() -> HTMLResponse:
            data = overview(get_core(), href_for(request), rows)
            context = {"overview": data, "chart": chart(data), "report_name": OVERVIEW}
            return render(request, "overview.html", context, active="web_overview")

        return await run_in_threadpool(build)

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
                raise Problem("unknown-example", f"there is no saved query {example[:100]!r}")
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

        return await run_in_threadpool(build)

    @router.get("/sparql-editor", name="web_sparql", response_class=HTMLResponse)
    async def sparql_get(request: Request) -> HTMLResponse:
        params = request.query_params
        return await editor(request, params.get("query"), params.get("exempel"))

    @router.post("/sparql-editor", response_class=HTMLResponse)
    async def sparql_post(request: Request) -> HTMLResponse:
        form = await request.form()
        value = form.get("query")
        query = value if isinstance(value, str) else ""
        return await editor(request, query, None)

    @router.get("/static/web/{filename}", name="web_asset")
    def asset(filename: str) -> Response:
        return _ASSETS.response(filename)

    return router
