"""The vocabulary: Turtle parses, the typed namespace matches it, labels and comments exist."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from ontology import ONTOLOGY_TTL, SG, SHAPES_TTL

NS = str(SG._NS)

CORE_CLASSES = ("Mal", "Uppdrag", "Program", "Plan", "Indikator", "Malomrade", "Namnd", "Dokument")


def _terms(graph: Graph) -> set[str]:
    return {str(s)[len(NS) :] for s in graph.subjects() if str(s).startswith(NS) and str(s) != NS}


def test_namespace_and_turtle_define_the_same_terms() -> None:
    graph = Graph().parse(ONTOLOGY_TTL)
    declared = set(SG.__annotations__)
    assert _terms(graph) == declared


def test_the_eight_core_classes_exist_with_swedish_labels_and_english_comments() -> None:
    graph = Graph().parse(ONTOLOGY_TTL)
    for name in CORE_CLASSES:
        cls = SG[name]
        assert (cls, RDF.type, OWL.Class) in graph
        labels = list(graph.objects(cls, RDFS.label))
        assert any(isinstance(x, Literal) and x.language == "sv" for x in labels), name
        comments = list(graph.objects(cls, RDFS.comment))
        assert any(isinstance(x, Literal) and x.language == "en" for x in comments), name


def test_every_property_has_a_swedish_label() -> None:
    graph = Graph().parse(ONTOLOGY_TTL)
    props = set(graph.subjects(RDF.type, OWL.ObjectProperty)) | set(
        graph.subjects(RDF.type, OWL.DatatypeProperty)
    )
    assert len(props) > 30
    for prop in props:
        assert any(x.language == "sv" for x in graph.objects(prop, RDFS.label)), prop


def test_unknown_term_is_an_error_not_a_silent_iri() -> None:
    import pytest

    with pytest.raises(AttributeError):
        _ = SG.Mall  # a typo must fail


def test_shapes_parse_and_target_every_entity_class() -> None:
    shapes = Graph().parse(SHAPES_TTL)
    sh = "http://www.w3.org/ns/shacl#"
    targets = {str(o)[len(NS) :] for o in shapes.objects(None, URIRef(f"{sh}targetClass"))}
    assert {*CORE_CLASSES, "Ursprung", "Bidrag"} <= targets
    assert (SG.Malomraden, SKOS.prefLabel, None) not in shapes
