"""Helpers for the SPARQL endpoint tests.

- `build_store(dir)`: a pyoxigraph store built from tests/data/sparql/*.ttl, one named graph per
  file (see tests/data/sparql/README.md), closed so that workers can open it read-only.
- `make_app(store, ...)`: a FastAPI app with the SPARQL router and a trivial async /health.
- `live_server(app)`: the app under a real uvicorn server on a free 127.0.0.1 port.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox
from fastapi import FastAPI

from search_api.problems import install_problem_handler
from search_api.sparql import jobs, sparql_router
from search_api.sparql.negotiation import SPARQL_JSON, TURTLE, Format
from tests.support.live import ThreadServer

DATA = Path(__file__).resolve().parents[1] / "data" / "sparql"
ID = "https://styrgraf.example/id/"
PLAN_GRAPH = ID + "graf/vp-2023-sn-sydvast"
NEWS_GRAPH = ID + "graf/nyhet-2023-03-07"
KASEI = "http://kasei.us/2009/09/sparql/data/"
GRAPHS = {
    "plan-2023.ttl": PLAN_GRAPH,
    "nyhet-2023.ttl": NEWS_GRAPH,
    "w3c-data1.ttl": KASEI + "data1.rdf",
    "w3c-data2.ttl": KASEI + "data2.rdf",
    "w3c-data3.ttl": KASEI + "data3.rdf",
}
PREFIXES = """\
PREFIX sg: <https://w3id.org/styrgraf/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX id: <https://styrgraf.example/id/>
"""
# The goals of the fixture plan with their labels and sections (3.3.1.1 and 3.4.1.1)
GOALS = (
    PREFIXES
    + """
SELECT ?goal ?label ?section WHERE {
  ?goal a sg:Mal ; skos:prefLabel ?label ; sg:avsnitt ?section .
} ORDER BY ?section"""
)

# Queries the endpoint must refuse: a 32 MiB literal built by nested CONCAT
# (16 x 16 x 16 x 16 x 16 x 32 characters), and a triple term no JSON-LD can hold.
_SIXTEEN = ",".join(["?{0}"] * 16)
BIG_LITERAL = (
    'SELECT ?x { BIND(CONCAT("'
    + "a" * 16
    + '", "'
    + "a" * 16
    + '") AS ?a) '
    + " ".join(
        f"BIND(CONCAT({_SIXTEEN.format(src)}) AS ?{dst})"
        for src, dst in zip("abcde", "bcdex", strict=True)
    )
    + " }"
)
TRIPLE_TERM = "CONSTRUCT { <s> <p> <<( <a> <b> <c> )>> } WHERE {}"
# Five nested VALUES of 100 numbers each: 10^10 combinations to filter, hours of work.
DIGITS = " ".join(str(i) for i in range(100))
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?v{k} {{ {DIGITS} }}" for k in range(5))
    + " FILTER(?v0 + ?v1 + ?v2 + ?v3 + ?v4 < 0) }"
)

BASE_IRI = "https://styrgraf.example/id/"  # the endpoint's configured base IRI


def build_store(directory: Path, graphs: dict[str, str] | None = None) -> Path:
    """Load each fixture file into its named graph of a new on-disk store at `directory`."""
    store = ox.Store(str(directory))
    for name, graph in (graphs or GRAPHS).items():
        store.load(path=str(DATA / name), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
    store.flush()
    del store  # release the RocksDB lock; the endpoint opens the directory read-only
    return directory


def make_app(
    current_store: Path | None = None,
    *,
    version: str = "v1",
    timeout: float = 20.0,
    max_results: int = 1000,
    max_query_chars: int = 5000,
    workers: int = 2,
    current: Callable[[], tuple[Path, str]] | None = None,
    base_iri: str | None = BASE_IRI,
) -> FastAPI:
    app = FastAPI()
    install_problem_handler(app)  # the handler create_app installs: errors answer alike

    def fixed() -> tuple[Path, str]:
        assert current_store is not None
        return current_store, version

    source = current or fixed
    app.include_router(
        sparql_router(
            source,
            timeout=timeout,
            max_results=max_results,
            max_query_chars=max_query_chars,
            workers=workers,
            base_iri=base_iri,
        )
    )

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn in a thread on a free loopback port; yield its base URL once
    /health has answered (the first request of a server pays for its warm-up)."""
    with ThreadServer(app) as server:
        assert httpx.get(server.base_url + "/health", timeout=30).status_code == 200
        yield server.base_url


def job(
    store: Path,
    query: str,
    fmt: Format = SPARQL_JSON,
    max_results: int = 100,
    base_iri: str | None = None,
) -> jobs.Job:
    """A query job for a worker over `store`, as the endpoint makes one."""
    return jobs.Job(
        store_path=str(store),
        version="v1",
        query=query,
        base_iri=base_iri,
        default_graphs=None,
        named_graphs=None,
        union_default_graph=True,
        select_format=fmt,
        ask_format=SPARQL_JSON,
        graph_format=TURTLE,
        max_results=max_results,
    )
