"""An entity's RDF description for text/turtle and application/ld+json.

The description is the entity's own triples, the triples of its origin node (an assignment's
sg:Ursprung is part of what the assignment says), the triples that point at it, and the type and
labels of every node it links to, so a client can show the links without fetching each one.
"""

from __future__ import annotations

import pyoxigraph as ox

from search_api.entities.reader import GraphReader, Subject, Term
from search_api.entities.vocab import LABEL_PROPERTIES, RDF_TYPE, sg

RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
# Types and labels are copied for linked nodes; other triples of theirs stay out.
_SUMMARY_PROPERTIES = (RDF_TYPE, *LABEL_PROPERTIES)


def description(read: GraphReader, node: ox.NamedNode) -> list[ox.Triple]:
    triples: set[ox.Triple] = set()
    linked: set[Subject] = set()
    own: list[Subject] = [node]
    own += [o for o in read.objects(node, sg("ursprung")) if isinstance(o, ox.NamedNode)]
    for subject in own:
        for prop, obj in read.outgoing(subject):
            triples.add(ox.Triple(subject, prop, obj))
            if prop != RDF_TYPE and isinstance(obj, ox.NamedNode | ox.BlankNode):
                linked.add(obj)
    for subject, prop in read.incoming(node):
        triples.add(ox.Triple(subject, prop, node))
        linked.add(subject)
    for other in linked.difference(own):
        for prop in _SUMMARY_PROPERTIES:
            for value in read.objects(other, prop):
                triples.add(ox.Triple(other, prop, value))
    return sorted(triples, key=_triple_key)


def _triple_key(triple: ox.Triple) -> tuple[str, str, str]:
    obj: Term = triple.object
    return (str(triple.subject), triple.predicate.value, str(obj))


def serialize(triples: list[ox.Triple], media_type: str, prefixes: dict[str, str]) -> bytes:
    """Turtle with the project's prefixes, or JSON-LD (expanded, so it parses back to exactly
    the same triples without a remote context)."""
    fmt = RDF_FORMATS[media_type]
    data = ox.serialize(
        triples, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None
    )
    assert isinstance(data, bytes)
    return data
