"""The search documents as search_api read them before they were read per named graph: nine
SPARQL queries over the union of all graphs. Kept as the reference the per-graph reader
(search_api/search/graph_facts.py, documents.py) must agree with, document for document.

One choice the queries left open: an entity with two labels (plans name a shared programme
"Göteborgs Stads ..." or "Göteborg Stads ...") got whichever row the join produced first,
which changed between two 100x versions whose shared graph was the same. The per-graph reader
takes the first label the store lists (its index order), which the queries also gave on every
store the tests build.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ontology import sparql_prefixes
from search_api.search.documents import TYPES, Named, SearchDoc, _texts

QUERY_PREFIXES = sparql_prefixes("sg", "skos", "dcterms")
# A programme shared by several plans has a section and a document in each: the lowest is
# shown. Entities, their lowest section, their first document and the documents' titles are
# read by four queries and joined here: an OPTIONAL sub-select per entity cost 42 s at 100x,
# and joining all sections with all documents grows with the square of the number of plans.
Q_ENTITIES = (
    QUERY_PREFIXES
    + """SELECT ?e ?type ?label WHERE {
  VALUES ?type { sg:Mal sg:Fokusomrade sg:Direktiv sg:Uppdrag sg:Program sg:Plan sg:Indikator }
  ?e a ?type ; skos:prefLabel ?label .
} ORDER BY ?e"""
)
Q_SECTIONS = (
    QUERY_PREFIXES + "SELECT ?e (MIN(?s) AS ?section) WHERE { ?e sg:avsnitt ?s } GROUP BY ?e"
)
Q_SOURCES = (
    QUERY_PREFIXES + "SELECT ?e (MIN(STR(?d)) AS ?doc) WHERE { ?e sg:dokument ?d } GROUP BY ?e"
)
Q_DOCUMENT_TITLES = (
    QUERY_PREFIXES
    + "SELECT ?doc ?docLabel WHERE { ?doc dcterms:identifier ?id ; skos:prefLabel ?docLabel }"
)
# Texts in the order they are indexed; the number orders fields inside one entity.
Q_TEXTS = (
    QUERY_PREFIXES
    + """SELECT ?e ?n ?text WHERE {
  { ?e sg:text ?text . BIND(1 AS ?n) } UNION { ?e sg:omhandertagande ?text . BIND(2 AS ?n) }
  UNION { ?e sg:utvecklingsomrade ?text . BIND(3 AS ?n) }
  UNION { ?e sg:uppfoljning ?text . BIND(4 AS ?n) }
  UNION { ?b a sg:Bidrag ; sg:avser ?e ; sg:omrade ?text . BIND(5 AS ?n) }
  UNION { ?b a sg:Bidrag ; sg:avser ?e ; sg:omhandertagande ?text . BIND(6 AS ?n) }
  UNION { ?e a sg:Indikator ; sg:tillhorMal/skos:prefLabel ?text . BIND(7 AS ?n) }
  UNION { ?e a sg:Fokusomrade ; sg:tillhorMal/skos:prefLabel ?text . BIND(7 AS ?n) }
  UNION { ?e sg:delAv/skos:prefLabel ?text . BIND(7 AS ?n) }
  UNION { ?p sg:delAv ?e ; skos:prefLabel ?text . BIND(8 AS ?n) }
  UNION { ?e sg:harFokusomrade/skos:prefLabel ?text . BIND(8 AS ?n) }
}"""
)
# Pairs first (DISTINCT in a sub-select), labels joined last: joined inside, oxigraph started
# from every label in the graph (17 s at 10x under load; 0.02 s this way).
Q_AREAS = (
    QUERY_PREFIXES
    + """SELECT ?e ?area ?label WHERE {
  { SELECT DISTINCT ?e ?area WHERE {
      { ?e sg:malomrade ?area } UNION { ?b a sg:Bidrag ; sg:avser ?e ; sg:malomrade ?area } } }
  ?area skos:prefLabel ?label .
}"""
)
# Assignments and direktiv name who must act; a goal or fokusområde the body that decided it;
# everything else belongs to the committee whose document it is.
Q_RESPONSIBLE = (
    QUERY_PREFIXES
    + """SELECT ?e ?org ?label WHERE {
  { SELECT DISTINCT ?e ?org WHERE {
    { ?e a sg:Uppdrag ; sg:ansvarig ?org }
    UNION { ?e a sg:Direktiv ; sg:ansvarig ?org }
    UNION {
      ?e sg:beslutadAv ?org .
      FILTER NOT EXISTS { ?e a sg:Uppdrag } FILTER NOT EXISTS { ?e sg:ansvarig ?a }
    }
    UNION {
      ?e sg:dokument ?d . ?d sg:utfardadAv ?org .
      FILTER NOT EXISTS { ?e a sg:Uppdrag } FILTER NOT EXISTS { ?e sg:ansvarig ?a }
      FILTER NOT EXISTS { ?e sg:beslutadAv ?b }
    } } }
  ?org skos:prefLabel ?label .
}"""
)
# Topics (ämnen) the tagger linked at ingest: the search facet `amne`.
Q_TOPICS = (
    QUERY_PREFIXES
    + """SELECT DISTINCT ?e ?topic ?label WHERE {
  ?e sg:amne ?topic . ?topic skos:prefLabel ?label .
}"""
)
# The kommun of each entity: the kommun its documents state (every document has sg:kommun),
# or its own sg:kommun (shared things: organisations, KF goals, direktiv). One flat join, no
# per-entity sub-select, so it stays cheap with hundreds of documents.
Q_KOMMUNER = (
    QUERY_PREFIXES
    + """SELECT ?e ?kommun ?label WHERE {
  { SELECT DISTINCT ?e ?kommun WHERE {
      { ?e sg:dokument ?d . ?d sg:kommun ?kommun } UNION { ?e sg:kommun ?kommun } } }
  ?kommun skos:prefLabel ?label .
}"""
)


def _value(solution: Any, name: str) -> str | None:
    term = solution[name]
    return None if term is None else str(term.value)


def sparql_documents(
    sparql: Callable[[str], Any], entity_id: Callable[[str], str | None]
) -> list[SearchDoc]:
    """Every searchable entity of the graph `sparql` queries, sorted by id."""
    docs: dict[str, SearchDoc] = {}
    kinds: dict[str, set[str]] = defaultdict(set)
    sections = {_value(r, "e"): _value(r, "section") for r in sparql(Q_SECTIONS)}
    sources = {_value(r, "e"): _value(r, "doc") for r in sparql(Q_SOURCES)}
    titles = {_value(r, "doc"): _value(r, "docLabel") for r in sparql(Q_DOCUMENT_TITLES)}
    for row in sparql(Q_ENTITIES):
        iri = _value(row, "e") or ""
        kinds[iri].add((_value(row, "type") or "").rsplit("#", 1)[-1])
        if iri not in docs:
            source = sources.get(iri)
            docs[iri] = SearchDoc(
                id=entity_id(iri) or iri,
                iri=iri,
                type="",
                label=_value(row, "label") or "",
                section=sections.get(iri),
                source=titles.get(source) or source,
            )
    for iri, doc in docs.items():
        doc.type = TYPES[next(k for k in TYPES if k in kinds[iri])]
    texts: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in sparql(Q_TEXTS):
        iri = _value(row, "e") or ""
        if iri in docs:
            texts[iri].append((int(_value(row, "n") or 0), _value(row, "text") or ""))
    for query, attribute, variable in (
        (Q_AREAS, "malomrade", "area"),
        (Q_RESPONSIBLE, "ansvarig", "org"),
        (Q_TOPICS, "amnen", "topic"),
        (Q_KOMMUNER, "kommuner", "kommun"),
    ):
        for row in sparql(query):
            iri = _value(row, "e") or ""
            if iri in docs:
                node = _value(row, variable) or ""
                if attribute == "amnen":  # topics live outside the base IRI: their last segment
                    named = Named(node.rstrip("/").rsplit("/", 1)[-1], _value(row, "label") or "")
                else:
                    named = Named(entity_id(node) or node, _value(row, "label") or "")
                getattr(docs[iri], attribute).append(named)
    for iri, doc in docs.items():
        doc.malomrade.sort(key=lambda n: n.id)
        doc.ansvarig.sort(key=lambda n: n.id)
        doc.amnen.sort(key=lambda n: n.id)
        doc.kommuner.sort(key=lambda n: n.id)
        doc.texts = _texts(doc.label, texts[iri])
    return sorted(docs.values(), key=lambda d: d.id)
