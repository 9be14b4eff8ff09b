"""One error shape for the whole HTTP API: RFC 9457 problem details (application/problem+json).

Titles and details are English (the web pages have Swedish error pages of their own); a
detail never exceeds MAX_DETAIL characters, whatever input it quotes.

`install_error_handlers` maps every exception the app can raise to a problem response in one
place, using the same status table as the CLI's exit codes (search_api/errors.py).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import StyrgrafError
from search_api.errors import http_status, title_of

PROBLEM = "application/problem+json"
log = logging.getLogger("styrgraf")
_TITLES = {
    400: "Bad request",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Invalid parameter",
    500: "Internal server error",
    503: "Service unavailable",
}


MAX_DETAIL = 1000  # characters of a detail or message; input echoed in it is cut too


def shorten(text: str, limit: int = MAX_DETAIL) -> str:
    """`text`, cut to `limit` characters with an ellipsis: an error message quotes the bad
    input, and a 100,000-character parameter must not come back in full."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def problem(
    status: int,
    title: str | None = None,
    detail: str = "",
    *,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """A problem+json response; `type` is about:blank as the status code says it all. Extra
    keyword arguments become extension members (e.g. `errors` listing bad parameters)."""
    if isinstance(extra.get("errors"), list):
        extra["errors"] = [
            {**e, "message": shorten(str(e.get("message", "")))} if isinstance(e, dict) else e
            for e in extra["errors"]
        ]
    body = {
        "type": "about:blank",
        "title": title or _TITLES.get(status, "Error"),
        "status": status,
        "detail": shorten(detail),
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "header")]
    return ".".join(parts) or "request"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StyrgrafError)
    async def _styrgraf(_: Request, exc: StyrgrafError) -> JSONResponse:
        status = http_status(exc)
        return problem(status, title_of(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for error in exc.errors():
            entry: dict[str, Any] = {
                "parameter": _location(error.get("loc", ())),
                "message": error.get("msg", ""),
            }
            expected = (error.get("ctx") or {}).get("expected")
            if expected:
                entry["valid_values"] = expected
            errors.append(entry)
        detail = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors)
        return problem(422, "Invalid parameter", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        response = problem(exc.status_code, None, detail)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return problem(500, None, "an internal error occurred; it has been logged")
