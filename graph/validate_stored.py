"""SHACL of the stored graph, one document's named graph at a time (`styrgraf validate`).

The store keeps a document's own statements in its graph and the shared description of its
kommun's things in `graf/delat/<k>` (graph/shared.py). Each document is validated as ingest
validated it: its own graph plus the shared triples it stated (the sidecar `shared.json`
records them), and the shapes on shared things over the shared graphs and the documents'
nodes (graph/validate_documents.py). Memory is bounded by the largest document and the
shared graphs, not by the corpus.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
from rdflib import Graph

from graph.shared import is_shared_graph, read_state
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
        vocabulary, iris, workers, kommuner=[g.rsplit("/", 1)[-1] for g in shared]
    )
    # A version without a sidecar entry for a document (copied from an external store that
    # another instance wrote): the document gets the shared triples about the nodes it names.
    documents = [g for g in named if g != vocabulary_iri and g not in shared]
    fallback = any(g not in state for g in documents)
    by_subject: dict[str, list[str]] = defaultdict(list)
    try:
        for iri in shared:
            data = _ntriples(store, iri)
            validation.add_shared(Graph().parse(data=data, format="nt"))
            for line in data.decode("utf-8").splitlines() if fallback else ():
                by_subject[line.split(" ", 1)[0]].append(line)
        for iri in documents:
            graph = Graph().parse(data=_ntriples(store, iri), format="nt")
            entry = state.get(iri)
            if entry is not None:
                lines = entry["triples"]
                assert isinstance(lines, list)
            else:
                nodes = {n.n3() for n in graph.all_nodes()}
                lines = [line for node in sorted(nodes) for line in by_subject.get(node, [])]
            if lines:
                graph.parse(data="\n".join(lines) + "\n", format="nt")
            validation.add(graph)
        return validation.report()
    finally:
        validation.close()
