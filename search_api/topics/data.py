"""Topics as the API and the pages show them, read from the stored graph with SPARQL.

The concept scheme lives in the vocabulary graph and the links (sg:amne) with their evidence
(sg:Amnesbelagg) in each document's named graph; nothing here reads ontology/amnen.ttl.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from graph.topics.scheme import concept_id
from ingest.errors import NotFound
from ontology import AMNE
from search_api.core import Styrgraf

KINDS = {
    "Mal": "mal",
    "Uppdrag": "uppdrag",
    "Program": "program",
    "Plan": "plan",
    "Indikator": "indikator",
}
KIND_ORDER = ["mal", "uppdrag", "program", "plan", "indikator"]


@dataclass(frozen=True)
class Evidence:
    """Why an item is linked to a topic, in one document."""

    words: list[str]
    sentences: int
    in_label: bool
    similarity: float
    rule: str


@dataclass(frozen=True)
class TopicRef:
    id: str
    iri: str
    label: str
    evidence: Evidence | None = None


@dataclass
class TopicItem:
    id: str
    type: str
    label: str
    section: str | None
    committees: list[str]
    evidence: Evidence | None


@dataclass
class Topic:
    id: str
    iri: str
    label: str
    alt_labels: list[str] = field(default_factory=list)
    hidden_labels: list[str] = field(default_factory=list)
    scope_note: str | None = None
    broader: list[TopicRef] = field(default_factory=list)
    narrower: list[TopicRef] = field(default_factory=list)
    items: list[TopicItem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def groups(self) -> list[tuple[str, list[tuple[str, list[TopicItem]]]]]:
        """Items by kind (in KIND_ORDER), then by responsible nämnd."""
        out = []
        for kind in KIND_ORDER:
            of_kind = [i for i in self.items if i.type == kind]
            if not of_kind:
                continue
            by_namnd: dict[str, list[TopicItem]] = defaultdict(list)
            for item in of_kind:
                by_namnd["; ".join(item.committees) or "Ingen angiven nämnd"].append(item)
            out.append((kind, sorted(by_namnd.items())))
        return out


def _v(row: dict[str, str], name: str) -> str | None:
    return row.get(name)


def _select(core: Styrgraf, query: str) -> list[dict[str, str]]:
    """Rows as plain dicts: pyoxigraph's result objects must not outlive the request's thread
    (an error's traceback would carry them to another one)."""
    results = core.sparql_internal(query)
    names = [v.value for v in results.variables]
    return [{n: str(s[n].value) for n in names if s[n] is not None} for s in results]


def topic_list(core: Styrgraf) -> list[tuple[TopicRef, int]]:
    """Every topic of the scheme with the number of items linked to it."""
    rows = _select(
        core,
        f"""SELECT ?t ?label (COUNT(DISTINCT ?x) AS ?n) WHERE {{
        ?t skos:inScheme <{AMNE}> ; skos:prefLabel ?label .
        OPTIONAL {{ ?x sg:amne ?t }} }} GROUP BY ?t ?label ORDER BY ?label""",
    )
    return [
        (
            TopicRef(concept_id(_v(r, "t") or ""), _v(r, "t") or "", _v(r, "label") or ""),
            int(_v(r, "n") or 0),
        )
        for r in rows
    ]


def _evidence(core: Styrgraf, item_filter: str) -> dict[tuple[str, str], Evidence]:
    rows = _select(
        core,
        f"""SELECT ?x ?t ?n ?inl ?sim ?rule
          (GROUP_CONCAT(DISTINCT ?w; separator="|") AS ?words)
        WHERE {{ ?b a sg:Amnesbelagg ; sg:belagtObjekt ?x ; sg:belagtAmne ?t ;
          sg:traffadeMeningar ?n ; sg:iNamnet ?inl ; sg:likhet ?sim ; sg:metod ?rule .
          OPTIONAL {{ ?b sg:traffatOrd ?w }}
          {item_filter} }} GROUP BY ?x ?t ?n ?inl ?sim ?rule ORDER BY ?x ?t DESC(?sim)""",
    )
    found: dict[tuple[str, str], Evidence] = {}
    for r in rows:
        key = (_v(r, "x") or "", _v(r, "t") or "")
        if key in found:  # a shared item restated by several documents: the strongest wins
            continue
        words = sorted(w for w in (_v(r, "words") or "").split("|") if w)
        found[key] = Evidence(
            words=words,
            sentences=int(_v(r, "n") or 0),
            in_label=_v(r, "inl") == "true",
            similarity=round(float(_v(r, "sim") or 0), 3),
            rule=_v(r, "rule") or "",
        )
    return found


def topics_of(core: Styrgraf, iri: str) -> list[TopicRef]:
    """The topics an item is linked to, with the evidence, sorted by label."""
    evidence = _evidence(core, f"FILTER(?x = <{iri}>)")
    rows = _select(
        core,
        f"""SELECT DISTINCT ?t ?label WHERE {{ <{iri}> sg:amne ?t .
        ?t skos:prefLabel ?label }} ORDER BY ?label""",
    )
    return [
        TopicRef(
            concept_id(_v(r, "t") or ""),
            _v(r, "t") or "",
            _v(r, "label") or "",
            evidence.get((iri, _v(r, "t") or "")),
        )
        for r in rows
    ]


def topic(core: Styrgraf, topic_id: str) -> Topic:
    """One topic with its labels, hierarchy and linked items; NotFound for an unknown id."""
    iri = str(AMNE[topic_id])
    labels = _select(
        core,
        f"""SELECT ?p ?o WHERE {{ <{iri}> ?p ?o .
        FILTER(?p IN (skos:prefLabel, skos:altLabel, skos:hiddenLabel, skos:scopeNote)) }}""",
    )
    values: dict[str, list[str]] = defaultdict(list)
    for r in labels:
        values[(_v(r, "p") or "").rsplit("#", 1)[-1]].append(_v(r, "o") or "")
    if not values.get("prefLabel") or "/" in topic_id:
        known = ", ".join(t.id for t, _ in topic_list(core)[:8])
        raise NotFound(f"no topic {topic_id!r}; topics are e.g. {known} (GET /amnen lists all)")
    found = Topic(
        id=topic_id,
        iri=iri,
        label=sorted(values["prefLabel"])[0],
        alt_labels=sorted(values["altLabel"]),
        hidden_labels=sorted(values["hiddenLabel"]),
        scope_note=" ".join(values["scopeNote"]) or None,
    )
    for relation, target in (("broader", found.broader), ("narrower", found.narrower)):
        for r in _select(
            core,
            f"""SELECT DISTINCT ?t ?label WHERE {{ <{iri}> skos:{relation} ?t .
                ?t skos:prefLabel ?label }} ORDER BY ?label""",
        ):
            target.append(
                TopicRef(concept_id(_v(r, "t") or ""), _v(r, "t") or "", _v(r, "label") or "")
            )
    evidence = _evidence(core, f"FILTER(?t = <{iri}>)")
    items: dict[str, TopicItem] = {}
    for r in _select(
        core,
        f"""SELECT ?x ?kind ?label ?section ?namnd WHERE {{
            ?x sg:amne <{iri}> ; a ?kind ; skos:prefLabel ?label .
            VALUES ?kind {{ sg:Mal sg:Uppdrag sg:Program sg:Plan sg:Indikator }}
            OPTIONAL {{ SELECT ?x (MIN(?s) AS ?section) WHERE {{ ?x sg:avsnitt ?s }}
                        GROUP BY ?x }}
            OPTIONAL {{ {{ ?x a sg:Uppdrag ; sg:ansvarig ?org }}
                UNION {{ ?x sg:dokument/sg:utfardadAv ?org .
                         FILTER NOT EXISTS {{ ?x a sg:Uppdrag }} }}
                ?org skos:prefLabel ?namnd }} }} ORDER BY ?x""",
    ):
        x = _v(r, "x") or ""
        kind = KINDS[(_v(r, "kind") or "").rsplit("#", 1)[-1]]
        item = items.get(x)
        if item is None or KIND_ORDER.index(kind) < KIND_ORDER.index(item.type):
            item = items[x] = TopicItem(
                id=core.iris.entity_id(x) or x,
                type=kind,
                label=_v(r, "label") or "",
                section=_v(r, "section"),
                committees=item.committees if item else [],
                evidence=evidence.get((x, iri)),
            )
        namnd = _v(r, "namnd")
        if namnd and namnd not in item.committees:
            item.committees.append(namnd)
    for item in items.values():
        item.committees.sort()
    found.items = sorted(
        items.values(), key=lambda i: (KIND_ORDER.index(i.type), i.section or "", i.id)
    )
    return found
