"""The read-only SPARQL 1.1 Protocol endpoint as a FastAPI router.

    app.include_router(sparql_router(current, queries=core.queries, max_query_chars=20_000))

`current()` is called once per request and returns (store directory, graph version id), so a
re-ingest that switches directories is visible to the next query. Queries run in the worker
processes of a QueryService (service.py: admission control in front of pool.py), normally the
core's, shared with the editor, the gaps and the entity listings.
"""

from __future__ import annotations

import math
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, FastAPI
from starlette.requests import Request
from starlette.responses import Response

from search_api.errors import Problem
from search_api.sparql import jobs
from search_api.sparql.admission import Busy
from search_api.sparql.negotiation import (
    ASK_OFFERS,
    GRAPH_OFFERS,
    SELECT_OFFERS,
    negotiate,
    offered_types,
)
from search_api.sparql.openapi import GET_DOC, POST_DOC
from search_api.sparql.policy import check_query
from search_api.sparql.pool import PoolClosed, PoolError, QueryTimeout, WorkerCrashed
from search_api.sparql.protocol import read_request
from search_api.sparql.service import QueryService

Current = Callable[[], tuple[Path, str]]
VERSION_HEADER = "X-Graph-Version"


def client_of(request: Request) -> str:
    """Whose share of the query slots a request uses: its remote address."""
    return request.client.host if request.client else "unknown"


def busy_problem(exc: Busy) -> Problem:
    return Problem(
        "endpoint-busy",
        f"no query slot is free: {exc}; try again later",
        headers={"Retry-After": str(exc.retry_after)},
    )


def pool_problem(exc: PoolError, timeout: float) -> Problem:
    """The 503 for a query the pool could not answer (the query may succeed later)."""
    retry = {"Retry-After": str(max(1, math.ceil(timeout)))}
    if isinstance(exc, QueryTimeout):
        return Problem(
            "query-timeout",
            f"the query ran longer than the {timeout:g} s timeout and was stopped; "
            "narrow it or add a LIMIT",
            headers=retry,
        )
    if isinstance(exc, WorkerCrashed) and exc.signal == signal.SIGABRT:
        return Problem(
            "query-needs-too-much-memory",
            "the query's worker process ran out of the memory a query may use and was "
            "stopped; narrow the query or add a LIMIT",
        )
    if isinstance(exc, PoolClosed):
        return Problem("endpoint-stopping", str(exc), headers=retry)
    return Problem("query-worker-failed", str(exc), headers=retry)


