"""Read-only SPARQL 1.1 Protocol endpoint over the versioned pyoxigraph store.

    from search_api.sparql import sparql_router
    app.include_router(sparql_router(current, queries=core.queries, max_query_chars=20_000))

The names below are imported lazily: query worker processes import this package too, and they
need pyoxigraph only, not FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from search_api.sparql.router import SparqlEndpoint, sparql_router

__all__ = ["SparqlEndpoint", "sparql_router"]


def __getattr__(name: str) -> Any:
    if name in ("SparqlEndpoint", "sparql_router"):
        from search_api.sparql import router

        return getattr(router, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
