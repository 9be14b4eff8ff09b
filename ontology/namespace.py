"""Typed namespace for the styrgraf vocabulary (ontology/styrgraf.ttl).

Written in rdflib's DefinedNamespace style so that code never spells an IRI by hand and a
typo is an AttributeError, not a silently wrong triple. tests/test_ontology.py checks that
every term here is defined in the Turtle file and vice versa.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class SG(DefinedNamespace):
    """styrgraf: https://w3id.org/styrgraf/ns#"""

    _NS = Namespace("https://w3id.org/styrgraf/ns#")
    _fail = True

    # classes
    Dokument: URIRef
    Verksamhetsplan: URIRef
    Nyhet: URIRef
    Malomrade: URIRef
    Mal: URIRef
    Uppdrag: URIRef
    Program: URIRef
    Plan: URIRef
    Bidrag: URIRef
    Indikator: URIRef
    Ursprung: URIRef
    Namnd: URIRef
    Namndgrupp: URIRef
    Forvaltning: URIRef
    Aktor: URIRef
    Initiativ: URIRef
    Engagemang: URIRef
    Kommun: URIRef
    Budget: URIRef
    Uppfoljning: URIRef
    Fokusomrade: URIRef
    Direktiv: URIRef
    Utfall: URIRef
    Malvarde: URIRef
    Bedomning: URIRef
    Omnamnande: URIRef
    Riktning: URIRef
    # individuals
    Agerar: URIRef
    Foljer: URIRef
    OmhandertasInom: URIRef
    Malomraden: URIRef
    Oka: URIRef
    Minska: URIRef
    Bedomningsnivaer: URIRef
    Uppfylld: URIRef
    DelvisUppfylld: URIRef
    EjUppfylld: URIRef
    # structure and text
    avsnitt: URIRef
    ordning: URIRef
    text: URIRef
    omhandertagande: URIRef
    utvecklingsomrade: URIRef
    uppfoljning: URIRef
    omrade: URIRef
    kalltext: URIRef
    kallrad: URIRef
    # links
    dokument: URIRef
    malomrade: URIRef
    indikator: URIRef
    tillhorMal: URIRef
    malvarde: URIRef
    referensvarde: URIRef
    datakalla: URIRef
    ansvarig: URIRef
    samverkanspart: URIRef
    ledsAv: URIRef
    utforare: URIRef
    ursprung: URIRef
    utfardare: URIRef
    ursprungstyp: URIRef
    budgetar: URIRef
    iBudget: URIRef
    beslutsdatum: URIRef
    paragraf: URIRef
    punkt: URIRef
    overfort: URIRef
    avser: URIRef
    engagemang: URIRef
    namner: URIRef
    omfattarInitiativ: URIRef
    utfardadAv: URIRef
    ar: URIRef
    dokumenttyp: URIRef
    sha256: URIRef
    sidantal: URIRef
    # the steering chain
    kommun: URIRef
    beslutadAv: URIRef
    harFokusomrade: URIRef
    bidrarTill: URIRef
    delmalAv: URIRef
    delAv: URIRef
    avserIndikator: URIRef
    varde: URIRef
    enhet: URIRef
    riktning: URIRef
    bedomer: URIRef
    bedomningstyp: URIRef
    niva: URIRef
    lydelse: URIRef
    sida: URIRef
    tolkningsvarning: URIRef
    kolumnar: URIRef
    arEnligt: URIRef
