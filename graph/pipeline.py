"""Ingest: documents -> parsed -> RDF (one named graph each) -> SHACL -> a new store version;
and remove: a new version without some documents. Both write that version the same way
(`store_version`: the local store, or the external store and then the local copy of it).

Nothing is written until every document has parsed and the whole graph has validated, so bad
input or a violation leaves the stored graph as it was. Documents stream through: each is
parsed, tagged, handed to SHACL and serialised before the next is parsed, so memory is bounded
by the largest document (and the kommun's shared things), not by the corpus.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

# Parsing lives in graph/batch.py; these names stay part of the pipeline's interface.
from graph.batch import KNOWN_KINDS as KNOWN_KINDS
from graph.batch import BatchStream
from graph.batch import ParsedBatch as ParsedBatch
from graph.batch import corpus_files as corpus_files
from graph.batch import known_in_store as known_in_store
from graph.batch import parse_batch as parse_batch
from graph.batch import parse_documents as parse_documents
from graph.errors import ValidationFailed
from graph.remote import RemoteState, RemoteStore
from graph.shared import SharedUpdate, Split, is_shared_graph, read_state, split, state_file, update
from graph.spool import Spool
from graph.store import (
    VERSIONS,
    GraphStore,
    Version,
    current_version,
    graph_hash,
    version_id,
    write_version,
)
from graph.topics import TopicConfig, add_scheme, tag_document
from graph.validate_documents import DocumentValidation
from graph.validation import ValidationReport, ontology_graph
from graph.vector_cache import Progress as Progress
from ingest.errors import NoGraph, NotFound
from ingest.iris import Iris
from ontology import INITIATIV_TTL, SG

COUNTED = (
    SG.Malomrade,
    SG.Mal,
    SG.Fokusomrade,
    SG.Uppdrag,
    SG.Direktiv,
    SG.Program,
    SG.Plan,
    SG.Indikator,
    SG.Utfall,
    SG.Malvarde,
    SG.Bedomning,
    SG.Bidrag,
)
# What a split keeps of a document's own graph once it is serialised (graph/shared.py's update
# reads only the kommun and the shared lines): an empty graph instead of the document's.
_WRITTEN = Graph()


@dataclass
class IngestResult:
    version: Version
    changed: bool
    documents: list[str]
    report: ValidationReport
    counts: dict[str, int] = field(default_factory=dict)
    parse_warnings: list[str] = field(default_factory=list)  # what the engines could not read


def vocabulary_graph() -> Graph:
    graph = Graph()
    graph += ontology_graph()
    graph.parse(INITIATIV_TTL, format="turtle")
    return graph


def build_dataset(iris: Iris, graphs: dict[str, Graph]) -> Dataset:
    """The vocabulary graph and one named graph per document."""
    dataset = Dataset()
    dataset.graph(iris.vocabulary_graph()).__iadd__(vocabulary_graph())
    for doc, graph in graphs.items():
        dataset.graph(iris.graph(doc)).__iadd__(graph)
    return dataset


def union_of(dataset: Dataset) -> Graph:
    union = Graph()
    for ctx in dataset.graphs():
        union += ctx
    return union


def count_entities(store: GraphStore) -> dict[str, int]:
    """Entities per class in the stored graph, plus documents and triples."""
    # Each result read to the end at once and only its rows kept: pyoxigraph's result objects
    # must not outlive the thread that ran the query (an error's traceback could carry them).
    rows = list(
        store.query("""SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?kind }
        GROUP BY ?kind""")
    )
    found = {r["kind"].value: int(r["n"].value) for r in rows}
    counts = {k.rsplit("#", 1)[-1]: found.get(str(k), 0) for k in COUNTED}
    # A document is typed sg:Dokument and its subclass (and stores written before that only
    # the subclass): count each document once, whatever classes it carries.
    kinds = " ".join(
        f"<{k}>" for k in (SG.Dokument, SG.Verksamhetsplan, SG.Budget, SG.Uppfoljning, SG.Nyhet)
    )
    docs = list(
        store.query(f"""SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{
        VALUES ?kind {{ {kinds} }} ?d a ?kind }}""")
    )
    counts["Dokument"] = int(docs[0]["n"].value)
    triples = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    counts["triples"] = int(triples[0]["n"].value)
    return counts


def ingest(
    paths: Sequence[Path],
    data_dir: Path,
    base_iri: str,
    *,
    replace_all: bool,
    keep_versions: int = 3,
    max_bytes: int = 20_000_000,
    progress: Progress = lambda _: None,
    remote: RemoteStore | None = None,
    template_dirs: Sequence[Path] = (),
    max_unpacked: int = 200_000_000,
    validation_workers: int = 1,
    topics: TopicConfig | None = None,
) -> IngestResult:
    """Parse, validate and store `paths`. With replace_all the stored graph becomes exactly
    these documents; otherwise they are added to (or replace) the stored ones, and only their
    named graphs are validated and written (documents do not constrain each other). With a
    `remote` store the graphs are written there and the local copy follows it."""
    iris = Iris(base_iri)
    if remote is not None and remote.state().version is not None:
        sync_local(data_dir, remote, keep_versions)
    try:
        before: Version | None = current_version(data_dir)
    except NoGraph:
        before = None
    base = None if replace_all else before
    stream = BatchStream(
        paths,
        iris,
        max_bytes,
        (lambda: known_in_store(base)) if base is not None else (),
        progress,
        template_dirs,
        stored=base,
        max_unpacked=max_unpacked,
        spool_dir=data_dir / VERSIONS,
    )
    vocabulary = vocabulary_graph()
    # topic links go into each document's own named graph
    concepts = add_scheme(vocabulary, topics) if topics is not None else None
    validation = DocumentValidation(
        vocabulary, iris, workers=validation_workers, kommuner=stream.kommuner
    )
    # One document at a time: tag, hand to SHACL, split off the shared description, keep only
    # its N-Triples (on disk, graph/spool.py); nothing is written before every document has
    # validated.
    with Spool(data_dir / VERSIONS) as serialised:
        splits: dict[str, Split] = {}
        # What is set up by now (every source read and recognised, the vocabulary, the shapes)
        # lives until the end: out of the cyclic GC's sight, else each full collection (one
        # every few documents: their graphs are cyclic garbage) scans all of it again, and the
        # sources grow with the corpus. Unfrozen after the loop, so nothing is kept longer.
        gc.freeze()
        try:
            for doc, graph in stream.graphs():
                if concepts is not None and topics is not None:
                    tag_document(graph, iris, doc, concepts, topics, progress)
                validation.add(graph)
                part = split(graph, iris)
                serialised[str(iris.graph(doc))] = part.own.serialize(format="nt", encoding="utf-8")
                splits[str(iris.graph(doc))] = replace(part, own=_WRITTEN)
            progress("validating with SHACL")
            report = validation.report()
        finally:
            gc.unfreeze()
            validation.close()
        if not report.conforms:
            raise ValidationFailed(report)
        progress("writing the store")
        documents = sorted(set(stream.documents))
        shared = update(iris, read_state(base), splits)
        vocabulary_nt = vocabulary.serialize(format="nt", encoding="utf-8")
        serialised[str(iris.vocabulary_graph())] = vocabulary_nt
        meta = {
            "documents": documents,
            "base_iri": base_iri,
            "warnings": [f.describe() for f in report.warnings],
            "parse_warnings": stream.warnings,
        }
        version = store_version(
            data_dir, serialised, meta, shared, base, replace_all, keep_versions, remote
        )
    store = GraphStore(data_dir)
    return IngestResult(
        version=version,
        changed=before is None or version.id != before.id,
        documents=documents,
        report=report,
        counts=count_entities(store),
        parse_warnings=stream.warnings,
    )


def remove(
    documents: Sequence[str],
    data_dir: Path,
    base_iri: str,
    *,
    keep_versions: int = 3,
    remote: RemoteStore | None = None,
) -> Version:
    """A new version without the named graphs of `documents` (document ids); the shared
    graph of their kommun keeps what the remaining documents still state. NotFound, naming
    the stored documents, when one of them is not stored."""
    iris = Iris(base_iri)
    if remote is not None:  # start from the external store's version, as ingest does
        sync_local(data_dir, remote, keep_versions)
    base = current_version(data_dir)
    stored = set(base.meta().get("graphs", {}))
    drop = frozenset(str(iris.graph(doc)) for doc in documents)
    missing = sorted(d for d in documents if str(iris.graph(d)) not in stored)
    if missing:
        known = sorted(
            iris.entity_id(g).removeprefix("graf/")  # type: ignore[union-attr]
            for g in stored
            if g != str(iris.vocabulary_graph()) and not is_shared_graph(iris, g)
        )
        raise NotFound(f"no stored document {', '.join(missing)}; stored: {', '.join(known)}")
    shared = update(iris, read_state(base), {}, removed=drop)
    meta = {"removed": list(documents)}
    return store_version(data_dir, {}, meta, shared, base, False, keep_versions, remote, drop=drop)


def store_version(
    data_dir: Path,
    graphs: MutableMapping[str, bytes],
    meta: dict[str, Any],
    shared: SharedUpdate,
    base: Version | None,
    replace_all: bool,
    keep: int,
    remote: RemoteStore | None,
    drop: frozenset[str] = frozenset(),
) -> Version:
    """Write a new version: `base` minus the graphs in `drop` and the shared graphs no
    document states any more, plus `graphs` and the shared graphs `shared` changed (all of
    it into the external store first when there is one; the local copy then follows it)."""
    graphs.update(shared.graphs)  # in place: at ingest `graphs` is a spool on disk
    drop = drop | shared.drop
    if remote is not None:
        write_remote(remote, graphs, replace_all, drop=drop)
        return sync_local(data_dir, remote, keep, files=state_file(shared.state))
    return write_version(
        data_dir, graphs, meta, base=base, drop=drop, keep=keep, files=state_file(shared.state)
    )


def write_remote(
    remote: RemoteStore,
    graphs: Mapping[str, bytes],
    replace_all: bool,
    drop: frozenset[str] = frozenset(),
) -> None:
    """Write changed graphs to the external store and record its new version there."""
    state = remote.state()
    hashes = {} if replace_all else dict(state.graphs)
    removed = (set(state.graphs) - set(graphs)) if replace_all else set(drop)
    for iri in removed | set(graphs):
        hashes.pop(iri, None)
    hashes.update({iri: graph_hash(data) for iri, data in graphs.items()})
    remote.write(graphs, removed, RemoteState(version=version_id(hashes), graphs=hashes))


def sync_local(
    data_dir: Path, remote: RemoteStore, keep: int = 3, files: dict[str, bytes] | None = None
) -> Version:
    """Make the local copy match the external store's current version; returns it. `files`:
    the shared-graph sidecar when this process wrote that version (graph/shared.py)."""
    state = remote.state()
    if state.version is None:
        raise NoGraph(
            f"the external store at {remote.query_url} holds no styrgraf graph yet; "
            "run `styrgraf ingest` first"
        )
    try:
        local = current_version(data_dir)
        if local.id == state.version:
            return local
    except NoGraph:
        pass
    graphs = {iri: remote.get_graph(iri) for iri in sorted(state.graphs)}
    return write_version(
        data_dir,
        graphs,
        {"external": remote.query_url},
        keep=keep,
        version=state.version,
        files=files,
    )
