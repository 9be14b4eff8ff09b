"""The HTTP app (FastAPI): one core object, one error handler, routers plugged in here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from search_api.apidocs import docs_router
from search_api.core import Styrgraf
from search_api.entities import entities_router
from search_api.entities.html import _TEMPLATE as ENTITY_PAGE
from search_api.gaps import gaps_router
from search_api.problems import install_problem_handler
from search_api.search import search_router
from search_api.security import SecurityHeaders, html_policy, style_hashes
from search_api.sparql import sparql_router
from search_api.topics.router import topics_router
from search_api.web import web_router

DESCRIPTION = """Kommunala styrdokument som en validerad kunskapsgraf.

Sök med egna ord bland mål, uppdrag, program, planer och indikatorer, ställ SPARQL-frågor
mot grafen, hämta enskilda poster med stabila identifierare och kör färdiga
täckningsanalyser (t.ex. mål utan indikatorer). Alla fel har formen application/problem+json.
"""


def create_app(core: Styrgraf | None = None) -> FastAPI:
    core = core or Styrgraf()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:  # the query workers every route shares
            core.close()

    app = FastAPI(
        title="styrgraf",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served from vendored files by docs_router, never from a CDN
        redoc_url=None,
    )
    app.state.core = core
    install_problem_handler(app)
    app.include_router(docs_router())
    app.include_router(entities_router(lambda: core))
    app.include_router(gaps_router(lambda: core))
    app.include_router(search_router(lambda: core))
    app.include_router(web_router(lambda: core))
    app.include_router(topics_router(lambda: core))
    settings = core.settings

    def current_store() -> tuple[Path, str]:
        version = core.version
        return version.store_path, version.id

    app.include_router(
        sparql_router(
            current_store,
            queries=core.queries,  # the one query service: its workers, timeout and caps
            max_query_chars=settings.max_query_chars,
            base_iri=settings.base_iri,
            max_depth=settings.sparql_max_depth,
        )
    )
    app.add_middleware(SecurityHeaders, html_csp=html_policy(style_hashes([ENTITY_PAGE])))
    if core.settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=core.settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
        )

    @app.get(
        "/health",
        tags=["drift"],
        summary="Hälsokontroll",
        description="Svarar alltid, även medan en ny version läses in; anger grafversionen.",
    )
    def health() -> dict[str, object]:
        try:
            version: str | None = core.version.id
        except Exception:  # health answers even before the first ingest
            version = None
        return {"status": "ok", "graph_version": version}

    return app
