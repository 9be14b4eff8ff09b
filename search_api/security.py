"""Security headers on every response, and HEAD wherever GET is (one ASGI middleware).

HTML gets a Content-Security-Policy that allows only this origin's own (vendored) scripts and
stylesheets, plus inline style blocks whose SHA-256 is listed (the entity page's <style> is
hashed at start-up from its template); no inline script at all. Every response says nosniff,
no-referrer and may not be framed. A response that sets its own CSP (the /docs pages) keeps it.

A query string that is not UTF-8 once percent-decoded is a 400 problem on every route.

HEAD runs the GET route and drops the body, keeping the GET's status and headers
(Content-Length included), as RFC 9110 asks.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from urllib.parse import unquote_to_bytes

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from search_api.errors import Problem
from search_api.problems import problem_response

_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def style_hashes(templates: Iterable[str]) -> list[str]:
    """CSP source expressions for the literal <style> blocks of `templates`."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for template in templates
        for block in _STYLE.findall(template)
    ]


def html_policy(extra_styles: Iterable[str] = ()) -> str:
    styles = " ".join(["'self'", *extra_styles])
    return (
        "default-src 'none'; script-src 'self'; "
        f"style-src {styles}; img-src 'self' data:; connect-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )


def _utf8_query(raw: bytes) -> bool:
    try:
        unquote_to_bytes(raw.decode("latin-1").replace("+", " ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'"  # JSON, RDF, CSV: nothing runs


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, html_csp: str) -> None:
        self.app = app
        self.html_csp = html_csp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not _utf8_query(scope.get("query_string", b"")):
            # the same answer on every route (Starlette would decode it with replacements)
            # (a middleware runs outside the exception handlers: it answers the Problem itself)
            response = problem_response(
                Problem("bad-encoding", "the query string is not valid UTF-8 once percent-decoded")
            )
            await response(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                html = headers.get("content-type", "").startswith("text/html")
                headers.setdefault(
                    "Content-Security-Policy", self.html_csp if html else OTHER_POLICY
                )
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "no-referrer")
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_with_headers)
