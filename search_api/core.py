"""The one core object: the CLI, the HTTP app and the tests all go through `Styrgraf`.

It also holds the state that serving builds up, so that nothing in search_api lives in a
module global: the loaded search index (search/storage.py fills it), the web page's filter
lists (web/filters.py) and the query service, the one worker pool that the /sparql endpoint,
the web SPARQL editor, the gap queries, the entity listings and `sparql` (the CLI's and the
Python API's queries) share.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graph.pipeline import (
    IngestResult,
    Progress,
    corpus_files,
    ingest,
    parse_documents,
    remove,
    sync_local,
    vocabulary_graph,
)
from graph.remote import RemoteStore
from graph.settings import Settings
from graph.store import GraphStore, Version
from graph.topics import TopicConfig, TopicParams
from graph.validate_documents import validate_documents
from graph.validate_stored import validate_stored
from graph.validation import ValidationReport
from ingest.errors import QueryError
from ingest.iris import Iris
from ontology import PREFIXES as PREFIXES
from search_api.sparql.policy import check_query
from search_api.sparql.service import QueryService
from search_api.sparql.user_query import run_user_query

if TYPE_CHECKING:
    from search_api.search.index import SearchIndex
    from search_api.web.filters import FilterOptions

EXPORT_FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, "text/turtle"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "trig": (ox.RdfFormat.TRIG, "application/trig"),
    "nq": (ox.RdfFormat.N_QUADS, "application/n-quads"),
}


def topic_config(settings: Settings) -> TopicConfig:
    """How ingest links items to topics, from the settings."""
    cache = settings.embedding_cache_dir or settings.data_dir / "embedding-cache"
    params = TopicParams(dense=settings.topics_dense)
    return TopicConfig(settings.topics_dir, settings.embedder, cache, params)


def external_store(settings: Settings) -> RemoteStore | None:
    """The external SPARQL store the settings point at, if any."""
    if not settings.external_query_url:
        return None
    assert settings.external_update_url and settings.external_graph_store_url
    return RemoteStore(
        settings.external_query_url,
        settings.external_update_url,
        settings.external_graph_store_url,
        status_graph=str(Iris(settings.base_iri).of("graf/styrgraf-status")),
    )


class Styrgraf:
    """Ingest, validate, query and export the graph stored under `settings.data_dir`."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.iris = Iris(self.settings.base_iri)
        self.remote = external_store(self.settings)
        data_dir, remote = self.settings.data_dir, self.remote
        self.graph = GraphStore(
            data_dir,
            refresh=(lambda: sync_local(data_dir, remote)) if remote is not None else None,
            every=self.settings.external_poll_seconds,
        )
        self._queries: QueryService | None = None
        # Per core, never per process: two cores on two data dirs share nothing.
        self.search_indexes: dict[str, SearchIndex] = {}  # by embedder, for one graph version
        self.search_lock = threading.Lock()  # one index load or build at a time
        self.filter_lists: tuple[str, FilterOptions] | None = None  # (graph version, lists)

    @property
    def queries(self) -> QueryService:
        """The query workers and their admission control, shared by every HTTP route that runs
        query work and by `sparql` (started with the first query; `close()` stops them)."""
        if self._queries is None:
            self._queries = QueryService.from_settings(self.settings)
            # A core dropped without close() (a script, a test) still stops its workers.
            weakref.finalize(self, self._queries.close)
        return self._queries

    def close(self) -> None:
        if self._queries is not None:
            self._queries.close()

    # ------------------------------------------------------------------ writing
    def ingest(
        self,
        files: Sequence[Path] = (),
        corpus: Path | None = None,
        progress: Progress = lambda _: None,
    ) -> IngestResult:
        """Ingest `files` (added to the stored graph) or a whole corpus directory (replacing
        it; the configured corpus when neither is given)."""
        replace_all = not files
        paths = list(files) if files else corpus_files(corpus or self.settings.corpus_dir)
        return ingest(
            paths,
            self.settings.data_dir,
            self.settings.base_iri,
            replace_all=replace_all,
            keep_versions=self.settings.keep_versions,
            max_bytes=self.settings.max_document_bytes,
            progress=progress,
            remote=self.remote,
            template_dirs=self.settings.template_dirs,
            max_unpacked=self.settings.max_unpacked_bytes,
            validation_workers=self.settings.validation_workers,
            topics=topic_config(self.settings),
        )

    def remove(self, documents: Sequence[str]) -> Version:
        """A new version without the named graphs of `documents` (document ids); the shared
        graph of their kommun keeps what the remaining documents still state."""
        return remove(
            documents,
            self.settings.data_dir,
            self.settings.base_iri,
            keep_versions=self.settings.keep_versions,
            remote=self.remote,
        )

    # ------------------------------------------------------------------ reading
    @property
    def version(self) -> Version:
        return self.graph.version

    def validate(self, files: Sequence[Path] = ()) -> ValidationReport:
        """SHACL report for `files` (parsed, not stored) or for the stored graph."""
        if files:
            graphs = parse_documents(
                list(files),
                self.iris,
                self.settings.max_document_bytes,
                template_dirs=self.settings.template_dirs,
                max_unpacked=self.settings.max_unpacked_bytes,
            )
            return validate_documents(
                list(graphs.values()),
                vocabulary_graph(),
                self.iris,
                workers=self.settings.validation_workers,
            )
        # One document's graph at a time (with the shared triples it states), as ingest does.
        return validate_stored(self.version, self.iris, self.settings.validation_workers)

    def check_query(self, query: str) -> None:
        """The SPARQL policy of every entry point (search_api/sparql/policy.py): QueryRefused
        for a query too long or too deep, an update or a SERVICE call."""
        check_query(
            query,
            max_chars=self.settings.max_query_chars,
            max_depth=self.settings.sparql_max_depth,
        )

    def sparql(self, query: str) -> Any:
        """Run a person's read-only SPARQL query over all documents (`styrgraf sparql`, the
        Python API) with every limit of the HTTP endpoint: its policy, and a query worker with
        its timeout, row cap, byte cap and memory cap (search_api/sparql/user_query.py). The
        predefined prefixes need no PREFIX; relative IRIs resolve against the configured base
        IRI. Returns ox.QuerySolutions (SELECT), ox.QueryBoolean (ASK) or a list of ox.Triple
        (CONSTRUCT, DESCRIBE). Raises QueryLimitExceeded when the query stops at a limit,
        QueryError when it is malformed, refused or fails."""
        return run_user_query(self, query)

    def sparql_internal(self, query: str) -> Any:
        """The app's own queries (search index, filter lists, topic pages, saved queries in
        Python): in this process, with the policy but without timeout or row cap. Never for
        a query text a person wrote: that is `sparql`. Raises QueryError when the query is
        malformed, refused or fails."""
        self.check_query(query)
        try:
            return self.graph.store.query(
                query,
                use_default_graph_as_union=True,
                prefixes=PREFIXES,
                base_iri=self.settings.base_iri,
            )
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL query: {exc}") from None
        except MemoryError as exc:
            raise QueryError(f"the query needs too much memory: {exc}") from None
        except (OSError, RuntimeError, ValueError, TypeError) as exc:
            raise QueryError(f"the query failed: {type(exc).__name__}: {exc}") from None

    def export(self, fmt: str) -> bytes:
        """The whole graph serialised as `fmt` (turtle, nt, jsonld: the union of all named
        graphs; trig, nq: with the named graphs)."""
        if fmt not in EXPORT_FORMATS:
            raise QueryError(
                f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}"
            )
        rdf_format = EXPORT_FORMATS[fmt][0]
        store = self.graph.store
        if fmt in ("trig", "nq"):
            data = store.dump(format=rdf_format, prefixes=PREFIXES if fmt == "trig" else None)
        else:
            triples = store.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
            )
            assert isinstance(triples, ox.QueryTriples)
            data = ox.serialize(
                triples, format=rdf_format, prefixes=None if fmt == "nt" else PREFIXES
            )
        assert isinstance(data, bytes)
        return data
