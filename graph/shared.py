"""Each fact once: a kommun's shared things are described in one named graph per kommun.

A document's parsed graph restates the shared things it mentions (the kommun, its nämnder,
målområden, program, planer, KF goals, fokusområden, direktiv, indikatorer: every node whose
id is `kommun/<k>` or starts with `<k>/`). Stored as parsed, a fact stated by k documents would
be k quads, and pyoxigraph's union default graph does not remove duplicates (oxigraph#1919), so
a join on a shared node costs k² rows. At write time each document's graph is therefore split:

- the description of a shared thing (type, labels, kommun, links between shared things) goes to
  `graf/delat/<k>`, the union of what all stored documents of kommun k state about it;
- what a document says about it (`sg:dokument`, its topic links `sg:amne`, and where it
  states it: `sg:avsnitt`, `sg:kalltext`, `sg:kallrad`, `sg:sida`) and everything else stay
  in the document's graph.

Which shared triples each document states is kept beside the version (`shared.json`: graph IRI
-> kommun and N-Triples lines), so removing or replacing a document recomputes its kommun's
shared graph without re-parsing: a fact stays while one document still states it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.plugins.serializers.nt import _nt_row

from graph.store import Version
from ingest.iris import Iris
from ontology import SG

SIDECAR = "shared.json"
# Statements of one document about a shared thing: they stay in that document's graph. A topic
# link (sg:amne, ontology/topics.ttl) is one too: its evidence is that document's text.
PER_DOCUMENT = frozenset(
    {SG.dokument, SG.avsnitt, SG.kalltext, SG.kallrad, SG.sida, SG._NS["amne"]}
)


def shared_graph_iri(iris: Iris, kommun: str) -> str:
    return str(iris.of(f"graf/delat/{kommun}"))


def is_shared_graph(iris: Iris, graph_iri: str) -> bool:
    return graph_iri.startswith(str(iris.of("graf/delat/")))


def shared_graph_kommun(graph_iri: str) -> str:
    """The kommun id of a shared graph's IRI (the inverse of `shared_graph_iri`)."""
    return graph_iri.rsplit("/", 1)[-1]


@dataclass
class Split:
    own: Graph  # what stays in the document's graph
    kommun: str | None
    shared: list[str] = field(default_factory=list)  # N-Triples lines for graf/delat/<kommun>


def kommun_of(graph: Graph, iris: Iris) -> str | None:
    """The kommun of a document's graph: the object of its document's sg:kommun."""
    prefix, documents = str(iris.of("kommun/")), str(iris.of("dokument/"))
    found = {
        str(o)[len(prefix) :]
        for s, o in graph.subject_objects(SG.kommun)
        if isinstance(o, URIRef) and str(o).startswith(prefix) and str(s).startswith(documents)
    }
    return min(found) if found else None


def split(graph: Graph, iris: Iris) -> Split:
    """Separate the shared description from the document's own statements."""
    kommun = kommun_of(graph, iris)
    if kommun is None:
        return Split(own=graph, kommun=None)
    scoped, node = str(iris.of(f"{kommun}/")), str(iris.kommun(kommun))
    own = Graph()
    for prefix, ns in graph.namespaces():
        own.bind(prefix, ns, override=True)
    shared: set[str] = set()
    for triple in graph:
        s, p = str(triple[0]), triple[1]
        if p not in PER_DOCUMENT and (s.startswith(scoped) or s == node):
            shared.add(_nt_row(triple).rstrip("\n"))
        else:
            own.add(triple)
    return Split(own=own, kommun=kommun, shared=sorted(shared))


# graph IRI of a document -> {"kommun": k, "triples": [N-Triples lines]}
SharedState = dict[str, dict[str, object]]


def read_state(version: Version | None) -> SharedState:
    """The sidecar of `version`. A version without one (copied from an external store that
    another instance wrote) keeps its stored shared graphs as they are: their triples are
    attributed to the shared graph itself, so they are never dropped, only added to."""
    if version is None:
        return {}
    path = version.path / SIDECAR
    if path.exists():
        state: SharedState = json.loads(path.read_text(encoding="utf-8"))
        return state
    kept: SharedState = {}
    store = ox.Store.read_only(str(version.store_path))
    for graph in store.named_graphs():
        iri = graph.value
        if "/graf/delat/" in iri or "#graf/delat/" in iri:
            lines = sorted(
                f"{q.subject} {q.predicate} {q.object} ."
                for q in store.quads_for_pattern(None, None, None, graph)
            )
            kept[iri] = {"kommun": shared_graph_kommun(iri), "triples": lines}
    return kept


def state_file(state: SharedState) -> dict[str, bytes]:
    """The sidecar as a file for `write_version(files=...)`."""
    return {SIDECAR: json.dumps(state, ensure_ascii=False, sort_keys=True).encode("utf-8")}


@dataclass
class SharedUpdate:
    state: SharedState  # the new version's sidecar
    graphs: dict[str, bytes]  # shared graphs to (re)write
    drop: frozenset[str]  # shared graphs that no document states any more


def update(
    iris: Iris,
    base: SharedState,
    added: dict[str, Split],
    removed: frozenset[str] = frozenset(),
) -> SharedUpdate:
    """The new sidecar and the shared graphs of every kommun a changed document belongs to.
    `added`: graph IRI -> split of a new or replaced document; `removed`: graph IRIs gone."""
    state = {iri: entry for iri, entry in base.items() if iri not in removed}
    touched = {str(base[iri]["kommun"]) for iri in removed | set(added) if iri in base}
    touched |= {str(e["kommun"]) for iri, e in base.items() if is_shared_graph(iris, iri)}
    for iri, part in added.items():
        if part.kommun is not None:
            state[iri] = {"kommun": part.kommun, "triples": part.shared}
            touched.add(part.kommun)
    graphs: dict[str, bytes] = {}
    drop: set[str] = set()
    for kommun in sorted(touched):
        lines: set[str] = set()
        for entry in state.values():
            if entry["kommun"] == kommun:
                triples = entry["triples"]
                assert isinstance(triples, list)
                lines.update(triples)
        target = shared_graph_iri(iris, kommun)
        if lines:
            graphs[target] = ("\n".join(sorted(lines)) + "\n").encode("utf-8")
        else:
            drop.add(target)
    return SharedUpdate(state=state, graphs=graphs, drop=frozenset(drop))