@dataclass
class SparqlEndpoint:
    """State behind one /sparql route: the source of the store, the policy's limits and the
    query service (worker pool plus admission control), normally the core's, shared with the
    rest of the app; the timeout and the result caps are the service's."""

    current: Current
    queries: QueryService
    max_query_chars: int
    base_iri: str | None = None
    max_depth: int = 128
    owns_queries: bool = False  # a service of its own is started and stopped here

    def close(self) -> None:
        if self.owns_queries:
            self.queries.close()

    @asynccontextmanager
    async def lifespan(self, _app: FastAPI) -> AsyncIterator[None]:
        self.queries.pool()
        try:
            yield
        finally:
            self.close()

    async def handle(self, request: Request) -> Response:
        sparql = await read_request(request, max_query_chars=self.max_query_chars)
        info = check_query(sparql.query, max_chars=self.max_query_chars, max_depth=self.max_depth)
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
            raise Problem("graph-unavailable", str(exc) or type(exc).__name__) from None
        job = jobs.Job(
            store_path=str(store_path),
            version=version,
            query=sparql.query,
            # The configured base, never the request's Host header (which a client chooses).
            base_iri=self.base_iri,
            default_graphs=sparql.default_graphs,
            named_graphs=sparql.named_graphs,
            union_default_graph=not info.has_dataset_clause,
            select_format=formats["SELECT"],
            ask_format=formats["ASK"],
            graph_format=formats["CONSTRUCT"],
            max_results=self.queries.max_results,
            prefixes=tuple(info.prefixes.items()),
        )
        reply = await self._run(client_of(request), job)
        if not reply.ok:
            raise self._reply_problem(reply, accept)
        headers = {"Vary": "Accept", VERSION_HEADER: version}
        return Response(reply.body, media_type=reply.media_type, headers=headers)

    async def _run(self, client: str, job: jobs.Job) -> jobs.Reply:
        try:
            return await self.queries.run(client, job)
        except Busy as exc:
            raise busy_problem(exc) from None
        except PoolError as exc:
            raise pool_problem(exc, self.queries.timeout) from None

    def router(self, path: str = "/sparql") -> APIRouter:
        """A router for this endpoint; its lifespan starts and stops the worker pool."""
        router = APIRouter(lifespan=self.lifespan)

        async def sparql(request: Request) -> Response:
            return await self.handle(request)

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
            path, methods=["PUT", "DELETE", "PATCH", "OPTIONS"], include_in_schema=False
        )
        async def sparql_other_methods(request: Request) -> Response:
            raise Problem(
                "method-not-allowed",
                f"{request.method} is not supported: send a query with GET or POST",
                headers={"Allow": "GET, POST"},
            )

        return router

    def _not_acceptable(self, form: str, accept: str | None) -> Problem:
        offers = offered_types({"SELECT": SELECT_OFFERS, "ASK": ASK_OFFERS}.get(form, GRAPH_OFFERS))
        return Problem(
            "not-acceptable",
            f"no format for {form} results satisfies Accept: {accept}; "
            f"available: {', '.join(offers)}",
            available=offers,
        )

    def _reply_problem(self, reply: jobs.Reply, accept: str | None) -> Problem:
        if reply.error == jobs.SYNTAX:
            return Problem("malformed-query", reply.message)
        if reply.error == jobs.TOO_LARGE and reply.unit == "bytes":
            return Problem(
                "result-too-large",
                f"the result has {reply.count} bytes, more than the "
                f"{self.queries.max_bytes} this endpoint returns: add a LIMIT or select fewer "
                "or shorter values",
            )
        if reply.error == jobs.TOO_LARGE:
            return Problem(
                "result-too-large",
                f"the result has more than {self.queries.max_results} {reply.unit}, the most "
                f"this endpoint returns: add LIMIT {self.queries.max_results} or narrow the query",
            )
        if reply.error == jobs.MEMORY:
            return Problem(
                "query-needs-too-much-memory",
                "the query needed more memory than a query may use and was stopped "
                f"({reply.message}); narrow it, add a LIMIT or build shorter values",
            )
        if reply.error == jobs.NOT_ACCEPTABLE:
            return Problem("not-acceptable", f"{reply.message} (Accept: {accept})")
        if reply.error == jobs.STORE:
            return Problem("graph-unavailable", reply.message)
        # The engine refused to evaluate the query (e.g. an unsupported function use): the
        # query's doing, not a server fault.
        return Problem("query-evaluation-failed", reply.message)


def sparql_router(
    current: Current,
    *,
    max_query_chars: int,
    queries: QueryService | None = None,
    base_iri: str | None = None,
    max_depth: int = 128,
    path: str = "/sparql",
    timeout: float = 10.0,
    max_results: int = 10_000,
    workers: int = 2,
) -> APIRouter:
    """An APIRouter serving the read-only SPARQL endpoint at `path` (see module docstring).
    `queries` is the app's shared query service (the core's); a router without one (the
    endpoint tests' bare app) runs a service of its own with `workers`, `timeout` and
    `max_results`, stopped with the router's lifespan."""
    own = queries is None
    service = queries or QueryService(workers=workers, timeout=timeout, max_results=max_results)
    endpoint = SparqlEndpoint(
        current,
        service,
        max_query_chars=max_query_chars,
        base_iri=base_iri,
        max_depth=max_depth,
        owns_queries=own,
    )
    return endpoint.router(path)
