"""What the malstyrning engine reads out of one document, before any RDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ingest.malstyrning.pages import Line


@dataclass(frozen=True)
class Column:
    kind: str  # "utfall" | "mal"
    year: int
    start: int = 0  # character columns of the header text
    end: int = 0


@dataclass(frozen=True)
class Value:
    text: str  # as written ("5 321", "90 %", "Öka")
    number: Decimal | None = None
    unit: str | None = None
    target: str | None = None  # a target word ("Öka") instead of a number


@dataclass
class IndicatorRow:
    name: str
    line: Line  # first line of the row
    source_text: str
    how: str = "none"  # count | columns | earliest | pipe | none (not assigned) | empty (no values)
    warning: str | None = None
    outcomes: dict[int, Value] = field(default_factory=dict)
    targets: dict[int, Value] = field(default_factory=dict)
    section: str = ""  # number of the goal or direktiv it belongs to
    cells: int = 0  # value cells on the row's value line (placeholders included)
    columns: tuple[Column, ...] = ()  # the table's year columns (flattened tables)

    @property
    def assigned(self) -> bool:
        """True when every value the row holds went to a year without a guess."""
        return self.how in ("count", "columns", "pipe", "empty")


@dataclass
class Mention:
    section: str
    line: Line
    source_text: str
    wording: str


@dataclass
class Assessment:
    kind: str  # the heading: "Kommunövergripande bedömning", ...
    text: str
    level: str | None  # "Uppfylld" | "DelvisUppfylld" | "EjUppfylld"
    mention: Mention


@dataclass
class Fokus:
    label: str
    mention: Mention


@dataclass
class Goal:
    number: str
    title: str
    level: str  # "kf" | "namnd"
    mention: Mention
    fokus: list[Fokus] = field(default_factory=list)
    fokus_link: str | None = None
    assessments: list[Assessment] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)


@dataclass
class Point:
    order: int
    text: str
    mention: Mention
    followups: list[Assessment] = field(default_factory=list)


@dataclass
class Directive:
    number: str
    title: str
    level: str
    mention: Mention
    formulering: str = ""
    points: list[Point] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)


@dataclass
class Parsed:
    goals: list[Goal] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    measures: list[IndicatorRow] = field(default_factory=list)  # verksamhetsmått: no goal

    def indicator_rows(self) -> list[IndicatorRow]:
        rows = [r for g in self.goals for r in g.indicators]
        return rows + [r for d in self.directives for r in d.indicators] + self.measures
