"""Saved gap queries through the core's query service: the worker pool, timeout, admission
control and row cap of /sparql, a page at a time.

    page = await run_page(core, client, gap, SPARQL_CSV, offset=0, limit=100)
    page.reply.body, page.more        # the serialized rows; whether rows follow them
    n = await count_rows(core, client, gap)

A page is the saved query with `LIMIT limit + 1 OFFSET offset` appended; the worker serializes
at most `limit` rows and says whether there were more (Job.truncate). The query's ORDER BY
gives the pages their order; within one graph version the engine returns equal sort keys in
the same order every time, so consecutive pages neither repeat nor skip rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ingest.errors import StyrgrafError
from search_api.errors import Problem
from search_api.gaps.loader import GapQuery
from search_api.sparql.admission import Busy
from search_api.sparql.jobs import Job, Reply
from search_api.sparql.negotiation import SPARQL_JSON, Format
from search_api.sparql.pool import PoolError
from search_api.sparql.router import busy_problem, pool_problem

if TYPE_CHECKING:
    from search_api.core import Styrgraf

_SELECT = re.compile(r"^SELECT\b", re.MULTILINE)


class GapFailed(StyrgrafError):
    """The worker could not run a saved query (not a timeout or a full pool: PoolError, Busy)."""

    def __init__(self, name: str, reply: Reply) -> None:
        super().__init__(f"{name}: {reply.message or reply.error}")
        self.reply = reply


@contextmanager
def as_problems(timeout: float) -> Iterator[None]:
    """Pooled query work's failures as the problems /sparql answers (503s, Retry-After): the
    JSON routes and the web pages (shown in Swedish) report them alike."""
    try:
        yield
    except Busy as exc:
        raise busy_problem(exc) from None
    except PoolError as exc:
        raise pool_problem(exc, timeout) from None
    except GapFailed as exc:
        raise Problem("saved-query-failed", str(exc)) from None


@dataclass(frozen=True)
class Page:
    reply: Reply  # the page's rows, serialized in the asked format
    offset: int
    limit: int

    @property
    def more(self) -> bool:
        return self.reply.more

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.reply.more else None


def page_query(query: str, limit: int, offset: int) -> str:
    """The saved query (a SELECT without LIMIT/OFFSET) cut to one page and one row more: the
    extra row says whether a next page exists."""
    tail = f"LIMIT {limit + 1}" + (f" OFFSET {offset}" if offset else "")
    return f"{query.rstrip()}\n{tail}\n"


def count_query(query: str) -> str:
    """COUNT(*) over the saved query's rows: the whole evaluation without reading the rows'
    terms back out of the store, which is most of a large result's cost."""
    match = _SELECT.search(query)
    if match is None:
        raise ValueError("a saved query must start its SELECT on a line of its own")
    prologue, select = query[: match.start()], query[match.start() :]
    return f"{prologue}SELECT (COUNT(*) AS ?rader) WHERE {{\n{select.rstrip()}\n}}\n"


def _job(core: Styrgraf, query: str, fmt: Format, max_results: int, truncate: bool) -> Job:
    version = core.version
    return Job(
        store_path=str(version.store_path),
        version=version.id,
        query=query,
        base_iri=core.settings.base_iri,
        default_graphs=None,
        named_graphs=None,
        union_default_graph=True,
        select_format=fmt,
        ask_format=None,
        graph_format=None,
        max_results=max_results,
        truncate=truncate,
    )


def page_limit(core: Styrgraf, limit: int | None) -> int:
    """Rows in a page: as asked, never more than the endpoint's row cap (the default)."""
    cap = core.settings.sparql_max_results
    return cap if limit is None else min(limit, cap)


async def run_page(
    core: Styrgraf, client: str, gap: GapQuery, fmt: Format, *, offset: int, limit: int | None
) -> Page:
    """One page of `gap` in a query worker. Raises Busy or PoolError (timeout, crash) like
    /sparql, GapFailed when the worker answered with an error."""
    rows = page_limit(core, limit)
    job = _job(core, page_query(gap.query, rows, offset), fmt, rows, truncate=True)
    reply = await core.queries.run(client, job)
    if not reply.ok:
        raise GapFailed(gap.name, reply)
    return Page(reply, offset, rows)


def solutions(body: bytes) -> ox.QuerySolutions:
    """Rows asked for as SPARQL JSON, as pyoxigraph solutions. Parse them in the thread that
    reads them: pyoxigraph's result objects must not cross threads."""
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QuerySolutions)  # every saved query is a SELECT
    return parsed


async def first_rows(
    core: Styrgraf, client: str, gap: GapQuery, limit: int | None = None
) -> tuple[bytes, bool]:
    """The first page of `gap` as SPARQL JSON (see `solutions`), and whether more rows
    follow."""
    page = await run_page(core, client, gap, SPARQL_JSON, offset=0, limit=limit)
    return page.reply.body, page.more


async def count_rows(core: Styrgraf, client: str, gap: GapQuery) -> int:
    """How many rows `gap` has, counted in a query worker."""
    job = _job(core, count_query(gap.query), SPARQL_JSON, 1, truncate=False)
    reply = await core.queries.run(client, job)
    if not reply.ok:
        raise GapFailed(gap.name, reply)
    # Every row read (there is one): a half-read result would live on past this line.
    [row] = list(solutions(reply.body))
    count = row["rader"]
    return int(count.value) if isinstance(count, ox.Literal) else 0
