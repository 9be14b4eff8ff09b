"""Pattern-level reads from the store: a node's triples in both directions, labels and types.

Lookups go through `quads_for_pattern` with NamedNode terms, so no user input is ever parsed as
SPARQL. The same triple can sit in several named graphs (one per document), so every read
removes duplicates and returns a stable order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

import pyoxigraph as ox

from search_api.entities.model import Ref
from search_api.entities.vocab import LABEL_PROPERTIES, RDF_TYPE, sg, type_of
from search_api.sparql.execute import Term as Term

Subject = ox.NamedNode | ox.BlankNode | ox.Triple
N = TypeVar("N", int, float)


def number(text: str | None, kind: Callable[[str], N]) -> N | None:
    """`text` as an int or a float, None when there is none or it is not a number."""
    if not text:
        return None
    try:
        return kind(text)
    except ValueError:
        return None


def _sort_key(term: object) -> str:
    return str(term)


NaturalKey = tuple[tuple[int, str], ...]


def natural_key(text: str) -> NaturalKey:
    """Sort key that puts '3.4.3.2' before '3.4.3.10' (digit runs compare as numbers)."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part)
        for part in re.split(r"(\d+)", text)
        if part
    )


class GraphReader:
    """Read access to one store version for entities under `base`."""

    def __init__(self, store: ox.Store, base: str) -> None:
        self.store = store
        self.base = base
        self._labels: dict[str, str | None] = {}
        self._types: dict[str, str | None] = {}
        self._sections: dict[str, str | None] = {}

    # ---------------------------------------------------------------- ids and IRIs
    def node(self, entity_id: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + entity_id)

    def entity_id(self, term: object) -> str | None:
        """The id of a NamedNode under the base, None for anything else."""
        if isinstance(term, ox.NamedNode) and term.value.startswith(self.base):
            return term.value[len(self.base) :] or None
        return None

    # ---------------------------------------------------------------- triples
    def outgoing(self, node: Subject) -> list[tuple[ox.NamedNode, Term]]:
        pairs = {(q.predicate, q.object) for q in self.store.quads_for_pattern(node, None, None)}
        return sorted(pairs, key=lambda po: (po[0].value, _sort_key(po[1])))

    def incoming(self, node: ox.NamedNode) -> list[tuple[Subject, ox.NamedNode]]:
        pairs = {(q.subject, q.predicate) for q in self.store.quads_for_pattern(None, None, node)}
        return sorted(pairs, key=lambda sp: (sp[1].value, _sort_key(sp[0])))

    def objects(self, node: Subject, prop: ox.NamedNode) -> list[Term]:
        found = {q.object for q in self.store.quads_for_pattern(node, prop, None)}
        return sorted(found, key=_sort_key)

    # ---------------------------------------------------------------- labels and types
    def label(self, node: Subject) -> str | None:
        """The node's Swedish label (skos:prefLabel, rdfs:label or dcterms:title)."""
        key = str(node)
        if key not in self._labels:
            self._labels[key] = self._find_label(node)
        return self._labels[key]

    def _find_label(self, node: Subject) -> str | None:
        for prop in LABEL_PROPERTIES:
            literals = [o for o in self.objects(node, prop) if isinstance(o, ox.Literal)]
            swedish = [lit for lit in literals if lit.language in ("sv", None)]
            if swedish or literals:
                return (swedish or literals)[0].value
        return self._derived_label(node)

    def _first(self, node: Subject, local: str) -> str | None:
        found = sorted(o.value for o in self.objects(node, sg(local)) if isinstance(o, ox.Literal))
        return found[0] if found else None

    def _derived_label(self, node: Subject) -> str | None:
        """A readable name for the steering chain's per-document nodes, which have no label of
        their own: 'Antal påbörjade bostäder 2024: 141', 'Bedömning 2024 i Årsredovisning 2024'."""
        kind = self.entity_type(node)
        if kind not in ("utfall", "malvarde", "bedomning", "omnamnande"):
            return None
        target = {"utfall": "avserIndikator", "malvarde": "avserIndikator"}.get(kind)
        about = self.objects(node, sg(target or ("bedomer" if kind == "bedomning" else "avser")))
        thing = next((self.label(o) for o in about if isinstance(o, ox.NamedNode)), None) or ""
        docs = [o for o in self.objects(node, sg("dokument")) if isinstance(o, ox.NamedNode)]
        doc = (self.label(docs[0]) or "") if docs else ""
        year = (self._first(node, "ar") or "")[:4]
        if kind == "utfall":
            value = self._first(node, "varde") or "?"
            value = value.removesuffix(".0") if value.endswith(".0") else value
            unit = self._first(node, "enhet")
            return f"{thing} {year}: {value}{' ' + unit if unit else ''}".strip()
        if kind == "malvarde":
            return f"Målvärde {year} för {thing}: {self._first(node, 'malvarde') or '?'}"
        if kind == "bedomning":
            return f"Bedömning {year} av {thing} ({doc})"
        section = self._first(node, "avsnitt")
        return f"{thing} i {doc}{', avsnitt ' + section if section else ''}"

    def classes(self, node: Subject) -> list[str]:
        return [o.value for o in self.objects(node, RDF_TYPE) if isinstance(o, ox.NamedNode)]

    def entity_type(self, node: Subject) -> str | None:
        key = str(node)
        if key not in self._types:
            self._types[key] = type_of(self.classes(node))
        return self._types[key]

    def section(self, node: Subject) -> str | None:
        """The node's section number (sg:avsnitt), e.g. '3.4.1.1'."""
        key = str(node)
        if key not in self._sections:
            found = [o for o in self.objects(node, sg("avsnitt")) if isinstance(o, ox.Literal)]
            self._sections[key] = found[0].value if found else None
        return self._sections[key]

    def sort_key(self, ref: Ref) -> tuple[bool, NaturalKey, NaturalKey]:
        """Document order: by section where there is one (areas 3.1 ... 3.5), then by id."""
        section = self.section(self.node(ref.id))
        return (section is None, natural_key(section or ""), natural_key(ref.id))

    def ref(self, term: object) -> Ref | None:
        """A Ref for an entity under the base; None for literals and foreign IRIs."""
        entity_id = self.entity_id(term)
        if entity_id is None or not isinstance(term, ox.NamedNode):
            return None
        return Ref(id=entity_id, label=self.label(term) or entity_id, type=self.entity_type(term))

    def refs(self, terms: Iterable[object]) -> list[Ref]:
        found = (self.ref(t) for t in terms)
        return sorted((r for r in found if r is not None), key=self.sort_key)
