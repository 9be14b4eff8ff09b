"""ETags and cache headers for entity responses.

An entity response depends only on the graph version, the request (id or listing parameters) and
the negotiated media type, so a hash of those three is a strong validator: a new ingest with a
changed graph gets a new version id and thus new ETags, and an unchanged re-ingest keeps them.
"""

from __future__ import annotations

import hashlib

from fastapi import Request, Response

MAX_AGE = 60
CACHE_HEADERS = {"Cache-Control": f"public, max-age={MAX_AGE}", "Vary": "Accept"}


def etag(version: str, key: str, media_type: str) -> str:
    digest = hashlib.sha256("\0".join((version, key, media_type)).encode("utf-8")).hexdigest()
    return f'"{digest[:32]}"'


def matches(request: Request, tag: str) -> bool:
    """True when If-None-Match names `tag` (weak comparison, as RFC 9110 asks for GET) or *."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    candidates = [c.strip() for c in header.split(",")]
    return "*" in candidates or tag in (c.removeprefix("W/") for c in candidates)


def headers(tag: str) -> dict[str, str]:
    return {**CACHE_HEADERS, "ETag": tag}


def not_modified(tag: str) -> Response:
    return Response(status_code=304, headers=headers(tag))
