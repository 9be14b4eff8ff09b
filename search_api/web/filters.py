"""The values the search filters offer, read from the graph: målområden, nämnder, ämnen and
kommuner.

A filter value in the URL is the last part of the entity id ('delaktighet-och-tillit',
'socialnamnden-sydvast'): short enough to read in a shared link, and exactly what the search
matches on. The lists are computed once per graph version and kept in the core
(`core.filter_lists`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from search_api.web.labels import swedish_key

if TYPE_CHECKING:
    from search_api.core import Styrgraf

# Goal areas in document order (3.1 ... 3.5).
_AREAS = """SELECT ?area ?label ?section WHERE {
  ?area a sg:Malomrade ; skos:prefLabel ?label .
  OPTIONAL { ?area sg:avsnitt ?section }
}"""
# The bodies a search hit can name as responsible: an assignment's sg:ansvarig, and for
# everything else the committee that issued the plan (as search_api/search/documents.py does).
_COMMITTEES = """SELECT DISTINCT ?org ?label WHERE {
  { ?e a sg:Uppdrag ; sg:ansvarig ?org }
  UNION { ?e a sg:Mal ; sg:dokument/sg:utfardadAv ?org }
  ?org skos:prefLabel ?label .
}"""
# Topics that some searchable item is linked to (the others would only give empty results).
_TOPICS = """SELECT DISTINCT ?topic ?label WHERE {
  ?e sg:amne ?topic . ?topic skos:prefLabel ?label .
}"""

# The kommuner the stored documents belong to ('kommun/goteborg', "Göteborgs Stad").
_KOMMUNER = """SELECT DISTINCT ?kommun ?label WHERE {
  ?kommun a sg:Kommun ; skos:prefLabel ?label .
}"""


@dataclass(frozen=True)
class Option:
    value: str  # as in the URL: the last part of the id
    label: str
    entity_id: str


@dataclass(frozen=True)
class FilterOptions:
    areas: list[Option]
    committees: list[Option]
    topics: list[Option]
    kommuner: list[Option] = field(default_factory=list)

    def kommun(self, value: str) -> Option | None:
        return next((o for o in self.kommuner if o.value == value), None)

    def topic(self, value: str) -> Option | None:
        return next((o for o in self.topics if o.value == value), None)

    def area(self, value: str) -> Option | None:
        return next((o for o in self.areas if o.value == value), None)

    def committee(self, value: str) -> Option | None:
        return next((o for o in self.committees if o.value == value), None)


def _option(core: Styrgraf, term: object, label: str) -> Option | None:
    if not isinstance(term, ox.NamedNode):
        return None
    entity_id = core.iris.entity_id(term.value)
    if not entity_id:
        return None
    return Option(entity_id.rsplit("/", 1)[-1], label, entity_id)


def filter_options(core: Styrgraf) -> FilterOptions:
    version = core.version.id
    cached = core.filter_lists  # one read: another thread may replace it meanwhile
    if cached is not None and cached[0] == version:
        return cached[1]
    areas: list[tuple[str, Option]] = []
    for row in core.sparql_internal(_AREAS):
        option = _option(core, row["area"], row["label"].value)
        if option is not None:
            section = row["section"]
            areas.append((section.value if section is not None else "~", option))
    committees = [
        option
        for row in core.sparql_internal(_COMMITTEES)
        if (option := _option(core, row["org"], row["label"].value)) is not None
    ]
    topics = {
        Option(row["topic"].value.rstrip("/").rsplit("/", 1)[-1], row["label"].value, "")
        for row in core.sparql_internal(_TOPICS)
    }
    kommuner = {
        option
        for row in core.sparql_internal(_KOMMUNER)
        if (option := _option(core, row["kommun"], row["label"].value)) is not None
    }
    found = FilterOptions(
        kommuner=sorted(kommuner, key=lambda o: swedish_key(o.label)),
        topics=sorted(topics, key=lambda o: swedish_key(o.label)),
        areas=[option for _, option in sorted(areas, key=lambda pair: pair[0])],
        committees=sorted(set(committees), key=lambda o: swedish_key(o.label)),
    )
    core.filter_lists = (version, found)  # only the current version's lists are worth keeping
    return found
