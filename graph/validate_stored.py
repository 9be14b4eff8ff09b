"""SHACL of the stored graph, one document's named graph at a time (`styrgraf validate`).

The store keeps a document's own statements in its graph and the shared description of its
kommun's things in `graf/delat/<k>` (graph/shared.py). Each document is validated as ingest
validated it: its own graph plus the shared triples it stated (the sidecar `shared.json`
records them), and the shapes on shared things over the shared graphs and the documents'
nodes (graph/validate_documents.py). A document without a sidecar entry is judged with its
kommun's whole shared graph. Memory is bounded by the largest document and the
shared graphs, not by the corpus.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from graph.shared import is_shared_graph, kommun_of, read_state, shared_graph_kommun
from graph.store import Version
from graph.validate_documents import DocumentValidation
from graph.validation import ValidationReport
from ingest.iris import Iris


def _ntriples(store: ox.Store, iri: str) -> bytes:
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri))
    assert isinstance(data, bytes)
    return data


def validate_stored(version: Version, iris: Iris, workers: int = 1) -> ValidationReport:
    """The findings on every stored document and on the shared things."""
    store = ox.Store.read_only(str(version.store_path))
    state = read_state(version)
    vocabulary_iri = str(iris.vocabulary_graph())
    vocabulary = Graph().parse(data=_ntriples(store, vocabulary_iri), format="nt")
    named = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    shared = [g for g in named if is_shared_graph(iris, g)]
    validation = DocumentValidation(
        vocabulary, iris, workers, kommuner=[shared_graph_kommun(g) for g in shared]
    )
    documents = [g for g in named if g != vocabulary_iri and g not in shared]
    kept: dict[str, Graph] = {}  # kommun -> its shared graph
    try:
        for iri in shared:
            kept[shared_graph_kommun(iri)] = graph = Graph()
            graph.parse(data=_ntriples(store, iri), format="nt")
            validation.add_shared(graph)
        for iri in documents:
            graph = Graph().parse(data=_ntriples(store, iri), format="nt")
            entry = state.get(iri)
            if entry is not None:
                lines = entry["triples"]
                assert isinstance(lines, list)
                if lines:
                    graph.parse(data="\n".join(lines) + "\n", format="nt")
            else:
                # No sidecar entry (a version copied from an external store that another
                # instance wrote): the document is judged with its kommun's whole shared graph.
                graph += kept.get(kommun_of(graph, iris) or "", Graph())
            validation.add(graph)
        return validation.report()
    finally:
        validation.close()
