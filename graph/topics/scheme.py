"""The topic vocabulary: the bundled SKOS scheme (ontology/amnen.ttl) plus a kommun's own files.

A kommun adds or edits topics in Turtle files in one directory (STYRGRAF_TOPICS_DIR): a new
IRI adds a concept, an existing IRI gets the file's labels and notes as well. skos:narrower is
inferred from skos:broader (and the other way), so a file only needs to state one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from ingest.errors import InputError
from ontology import AMNE, TOPIC_SCHEME_TTL, TOPICS_TTL

SCHEME = URIRef(str(AMNE))


@dataclass(frozen=True)
class Concept:
    """One topic as the tagger and search use it."""

    iri: str
    id: str  # the IRI's last segment, used in URLs: /amne/{id}
    pref: str
    alt: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    scope: str = ""
    broader: tuple[str, ...] = field(default=())  # ids

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label that counts as naming the topic in a text."""
        return (self.pref, *self.alt, *self.hidden)

    @property
    def description(self) -> str:
        """What the dense side compares items with: name, scope note and the everyday words."""
        words = ", ".join(self.alt[:12])
        return f"{self.pref}: {self.scope}" + (f" ({words})" if words else "")


def concept_id(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _read(graph: Graph, path: Path) -> None:
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several types for bad Turtle
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(
            f"{path}: not valid Turtle ({first[:160]}); expected SKOS concepts like "
            f"those in {TOPIC_SCHEME_TTL.name}"
        ) from None


def scheme_graph(extra_dir: Path | None = None) -> Graph:
    """The scheme as RDF: the bundled file, the kommun's *.ttl files, the topic terms, and
    skos:narrower/skos:broader made symmetric."""
    graph = Graph()
    _read(graph, TOPIC_SCHEME_TTL)
    _read(graph, TOPICS_TTL)
    if extra_dir is not None:
        if not extra_dir.is_dir():
            raise InputError(
                f"{extra_dir}: topics directory does not exist; expected a directory of "
                "Turtle (.ttl) files with SKOS concepts"
            )
        for path in sorted(extra_dir.glob("*.ttl")):
            _read(graph, path)
    for narrow, broad in list(graph.subject_objects(SKOS.broader)):
        graph.add((broad, SKOS.narrower, narrow))
    for broad, narrow in list(graph.subject_objects(SKOS.narrower)):
        graph.add((narrow, SKOS.broader, broad))
    for concept in list(graph.subjects(RDF.type, SKOS.Concept)):
        if (concept, SKOS.inScheme, None) not in graph:
            graph.add((concept, SKOS.inScheme, SCHEME))
    return graph


def _texts(graph: Graph, node: URIRef, prop: URIRef) -> tuple[str, ...]:
    values = [o for o in graph.objects(node, prop) if isinstance(o, Literal)]
    swedish = [str(o) for o in values if o.language in (None, "sv")]
    return tuple(sorted(swedish, key=lambda s: (s.lower(), s)))


def concepts_of(graph: Graph) -> list[Concept]:
    """The concepts of the scheme in `graph`, sorted by id; a concept without a Swedish
    prefLabel is refused (nothing could name it)."""
    found = []
    for node in sorted(set(graph.subjects(SKOS.inScheme, SCHEME)), key=str):
        if not isinstance(node, URIRef):
            continue
        prefs = _texts(graph, node, SKOS.prefLabel)
        if not prefs:
            raise InputError(f"topic {node} has no skos:prefLabel; expected one in Swedish (@sv)")
        found.append(
            Concept(
                iri=str(node),
                id=concept_id(str(node)),
                pref=prefs[0],
                alt=_texts(graph, node, SKOS.altLabel),
                hidden=_texts(graph, node, SKOS.hiddenLabel),
                scope=" ".join(_texts(graph, node, SKOS.scopeNote)),
                broader=tuple(
                    sorted(concept_id(str(b)) for b in graph.objects(node, SKOS.broader))
                ),
            )
        )
    return found


def load_concepts(extra_dir: Path | None = None) -> tuple[Concept, ...]:
    """The concepts of the bundled scheme plus `extra_dir` ."""
    return tuple(concepts_of(scheme_graph(extra_dir)))
