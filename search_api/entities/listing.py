"""Listing entities with filters: type, målområde, nämnd, ursprung and kommun, paginated.

Filters are applied with pattern lookups on NamedNodes built from validated ids, so a filter
value never becomes query text. The graph is small (a few hundred entities per plan), so the
matches are sorted in Python, where '3.4.3.2' can come before '3.4.3.10'.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from search_api.entities.model import EntityPage, ListItem
from search_api.entities.reader import GraphReader, Subject, natural_key
from search_api.entities.vocab import (
    ENTITY_TYPES,
    ORGANISATION_TYPES,
    RDF_TYPE,
    TYPE_CLASSES,
    sg,
)
from search_api.errors import InvalidParameters, ParameterProblem

MAX_LIMIT = 500
URSPRUNG_WORDS = ("KF", "SN", "budget", "utanfor-budget")
_URSPRUNG_KEYS = {w.lower() for w in URSPRUNG_WORDS}  # KF and SN are accepted in any case
_YEAR = re.compile(r"(19|20)\d\d")
# The links by which an entity involves an organisation (what the `namnd` filter follows).
# sg:beslutadAv: the goals, fokusområden and direktiv a nämnd (or KF) decided.
ORGANISATION_LINKS = ("ansvarig", "samverkanspart", "ledsAv", "utforare", "beslutadAv")


class InvalidFilter(InvalidParameters):
    """A listing parameter with a value outside its valid values (HTTP 422)."""

    def __init__(self, parameter: str, value: object, valid: Sequence[str]) -> None:
        self.parameter, self.value, self.valid = parameter, value, list(valid)
        shown = ", ".join(self.valid[:40]) + (" …" if len(self.valid) > 40 else "")
        shown_value = value[:100] if isinstance(value, str) else value
        message = f"invalid value {shown_value!r}; valid values: {shown}"
        super().__init__([ParameterProblem(parameter, message, self.valid)])


@dataclass(frozen=True)
class EntityQuery:
    """What to list. Empty filters match everything; all given filters must hold."""

    type: str | tuple[str, ...] | None = None  # several: any of them
    malomrade: str | None = None
    namnd: str | None = None
    ursprung: list[str] = field(default_factory=list)
    kommun: str | None = None
    limit: int = 50
    offset: int = 0


class EntityLister:
    def __init__(self, read: GraphReader) -> None:
        self.read = read

    # ---------------------------------------------------------------- valid values
    def ids_of(self, types: Sequence[str]) -> list[str]:
        found = {self.read.entity_id(s) for s in self._typed(types)}
        return sorted((i for i in found if i), key=natural_key)

    def area_ids(self) -> list[str]:
        return self.ids_of(["malomrade"])

    def organisation_ids(self) -> list[str]:
        return self.ids_of(ORGANISATION_TYPES)

    def kommun_ids(self) -> list[str]:
        return self.ids_of(["kommun"])

    def _typed(self, types: Sequence[str]) -> set[Subject]:
        subjects: set[Subject] = set()
        for key in types:
            for local in TYPE_CLASSES[key]:
                subjects.update(
                    q.subject for q in self.read.store.quads_for_pattern(None, RDF_TYPE, sg(local))
                )
        return {s for s in subjects if self.read.entity_id(s)}

    # ---------------------------------------------------------------- checking
    def _resolve(self, parameter: str, value: str, prefix: str, valid: list[str]) -> ox.NamedNode:
        """An area or organisation given by its id ('goteborg/malomrade/tidiga-insatser'), or,
        when only one kommun has it, as 'malomrade/tidiga-insatser', 'tidiga-insatser' or by its
        name, 'Tidiga insatser' (case-insensitive), as /search takes it."""
        value = value.strip()
        tail = (value if value.startswith(prefix) else prefix + value).casefold()
        found = [
            v
            for v in valid
            if v.casefold() in (value.casefold(), tail) or v.casefold().endswith("/" + tail)
        ]
        if not found:
            wanted = value.strip().casefold()
            found = [
                v for v in valid if (self.read.label(self.read.node(v)) or "").casefold() == wanted
            ]
        if len(found) != 1:
            short = [v.split("/" + prefix, 1)[-1].removeprefix(prefix) for v in valid]
            # a short name two kommuner share is shown as the full id
            shown = [s if short.count(s) == 1 else v for s, v in zip(short, valid, strict=True)]
            raise InvalidFilter(parameter, value, shown)
        return self.read.node(found[0])

    def check(self, query: EntityQuery) -> None:
        for kind in _types(query):
            if kind not in ENTITY_TYPES:
                raise InvalidFilter("type", kind, ENTITY_TYPES)
        if not 1 <= query.limit <= MAX_LIMIT:
            raise InvalidFilter("limit", query.limit, [f"1..{MAX_LIMIT}"])
        if query.offset < 0:
            raise InvalidFilter("offset", query.offset, ["0 or more"])
        for value in query.ursprung:
            if value.lower() not in _URSPRUNG_KEYS and not _YEAR.fullmatch(value):
                raise InvalidFilter("ursprung", value, [*URSPRUNG_WORDS, "ett årtal, t.ex. 2022"])

    # ---------------------------------------------------------------- listing
    def find(self, query: EntityQuery) -> EntityPage:
        self.check(query)
        r = self.read
        types = _types(query) or list(ENTITY_TYPES)
        if query.ursprung:
            types = [t for t in types if t == "uppdrag"]
        matches = self._typed(types)
        if query.malomrade:
            area = self._resolve("malomrade", query.malomrade, "malomrade/", self.area_ids())
            matches &= self._subjects(sg("malomrade"), area)
        if query.namnd:
            org = self._resolve("namnd", query.namnd, "org/", self.organisation_ids())
            linked: set[Subject] = set()
            for local in ORGANISATION_LINKS:
                linked |= self._subjects(sg(local), org)
            matches &= linked
        if query.kommun:
            matches &= self._of_kommun(
                self._resolve("kommun", query.kommun, "kommun/", self.kommun_ids())
            )
        for value in query.ursprung:
            matches = {s for s in matches if self._origin_matches(s, value)}
        items = []
        # A node typed both sg:Program and sg:Plan ("program och plan") matches type=plan too,
        # and shows its main type, "program".
        for subject in matches:
            entity_id, kind = r.entity_id(subject), r.entity_type(subject)
            if entity_id and kind:
                label = r.label(subject) or entity_id
                items.append(ListItem(entity_id, kind, label, r.section(subject)))
        items.sort(
            key=lambda i: (i.section is None, natural_key(i.section or ""), natural_key(i.id))
        )
        page = items[query.offset : query.offset + query.limit]
        return EntityPage(total=len(items), limit=query.limit, offset=query.offset, items=page)

    def _of_kommun(self, kommun: ox.NamedNode) -> set[Subject]:
        """What a kommun's documents hold (sg:dokument) and what names the kommun itself
        (shared things: organisations, KF goals, direktiv), as search_api/search does."""
        stated = self._subjects(sg("kommun"), kommun)
        held: set[Subject] = set()
        for document in stated:
            if isinstance(document, ox.NamedNode):
                held |= self._subjects(sg("dokument"), document)
        return stated | held

    def _subjects(self, prop: ox.NamedNode, obj: ox.NamedNode) -> set[Subject]:
        return {q.subject for q in self.read.store.quads_for_pattern(None, prop, obj)}

    def _origin_matches(self, subject: Subject, value: str) -> bool:
        prop, expected = _origin_test(value)
        return any(
            isinstance(o, ox.Literal) and o.value == expected
            for origin in self.read.objects(subject, sg("ursprung"))
            if isinstance(origin, ox.NamedNode)
            for o in self.read.objects(origin, sg(prop))
        )


def _types(query: EntityQuery) -> list[str]:
    return [query.type] if isinstance(query.type, str) else list(query.type or ())


def _origin_test(value: str) -> tuple[str, str]:
    """The property of the sg:Ursprung node and the value an `ursprung` filter asks for."""
    word = value.lower()
    if word in ("kf", "sn"):
        return "ursprungstyp", word.upper()
    if word in ("budget", "utanfor-budget"):
        return "iBudget", "true" if word == "budget" else "false"
    return "budgetar", value  # a year, checked by EntityLister.check
