"""Running the SPARQL editor's queries with the /sparql endpoint's safety.

The same checks (search_api.sparql.lexer: no updates, no SERVICE) and the same kind of worker
process with a hard timeout (search_api.sparql.pool) as the endpoint, so a runaway query from
the editor costs one worker restart, never a stuck web server. The editor has a pool of its
own (one worker) that starts with the first query.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import pyoxigraph as ox

from search_api.core import PREFIXES, Styrgraf
from search_api.sparql import jobs
from search_api.sparql.lexer import inspect_query
from search_api.sparql.negotiation import N_TRIPLES, SPARQL_JSON
from search_api.sparql.pool import PoolBusy, PoolError, QueryTimeout, WorkerPool
from search_api.web.tables import CellMaker, Table, build_table, solutions_table

DISPLAY_ROWS = 1000  # rows shown on the page; /sparql gives the whole result


@dataclass
class QueryOutcome:
    table: Table | None = None
    boolean: bool | None = None
    error: str | None = None  # what went wrong, in Swedish
    detail: str | None = None  # the engine's own message, shown as is (escaped)
    status: int = 200
    took_ms: float = 0.0


def with_prefixes(query: str, declared: dict[str, str]) -> str:
    """The query with the predefined prefixes it does not declare itself, on one first line
    (so the engine's line numbers are off by exactly one)."""
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in declared]
    return (" ".join(missing) + "\n" + query) if missing else query


@dataclass
class QueryRunner:
    timeout: float
    max_results: int
    max_query_chars: int
    _pool: WorkerPool | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def pool(self) -> WorkerPool:
        with self._lock:
            if self._pool is None or self._pool.closed:
                self._pool = WorkerPool(1)
            return self._pool

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def check(self, query: str) -> QueryOutcome | None:
        """An outcome refusing `query`, or None when it may run."""
        if not query.strip():
            return QueryOutcome(error="Skriv en fråga först.", status=400)
        if len(query) > self.max_query_chars:
            return QueryOutcome(
                error=f"Frågan är för lång: {len(query)} tecken, högst "
                f"{self.max_query_chars} tillåts.",
                status=400,
            )
        info = inspect_query(query)
        if info.is_update:
            return QueryOutcome(
                error=f"Grafen kan bara läsas här: {info.update_keyword} och andra "
                "ändringar (SPARQL Update) är inte tillåtna.",
                status=403,
            )
        if info.uses_service:
            return QueryOutcome(
                error="Frågor mot andra tjänster (SERVICE) är inte tillåtna; "
                "editorn frågar bara den här grafen.",
                status=403,
            )
        return None

    def run(self, core: Styrgraf, query: str, cells: CellMaker) -> QueryOutcome:
        refused = self.check(query)
        if refused is not None:
            return refused
        info = inspect_query(query)
        version = core.version
        job = jobs.Job(
            store_path=str(version.store_path),
            version=version.id,
            query=with_prefixes(query, info.prefixes),
            base_iri=None,
            default_graphs=None,
            named_graphs=None,
            union_default_graph=not info.has_dataset_clause,
            select_format=SPARQL_JSON,
            ask_format=SPARQL_JSON,
            graph_format=N_TRIPLES,
            max_results=self.max_results,
        )
        started = time.perf_counter()
        try:
            reply = self.pool().run(job, self.timeout)
        except QueryTimeout:
            return QueryOutcome(
                error=f"Frågan tog längre tid än {self.timeout:g} sekunder och stoppades. "
                "Begränsa den, till exempel med LIMIT.",
                status=503,
            )
        except PoolBusy:
            return QueryOutcome(error="Editorn är upptagen just nu; försök igen.", status=503)
        except PoolError as error:
            return QueryOutcome(error="Frågan kunde inte köras.", detail=str(error), status=503)
        outcome = self._outcome(reply, cells)
        outcome.took_ms = round((time.perf_counter() - started) * 1000, 1)
        return outcome

    def _outcome(self, reply: jobs.Reply, cells: CellMaker) -> QueryOutcome:
        if reply.error == jobs.SYNTAX:
            return QueryOutcome(
                error="Frågan kunde inte tolkas. Kontrollera stavning och klamrar.",
                detail=reply.message,
                status=400,
            )
        if reply.error == jobs.TOO_LARGE:
            return QueryOutcome(
                error=f"Resultatet har fler än {self.max_results} {_unit(reply.unit)}. "
                f"Lägg till LIMIT eller smalna av frågan.",
                status=422,
            )
        if reply.error:
            status = 503 if reply.error == jobs.STORE else 400
            return QueryOutcome(
                error="Frågan kunde inte köras.", detail=reply.message, status=status
            )
        if reply.media_type == N_TRIPLES.media_type:
            triples = [
                {"subjekt": q.subject, "predikat": q.predicate, "objekt": q.object}
                for q in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)
            ]
            names = ["subjekt", "predikat", "objekt"]
            return QueryOutcome(
                table=build_table(names, triples, cells, max_rows=DISPLAY_ROWS, raw_headings=True)
            )
        results = ox.parse_query_results(reply.body, format=ox.QueryResultsFormat.JSON)
        if isinstance(results, ox.QueryBoolean):
            return QueryOutcome(boolean=bool(results))
        return QueryOutcome(
            table=solutions_table(results, cells, max_rows=DISPLAY_ROWS, raw_headings=True)
        )


def _unit(unit: str) -> str:
    return {"rows": "rader", "triples": "tripler"}.get(unit, unit)
