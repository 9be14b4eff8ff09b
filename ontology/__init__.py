"""The styrgraf vocabulary: Turtle files, their typed Python namespace and the IRI bases.

Every module takes an IRI of the vocabulary from here (`SG.Mal`, `str(SG)`, `PREFIXES`),
never spelling it by hand.
"""

from importlib.resources import files
from pathlib import Path

from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD, Namespace

from ontology.namespace import SG

__all__ = [
    "AMNE",
    "INI",
    "INITIATIV_TTL",
    "ONTOLOGY_TTL",
    "PREFIXES",
    "SG",
    "SHAPES_TTL",
    "TOPICS_TTL",
    "TOPIC_SCHEME_TTL",
    "sparql_prefixes",
]

_HERE = Path(str(files("ontology")))
ONTOLOGY_TTL = _HERE / "styrgraf.ttl"
TOPICS_TTL = _HERE / "topics.ttl"  # the sg: terms of the topic links (in SG too)
SHAPES_TTL = _HERE / "shapes.ttl"
INITIATIV_TTL = _HERE / "initiativ.ttl"
TOPIC_SCHEME_TTL = _HERE / "amnen.ttl"

# Bases of the vocabulary's own individuals: the named initiatives (initiativ.ttl) and the
# topic concepts (amnen.ttl, a kommun may add its own).
INI = Namespace("https://w3id.org/styrgraf/initiativ/")
AMNE = Namespace("https://w3id.org/styrgraf/amne/")

# The prefixes exports, the SPARQL page and the entity Turtle use.
PREFIXES: dict[str, str] = {
    "sg": str(SG),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "org": str(ORG),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
    "ini": str(INI),
}


def sparql_prefixes(*names: str) -> str:
    """PREFIX lines for a SPARQL query text, e.g. sparql_prefixes("sg", "skos")."""
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)
