"""Stable IRIs: derived from the document id, section numbers and names, never from run order.

Every entity IRI is `base + id`, and the `id` (e.g. 'vp-2023-sn-sydvast/mal/3.4.1.1') is what
the HTTP API uses in /entities/{id}. Programmes, goal areas and organisations are shared by
many documents, so their ids do not contain a document id; they belong to one kommun, so their
ids start with its slug ('goteborg/org/socialnamnden-sydvast'): two kommuner's
"Socialnämnden" are two nodes.
"""

from __future__ import annotations

from rdflib import URIRef


class Iris:
    """IRI factory for one base IRI."""

    def __init__(self, base: str) -> None:
        self.base = base

    def of(self, entity_id: str) -> URIRef:
        return URIRef(self.base + entity_id)

    def document(self, doc: str) -> URIRef:
        return self.of(f"dokument/{doc}")

    def graph(self, doc: str) -> URIRef:
        """The named graph holding everything parsed from one document."""
        return self.of(f"graf/{doc}")

    def vocabulary_graph(self) -> URIRef:
        return self.of("graf/vokabular")

    def goal(self, doc: str, number: str) -> URIRef:
        return self.of(f"{doc}/mal/{number}")

    def indicator(self, doc: str, goal: str, order: int) -> URIRef:
        return self.of(f"{doc}/mal/{goal}/indikator/{order}")

    def assignment(self, doc: str, number: str) -> URIRef:
        return self.of(f"{doc}/uppdrag/{number}")

    def origin(self, doc: str, number: str) -> URIRef:
        return self.of(f"{doc}/uppdrag/{number}/ursprung")

    def contribution(self, doc: str, number: str) -> URIRef:
        return self.of(f"{doc}/bidrag/{number}")

    def kommun(self, kommun: str) -> URIRef:
        return self.of(f"kommun/{kommun}")

    def origin_code(self, kommun: str, code: str) -> URIRef:
        """One of the kommun's allowed origin codes (KF, SN, KS), as a SKOS concept."""
        return self.of(f"{kommun}/ursprungstyp/{code.lower()}")

    def programme(self, kommun: str, kind: str, key: str) -> URIRef:
        return self.of(f"{kommun}/{kind.lower()}/{key}")

    def area(self, kommun: str, key: str) -> URIRef:
        return self.of(f"{kommun}/malomrade/{key}")

    def organisation(self, kommun: str, key: str) -> URIRef:
        return self.of(f"{kommun}/org/{key}")

    def entity_id(self, iri: str) -> str | None:
        """The API id of an IRI under this base, or None for foreign IRIs."""
        return iri[len(self.base) :] if iri.startswith(self.base) else None
