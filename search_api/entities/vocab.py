"""The IRIs, entity types and Swedish words the entity lookup needs, in one place.

Entity ids are user input that ends up in IRIs, so `check_id` is the single gate every id passes
before it becomes a pyoxigraph NamedNode (never string-formatted into a SPARQL text).
"""

from __future__ import annotations

import re
from typing import Literal, get_args

import pyoxigraph as ox

from ingest.errors import InputError
from ontology import SG

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
DCTERMS_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
# Label properties in order of preference.
LABEL_PROPERTIES = (SKOS_PREF_LABEL, RDFS_LABEL, DCTERMS_TITLE)


def sg(local: str) -> ox.NamedNode:
    return ox.NamedNode(str(SG[local]))


# Entity type key -> classes, in priority order: a node typed both sg:Program and sg:Plan
# ("program och plan") is reported as a programme.
# sg:Direktiv is a subclass of sg:Uppdrag: it comes first so a direktiv typed both is a direktiv.
TYPE_CLASSES: dict[str, tuple[str, ...]] = {
    "mal": ("Mal",),
    "fokusomrade": ("Fokusomrade",),
    "direktiv": ("Direktiv",),
    "uppdrag": ("Uppdrag",),
    "program": ("Program",),
    "plan": ("Plan",),
    "indikator": ("Indikator",),
    "malomrade": ("Malomrade",),
    "bidrag": ("Bidrag",),
    "ursprung": ("Ursprung",),
    "namnd": ("Namnd",),
    "forvaltning": ("Forvaltning",),
    "aktor": ("Aktor",),
    "namndgrupp": ("Namndgrupp",),
    "kommun": ("Kommun",),
    "utfall": ("Utfall",),
    "malvarde": ("Malvarde",),
    "bedomning": ("Bedomning",),
    "omnamnande": ("Omnamnande",),
    "dokument": ("Verksamhetsplan", "Budget", "Uppfoljning", "Nyhet", "Dokument"),
}
# The entity types of the API (/entities?type=, the JSON's "type"), in TYPE_CLASSES' order.
EntityType = Literal[
    "mal",
    "fokusomrade",
    "direktiv",
    "uppdrag",
    "program",
    "plan",
    "indikator",
    "malomrade",
    "bidrag",
    "ursprung",
    "namnd",
    "forvaltning",
    "aktor",
    "namndgrupp",
    "kommun",
    "utfall",
    "malvarde",
    "bedomning",
    "omnamnande",
    "dokument",
]
ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)
assert tuple(TYPE_CLASSES) == ENTITY_TYPES, "EntityType and TYPE_CLASSES name the same types"
CLASS_TO_TYPE: dict[str, str] = {
    str(SG[local]): key for key, locals_ in TYPE_CLASSES.items() for local in locals_
}
ORGANISATION_TYPES = ("namnd", "forvaltning", "aktor", "namndgrupp")

TYPE_LABELS: dict[str, str] = {
    "mal": "Mål",
    "fokusomrade": "Fokusområde",
    "direktiv": "Direktiv",
    "uppdrag": "Uppdrag",
    "program": "Program",
    "plan": "Plan",
    "indikator": "Indikator",
    "malomrade": "Målområde",
    "bidrag": "Bidrag till program eller plan",
    "ursprung": "Ursprung",
    "namnd": "Nämnd",
    "forvaltning": "Förvaltning",
    "aktor": "Aktör",
    "namndgrupp": "Grupp av nämnder",
    "kommun": "Kommun",
    "utfall": "Utfall",
    "malvarde": "Målvärde",
    "bedomning": "Bedömning",
    "omnamnande": "Omnämnande",
    "dokument": "Dokument",
}

# How a link reads on a page, seen from the entity shown: (outgoing, incoming) per property.
RELATION_LABELS: dict[str, tuple[str, str]] = {
    "malomrade": ("Målområde", "Hör till målområdet"),
    "indikator": ("Indikatorer", "Indikator för mål"),
    "tillhorMal": ("Tillhör mål", "Indikatorer"),
    "ansvarig": ("Ansvarig", "Ansvarig för uppdrag"),
    "samverkanspart": ("Samverkanspart", "Samverkanspart i uppdrag"),
    "ledsAv": ("Leds av", "Leder arbetet med"),
    "utforare": ("Utförare", "Utför uppdrag"),
    "ursprung": ("Ursprung", "Ursprung för uppdrag"),
    "utfardare": ("Utfärdare", "Har utfärdat uppdrag"),
    "avser": ("Avser", "Bidrag (rader i Program och planer)"),
    "dokument": ("Källdokument", "Innehåll i dokumentet"),
    "namner": ("Nämner", "Nämns i"),
    "utfardadAv": ("Utfärdat av", "Har utfärdat dokument"),
    "unitOf": ("Förvaltning under", "Förvaltningar"),
    "references": ("Hänvisar till", "Hänvisas till från"),
    "omfattarInitiativ": ("Initiativ", "Nämns i"),
    "engagemang": ("Engagemang", "Engagemang i"),
    "kommun": ("Kommun", "Hör till kommunen"),
    "beslutadAv": ("Beslutad av", "Har beslutat"),
    "harFokusomrade": ("Fokusområden", "Fokusområde under mål"),
    "bidrarTill": ("Bidrar till", "Mål som bidrar hit"),
    "delmalAv": ("Delmål av", "Nämndmål under målet"),
    "delAv": ("Del av direktiv", "Punkter"),
    "avserIndikator": ("Avser indikator", "Utfall och målvärden"),
    "bedomer": ("Bedömer", "Bedömningar"),
}

_ID = re.compile(r"[A-Za-z0-9._/-]{1,300}")


class InvalidEntityId(InputError):
    """An id with characters outside [A-Za-z0-9._/-]; it is never turned into an IRI."""


def check_id(entity_id: str) -> str:
    """The id unchanged if it may name an entity; InvalidEntityId otherwise."""
    if not _ID.fullmatch(entity_id) or entity_id.startswith("/") or "//" in entity_id:
        raise InvalidEntityId(
            "invalid id: an id consists of the letters A-Z and a-z, digits and the characters "
            ". _ / - (at most 300 characters), e.g. vp-2023-sn-sydvast/mal/3.4.1.1"
        )
    return entity_id


def local_name(iri: str) -> str:
    """The last part of an IRI ('ansvarig' for sg:ansvarig, 'unitOf' for org:unitOf)."""
    return re.split(r"[#/]", iri)[-1]


def type_of(classes: list[str]) -> str | None:
    """The entity type key for a node's rdf:type IRIs (highest priority wins)."""
    found = {CLASS_TO_TYPE[c] for c in classes if c in CLASS_TO_TYPE}
    return next((key for key in ENTITY_TYPES if key in found), None)
