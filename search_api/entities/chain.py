"""The steering chain of one entity: how goals, fokusområden, direktiv and indicators hang
together, and what each budget and follow-up says and measures about them.

Shared things (a KF goal, a direktiv, an indicator) are stated by several documents; their
outcomes, targets, assessments and mentions are per-document nodes pointing at them. Those are
read here into plain rows, in year order, so the JSON and the page tell the same story.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pyoxigraph as ox

from search_api.entities.model import Assessment, Mention, Outcome, Point, Ref, Target
from search_api.entities.reader import GraphReader, Subject, Term, natural_key, number
from search_api.entities.vocab import sg

# Within one year, a budget comes before the follow-ups of that year.
_KIND_ORDER = {"Budget": 0, "Verksamhetsplan": 1, "Uppfoljning": 2}


def _text(terms: list[Term]) -> str | None:
    values = sorted(t.value for t in terms if isinstance(t, ox.Literal))
    return values[0] if values else None


def _int(terms: list[Term]) -> int | None:
    return number(_text(terms), int)


def _year(terms: list[Term]) -> int | None:
    text = _text(terms)  # xsd:gYear: "2024", or with a time zone, "2024Z"
    return int(text[:4]) if text and text[:4].isdigit() else None


def _decimal(terms: list[Term]) -> float | None:
    return number(_text(terms), float)


# How the rows' properties are read: a literal's text unless named here. A row's field names are
# English (the JSON's language), the properties Swedish (the ontology's): `_values` maps them.
_NUMBERS = {"ar": _year, "varde": _decimal, "sida": _int}
_REFS = frozenset({"dokument"})
_CONCEPTS = frozenset({"riktning", "niva"})
# Each row kind: its fields, and the property each is read from.
_OUTCOME_FIELDS = (
    "year=ar value=varde unit=enhet data_source=datakalla document=dokument page=sida "
    "source_text=kalltext reading_warning=tolkningsvarning"
)
_TARGET_FIELDS = "year=ar target=malvarde value=varde direction=riktning document=dokument"
_ASSESSMENT_FIELDS = (
    "year=ar level=niva text=text assessment_kind=bedomningstyp document=dokument page=sida"
)


class ChainReader:
    def __init__(self, read: GraphReader) -> None:
        self.read = read

    def _one(self, node: Subject, local: str) -> list[Term]:
        return self.read.objects(node, sg(local))

    def _ref(self, node: Subject, local: str) -> Ref | None:
        found = self.read.refs(self._one(node, local))
        return found[0] if found else None

    def _concept(self, node: Subject, local: str) -> str | None:
        found = [t for t in self._one(node, local) if isinstance(t, ox.NamedNode)]
        return (self.read.label(found[0]) or found[0].value) if found else None

    def _pointing(self, node: ox.NamedNode, local: str, kind: str) -> list[ox.NamedNode]:
        """The nodes of type `kind` that point at `node` with sg:<local>."""
        subjects = {s for s, p in self.read.incoming(node) if p == sg(local)}
        return [
            s
            for s in sorted(subjects, key=str)
            if isinstance(s, ox.NamedNode) and self.read.entity_type(s) == kind
        ]

    def _values(self, node: ox.NamedNode, fields: str) -> dict[str, Any]:
        """A row's fields, each (`field=property`, space-separated) read from the sg: property
        named."""
        values: dict[str, Any] = {"id": self.read.entity_id(node) or node.value}
        for name, local in (pair.split("=") for pair in fields.split()):
            if local in _REFS:
                values[name] = self._ref(node, local)
            elif local in _CONCEPTS:
                values[name] = self._concept(node, local)
            else:
                values[name] = _NUMBERS.get(local, _text)(self._one(node, local))
        return values

    def _document_order(self, doc: Ref | None) -> tuple[int, int, str]:
        if doc is None:
            return (9999, 9, "")
        node = self.read.node(doc.id)
        year = _year(self._one(node, "ar")) or 9999
        classes = {c.rsplit("#", 1)[-1] for c in self.read.classes(node)}
        kind = min((_KIND_ORDER[c] for c in classes if c in _KIND_ORDER), default=1)
        return (year, kind, doc.id)

    # ---------------------------------------------------------------- rows
    def outcomes(self, indicator: ox.NamedNode) -> list[Outcome]:
        rows = []
        for n in self._pointing(indicator, "avserIndikator", "utfall"):
            rows.append(Outcome(**self._values(n, _OUTCOME_FIELDS)))
        return sorted(rows, key=lambda o: (o.year or 0, self._document_order(o.document)))

    def targets(self, indicator: ox.NamedNode) -> list[Target]:
        rows = []
        for n in self._pointing(indicator, "avserIndikator", "malvarde"):
            rows.append(Target(**self._values(n, _TARGET_FIELDS)))
        return sorted(rows, key=lambda t: (t.year or 0, self._document_order(t.document)))

    def assessments(
        self, item: ox.NamedNode, points: list[Point] | None = None
    ) -> list[Assessment]:
        """The item's assessments; for a direktiv also those of its points (follow-ups often
        assess a direktiv point by point)."""
        rows = []
        for point in points or []:
            ref = Ref(point.id, point.label, "uppdrag")
            for found in self.assessments(self.read.node(point.id)):
                rows.append(replace(found, point=ref))
        for n in self._pointing(item, "bedomer", "bedomning"):
            rows.append(Assessment(**self._values(n, _ASSESSMENT_FIELDS)))
        return sorted(
            rows,
            key=lambda a: (
                a.year or 0,
                self._document_order(a.document),
                a.point is not None,
                natural_key(a.id),
            ),
        )

    def mentions(self, item: ox.NamedNode) -> list[Mention]:
        rows = []
        for n in self._pointing(item, "avser", "omnamnande"):
            doc = self._ref(n, "dokument")
            doc_node = self.read.node(doc.id) if doc else None
            rows.append(
                Mention(
                    id=self.read.entity_id(n) or n.value,
                    document=doc,
                    document_type=_text(self._one(doc_node, "dokumenttyp")) if doc_node else None,
                    year=_year(self._one(doc_node, "ar")) if doc_node else None,
                    section=_text(self._one(n, "avsnitt")),
                    page=_int(self._one(n, "sida")),
                    line=_int(self._one(n, "kallrad")),
                    wording=_text(self._one(n, "lydelse")),
                    source_text=_text(self._one(n, "kalltext")),
                )
            )
        return sorted(rows, key=lambda m: (self._document_order(m.document), m.id))

    def points(self, direktiv: ox.NamedNode) -> list[Point]:
        found = []
        for s, p in self.read.incoming(direktiv):
            if p == sg("delAv") and isinstance(s, ox.NamedNode):
                ref = self.read.ref(s)
                if ref is not None:
                    numbers = [
                        int(t.value)
                        for t in self._one(s, "ordning")
                        if isinstance(t, ox.Literal) and t.value.isdigit()
                    ]
                    docs = sorted(
                        self.read.refs(self._one(s, "dokument")), key=self._document_order
                    )
                    doc = docs[0] if docs else None
                    found.append(Point(ref.id, ref.label, min(numbers, default=None), doc))
        unique = {p.id: p for p in found}.values()
        # Each document lists its own points (a nämnd restates a KF direktiv in its words).
        return sorted(
            unique,
            key=lambda p: (self._document_order(p.document), p.order or 0, natural_key(p.id)),
        )

    # ---------------------------------------------------------------- all fields
    def fields(self, node: ox.NamedNode, kind: str) -> dict[str, Any]:
        """The Entity fields of the steering chain for `node` (empty lists where none)."""
        r = self.read

        def refs(local: str) -> list[Ref]:
            return r.refs(self._one(node, local))

        def incoming(local: str) -> list[Ref]:
            return r.refs(s for s, p in r.incoming(node) if p == sg(local))

        is_item = kind in ("utfall", "malvarde", "bedomning", "omnamnande", "dokument")
        points = self.points(node) if kind == "direktiv" else []
        return {
            "municipality": self._ref(node, "kommun"),
            "decided_by": refs("beslutadAv"),
            "focus_areas": refs("harFokusomrade"),
            "contributes_to": refs("bidrarTill"),
            "sub_goal_of": refs("delmalAv"),
            "sub_goals": incoming("delmalAv"),
            "contributing_goals": incoming("bidrarTill"),
            "goals": refs("tillhorMal"),
            "directive": self._ref(node, "delAv"),
            "points": points,
            "outcomes": self.outcomes(node) if kind == "indikator" else [],
            "targets": self.targets(node) if kind == "indikator" else [],
            "assessments": [] if is_item else self.assessments(node, points),
            "mentions": [] if is_item else self.mentions(node),
            "year": _year(self._one(node, "ar")),
            "value": _decimal(self._one(node, "varde")),
            "unit": _text(self._one(node, "enhet")),
            "direction": self._concept(node, "riktning"),
            "level": self._concept(node, "niva"),
            "assessment_kind": _text(self._one(node, "bedomningstyp")),
            "assesses": self._ref(node, "bedomer"),
            "indicator": self._ref(node, "avserIndikator"),
            "wording": _text(self._one(node, "lydelse")),
            "page": _int(self._one(node, "sida")),
            "document_type": _text(self._one(node, "dokumenttyp")),
            "reading_warning": _text(self._one(node, "tolkningsvarning")),
        }
