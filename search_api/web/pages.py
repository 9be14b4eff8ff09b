"""What every web page route shares: the Swedish error page for whatever went wrong while a
page was built, and the links to entity pages."""

from __future__ import annotations

import logging
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import HTMLResponse

from graph.errors import StyrgrafError
from search_api.web import errors
from search_api.web.errors import WebError
from search_api.web.templating import render

log = logging.getLogger(__name__)


def guarded(request: Request, build: Callable[[], HTMLResponse]) -> HTMLResponse:
    """The page `build` makes, or a Swedish error page for whatever went wrong."""
    home = request.url_for("web_search").path
    try:
        return build()
    except WebError as error:
        failure = error
    except StyrgrafError as error:
        failure = errors.from_styrgraf(error, home)
    except Exception:
        log.exception("web page %s failed", request.url.path)
        failure = WebError(500, "Något gick fel", "Ett oväntat fel inträffade.", [])
    return render(request, "error.html", {"error": failure}, status=failure.status)


def href_for(request: Request) -> Callable[[str], str]:
    """The path of an entity's page, by its id."""
    return lambda entity_id: request.url_for("web_entity", entity_id=entity_id).path
