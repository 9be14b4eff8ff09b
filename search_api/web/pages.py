"""What every web page route shares: the links to entity pages. (Their errors are rendered as
Swedish pages by the one handler, search_api/problems.py.)"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request


def href_for(request: Request) -> Callable[[str], str]:
    """The path of an entity's page, by its id."""
    return lambda entity_id: request.url_for("web_entity", entity_id=entity_id).path
