"""The vocabulary: Turtle parses, the typed namespace matches it, labels and comments exist."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from ontology import ONTOLOGY_TTL, PREFIXES, SG, SHAPES_TTL, TOPICS_TTL, generate

NS = str(SG)

CORE_CLASSES = ("Mal", "Uppdrag", "Program", "Plan", "Indikator", "Malomrade", "Namnd", "Dokument")


def _terms(graph: Graph) -> set[str]:
    return {str(s)[len(NS) :] for s in graph.subjects() if str(s).startswith(NS) and str(s) != NS}


def test_namespace_and_turtle_define_the_same_terms() -> None:
    vocabulary = _terms(Graph().parse(ONTOLOGY_TTL))
    topic_links = _terms(Graph().parse(TOPICS_TTL))
    declared = set(SG.__annotations__)
    assert vocabulary | topic_links == declared
    assert not vocabulary & topic_links  # each term is defined in one file
    assert {"Mal", "tillhorMal", "Uppfylld"} <= vocabulary
    assert topic_links == {
        "amne",
        "Amnesbelagg",
        "belagtObjekt",
        "belagtAmne",
        "traffatOrd",
        "traffadeMeningar",
        "iNamnet",
        "likhet",
        "metod",
    }
    assert str(SG.amne) == "https://w3id.org/styrgraf/ns#amne"


def test_the_namespace_module_is_what_the_generator_writes() -> None:
    # namespace.py is generated from the Turtle files; a hand edit or a term added to a .ttl
    # without re-running `python -m ontology.generate` shows here.
    assert generate.TARGET.read_text(encoding="utf-8") == generate.source()


def test_the_public_namespace_iri_and_prefixes() -> None:
    assert NS == "https://w3id.org/styrgraf/ns#"  # the published IRI, on purpose by hand
    assert PREFIXES["sg"] == NS
    assert PREFIXES["ini"] == "https://w3id.org/styrgraf/initiativ/"


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
