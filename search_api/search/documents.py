"""The searchable entities, read from the stored graph (never from parser output).

One SearchDoc per goal (KF goals and nämndmål alike), fokusområde, direktiv, assignment (and
direktiv point), programme, plan and indicator, carrying what a result shows (label, section,
goal areas, responsible bodies, source document), what it is filtered by (topics, kommuner)
and the texts to index. A programme's own node has no text: the committee's words are on the
sg:Bidrag rows that sg:avser it (one per goal area), so those are gathered here.

The graph is read one named graph at a time (graph_facts.py: the facts of each graph, cached
by its content hash), and the entities are assembled here from the union of those facts with
the semantics the SPARQL queries over the union default graph had (tests/support/
sparql_documents.py keeps them as the reference): the lowest section, the first document by
IRI and its title, distinct (entity, node) pairs with every label statement of the node, the
responsible body by the rules of `_links`. Adding one plan then costs reading its graph and its
kommun's shared graph and joining in memory, not nine queries over the whole store.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from search_api.entities.vocab import TYPE_CLASSES
from search_api.search.analysis import words
from search_api.search.graph_facts import (
    FACTS_DIR,
    PREDICATES,
    Facts,
    FactStats,
    graph_facts,
    prune,
)
from search_api.search.models import SEARCHABLE_TYPES

# Class local name -> type, in priority order (SEARCHABLE_TYPES is): a node typed both sg:Program
# and sg:Plan ("program och plan ...") is shown as a programme, a direktiv (sg:Direktiv
# rdfs:subClassOf sg:Uppdrag) as a direktiv.
TYPES = {TYPE_CLASSES[t][0]: t for t in SEARCHABLE_TYPES}

if TYPE_CHECKING:
    from search_api.core import Styrgraf


@dataclass
class Named:
    """A linked node shown by label and matched by label or id."""

    id: str
    label: str


@dataclass
class SearchDoc:
    id: str
    iri: str
    type: str
    label: str
    section: str | None
    source: str | None
    malomrade: list[Named] = field(default_factory=list)
    ansvarig: list[Named] = field(default_factory=list)
    amnen: list[Named] = field(default_factory=list)
    kommuner: list[Named] = field(default_factory=list)  # "kommun/goteborg", "Göteborgs Stad"
    texts: list[str] = field(default_factory=list)  # label first, then the indexed fields

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "iri": self.iri,
            "type": self.type,
            "label": self.label,
            "section": self.section,
            "source": self.source,
            "texts": self.texts,
            "malomrade": [[n.id, n.label] for n in self.malomrade],
            "ansvarig": [[n.id, n.label] for n in self.ansvarig],
            "amnen": [[n.id, n.label] for n in self.amnen],
            "kommuner": [[n.id, n.label] for n in self.kommuner],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SearchDoc:
        return cls(
            id=data["id"],
            iri=data["iri"],
            type=data["type"],
            label=data["label"],
            section=data["section"],
            source=data["source"],
            texts=data["texts"],
            malomrade=[Named(i, lab) for i, lab in data["malomrade"]],
            ansvarig=[Named(i, lab) for i, lab in data["ansvarig"]],
            amnen=[Named(i, lab) for i, lab in data.get("amnen", [])],
            kommuner=[Named(i, lab) for i, lab in data.get("kommuner", [])],
        )


def read_documents(
    core: Styrgraf, cache_dir: Path | None = None
) -> tuple[list[SearchDoc], FactStats]:
    """Every searchable entity of the core's current version, sorted by id, and which graphs
    had to be read from the store (the others' facts were cached in `cache_dir`, default
    <data_dir>/search-facts)."""
    version, store = core.graph.current()
    graphs: dict[str, str | None] = dict(version.meta().get("graphs", {}))
    if not graphs:  # a version written without hashes: read every graph, cache nothing
        graphs = {g.value: None for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    cache = cache_dir or core.settings.data_dir / FACTS_DIR
    stats = FactStats()
    docs = assemble(graph_facts(store, graphs, cache, stats), core.iris.entity_id)
    prune(cache, graphs)
    return docs, stats


def load_documents(core: Styrgraf, cache_dir: Path | None = None) -> list[SearchDoc]:
    """Every searchable entity of the core's current version, sorted by id."""
    return read_documents(core, cache_dir)[0]


def assemble(graphs: Iterable[Facts], entity_id: Callable[[str], str | None]) -> list[SearchDoc]:
    """The search documents of the union of `graphs`, joined here as the union default graph
    would join them: a fact stated in two graphs counts twice where no DISTINCT removed it."""
    rel = union(graphs)
    types, labels, dokument = rel["a"], rel["label"], rel["dokument"]
    titles = {d: labels[d][-1] for d in rel["identifier"] if d in labels}
    docs: dict[str, SearchDoc] = {}
    for iri, classes in types.items():
        kind = next((TYPES[k] for k in TYPES if k in classes), None)
        if kind is None or iri not in labels:
            continue
        source = min(dokument[iri]) if iri in dokument else None
        docs[iri] = SearchDoc(
            id=entity_id(iri) or iri,
            iri=iri,
            type=kind,
            label=labels[iri][0],  # the first the store lists, as the union query did
            section=min(rel["avsnitt"][iri]) if iri in rel["avsnitt"] else None,
            source=titles.get(source or "") or source,
        )
    texts = _fields(rel, docs)
    named = _links(rel, docs)
    flat = functools.cache(_flat)  # the same goal labels, lines and phrases recur in many plans
    for iri, doc in docs.items():
        for attribute in ("malomrade", "ansvarig", "amnen", "kommuner"):
            for node, label in named[attribute].get(iri, ()):
                if attribute == "amnen":  # topics live outside the base IRI: their last segment
                    one = Named(node.rstrip("/").rsplit("/", 1)[-1], label)
                else:
                    one = Named(entity_id(node) or node, label)
                getattr(doc, attribute).append(one)
            getattr(doc, attribute).sort(key=lambda n: (n.id, n.label))
        doc.texts = _texts(doc.label, sorted(texts.get(iri, ())), flat)
    return sorted(docs.values(), key=lambda d: d.id)


