"""Jinja2 rendering for the web pages: one environment, autoescaping always on.

Every value from the graph, the search index or the request is escaped by the templates; the
only markup inserted as is comes from `marked_snippet`, which lets nothing but <mark> through.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from search_api.web.labels import TYPE_NAMES, badge_class

NAV = (
    ("web_search", "Sök"),
    ("web_reports", "Rapporter"),
    ("web_overview", "Målområden"),
    ("web_sparql", "SPARQL"),
)

_ENV = Environment(
    loader=PackageLoader("search_api.web", "templates"),
    autoescape=True,  # for every template, whatever its file name
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,  # a misspelt variable fails the tests instead of showing nothing
)


def marked_snippet(snippet_html: str) -> Markup:
    """The search snippet with only its <mark> tags kept as markup.

    The search side already escapes the snippet; it is unescaped and escaped again here so that
    whatever it contains, nothing but <mark> and </mark> can reach the page as a tag."""
    text = escape(html.unescape(snippet_html))
    return Markup(str(text).replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))


_ENV.filters["marked"] = marked_snippet


def groupby_first_doc(points: list[Any]) -> list[tuple[Any, list[Any]]]:
    """A direktiv's points grouped by the document that lists them, in the given order."""
    groups: list[tuple[Any, list[Any]]] = []
    for point in points:
        if groups and groups[-1][0] == point.document:
            groups[-1][1].append(point)
        else:
            groups.append((point.document, [point]))
    return groups


_ENV.filters["groupby_first_doc"] = groupby_first_doc
_ENV.globals["type_name"] = lambda key: TYPE_NAMES.get(key, key)
_ENV.globals["badge_class"] = badge_class


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    status: int = 200,
    active: str | None = None,
) -> HTMLResponse:
    """The page `template` with `context`, plus what the layout needs (navigation, url_for)."""

    def url(route: str, /, **params: str) -> str:  # positional: a route may have `name`
        return request.url_for(route, **params).path

    page = _ENV.get_template(template).render(
        **context,
        url=url,
        nav=[(url(name), label, name == active) for name, label in NAV],
        asset=lambda filename: url("web_asset", filename=filename),
    )
    # no-store would break the back button's form state; a short private cache is enough.
    headers = {"Cache-Control": "private, max-age=0, must-revalidate"}
    return HTMLResponse(page, status_code=status, headers=headers)
