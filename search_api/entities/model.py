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
class TopicLink(Concept):
    """A topic the entity is about (sg:amne), its id in /amnen/{id}, and why: the tagger's
    evidence."""

    id: str
    words: list[str] = field(default_factory=list)
    similarity: float | None = None
    rule: str | None = None


@dataclass(frozen=True)
class IndicatorRef(Ref):
    """An indicator of a goal, with its target and latest outcome."""

    target: str | None = None  # the plan's target text, or the latest budget's target
    latest_year: int | None = None  # the latest year with an outcome, and its value
    latest_value: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Origin:
    """Where an assignment comes from, e.g. 'KF uppdrag utanför budget, KF 2022-09-15 §18'."""

    id: str
    text: str
    kind: str | None  # "KF" | "SN"
    year: int | None
    in_budget: bool | None
    decision_date: str | None = None  # ISO date
    paragraph: str | None = None
    point: str | None = None


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
    year: int | None
    value: float | None
    unit: str | None
    data_source: str | None
    document: Ref | None
    page: int | None = None
    source_text: str | None = None
    reading_warning: str | None = None  # why the year of the value is uncertain, if it is


@dataclass(frozen=True)
class Target:
    """A target (sg:Malvarde) stated in a budget: verbatim, numeric where it is, and its
    direction ('Öka', 'Minska') where the text says so."""

    id: str
    year: int | None
    target: str | None
    value: float | None
    direction: str | None
    document: Ref | None


@dataclass(frozen=True)
class Assessment:
    """An assessment (sg:Bedomning) of a goal or direktiv for one year, verbatim."""

    id: str
    year: int | None
    level: str | None  # 'Uppfylld' | 'Delvis uppfylld' | 'Ej uppfylld', when the text allows
    text: str | None
    assessment_kind: str | None
    document: Ref | None
    page: int | None = None
    point: Ref | None = None  # on a direktiv: the point assessed, when not the direktiv itself


@dataclass(frozen=True)
class Mention:
    """What one document says about a shared thing (sg:Omnamnande): where and in which words."""

    id: str
    document: Ref | None
    document_type: str | None  # 'budget', 'årsredovisning', ...
    year: int | None  # the document's year
    section: str | None
    page: int | None
    line: int | None
    wording: str | None
    source_text: str | None


@dataclass(frozen=True)
class Point:
    """One bullet point of a direktiv, in its order."""

    id: str
    label: str
    order: int | None
    document: Ref | None = None  # the first document (by year) that lists the point


@dataclass(frozen=True)
class Entity:
    id: str
    iri: str
    type: str
    type_label: str
    label: str
    text: str | None = None
    care: str | None = None
    section: str | None = None
    order: int | None = None
    goal_areas: list[Ref] = field(default_factory=list)
    responsible: list[Ref] = field(default_factory=list)
    partners: list[Ref] = field(default_factory=list)
    led_by: list[Ref] = field(default_factory=list)
    performed_by: list[Ref] = field(default_factory=list)
    origin: Origin | None = None
    carried_over: bool | None = None
    indicators: list[IndicatorRef] = field(default_factory=list)
    goal: Ref | None = None  # the goal of an indicator
    target: str | None = None
    reference_value: str | None = None
    data_source: str | None = None
    development_areas: list[str] = field(default_factory=list)
    follow_up: str | None = None
    refers_to: Ref | None = None  # the programme or plan of a contribution row
    engagement: Concept | None = None
    area: str | None = None
    contributions: list[Ref] = field(default_factory=list)  # contribution rows of a programme
    initiatives: list[Concept] = field(default_factory=list)
    # The steering chain (budgets and follow-ups): who decided, how goals, fokusområden,
    # direktiv and indicators hang together, and what each document says and measures.
    municipality: Ref | None = None
    decided_by: list[Ref] = field(default_factory=list)
    focus_areas: list[Ref] = field(default_factory=list)
    contributes_to: list[Ref] = field(default_factory=list)
    sub_goal_of: list[Ref] = field(default_factory=list)
    sub_goals: list[Ref] = field(default_factory=list)  # nämndmål under a KF goal
    contributing_goals: list[Ref] = field(default_factory=list)  # goals that contribute to this
    goals: list[Ref] = field(default_factory=list)  # all goals of an indicator
    directive: Ref | None = None  # the direktiv a point belongs to
    points: list[Point] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # Fields of the chain's own nodes (an outcome, a target, an assessment, a mention, a document).
    year: int | None = None
    value: float | None = None
    unit: str | None = None
    direction: str | None = None
    level: str | None = None
    assessment_kind: str | None = None
    assesses: Ref | None = None
    indicator: Ref | None = None  # the indicator an outcome or target is for
    wording: str | None = None
    page: int | None = None
    document_type: str | None = None
    reading_warning: str | None = None  # the parser's doubt about reading this node
    topics: list[TopicLink] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    source: Source | None = None
    format: str | None = None  # a document's file kind, in Swedish: "PDF", "Word (DOCX)", ...
    page_count: int | None = None  # a document's number of pages, where its file knows them

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
