"""What an entity page shows: the entity, its neighbourhood as link lists and as a picture,
and its origin in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from search_api.core import Styrgraf
from search_api.entities import Entity, EntityService, Origin, Ref
from search_api.entities.reader import natural_key
from search_api.web.graph_svg import PER_GROUP, Item, Picture, layout
from search_api.web.neighbourhood import PLAN_ITEMS, neighbourhood
from search_api.web.steering_view import SteeringView, steering_view

Href = Callable[[str], str]


@dataclass(frozen=True)
class LinkGroup:
    title: str
    items: list[Item]
    side: str


@dataclass(frozen=True)
class EntityView:
    entity: Entity
    groups: list[LinkGroup]
    picture: Picture | None
    origin: list[tuple[str, str]]  # the origin's parts, as (Swedish name, value)
    issuer: list[Item]  # the nämnd that issued the plan, for items without their own
    steering: SteeringView  # outcomes chart and the path through budgets and follow-ups

    @property
    def sided(self) -> bool:
        """Whether the picture's left and right sides mean "belongs to" and "leads to"."""
        return self.entity.type in PLAN_ITEMS


def origin_facts(origin: Origin | None, overfort: bool | None) -> list[tuple[str, str]]:
    if origin is None:
        return []
    issued_by = {"KF": "Kommunfullmäktige (KF)", "SN": "Socialnämnden (SN)"}
    facts = [("Utfärdat av", issued_by.get(origin.kind or "", origin.kind or "okänt"))]
    if origin.year:
        facts.append(("Budgetår", str(origin.year)))
    if origin.in_budget is not None:
        facts.append(("I budget", "Ja" if origin.in_budget else "Nej, utanför budget"))
    if origin.decision_date:
        facts.append(("Beslutsdatum", origin.decision_date))
    if origin.paragraph:
        facts.append(("Paragraf", f"§ {origin.paragraph.lstrip('§ ')}"))
    if origin.point:
        facts.append(("Punkt", origin.point))
    if overfort is not None:
        facts.append(("Överfört från tidigare år", "Ja" if overfort else "Nej"))
    return facts


def balanced(groups: list[LinkGroup]) -> list[LinkGroup]:
    """Groups spread over both sides of the picture, each to the side drawn shorter so far:
    a målområde or a nämnd has only "incoming" links, which would all crowd one side."""
    height = {"left": 0, "right": 0}
    spread = []
    for group in groups:
        side = "left" if height["left"] < height["right"] else "right"
        height[side] += 1 + min(len(group.items), PER_GROUP + 1)
        spread.append(LinkGroup(group.title, group.items, side))
    return spread


def entity_view(core: Styrgraf, entity_id: str, href: Href) -> EntityView:
    """The page's content; NotFound / InvalidEntityId when there is no such entity."""
    service = EntityService(core)
    entity = service.get(entity_id)
    read = service.read

    def item(ref: Ref) -> Item:
        section = read.section(read.node(ref.id))
        return Item(ref.id, ref.label, ref.type, section, href(ref.id))

    def in_document_order(items: list[Item]) -> list[Item]:
        # Stable: items without a section, or with the same one, keep the graph's order.
        return sorted(items, key=lambda i: (i.section is None, natural_key(i.section or "")))

    groups = [
        LinkGroup(g.title, in_document_order([item(r) for r in g.refs]), g.side)
        for g in neighbourhood(service, entity)
    ]
    if not any(g.side == "left" for g in groups):
        groups = balanced(groups)
    picture = layout(
        entity.label,
        entity.type,
        [(g.title, g.items) for g in groups if g.side == "left"],
        [(g.title, g.items) for g in groups if g.side == "right"],
    )
    issuer = next((g.items for g in groups if g.title.startswith("Ansvarig nämnd")), [])
    return EntityView(
        entity=entity,
        groups=groups,
        picture=picture,
        origin=origin_facts(entity.origin, entity.carried_over),
        issuer=issuer,
        steering=steering_view(entity),
    )
