"""An external SPARQL 1.1 store (query + update + graph store protocol) as the store of record.

For organisations that already run Fuseki, GraphDB or Oxigraph server: with
STYRGRAF_EXTERNAL_QUERY_URL (and the update and graph-store URLs) set, an ingest writes each
document's named graph to the external store with the Graph Store Protocol and records the
graph version in a status graph there. Readers keep a local read-only copy of the current
external version under data_dir (the same immutable version directories as the embedded
store), refreshed when the external version changes, so the search index, the SPARQL
endpoint's worker processes and the entity pages work unchanged and fast; the external store
stays the one source of truth, also when other styrgraf instances ingest into it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from ingest.errors import StoreError

_VERSION = "http://purl.org/dc/terms/hasVersion"
_HASH = "http://purl.org/dc/terms/identifier"


@dataclass(frozen=True)
class RemoteState:
    version: str | None
    graphs: dict[str, str]  # graph IRI -> content hash


class RemoteStore:
    """Client of one external SPARQL 1.1 store."""

    def __init__(
        self,
        query_url: str,
        update_url: str,
        graph_store_url: str,
        status_graph: str,
        timeout: float = 30.0,
    ) -> None:
        self.query_url, self.update_url, self.gsp_url = query_url, update_url, graph_store_url
        self.status_graph = status_graph
        self.client = httpx.Client(timeout=timeout, follow_redirects=False)

    def _check(self, response: httpx.Response, what: str) -> httpx.Response:
        if response.status_code >= 400:
            raise StoreError(
                f"external store refused {what}: HTTP {response.status_code} {response.text[:200]}"
            )
        return response

    def _call(self, method: str, url: str, what: str, **kwargs: object) -> httpx.Response:
        try:
            return self._check(self.client.request(method, url, **kwargs), what)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise StoreError(f"external store at {url} unreachable for {what}: {exc}") from None

    def put_graph(self, iri: str, ntriples: bytes) -> None:
        self._call(
            "PUT",
            self.gsp_url,
            f"PUT of {iri}",
            params={"graph": iri},
            content=ntriples,
            headers={"Content-Type": "application/n-triples"},
        )

    def delete_graph(self, iri: str) -> None:
        try:
            self._call("DELETE", self.gsp_url, f"DELETE of {iri}", params={"graph": iri})
        except StoreError as exc:
            if "HTTP 404" not in str(exc):
                raise

    def get_graph(self, iri: str) -> bytes:
        response = self._call(
            "GET",
            self.gsp_url,
            f"GET of {iri}",
            params={"graph": iri},
            headers={"Accept": "application/n-triples"},
        )
        return response.content

    def select(self, query: str) -> list[dict[str, str]]:
        response = self._call(
            "POST",
            self.query_url,
            "a query",
            content=query.encode(),
            headers={
                "Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json",
            },
        )
        rows = response.json()["results"]["bindings"]
        return [{k: v["value"] for k, v in row.items()} for row in rows]

    def update(self, text: str) -> None:
        self._call(
            "POST",
            self.update_url,
            "an update",
            content=text.encode(),
            headers={"Content-Type": "application/sparql-update"},
        )

    def state(self) -> RemoteState:
        """The version and graph hashes recorded in the status graph."""
        rows = self.select(
            f"SELECT ?s ?p ?o WHERE {{ GRAPH <{self.status_graph}> {{ ?s ?p ?o }} }}"
        )
        version = next((r["o"] for r in rows if r["p"] == _VERSION), None)
        graphs = {r["s"]: r["o"] for r in rows if r["p"] == _HASH}
        return RemoteState(version=version, graphs=graphs)

    def write(self, graphs: Mapping[str, bytes], drop: set[str], state: RemoteState) -> None:
        """Replace/add `graphs`, delete `drop`, then record `state` (the commit point)."""
        for iri in sorted(drop):
            self.delete_graph(iri)
        for iri, data in graphs.items():
            self.put_graph(iri, data)
        triples = [f'<{self.status_graph}> <{_VERSION}> "{state.version}" .']
        triples += [f'<{g}> <{_HASH}> "{h}" .' for g, h in sorted(state.graphs.items())]
        self.update(
            f"DROP SILENT GRAPH <{self.status_graph}> ;\n"
            f"INSERT DATA {{ GRAPH <{self.status_graph}> {{ {' '.join(triples)} }} }}"
        )
