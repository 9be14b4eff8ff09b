"""Shared helpers for the SPARQL endpoint tests (no tests here).

- `build_store(dir)`: a pyoxigraph store built from tests/data/sparql/*.ttl, one named graph per
  file (see tests/data/sparql/README.md), closed so that workers can open it read-only.
- `make_app(store, ...)`: a FastAPI app with the SPARQL router and a trivial async /health.
- `live_server(app)`: the app under a real uvicorn server on a free 127.0.0.1 port.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox
import uvicorn
from fastapi import FastAPI

from search_api.problems import install_problem_handler
from search_api.sparql import sparql_router

DATA = Path(__file__).parent / "data" / "sparql"
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn in a thread; yield its base URL once /health answers."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError(f"uvicorn on port {port} did not start")
        time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=15)
