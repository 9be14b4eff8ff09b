"""Running the SPARQL editor's queries with the /sparql endpoint's safety.

The same policy (search_api.sparql.policy: no updates, no SERVICE, bounded length and depth)
and the same query service as the endpoint (the core's: admission control with a fair share per
client, worker processes with a hard timeout and a memory cap), so a runaway query from the
editor costs one worker restart and waits for its slot on the event loop, never in one of the
server's request threads.
"""

from __future__ import annotations

import signal
import time
from dataclasses import dataclass

import pyoxigraph as ox

from search_api.core import Styrgraf
from search_api.sparql import jobs
from search_api.sparql.admission import Busy
from search_api.sparql.lexer import inspect_query
from search_api.sparql.negotiation import N_TRIPLES
from search_api.sparql.policy import QueryRefused, check_query
from search_api.sparql.pool import PoolError, QueryTimeout, WorkerCrashed
from search_api.sparql.service import QueryService
from search_api.sparql.user_query import user_job
from search_api.web.errors import WORDINGS
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


_REFUSED = {  # the policy's refusals by code (search_api/sparql/policy.py), for a person
    "empty-query": "Skriv en fråga först.",
    "query-too-long": "Frågan är för lång: {chars} tecken, högst {max_chars} tillåts.",
    "query-too-deep": "Frågan är för djupt nästlad: högst {max_depth} nivåer av parenteser, "
    "klamrar och operatorer tillåts.",
    "updates-not-allowed": "Grafen kan bara läsas här: {keyword} och andra ändringar "
    "(SPARQL Update) är inte tillåtna.",
    "service-not-allowed": "Frågor mot andra tjänster (SERVICE) är inte tillåtna; editorn "
    "frågar bara den här grafen.",
}


@dataclass
class QueryRunner:
    """The editor's queries, run by the core's query service: the same policy, admission
    control, worker processes and limits as /sparql."""

    queries: QueryService
    max_query_chars: int
    max_depth: int = 128

    @property
    def timeout(self) -> float:
        return self.queries.timeout

    @property
    def max_results(self) -> int:
        return self.queries.max_results

    def check(self, query: str) -> QueryOutcome | None:
        """An outcome refusing `query`, or None when it may run."""
        try:
            check_query(query, max_chars=self.max_query_chars, max_depth=self.max_depth)
        except QueryRefused as refused:
            keyword = inspect_query(query).update_keyword or "INSERT"
            text = _REFUSED[refused.code].format(
                chars=len(query),
                max_chars=self.max_query_chars,
                max_depth=self.max_depth,
                keyword=keyword,
            )
            return QueryOutcome(error=text, status=refused.status)
        return None

    async def reply(self, core: Styrgraf, client: str, query: str) -> QueryOutcome | jobs.Reply:
        """The worker's reply to `query`, or the outcome saying why there is none. Waits on
        the event loop, never in a request thread."""
        refused = self.check(query)
        if refused is not None:
            return refused
        job = user_job(core, query, self.max_results)  # the CLI's and the Python API's too
        try:
            return await self.queries.run(client, job)
        except QueryTimeout:
            return QueryOutcome(
                error=f"Frågan tog längre tid än {self.timeout:g} sekunder och stoppades. "
                "Begränsa den, till exempel med LIMIT.",
                status=503,
            )
        except Busy:
            return QueryOutcome(
                error=WORDINGS["endpoint-busy"].message,
                status=503,
            )
        except WorkerCrashed as error:
            if error.signal != signal.SIGABRT:
                return QueryOutcome(error="Frågan kunde inte köras.", detail=str(error), status=503)
            return QueryOutcome(
                error="Frågan behövde mer minne än en fråga får använda och stoppades. "
                "Smalna av den eller lägg till LIMIT.",
                status=422,
            )
        except PoolError as error:
            return QueryOutcome(error="Frågan kunde inte köras.", detail=str(error), status=503)

    def outcome(self, answer: QueryOutcome | jobs.Reply, cells: CellMaker) -> QueryOutcome:
        """The page's outcome for what `reply` gave (reads labels: run it in a thread)."""
        if isinstance(answer, QueryOutcome):
            return answer
        return self._outcome(answer, cells)

    async def run(self, core: Styrgraf, client: str, query: str, cells: CellMaker) -> QueryOutcome:
        started = time.perf_counter()
        outcome = self.outcome(await self.reply(core, client, query), cells)
        outcome.took_ms = round((time.perf_counter() - started) * 1000, 1)
        return outcome

    def _outcome(self, reply: jobs.Reply, cells: CellMaker) -> QueryOutcome:
        if reply.error == jobs.SYNTAX:
            return QueryOutcome(
                error="Frågan kunde inte tolkas. Kontrollera stavning och klamrar.",
                detail=reply.message,
                status=400,
            )
        if reply.error == jobs.TOO_LARGE and reply.unit == "bytes":
            return QueryOutcome(
                error=f"Resultatet är för stort ({reply.count} byte). "
                "Lägg till LIMIT eller välj färre eller kortare värden.",
                status=422,
            )
        if reply.error == jobs.MEMORY:
            return QueryOutcome(
                error="Frågan behövde mer minne än en fråga får använda och stoppades. "
                "Smalna av den eller lägg till LIMIT.",
                detail=reply.message,
                status=422,
            )
        if reply.error == jobs.NOT_ACCEPTABLE:
            return QueryOutcome(
                error="Resultatet kan inte visas här.", detail=reply.message, status=422
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
