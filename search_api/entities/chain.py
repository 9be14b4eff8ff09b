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


# How the rows' properties are read: a literal's text unless named here. A row's field has the
# name of the property it is read from.
_NUMBERS = {"ar": _year, "varde": _decimal, "sida": _int}
_REFS = frozenset({"dokument"})
_CONCEPTS = frozenset({"riktning", "niva"})


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
        """The `fields` (space-separated) of a row, each read from the property of its name."""
        values: dict[str, Any] = {"id": self.read.entity_id(node) or node.value}
        for local in fields.split():
            if local in _REFS:
                values[local] = self._ref(node, local)
            elif local in _CONCEPTS:
                values[local] = self._concept(node, local)
            else:
                values[local] = _NUMBERS.get(local, _text)(self._one(node, local))
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
            fields = "ar varde enhet datakalla dokument sida kalltext tolkningsvarning"
            rows.append(Outcome(**self._values(n, fields)))
        return sorted(rows, key=lambda o: (o.ar or 0, self._document_order(o.dokument)))

    def targets(self, indicator: ox.NamedNode) -> list[Target]:
        rows = []
        for n in self._pointing(indicator, "avserIndikator", "malvarde"):
            rows.append(Target(**self._values(n, "ar malvarde varde riktning dokument")))
        return sorted(rows, key=lambda t: (t.ar or 0, self._document_order(t.dokument)))

    def assessments(
        self, item: ox.NamedNode, points: list[Point] | None = None
    ) -> list[Assessment]:
        """The item's assessments; for a direktiv also those of its points (follow-ups often
        assess a direktiv point by point)."""
        rows = []
        for point in points or []:
            ref = Ref(point.id, point.label, "uppdrag")
            for found in self.assessments(self.read.node(point.id)):
                rows.append(replace(found, punkt=ref))
        for n in self._pointing(item, "bedomer", "bedomning"):
            fields = "ar niva text bedomningstyp dokument sida"
            rows.append(Assessment(**self._values(n, fields)))
        return sorted(
            rows,
            key=lambda a: (
                a.ar or 0,
                self._document_order(a.dokument),
                a.punkt is not None,
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
                    dokument=doc,
                    dokumenttyp=_text(self._one(doc_node, "dokumenttyp")) if doc_node else None,
                    ar=_year(self._one(doc_node, "ar")) if doc_node else None,
                    avsnitt=_text(self._one(n, "avsnitt")),
                    sida=_int(self._one(n, "sida")),
                    rad=_int(self._one(n, "kallrad")),
                    lydelse=_text(self._one(n, "lydelse")),
                    kalltext=_text(self._one(n, "kalltext")),
                )
            )
        return sorted(rows, key=lambda m: (self._document_order(m.dokument), m.id))

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
            key=lambda p: (self._document_order(p.dokument), p.ordning or 0, natural_key(p.id)),
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
            "kommun": self._ref(node, "kommun"),
            "beslutad_av": refs("beslutadAv"),
            "fokusomraden": refs("harFokusomrade"),
            "bidrar_till": refs("bidrarTill"),
            "delmal_av": refs("delmalAv"),
            "delmal": incoming("delmalAv"),
            "bidrag_fran": incoming("bidrarTill"),
            "tillhor_mal": refs("tillhorMal"),
            "direktiv": self._ref(node, "delAv"),
            "punkter": points,
            "utfall": self.outcomes(node) if kind == "indikator" else [],
            "malvarden": self.targets(node) if kind == "indikator" else [],
            "bedomningar": [] if is_item else self.assessments(node, points),
            "omnamnanden": [] if is_item else self.mentions(node),
            "ar": _year(self._one(node, "ar")),
            "varde": _decimal(self._one(node, "varde")),
            "enhet": _text(self._one(node, "enhet")),
            "riktning": self._concept(node, "riktning"),
            "niva": self._concept(node, "niva"),
            "bedomningstyp": _text(self._one(node, "bedomningstyp")),
            "bedomer": self._ref(node, "bedomer"),
            "indikator": self._ref(node, "avserIndikator"),
            "lydelse": _text(self._one(node, "lydelse")),
            "sida": _int(self._one(node, "sida")),
            "dokumenttyp": _text(self._one(node, "dokumenttyp")),
            "tolkningsvarning": _text(self._one(node, "tolkningsvarning")),
        }
