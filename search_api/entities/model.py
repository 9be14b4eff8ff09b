"""Typed results of an entity lookup: what /entities/{id} returns, as plain dataclasses.

Every field is always present (None or an empty list when the entity has no such value), so an
intranet page that embeds the JSON can rely on the shape whatever the entity's type.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Ref:
    """Another entity, named by its id (the IRI minus the base) and label."""

    id: str
    label: str
    type: str | None = None


@dataclass(frozen=True)
class Concept:
    """A concept outside the entity base (an initiative, an engagement kind)."""

    iri: str
    label: str


@dataclass(frozen=True)
class TopicLink:
    """A topic the entity is about (sg:amne) and why: the tagger's evidence."""

    id: str
    iri: str
    label: str
    words: list[str] = field(default_factory=list)
    similarity: float | None = None
    rule: str | None = None


@dataclass(frozen=True)
class IndicatorRef:
    id: str
    label: str
    malvarde: str | None = None  # the plan's target text, or the latest budget's target
    senaste_ar: int | None = None  # the latest year with an outcome, and its value
    senaste_varde: float | None = None
    enhet: str | None = None


@dataclass(frozen=True)
class Origin:
    """Where an assignment comes from, e.g. 'KF uppdrag utanför budget, KF 2022-09-15 §18'."""

    id: str
    text: str
    typ: str | None  # "KF" | "SN"
    ar: int | None
    i_budget: bool | None
    beslutsdatum: str | None = None  # ISO date
    paragraf: str | None = None
    punkt: str | None = None


@dataclass(frozen=True)
class Source:
    """Where the entity was parsed from: document, section, first line and verbatim text."""

    document: Ref
    section: str | None = None
    line: int | None = None
    page: int | None = None  # page of the source file, where it knows pages (PDF, DOCX)
    source_text: str | None = None


@dataclass(frozen=True)
class Link:
    """One link between this entity and another, in either direction."""

    relation: str  # local name of the property, e.g. 'ansvarig'
    relation_label: str  # Swedish, read from this entity's side ('Ansvarig för uppdrag')
    direction: str  # "out" (this entity -> other) | "in" (other -> this entity)
    id: str
    label: str
    type: str | None


@dataclass(frozen=True)
class Outcome:
    """One outcome (sg:Utfall) of an indicator: the value one document gives for one year."""

    id: str
    ar: int | None
    varde: float | None
    enhet: str | None
    datakalla: str | None
    dokument: Ref | None
    sida: int | None = None
    kalltext: str | None = None
    tolkningsvarning: str | None = None  # why the year of the value is uncertain, if it is


@dataclass(frozen=True)
class Target:
    """A target (sg:Malvarde) stated in a budget: verbatim, numeric where it is, and its
    direction ('Öka', 'Minska') where the text says so."""

    id: str
    ar: int | None
    malvarde: str | None
    varde: float | None
    riktning: str | None
    dokument: Ref | None


@dataclass(frozen=True)
class Assessment:
    """An assessment (sg:Bedomning) of a goal or direktiv for one year, verbatim."""

    id: str
    ar: int | None
    niva: str | None  # 'Uppfylld' | 'Delvis uppfylld' | 'Ej uppfylld', when the text allows
    text: str | None
    bedomningstyp: str | None
    dokument: Ref | None
    sida: int | None = None
    punkt: Ref | None = None  # on a direktiv: the point assessed, when not the direktiv itself


@dataclass(frozen=True)
class Mention:
    """What one document says about a shared thing (sg:Omnamnande): where and in which words."""

    id: str
    dokument: Ref | None
    dokumenttyp: str | None  # 'budget', 'årsredovisning', ...
    ar: int | None  # the document's year
    avsnitt: str | None
    sida: int | None
    rad: int | None
    lydelse: str | None
    kalltext: str | None


@dataclass(frozen=True)
class Point:
    """One bullet point of a direktiv, in its order."""

    id: str
    label: str
    ordning: int | None
    dokument: Ref | None = None  # the first document (by year) that lists the point


@dataclass(frozen=True)
class Entity:
    id: str
    iri: str
    type: str
    type_label: str
    label: str
    text: str | None = None
    omhandertagande: str | None = None
    section: str | None = None
    ordning: int | None = None
    malomrade: list[Ref] = field(default_factory=list)
    ansvarig: list[Ref] = field(default_factory=list)
    samverkanspart: list[Ref] = field(default_factory=list)
    leds_av: list[Ref] = field(default_factory=list)
    utforare: list[Ref] = field(default_factory=list)
    origin: Origin | None = None
    overfort: bool | None = None
    indikatorer: list[IndicatorRef] = field(default_factory=list)
    mal: Ref | None = None  # the goal of an indicator
    malvarde: str | None = None
    referensvarde: str | None = None
    datakalla: str | None = None
    utvecklingsomraden: list[str] = field(default_factory=list)
    uppfoljning: str | None = None
    avser: Ref | None = None  # the programme or plan of a contribution row
    engagemang: Concept | None = None
    omrade: str | None = None
    bidrag: list[Ref] = field(default_factory=list)  # contribution rows of a programme
    initiativ: list[Concept] = field(default_factory=list)
    # The steering chain (budgets and follow-ups): who decided, how goals, fokusområden,
    # direktiv and indicators hang together, and what each document says and measures.
    kommun: Ref | None = None
    beslutad_av: list[Ref] = field(default_factory=list)
    fokusomraden: list[Ref] = field(default_factory=list)
    bidrar_till: list[Ref] = field(default_factory=list)
    delmal_av: list[Ref] = field(default_factory=list)
    delmal: list[Ref] = field(default_factory=list)  # nämndmål under a KF goal
    bidrag_fran: list[Ref] = field(default_factory=list)  # goals that contribute to this
    tillhor_mal: list[Ref] = field(default_factory=list)  # all goals of an indicator
    direktiv: Ref | None = None  # the direktiv a point belongs to
    punkter: list[Point] = field(default_factory=list)
    utfall: list[Outcome] = field(default_factory=list)
    malvarden: list[Target] = field(default_factory=list)
    bedomningar: list[Assessment] = field(default_factory=list)
    omnamnanden: list[Mention] = field(default_factory=list)
    # Fields of the chain's own nodes (an outcome, a target, an assessment, a mention, a document).
    ar: int | None = None
    varde: float | None = None
    enhet: str | None = None
    riktning: str | None = None
    niva: str | None = None
    bedomningstyp: str | None = None
    bedomer: Ref | None = None
    indikator: Ref | None = None  # the indicator an outcome or target is for
    lydelse: str | None = None
    sida: int | None = None
    dokumenttyp: str | None = None
    tolkningsvarning: str | None = None  # the parser's doubt about reading this node
    amnen: list[TopicLink] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    source: Source | None = None
    format: str | None = None  # a document's file kind, in Swedish: "PDF", "Word (DOCX)", ...
    sidantal: int | None = None  # a document's number of pages, where its file knows them

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ListItem:
    id: str
    type: str
    label: str
    section: str | None


@dataclass(frozen=True)
class EntityPage:
    """One page of a listing; `total` counts all matches, not only this page."""

    total: int
    limit: int
    offset: int
    items: list[ListItem]
