"""The items of one document's graph that get topics, with the texts the tagger reads.

Items are goals, assignments, programmes, plans and indicators with text in this graph. A
programme's words are on the sg:Bidrag rows that sg:avser it; a shared item of the steering
chain speaks through the sg:Omnamnande of this document (its sg:lydelse). An indicator is read
by its own name only: it is about what it measures, not about its goal.

Names of bodies and administrative units are masked before matching: "avdelning Boende och
hemlöshet" or "nämnden för funktionsstöd" name who does the work, not what it is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from graph.text_analysis import mask_unit_names
from ingest.templates import ORG_KINDS
from ontology import SG

ITEM_KINDS = (SG.Mal, SG.Uppdrag, SG.Program, SG.Plan, SG.Indikator)
ORG_CLASSES = tuple(SG[kind] for kind in ORG_KINDS)  # the kinds a template may name
BODY_FIELDS = (SG.text, SG.omhandertagande, SG.utvecklingsomrade, SG.uppfoljning)
# "avdelning Boende och hemlöshet", "Avdelning Barn och ungas", "inom Boende och Hemlöshets
# målgrupp": a unit's name, capitalised mid-sentence or after the word for a unit.
UNIT = re.compile(
    r"\b(?:[Aa]vdelning(?:en)?|[Ee]nhet(?:en)?|[Ss]ektion(?:en)?)\s+[A-ZÅÄÖ]?[\wåäö]+"
    r"(?:\s+och\s+[\wåäö]+)?"
    r"|(?<=[a-zåäö,] )[A-ZÅÄÖ][a-zåäö]+ och [A-ZÅÄÖ][a-zåäö]+"
)
SEGMENT = re.compile(r"(?<=[.!?:])\s+|\n+|\s[-•–]\s")


@dataclass
class Item:
    iri: str
    kind: str  # Mal, Uppdrag, Program, Plan, Indikator
    label: str
    body: list[str]  # the other texts, in order

    def segments(self) -> list[str]:
        """Sentences and list items of the body (the label is one segment of its own)."""
        parts = [s.strip(" -•–\t") for text in self.body for s in SEGMENT.split(text)]
        return [p for p in parts if len(p) > 2]


def _literal_texts(graph: Graph, node: URIRef, props: tuple[URIRef, ...]) -> list[str]:
    out = []
    for prop in props:
        values = sorted(str(o) for o in graph.objects(node, prop) if isinstance(o, Literal))
        out += values
    return out


def org_names(graph: Graph) -> list[str]:
    """Labels of the bodies named in the graph, longest first (so a longer name is masked
    before a name it contains)."""
    names = {
        str(label)
        for kind in ORG_CLASSES
        for node in graph.subjects(RDF.type, kind)
        for label in graph.objects(node, SKOS.prefLabel)
    }
    return sorted((n for n in names if len(n) > 3), key=lambda n: (-len(n), n))


def masker(names: list[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    return re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)


def mask(text: str, orgs: re.Pattern[str] | None) -> str:
    """`text` without names of bodies and units (replaced by a neutral word)."""
    if orgs is not None:
        text = orgs.sub("enheten", text)
    return mask_unit_names(UNIT.sub("enheten", text))


def items_of(graph: Graph) -> list[Item]:
    """The taggable items of one document's graph, sorted by IRI."""
    found: dict[str, Item] = {}
    for kind in ITEM_KINDS:
        for node in graph.subjects(RDF.type, kind):
            if not isinstance(node, URIRef) or str(node) in found:
                continue
            label = next((str(o) for o in graph.objects(node, SKOS.prefLabel)), "")
            body: list[str] = []
            if kind != SG.Indikator:
                body = _literal_texts(graph, node, BODY_FIELDS)
                for row in sorted(graph.subjects(SG.avser, node), key=str):
                    if isinstance(row, URIRef):
                        body += _literal_texts(
                            graph, row, (SG.omrade, SG.omhandertagande, SG.lydelse)
                        )
            body = [t for t in body if t.strip() != label.strip()]  # an uppdrag's text is its label
            if not label and not body:
                continue
            found[str(node)] = Item(str(node), kind.rsplit("#", 1)[-1], label, body)
    return sorted(found.values(), key=lambda i: i.iri)