Relations = dict[str, dict[str, list[str]]]  # fact name -> subject -> objects (a bag)


def union(graphs: Iterable[Facts]) -> Relations:
    rel: Relations = {name: defaultdict(list) for name in ("a", *PREDICATES)}
    for facts in graphs:
        for name, pairs in facts.items():
            table = rel[name]
            for subject, value in pairs:
                table[subject].append(value)
    return {name: dict(table) for name, table in rel.items()}  # lookups add no keys


def _fields(rel: Relations, docs: dict[str, SearchDoc]) -> dict[str, set[tuple[int, str]]]:
    """(field number, text) of each entity, numbered in the order the fields are indexed."""
    texts: dict[str, set[tuple[int, str]]] = defaultdict(set)
    types, labels = rel["a"], rel["label"]

    def add(iri: str, n: int, values: list[str]) -> None:
        if iri in docs:
            texts[iri].update((n, v) for v in values)

    for n, name in enumerate(("text", "omhandertagande", "utvecklingsomrade", "uppfoljning"), 1):
        for iri, values in rel[name].items():
            add(iri, n, values)
    for b, about in rel["avser"].items():  # the committee's words on its sg:Bidrag rows
        if "Bidrag" in types.get(b, ()):
            for iri in about:
                add(iri, 5, rel["omrade"].get(b, []))
                add(iri, 6, rel["omhandertagande"].get(b, []))
    for iri, goals in rel["tillhorMal"].items():
        if {"Indikator", "Fokusomrade"} & set(types.get(iri, ())):
            for goal in goals:
                add(iri, 7, labels.get(goal, []))
    for part, wholes in rel["delAv"].items():
        for whole in wholes:
            add(part, 7, labels.get(whole, []))
            add(whole, 8, labels.get(part, []))
    for iri, areas in rel["harFokusomrade"].items():
        for area in areas:
            add(iri, 8, labels.get(area, []))
    return texts


def _links(
    rel: Relations, docs: dict[str, SearchDoc]
) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """Attribute -> entity -> (node, label): distinct (entity, node) pairs, each with every
    label statement of the node."""
    types, labels, dokument = rel["a"], rel["label"], rel["dokument"]
    pairs: dict[str, dict[str, set[str]]] = {
        a: defaultdict(set) for a in ("malomrade", "ansvarig", "kommuner")
    }
    for iri in docs:
        pairs["malomrade"][iri].update(rel["malomrade"].get(iri, ()))
        classes, own = set(types[iri]), rel["ansvarig"].get(iri)
        # assignments and direktiv name who must act; a goal the body that decided it;
        # everything else belongs to the committee whose document it is
        if own and {"Uppdrag", "Direktiv"} & classes:
            pairs["ansvarig"][iri].update(own)
        if "Uppdrag" not in classes and not own:
            decided = rel["beslutadAv"].get(iri)
            orgs = decided or [
                o for d in dokument.get(iri, ()) for o in rel["utfardadAv"].get(d, ())
            ]
            pairs["ansvarig"][iri].update(orgs)
        pairs["kommuner"][iri].update(rel["kommun"].get(iri, ()))
        for d in dokument.get(iri, ()):
            pairs["kommuner"][iri].update(rel["kommun"].get(d, ()))
    for b, about in rel["avser"].items():
        if "Bidrag" in types.get(b, ()):
            for iri in about:
                if iri in docs:
                    pairs["malomrade"][iri].update(rel["malomrade"].get(b, ()))
    links = {
        attribute: {
            iri: [(node, label) for node in nodes for label in labels.get(node, ())]
            for iri, nodes in by_entity.items()
        }
        for attribute, by_entity in pairs.items()
    }
    links["amnen"] = {
        iri: sorted({(t, label) for t in rel["amne"].get(iri, ()) for label in labels.get(t, ())})
        for iri in docs
    }
    return links


def _flat(text: str) -> str:
    return " ".join(words(text))


def _texts(
    label: str, fields: list[tuple[int, str]], flat: Callable[[str], str] = _flat
) -> list[str]:
    """The label, then each field once: development areas repeat lines of the
    omhändertagande and an assignment's text is its label, so contained texts are dropped."""
    result = [label]
    seen = flat(label)
    for _, text in sorted(fields):
        words_of = flat(text)
        if words_of and words_of not in seen:
            result.append(text)
            seen += "\n" + words_of
    return result
