"""SPARQL 1.1 Protocol request parsing: GET, POST form and POST direct, read-only.

https://www.w3.org/TR/sparql11-protocol/#query-operation. Everything a client can get wrong
ends here as a Problem (400, 403, 413 or 415) before any query runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.requests import Request

from search_api.errors import Problem

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
READ_ONLY = "this endpoint is read-only: SPARQL Update requests are refused"

Params = list[tuple[str, str]]


@dataclass(frozen=True)
class SparqlRequest:
    query: str
    default_graphs: tuple[str, ...] | None  # None: no default-graph-uri/named-graph-uri given
    named_graphs: tuple[str, ...] | None


def _bad(detail: str, code: str = "bad-sparql-request") -> Problem:
    return Problem(code, detail)


def _parse_params(raw: bytes, where: str) -> Params:
    try:
        text = raw.decode("utf-8")
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise _bad(f"the {where} is not valid UTF-8", "bad-encoding") from None
    except ValueError as exc:
        raise _bad(f"the {where} cannot be parsed: {exc}") from None


def _media_type(header: str) -> tuple[str, dict[str, str]]:
    main, *rest = header.split(";")
    params = {}
    for item in rest:
        name, _, value = item.partition("=")
        params[name.strip().lower()] = value.strip().strip('"')
    return main.strip().lower(), params


def _check_charset(params: dict[str, str], media_type: str) -> None:
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise Problem(
            "unsupported-media-type", f"{media_type} is accepted only in UTF-8, not {charset}"
        )


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise Problem("request-too-large", f"the request body exceeds {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise Problem("request-too-large", f"the request body exceeds {limit} bytes")
    return bytes(body)


def _graph_iris(params: Params, name: str) -> list[str]:
    iris = [value for key, value in params if key == name]
    for iri in iris:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise _bad(f"{name} {iri!r} is not an absolute IRI") from None
    return iris


async def read_request(request: Request, *, max_query_chars: int) -> SparqlRequest:
    """The query and protocol dataset of a GET or POST request, or a Problem."""
    url_params = _parse_params(request.scope.get("query_string", b""), "query string")
    body_params: Params = []
    direct_query: str | None = None
    if request.method == "POST":
        header = request.headers.get("content-type", "").strip()
        if not header:
            raise _bad(f"a POST needs a Content-Type: {FORM} or {QUERY}", "missing-content-type")
        media_type, type_params = _media_type(header)
        if media_type == UPDATE:
            raise Problem("updates-not-allowed", READ_ONLY)
        if media_type not in (FORM, QUERY):
            raise Problem(
                "unsupported-media-type",
                f"a SPARQL query is POSTed as {FORM} or {QUERY}, not {media_type}",
                headers={"Accept-Post": f"{FORM}, {QUERY}"},
            )
        _check_charset(type_params, media_type)
        body = await _read_body(request, 12 * max_query_chars + 65536)
        if media_type == FORM:
            body_params = _parse_params(body, "form body")
        else:
            try:
                direct_query = body.decode("utf-8").removeprefix("\ufeff")
            except UnicodeDecodeError:
                raise _bad("the query body is not valid UTF-8", "bad-encoding") from None
    params = url_params + body_params
    if any(key == "update" for key, _ in params):
        raise Problem("updates-not-allowed", READ_ONLY)
    queries = [value for key, value in params if key == "query"]
    if direct_query is not None:
        if queries:
            raise _bad("the query is given both in the request body and as a query parameter")
        queries = [direct_query]
    elif any(key == "query" for key, _ in url_params) and any(
        key == "query" for key, _ in body_params
    ):
        raise _bad("the query is given both in the request body and in the URL")
    if not queries:
        raise _bad(f"no query: send query=... (GET or form POST) or an {QUERY} body")
    if len(queries) > 1:
        raise _bad(f"exactly one query parameter is allowed, got {len(queries)}")
    query = queries[0]
    if not query.strip():
        raise _bad("the query is empty")
    if len(query) > max_query_chars:
        raise Problem(
            "query-too-long",
            f"the query has {len(query)} characters, at most {max_query_chars}",
        )
    default_graphs = _graph_iris(params, "default-graph-uri")
    named_graphs = _graph_iris(params, "named-graph-uri")
    dataset_given = bool(default_graphs or named_graphs)
    return SparqlRequest(
        query=query,
        default_graphs=tuple(default_graphs) if dataset_given else None,
        named_graphs=tuple(named_graphs) if dataset_given else None,
    )
