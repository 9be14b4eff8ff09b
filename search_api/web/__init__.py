"""The Swedish web pages for staff: search, entity pages, gap reports and a SPARQL editor.

    from search_api.web import web_router
    app.include_router(web_router(lambda: core))

Server-rendered HTML (Jinja2, autoescaped) that works without JavaScript; the CSS and the one
small script are vendored in `static/`, so the pages work on an intranet without internet.
"""

from search_api.web.router import web_router

__all__ = ["web_router"]
