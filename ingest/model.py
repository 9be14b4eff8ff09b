"""Plain dataclasses the parser produces; ingest/rdf.py turns them into triples.

Keeping the parse result as typed data (rather than writing triples while parsing) lets the
tests check the parser and the RDF mapping separately.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Provenance:
    """Where a node came from: section number, verbatim source text and first line."""

    section: str
    source_text: str
    line: int
    page: int | None = None  # page number where the source knows pages (PDF, page markers)


@dataclass
class Organisation:
    """A body named in a document: nämnd, group of nämnder, förvaltning or other actor."""

    key: str  # slug, stable across documents
    label: str
    kind: str  # "Namnd" | "Namndgrupp" | "Forvaltning" | "Aktor"
    unit_of: str | None = None  # key of the nämnd a förvaltning belongs to
    members: tuple[str, ...] = ()  # keys of the members of a Namndgrupp


@dataclass
class Indicator:
    label: str
    prov: Provenance
    target: str | None = None
    data_source: str | None = None


@dataclass
class Goal:
    number: str
    statement: str
    area: str  # key of the goal area
    prov: Provenance
    care: str = ""
    development_areas: list[str] = field(default_factory=list)
    follow_up: str = ""
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class Origin:
    """Where an assignment comes from, parsed from e.g. 'KF uppdrag utanför budget, KF
    2022-09-15 §18'."""

    text: str
    issuer: str  # "KF" | "SN"
    year: int | None
    in_budget: bool
    decision_date: date | None = None
    paragraph: str | None = None
    point: str | None = None


@dataclass
class Assignment:
    section: str  # the Uppdrag section, e.g. "3.4.2"
    order: int  # 1-based within the section
    wording: str
    care: str
    area: str
    prov: Provenance
    origin: Origin | None
    responsible: list[str] = field(default_factory=list)  # organisation keys
    partners: list[str] = field(default_factory=list)
    led_by: list[str] = field(default_factory=list)
    performer: list[str] = field(default_factory=list)

    @property
    def number(self) -> str:
        return f"{self.section}.{self.order}"


@dataclass
class Contribution:
    """One row of a 'Program och planer' table."""

    section: str
    order: int
    programme: str  # programme key
    area: str
    prov: Provenance
    care: str
    sub_area: str | None = None
    engagement: str = "Agerar"  # "Agerar" | "Foljer" | "OmhandertasInom"

    @property
    def number(self) -> str:
        return f"{self.section}.{self.order}"


@dataclass
class Programme:
    key: str
    label: str
    kind: str  # "Program" | "Plan"


@dataclass
class GoalArea:
    key: str
    label: str
    number: str
    prov: Provenance


@dataclass
class DocumentMeta:
    """What the corpus manifest (or the document itself) says about a document."""

    id: str
    title: str
    kind: str  # "verksamhetsplan" | "nyhet" | "nämndbudget" | "årsredovisning" | ...
    year: int | None
    issuer: str | None  # label of the issuing nämnd
    date: date | None
    sha256: str
    filename: str
    related: list[str] = field(default_factory=list)  # ids of related documents
    kommun: str | None = None  # kommun slug ("goteborg"), from the document or the manifest
    template: str | None = None  # id of the template that reads it
    format: str = "text"  # what the file was: "text" | "pdf" | "docx" | "html"
    page_count: int | None = None  # pages of the file, where it knows pages


@dataclass
class ParsedPlan:
    meta: DocumentMeta
    issuer: str  # organisation key of the issuing nämnd
    areas: list[GoalArea]
    goals: list[Goal]
    assignments: list[Assignment]
    contributions: list[Contribution]
    programmes: dict[str, Programme]
    organisations: dict[str, Organisation]
    initiatives: dict[str, list[str]] = field(default_factory=dict)  # node id -> initiative keys


@dataclass
class ParsedNews:
    meta: DocumentMeta
    text: str
    issuer_key: str | None = None
    mentions: list[str] = field(default_factory=list)  # IRIs of goals, areas, programmes
    mentions_initiatives: list[str] = field(default_factory=list)  # initiative keys
