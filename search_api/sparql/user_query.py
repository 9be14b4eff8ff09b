"""A person's SPARQL outside HTTP: `styrgraf sparql`, `styrgraf gaps NAME` and the Python API's
`Styrgraf.sparql`, with every limit of the /sparql endpoint.

    rows = run_user_query(core, "SELECT ?m WHERE { ?m a sg:Mal }")   # ox.QuerySolutions

The query passes the one policy (policy.py: read-only, no SERVICE, bounded length and depth)
and then runs as the web SPARQL editor's queries do: one Job (`user_job`) in the core's query
workers, through their admission control, stopped after STYRGRAF_SPARQL_TIMEOUT seconds,
refused past STYRGRAF_SPARQL_MAX_RESULTS rows or triples and STYRGRAF_SPARQL_MAX_RESULT_BYTES
bytes, in a process capped at STYRGRAF_SPARQL_WORKER_MEMORY_MB. A limit reached raises
QueryLimitExceeded naming its setting (the CLI: one line, exit 2); the rows come back as
pyoxigraph objects, parsed from the worker's SPARQL JSON or N-Triples.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ingest.errors import QueryError, QueryLimitExceeded, StoreError, StyrgrafError
from ontology import PREFIXES
from search_api.errors import Problem
from search_api.sparql import jobs
from search_api.sparql.admission import Busy
from search_api.sparql.lexer import inspect_query
from search_api.sparql.negotiation import N_TRIPLES, SPARQL_JSON
from search_api.sparql.pool import PoolClosed, PoolError, QueryTimeout, WorkerCrashed
from search_api.sparql.service import LOCAL, QueryService

if TYPE_CHECKING:
    from search_api.core import Styrgraf

TIMEOUT = "STYRGRAF_SPARQL_TIMEOUT"
MAX_RESULTS = "STYRGRAF_SPARQL_MAX_RESULTS"
MAX_BYTES = "STYRGRAF_SPARQL_MAX_RESULT_BYTES"
MEMORY = "STYRGRAF_SPARQL_WORKER_MEMORY_MB"


def with_prefixes(query: str, declared: dict[str, str]) -> str:
    """The query with the predefined prefixes it does not declare itself, on one first line
    (so the engine's line numbers are off by exactly one)."""
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in declared]
    return (" ".join(missing) + "\n" + query) if missing else query


def user_job(core: Styrgraf, query: str, max_results: int) -> jobs.Job:
    """The Job for a person's query text (the editor's, the CLI's, the Python API's): the
    predefined prefixes it does not declare, the configured base IRI, the dataset its FROM
    clauses name or else the union of all graphs, SPARQL JSON for rows and booleans and
    N-Triples for graphs."""
    info = inspect_query(query)
    version = core.version
    return jobs.Job(
        store_path=str(version.store_path),
        version=version.id,
        query=with_prefixes(query, info.prefixes),
        base_iri=core.settings.base_iri,
        default_graphs=None,
        named_graphs=None,
        union_default_graph=not info.has_dataset_clause,
        select_format=SPARQL_JSON,
        ask_format=SPARQL_JSON,
        graph_format=N_TRIPLES,
        max_results=max_results,
    )


def _memory_limit(detail: str) -> QueryLimitExceeded:
    return QueryLimitExceeded(
        f"the query needed more memory than a query may use ({MEMORY}) and was stopped"
        f"{detail}; narrow it, add a LIMIT or build shorter values",
        MEMORY,
    )


def reply_error(reply: jobs.Reply, queries: QueryService) -> StyrgrafError:
    """The error for a worker's reply without a result."""
    if reply.error == jobs.SYNTAX:
        return QueryError(f"malformed SPARQL query: {reply.message}")
    if reply.error == jobs.TOO_LARGE and reply.unit == "bytes":
        return QueryLimitExceeded(
            f"the result has {reply.count} bytes, more than the {queries.max_bytes} a query "
            f"may return ({MAX_BYTES}): add a LIMIT or select fewer or shorter values",
            MAX_BYTES,
        )
    if reply.error == jobs.TOO_LARGE:  # refused, as /sparql answers 422
        cap = queries.max_results
        return QueryLimitExceeded(
            f"the result has more than {cap} {reply.unit}, the most a query may return "
            f"({MAX_RESULTS}): add LIMIT {cap} or narrow the query",
            MAX_RESULTS,
        )
    if reply.error == jobs.MEMORY:
        return _memory_limit(f" ({reply.message})")
    if reply.error == jobs.STORE:
        return StoreError(reply.message)
    return QueryError(f"the query failed: {reply.message}")


@contextmanager
def limit_errors(queries: QueryService) -> Iterator[None]:
    """The query service's failures as styrgraf errors: a timeout or a worker killed at its
    memory cap is QueryLimitExceeded; no free slot or a failed worker is the 503 Problem
    /sparql answers (the CLI's exit 3: try again)."""
    try:
        yield
    except Busy as exc:
        raise Problem("endpoint-busy", f"no query slot is free: {exc}; try again later") from None
    except QueryTimeout:
        raise QueryLimitExceeded(
            f"the query ran longer than the {queries.timeout:g} s time limit ({TIMEOUT}) and "
            "was stopped; narrow it or add a LIMIT",
            TIMEOUT,
        ) from None
    except WorkerCrashed as exc:
        if exc.signal == signal.SIGABRT:  # the engine could not allocate under RLIMIT_AS
            raise _memory_limit("") from None
        raise Problem("query-worker-failed", str(exc)) from None
    except PoolClosed as exc:
        raise Problem("endpoint-stopping", str(exc)) from None
    except PoolError as exc:
        raise Problem("query-worker-failed", str(exc)) from None


def results(reply: jobs.Reply) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
    """A worker's result as pyoxigraph objects: solutions or a boolean from SPARQL JSON, a
    graph's triples (a list) from N-Triples."""
    if reply.media_type == N_TRIPLES.media_type:
        return [quad.triple for quad in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)]
    return ox.parse_query_results(reply.body, format=ox.QueryResultsFormat.JSON)


def run_user_query(core: Styrgraf, query: str) -> Any:
    """`query` under every limit of /sparql (see the module docstring); QueryRefused,
    QueryLimitExceeded or QueryError when it may not run, stops at a limit or fails."""
    core.check_query(query)
    queries = core.queries
    job = user_job(core, query, queries.max_results)
    with limit_errors(queries):
        reply = queries.run_blocking(LOCAL, job)
    if not reply.ok:
        raise reply_error(reply, queries)
    return results(reply)
