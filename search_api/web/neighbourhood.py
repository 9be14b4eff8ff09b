"""An entity's neighbourhood in the graph, as named groups of links for its page.

The plan links mål, uppdrag and program only through their målområde, and names the
responsible nämnd on the assignments (for everything else: the nämnd that issued the plan). So
the neighbourhood of a goal is not only its own links: it is its målområde, its nämnd, its
indicators, and the assignments and programmes of the same målområde. Groups on the "left"
are what the entity belongs to, groups on the "right" what it leads to or sits beside.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from search_api.entities import Entity, EntityQuery, EntityService, Ref
from search_api.entities.reader import natural_key
from search_api.entities.vocab import sg

# Types whose page shows the målområde's other members and the responsible nämnd.
PLAN_ITEMS = ("mal", "uppdrag", "indikator", "bidrag", "program", "plan")
# Links the page already shows elsewhere (facts, indicators, source) or that add nothing.
_COVERED_OUT = {
    "malomrade", "ansvarig", "samverkanspart", "ledsAv", "utforare", "ursprung",
    "tillhorMal", "avser", "indikator", "dokument",
}  # fmt: skip
_COVERED_IN = {"tillhorMal", "avser"}
# The steering chain's per-document nodes (outcomes, targets, assessments, mentions) have
# sections of their own on the page of the thing they are about; only a document lists them.
_CHAIN_ITEMS = {"utfall", "malvarde", "bedomning", "omnamnande"}
# A målområde's members, by type, in the order of the plan's sub-sections.
_MEMBER_TITLES = {
    "mal": "Mål",
    "uppdrag": "Uppdrag",
    "program": "Program",
    "plan": "Planer",
    "bidrag": "Rader i Program och planer",
    "indikator": "Indikatorer",
}


@dataclass(frozen=True)
class Group:
    title: str
    refs: list[Ref]
    side: str  # "left" (what the entity belongs to) | "right" (what it leads to)


def neighbourhood(service: EntityService, entity: Entity) -> list[Group]:
    groups = _plan_groups(service, entity) if entity.type in PLAN_ITEMS else []
    groups += _other_links(service, entity, covered=entity.type in PLAN_ITEMS)
    return [g for g in groups if g.refs]


def _plan_groups(service: EntityService, e: Entity) -> list[Group]:
    left = [
        Group("Målområde", e.goal_areas, "left"),
        Group("Tillhör mål", e.goals or ([e.goal] if e.goal else []), "left"),
        Group("Avser", [e.refers_to] if e.refers_to else [], "left"),
        Group(
            "Ursprung", [Ref(e.origin.id, e.origin.text, "ursprung")] if e.origin else [], "left"
        ),
        Group("Ansvarig", e.responsible, "left"),
        Group("Samverkanspart", e.partners, "left"),
        Group("Leds av", e.led_by, "left"),
        Group("Utförare", e.performed_by, "left"),
    ]
    if not (e.responsible or e.led_by or e.performed_by or e.decided_by):
        left.append(Group("Ansvarig nämnd (planens)", _issuers(service, e), "left"))
    right = [
        Group("Indikatorer", [Ref(i.id, i.label, "indikator") for i in e.indicators], "right"),
        Group("Rader i Program och planer", e.contributions, "right"),
    ]
    if e.goal_areas:
        right += _same_area(service, e)
    return left + right


def _issuers(service: EntityService, e: Entity) -> list[Ref]:
    """The nämnd that issued the plan the entity stands in (sg:utfardadAv of its document)."""
    if e.source is None:
        return []
    read = service.read
    return read.refs(read.objects(read.node(e.source.document.id), sg("utfardadAv")))


def _same_area(service: EntityService, e: Entity) -> list[Group]:
    """Goals, assignments and programmes of the entity's målområden, itself left out."""
    shown = {
        e.id,
        *(r.id for r in ([e.refers_to] if e.refers_to else [])),
        *(r.id for r in e.contributions),
    }
    where = "målområdena" if len(e.goal_areas) > 1 else "målområdet"
    titles = {
        "mal": f"Mål i {where}",
        "uppdrag": f"Uppdrag i {where}",
        "program": f"Program och planer i {where}",
    }
    found: dict[str, dict[str, Ref]] = defaultdict(dict)
    for area in e.goal_areas:
        for kind in ("mal", "uppdrag", "program", "plan"):
            page = service.find(EntityQuery(type=kind, malomrade=area.id, limit=500))
            group = "program" if kind == "plan" else kind
            for item in page.items:
                if item.id not in shown:
                    found[group][item.id] = Ref(item.id, item.label, item.type)
    return [
        Group(title, sorted(found[kind].values(), key=lambda r: natural_key(r.id)), "right")
        for kind, title in titles.items()
    ]


def _other_links(service: EntityService, e: Entity, covered: bool) -> list[Group]:
    """The entity's remaining links, grouped by relation (and for a målområde, by type)."""
    read = service.read
    own_goals = {r.id for r in e.goals} | ({e.goal.id} if e.goal else set())
    groups: dict[tuple[str, str], list[Ref]] = defaultdict(list)
    for link in e.links:
        if link.direction == "out" and link.relation == "dokument":
            continue  # shown as the source
        if link.direction == "in" and link.type in _CHAIN_ITEMS and e.type != "dokument":
            continue  # shown in the page's outcome, target, assessment and mention sections
        if link.direction == "in" and link.relation == "indikator" and link.id in own_goals:
            continue  # the goal that lists the indicator is already shown as "Tillhör mål"
        if covered and (
            (link.direction == "out" and link.relation in _COVERED_OUT)
            or (link.direction == "in" and link.relation in _COVERED_IN)
        ):
            continue
        title = link.relation_label
        if link.direction == "in" and link.relation == "malomrade":
            title = _MEMBER_TITLES.get(link.type or "", title)
        ref = Ref(link.id, link.label, link.type)
        if link.type == "ursprung" and link.id.endswith("/ursprung"):
            # An origin is read as its assignment: "3.2.2.1 Förvaltningen får i uppdrag ..."
            # says more than a list of "SN uppdrag utanför budget 2022".
            ref = read.ref(read.node(link.id.removesuffix("/ursprung"))) or ref
        if ref not in groups[(link.direction, title)]:
            groups[(link.direction, title)].append(ref)
    order = list(_MEMBER_TITLES.values())
    keys = sorted(groups, key=lambda k: (k[0] == "in", order.index(k[1]) if k[1] in order else 99))
    return [
        Group(title, groups[(direction, title)], "left" if direction == "out" else "right")
        for direction, title in keys
    ]
