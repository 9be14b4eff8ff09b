"""The Swedish error page of a problem: what went wrong, and what to do instead. Never a
traceback. The page is chosen by the problem's code (search_api/errors.py KINDS), never by
the words of its English detail; its status is the problem's."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.routing import NoMatchFound

from search_api.errors import Problem
from search_api.web.templating import render


@dataclass(frozen=True)
class Hint:
    """A suggestion on an error page, with a link where there is somewhere to go."""

    text: str
    href: str | None = None


@dataclass(frozen=True)
class ErrorPage:
    status: int
    title: str
    message: str
    hints: list[Hint]


class Wording(NamedTuple):
    title: str
    message: str  # may name the problem's members: {id}
    hints: tuple[tuple[str, str | None], ...]  # (text, route name of the link or None)


_HOME = (("Gå till sökningen", "web_search"),)
_NOT_FOUND = Wording("Sidan finns inte", "Det vi letade efter finns inte i grafen.", _HOME)
_BAD = Wording("Felaktig uppgift", "Uppgifterna i adressen kunde inte användas.", _HOME)
_DOWN = Wording(
    "Tjänsten är tillfälligt otillgänglig",
    "Grafen kunde inte läsas just nu. Försök igen om en stund.",
    _HOME,
)
_FAILED = Wording("Något gick fel", "Ett oväntat fel inträffade.", _HOME)

# By problem code; a code not listed here gets the wording of its status class below.
WORDINGS: dict[str, Wording] = {
    "no-graph": Wording(
        "Grafen är inte inläst",
        "Det finns ännu inga styrdokument att visa: grafen har inte lästs in.",
        (("Be den som driftar tjänsten köra `styrgraf ingest`.", None),),
    ),
    "unknown-entity": Wording(
        "Sidan finns inte",
        "Det finns ingen post med id »{id}«.",
        (("Sök efter det du letar efter", "web_search"),),
    ),
    "unknown-report": Wording(
        "Sidan finns inte",
        "Det finns ingen rapport med det namnet.",
        (("Se alla rapporter", "web_reports"),),
    ),
    "unknown-example": Wording(
        "Exemplet finns inte",
        "Det finns ingen sparad fråga med det namnet.",
        (("Öppna editorn", "web_sparql"),),
    ),
    "unknown-topic": Wording(
        "Sidan finns inte",
        "Det finns inget ämne med id »{id}«.",
        (("Se alla ämnen", "web_topics"),),
    ),
    "not-found": _NOT_FOUND,
    # A saved query on a report page, run through the same pool as /sparql.
    "query-timeout": Wording(
        "Rapporten tog för lång tid",
        "Frågan tog för lång tid och stoppades. Försök igen om en stund.",
        (("Se alla rapporter", "web_reports"),),
    ),
    "endpoint-busy": Wording(
        "Tjänsten är upptagen",
        "Alla frågeplatser är upptagna just nu; försök igen om en stund.",
        _HOME,
    ),
}


def _wording(problem: Problem) -> Wording:
    if problem.code in WORDINGS:
        return WORDINGS[problem.code]
    if problem.status == 404:
        return _NOT_FOUND
    if problem.status < 500:
        return _BAD
    return _DOWN if problem.status == 503 else _FAILED


def _href(request: Request, route: str | None) -> str | None:
    try:
        return request.url_for(route).path if route else None
    except NoMatchFound:  # an app without that page
        return None


def error_page(request: Request, problem: Problem) -> HTMLResponse:
    """The Swedish page for `problem` (the JSON API answers the same problem as JSON)."""
    wording = _wording(problem)
    members = defaultdict(str, {k: str(v) for k, v in problem.members.items()})
    page = ErrorPage(
        problem.status,
        wording.title,
        wording.message.format_map(members),
        [Hint(text, _href(request, route)) for text, route in wording.hints],
    )
    response = render(request, "error.html", {"error": page}, status=problem.status)
    response.headers.update(problem.headers)
    return response
