"""What the search documents need from each named graph, read one graph at a time and kept on
disk by the graph's content hash.

A stored version's meta maps every named graph (each document's, each kommun's shared graph)
to a hash of its content, so the facts of a graph with a known hash never need reading again:
adding a plan reads the new plan's graph and its kommun's (small) shared graph, not the 2,500
graphs of a large store. The facts are the triples of a fixed set of predicates, each as
(subject, object value), with no join: a join across graphs (a thing's label in the shared
graph, its section in each document's graph) is done over the union of all graphs' facts in
documents.py. A graph's list keeps each triple once, as the graph does, so the union counts a
triple once per graph that states it, as the store's union default graph does.

    <data_dir>/search-facts/<sha256(graph IRI)[:16]>-<graph hash>.json

Each file is written atomically; a damaged or foreign file is read again from the store, and
a finished build removes the files of graphs the current version no longer has.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, RDF, SKOS

from graph.store import write_atomic
from ontology.namespace import SG

FORMAT = 1
FACTS_DIR = "search-facts"
# Classes whose members are read (rdf:type triples of other classes are never needed).
CLASSES = ("Mal", "Fokusomrade", "Direktiv", "Uppdrag", "Program", "Plan", "Indikator", "Bidrag")
# Fact name -> predicate; a fact is (subject, object value: a literal's text or an IRI).
PREDICATES = {
    "label": SKOS.prefLabel,
    "identifier": DCTERMS.identifier,
    **{
        name: SG[name]
        for name in (
            "avsnitt",
            "dokument",
            "text",
            "omhandertagande",
            "utvecklingsomrade",
            "uppfoljning",
            "avser",
            "omrade",
            "tillhorMal",
            "delAv",
            "harFokusomrade",
            "malomrade",
            "ansvarig",
            "beslutadAv",
            "utfardadAv",
            "amne",
            "kommun",
        )
    },
}
RDF_TYPE = ox.NamedNode(str(RDF.type))
# Fact name -> [subject, object] pairs; the types as "a" -> [subject, class local name].
Facts = dict[str, list[list[str]]]


@dataclass
class FactStats:
    """Which graphs a read took from the store (the rest came from the cache)."""

    read: list[str] = field(default_factory=list)
    cached: int = 0


def read_graph(store: ox.Store, graph_iri: str) -> Facts:
    """The facts of one named graph, straight from the store (no SPARQL, no joins)."""
    graph = ox.NamedNode(graph_iri)
    facts: Facts = {"a": []}
    for cls in CLASSES:
        node = ox.NamedNode(str(SG[cls]))
        facts["a"] += [
            [_value(q.subject), cls] for q in store.quads_for_pattern(None, RDF_TYPE, node, graph)
        ]
    for name, predicate in PREDICATES.items():
        quads = store.quads_for_pattern(None, ox.NamedNode(str(predicate)), None, graph)
        facts[name] = [[_value(q.subject), _value(q.object)] for q in quads]
    return facts


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """An IRI, a blank node's id (unique in the whole store) or a literal's text."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def fact_file(cache_dir: Path, graph_iri: str, graph_hash: str) -> Path:
    key = hashlib.sha256(graph_iri.encode("utf-8")).hexdigest()[:16]
    return cache_dir / f"{key}-{graph_hash}.json"


def _load(path: Path, graph_iri: str, graph_hash: str) -> Facts | None:
    """The cached facts in `path`, or None when missing, damaged or of another graph."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if (data["format"], data["graph"], data["hash"]) != (FORMAT, graph_iri, graph_hash):
            return None
        facts: Facts = data["facts"]
        if not isinstance(facts, dict) or set(facts) != {"a", *PREDICATES}:
            return None
        return facts
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _save(path: Path, graph_iri: str, graph_hash: str, facts: Facts) -> None:
    """Write atomically; a cache that cannot be written only costs a later re-read."""
    data = {"format": FORMAT, "graph": graph_iri, "hash": graph_hash, "facts": facts}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        write_atomic(path, text, durable=False)
    except OSError:
        pass


def graph_facts(
    store: ox.Store,
    graphs: Mapping[str, str | None],
    cache_dir: Path | None,
    stats: FactStats,
) -> Iterator[Facts]:
    """The facts of every graph in `graphs` (IRI -> content hash; None: not cached), each from
    the cache when its hash is there, else from the store (and then cached), one graph at a
    time: the caller folds each into its tables, so the lists of all graphs never coexist."""
    for iri, graph_hash in sorted(graphs.items()):
        path = fact_file(cache_dir, iri, graph_hash) if cache_dir and graph_hash else None
        facts = _load(path, iri, graph_hash or "") if path else None
        if facts is None:
            facts = read_graph(store, iri)
            stats.read.append(iri)
            if path is not None:
                _save(path, iri, graph_hash or "", facts)
        else:
            stats.cached += 1
        yield facts


def prune(cache_dir: Path, graphs: Mapping[str, str | None]) -> None:
    """Remove the cached facts of graphs (or graph contents) not in `graphs`."""
    keep = {fact_file(cache_dir, iri, h).name for iri, h in graphs.items() if h}
    try:  # a cache that cannot be tidied (read-only data dir) only holds a few files more
        for path in cache_dir.iterdir() if cache_dir.is_dir() else ():
            if path.name not in keep:  # also a temporary file a killed build left
                path.unlink(missing_ok=True)
    except OSError:
        pass
