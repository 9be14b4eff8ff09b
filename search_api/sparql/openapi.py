"""OpenAPI descriptions of the /sparql operations (the handler reads the raw request, so
FastAPI cannot infer them)."""

from __future__ import annotations

from typing import Any

from search_api.errors import PROBLEM, PROBLEM_SCHEMA
from search_api.sparql.negotiation import ASK_OFFERS, GRAPH_OFFERS, SELECT_OFFERS, offered_types

_DATASET_PARAMS: list[dict[str, Any]] = [
    {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string", "format": "iri"}},
        "style": "form",
        "explode": True,
        "description": f"{what}; overrides FROM / FROM NAMED in the query",
    }
    for name, what in (
        ("default-graph-uri", "graphs whose merge is the default graph"),
        ("named-graph-uri", "graphs available to GRAPH"),
    )
]
_QUERY_PARAM: dict[str, Any] = {
    "name": "query",
    "in": "query",
    "required": True,
    "schema": {"type": "string"},
    "description": "a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE); no SERVICE",
    "example": "SELECT * WHERE { ?s ?p ?o } LIMIT 10",
}
_RESULT_TYPES = dict.fromkeys(
    offered_types(SELECT_OFFERS) + offered_types(ASK_OFFERS) + offered_types(GRAPH_OFFERS)
)
_PROBLEMS = {
    "400": "malformed request or query",
    "403": "update or SERVICE refused (read-only endpoint)",
    "405": "method other than GET or POST",
    "406": "no acceptable result format",
    "413": "query text too long",
    "415": "unsupported request media type",
    "422": "result larger than the endpoint returns; add LIMIT",
    "503": "query timeout, endpoint busy or graph unavailable",
}
_RESPONSES: dict[str, Any] = {
    "200": {
        "description": "SELECT/ASK results (JSON by default) or an RDF graph for "
        "CONSTRUCT/DESCRIBE (Turtle by default), negotiated by Accept",
        "content": {media_type: {} for media_type in _RESULT_TYPES},
    },
    **{
        status: {"description": text, "content": {PROBLEM: {"schema": PROBLEM_SCHEMA}}}
        for status, text in _PROBLEMS.items()
    },
}

GET_DOC: dict[str, Any] = {
    "parameters": [_QUERY_PARAM, *_DATASET_PARAMS],
    "responses": _RESPONSES,
}
POST_DOC: dict[str, Any] = {
    "parameters": _DATASET_PARAMS,
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "required": ["query"],
                    "properties": {
                        "query": {"type": "string"},
                        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                    },
                }
            },
            "application/sparql-query": {"schema": {"type": "string"}},
        },
    },
    "responses": _RESPONSES,
}
