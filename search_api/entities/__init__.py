"""Entity lookup for intranet systems: /entities/{id}, listings and /id/ redirects.

from search_api.entities import EntityService, entities_router
entity = EntityService(core).get("vp-2023-sn-sydvast/mal/3.4.1.1")
app.include_router(entities_router(lambda: core))
"""

from search_api.entities.listing import EntityQuery, InvalidFilter
from search_api.entities.model import (
    Concept,
    Entity,
    EntityPage,
    IndicatorRef,
    Link,
    ListItem,
    Origin,
    Ref,
    Source,
)
from search_api.entities.router import entities_router
from search_api.entities.service import EntityService
from search_api.entities.vocab import ENTITY_TYPES, InvalidEntityId

__all__ = [
    "ENTITY_TYPES",
    "Concept",
    "Entity",
    "EntityPage",
    "EntityQuery",
    "EntityService",
    "IndicatorRef",
    "InvalidEntityId",
    "InvalidFilter",
    "Link",
    "ListItem",
    "Origin",
    "Ref",
    "Source",
    "entities_router",
]
