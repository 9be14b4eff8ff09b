"""/docs (Swagger UI) and /redoc (ReDoc) from vendored files, never from a CDN.

The files in static/ are copied from the npm packages swagger-ui-dist 5.35.0 (Apache-2.0,
LICENSE-swagger-ui.txt, NOTICE-swagger-ui.txt) and redoc 2.5.4 (MIT, LICENSE-redoc.txt); the
*.LICENSE.txt files are the bundles' own notices. One change: redoc.standalone.js loaded its
footer logo from cdn.redoc.ly; its src is "data:," instead (the logo then hides itself).

The pages carry no inline script (Swagger UI starts from swagger-init.js), so the
Content-Security-Policy allows scripts from this origin only; both libraries insert style
elements, so styles may be inline.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from search_api.assets import Assets

_MEDIA = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
_ASSETS = Assets("search_api.apidocs", _MEDIA, 86400, "there is no documentation file {}")
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src blob:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
SWAGGER = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>styrgraf – API (Swagger UI)</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="static/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="static/docs/swagger-ui-bundle.js"></script>
<script src="static/docs/swagger-init.js"></script>
</body>
</html>
"""
REDOC = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>styrgraf – API (ReDoc)</title>
<link rel="icon" href="data:,">
</head>
<body>
<redoc spec-url="openapi.json"></redoc>
<script src="static/docs/redoc.standalone.js"></script>
</body>
</html>
"""


def docs_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    headers = {"Content-Security-Policy": DOCS_CSP}

    @router.get("/docs")
    def swagger() -> HTMLResponse:
        return HTMLResponse(SWAGGER, headers=headers)

    @router.get("/redoc")
    def redoc() -> HTMLResponse:
        return HTMLResponse(REDOC, headers=headers)

    @router.get("/static/docs/{filename}")
    def asset(filename: str) -> Response:
        return _ASSETS.response(filename)

    return router
