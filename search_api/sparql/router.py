"""The read-only SPARQL 1.1 Protocol endpoint as a FastAPI router.

    app.include_router(sparql_router(current, timeout=10, max_results=10_000,
                                     max_query_chars=20_000))

`current()` is called once per request and returns (store directory, graph version id), so a
re-ingest that switches directories is visible to the next query. Queries run in a small pool of
worker processes (see pool.py); the router's lifespan starts the pool and stops it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import APIRouter, FastAPI
from starlette.requests import Request
from starlette.responses import Response

from search_api.sparql import jobs
from search_api.sparql.lexer import inspect_query
from search_api.sparql.negotiation import (
    ASK_OFFERS,
    GRAPH_OFFERS,
    SELECT_OFFERS,
    negotiate,
    offered_types,
)
from search_api.sparql.openapi import GET_DOC, POST_DOC
from search_api.sparql.pool import PoolBusy, PoolClosed, PoolError, QueryTimeout, WorkerPool
from search_api.sparql.problems import ProblemError, problem
from search_api.sparql.protocol import read_request

log = logging.getLogger(__name__)
Current = Callable[[], tuple[Path, str]]
VERSION_HEADER = "X-Graph-Version"


class SparqlEndpoint:
    """State behind one /sparql route: settings, the source of the store and the worker pool."""

    def __init__(
        self,
        current: Current,
        *,
        timeout: float,
        max_results: int,
        max_query_chars: int,
        workers: int = 2,
    ) -> None:
        self.current = current
        self.timeout = timeout
        self.max_results = max_results
        self.max_query_chars = max_query_chars
        self.workers = workers
        self._pool: WorkerPool | None = None
        # At most this many requests wait on the pool at once, each in a thread of its own
        # limiter (not the app's shared thread pool); the rest wait here, at most `timeout`.
        waiting = max(4, 4 * workers)
        self._admission = anyio.Semaphore(waiting)
        self._threads = anyio.CapacityLimiter(waiting)

    def pool(self) -> WorkerPool:
        if self._pool is None or self._pool.closed:
            self._pool = WorkerPool(self.workers)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    @asynccontextmanager
    async def lifespan(self, _app: FastAPI) -> AsyncIterator[None]:
        self.pool()
        try:
            yield
        finally:
            self.close()

    async def handle(self, request: Request) -> Response:
        sparql = await read_request(request, max_query_chars=self.max_query_chars)
        info = inspect_query(sparql.query)
        if info.is_update:
            raise ProblemError(
                403,
                "Updates not allowed",
                f"this endpoint is read-only: {info.update_keyword} and every other SPARQL "
                "Update operation is refused",
            )
        if info.uses_service:
            raise ProblemError(
                403,
                "SERVICE not allowed",
                "federated queries (SERVICE) are refused: this endpoint never fetches other "
                "hosts. (A word containing 'service' outside strings, IRIs and variables, "
                "such as a prefix named service:, is refused for the same reason.)",
            )
        accept = request.headers.get("accept")
        formats = {
            "SELECT": negotiate(accept, SELECT_OFFERS),
            "ASK": negotiate(accept, ASK_OFFERS),
            "CONSTRUCT": negotiate(accept, GRAPH_OFFERS),
        }
        formats["DESCRIBE"] = formats["CONSTRUCT"]
        if info.form is not None and formats[info.form] is None:
            raise self._not_acceptable(info.form, accept)
        try:
            store_path, version = self.current()
        except Exception as exc:
            raise ProblemError(503, "Graph unavailable", str(exc) or type(exc).__name__) from None
        job = jobs.Job(
            store_path=str(store_path),
            version=version,
            query=sparql.query,
            base_iri=str(request.url.replace(query="", fragment="")),
            default_graphs=sparql.default_graphs,
            named_graphs=sparql.named_graphs,
            union_default_graph=not info.has_dataset_clause,
            select_format=formats["SELECT"],
            ask_format=formats["ASK"],
            graph_format=formats["CONSTRUCT"],
            max_results=self.max_results,
            prefixes=tuple(info.prefixes.items()),
        )
        reply = await self._run(job)
        if not reply.ok:
            raise self._reply_problem(reply, accept)
        headers = {"Vary": "Accept", VERSION_HEADER: version}
        return Response(reply.body, media_type=reply.media_type, headers=headers)

    async def _run(self, job: jobs.Job) -> jobs.Reply:
        pool = self.pool()
        busy = ProblemError(
            503,
            "Endpoint busy",
            f"all {self.workers} query workers stayed busy for {self.timeout:g} s",
            {"Retry-After": "1"},
        )
        try:
            with anyio.fail_after(self.timeout):
                await self._admission.acquire()
        except TimeoutError:
            raise busy from None
        try:
            return await anyio.to_thread.run_sync(
                pool.run, job, self.timeout, limiter=self._threads
            )
        except QueryTimeout:
            raise ProblemError(
                503,
                "Query timeout",
                f"the query ran longer than the {self.timeout:g} s timeout and was stopped; "
                "narrow it or add a LIMIT",
            ) from None
        except PoolBusy:
            raise busy from None
        except PoolClosed as exc:
            raise ProblemError(503, "Endpoint stopping", str(exc)) from None
        except PoolError as exc:
            raise ProblemError(503, "Query worker failed", str(exc)) from None
        finally:
            self._admission.release()

    def router(self, path: str = "/sparql") -> APIRouter:
        """A router for this endpoint; its lifespan starts and stops the worker pool."""
        router = APIRouter(lifespan=self.lifespan)

        async def sparql(request: Request) -> Response:
            try:
                return await self.handle(request)
            except ProblemError as exc:
                return exc.response()
            except Exception as exc:
                log.exception("SPARQL request failed")
                return problem(500, "Internal server error", type(exc).__name__)

        for method, doc in (("GET", GET_DOC), ("POST", POST_DOC)):
            router.add_api_route(
                path,
                sparql,
                methods=[method],
                tags=["sparql"],
                summary=f"SPARQL 1.1 query ({method}), read-only",
                operation_id=f"sparql_query_{method.lower()}",
                response_class=Response,
                openapi_extra=doc,
            )

        @router.api_route(
            path, methods=["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"], include_in_schema=False
        )
        async def sparql_other_methods(request: Request) -> Response:
            return problem(
                405,
                "Method not allowed",
                f"{request.method} is not supported: send a query with GET or POST",
                headers={"Allow": "GET, POST"},
            )

        return router

    def _not_acceptable(self, form: str, accept: str | None) -> ProblemError:
        offers = {"SELECT": SELECT_OFFERS, "ASK": ASK_OFFERS}.get(form, GRAPH_OFFERS)
        return ProblemError(
            406,
            "Not acceptable",
            f"no format for {form} results satisfies Accept: {accept}; "
            f"available: {', '.join(offered_types(offers))}",
        )

    def _reply_problem(self, reply: jobs.Reply, accept: str | None) -> ProblemError:
        if reply.error == jobs.SYNTAX:
            return ProblemError(400, "Malformed query", reply.message)
        if reply.error == jobs.TOO_LARGE:
            return ProblemError(
                422,
                "Result too large",
                f"the result has more than {self.max_results} {reply.unit}, the most this "
                f"endpoint returns: add LIMIT {self.max_results} or narrow the query",
            )
        if reply.error == jobs.NOT_ACCEPTABLE:
            return ProblemError(406, "Not acceptable", f"{reply.message} (Accept: {accept})")
        if reply.error == jobs.STORE:
            return ProblemError(503, "Graph unavailable", reply.message)
        return ProblemError(500, "Query evaluation failed", reply.message)


def sparql_router(
    current: Current,
    *,
    timeout: float,
    max_results: int,
    max_query_chars: int,
    workers: int = 2,
    path: str = "/sparql",
) -> APIRouter:
    """An APIRouter serving the read-only SPARQL endpoint at `path` (see module docstring)."""
    endpoint = SparqlEndpoint(
        current,
        timeout=timeout,
        max_results=max_results,
        max_query_chars=max_query_chars,
        workers=workers,
    )
    return endpoint.router(path)
