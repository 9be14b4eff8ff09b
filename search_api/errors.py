"""Where errors become exit codes and HTTP problems: the one mapping for the whole project.

The exception tree lives in ingest/errors.py (ValidationFailed in graph/errors.py). The CLI maps
it to exit codes (`exit_code`), pySHACL-style; the HTTP app turns every error into a `Problem`
(`problem_for`), whose code names one row of `KINDS`, the one table of statuses and titles.

| exception                               | CLI exit                | HTTP problem code       |
| --------------------------------------- | ----------------------- | ----------------------- |
| InvalidParameters                       | 2                       | invalid-parameter (422) |
| InputError (DocumentError, QueryError)  | 2                       | bad-request (400)       |
| ValidationFailed                        | 1                       | validation-failed (422) |
| NoGraph                                 | 2                       | no-graph (404)          |
| NotFound                                | 2                       | not-found (404)         |
| StoreError                              | 3                       | store-unavailable (503) |
| Problem                                 | 4xx: 2, 503: 3, else 70 | its own code            |
| anything else                           | 70                      | internal (500)          |
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from graph.errors import ValidationFailed
from ingest.errors import InputError, NoGraph, NotFound, StoreError, StyrgrafError

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_USAGE = 2
EXIT_STORE = 3
EXIT_INTERNAL = 70

PROBLEM = "application/problem+json"
MAX_DETAIL = 1000  # characters of a detail or message; input echoed in it is cut too


class Kind(NamedTuple):
    status: int
    title: str  # English, like every detail; the web pages have Swedish ones (web/errors.py)


# The one table: every problem the app answers, by code. The first code of each status is the
# generic one, used for errors that say no more than their status (see `code_for_status`).
KINDS: dict[str, Kind] = {
    "bad-request": Kind(400, "Bad request"),
    "bad-encoding": Kind(400, "Bad encoding"),
    "bad-sparql-request": Kind(400, "Bad SPARQL request"),
    "missing-content-type": Kind(400, "Missing Content-Type"),
    "empty-query": Kind(400, "Empty query"),
    "malformed-query": Kind(400, "Malformed query"),
    "query-too-deep": Kind(400, "Query too deep"),
    "forbidden": Kind(403, "Forbidden"),
    "updates-not-allowed": Kind(403, "Updates not allowed"),
    "service-not-allowed": Kind(403, "SERVICE not allowed"),
    "not-found": Kind(404, "Not found"),
    "no-graph": Kind(404, "No graph yet"),
    "unknown-entity": Kind(404, "Not found"),
    "unknown-report": Kind(404, "Not found"),
    "unknown-example": Kind(404, "Not found"),
    "unknown-topic": Kind(404, "Not found"),
    "method-not-allowed": Kind(405, "Method not allowed"),
    "not-acceptable": Kind(406, "Not acceptable"),
    "request-too-large": Kind(413, "Request too large"),
    "query-too-long": Kind(413, "Query too long"),
    "unsupported-media-type": Kind(415, "Unsupported media type"),
    "invalid-parameter": Kind(422, "Invalid parameter"),
    "validation-failed": Kind(422, "Validation failed"),
    "result-too-large": Kind(422, "Result too large"),
    "query-needs-too-much-memory": Kind(422, "Query needs too much memory"),
    "query-evaluation-failed": Kind(422, "Query evaluation failed"),
    "internal": Kind(500, "Internal server error"),
    "service-unavailable": Kind(503, "Service unavailable"),
    "store-unavailable": Kind(503, "Store unavailable"),
    "graph-unavailable": Kind(503, "Graph unavailable"),
    "endpoint-busy": Kind(503, "Endpoint busy"),
    "endpoint-stopping": Kind(503, "Endpoint stopping"),
    "query-timeout": Kind(503, "Query timeout"),
    "query-worker-failed": Kind(503, "Query worker failed"),
    "saved-query-failed": Kind(503, "Saved query failed"),
}


def code_for_status(status: int) -> str:
    """The generic code of an HTTP status (for errors Starlette raises: 404, 405, ...)."""
    found = next((code for code, kind in KINDS.items() if kind.status == status), None)
    return found or ("internal" if status >= 500 else "bad-request")


def shorten(text: str, limit: int = MAX_DETAIL) -> str:
    """`text`, cut to `limit` characters with an ellipsis: an error message quotes the bad
    input, and a 100,000-character parameter must not come back in full."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Problem(StyrgrafError):
    """The one error the HTTP app answers (RFC 9457 problem details): `code` picks status and
    title from KINDS, `detail` says what went wrong in English, `members` are extension
    members of the body (e.g. `errors`, `available`), `headers` go on the response. The body's
    `type` stays about:blank; the code picks the title and, on a web page, the Swedish page."""

    def __init__(
        self,
        code: str,
        detail: str,
        *,
        headers: Mapping[str, str] | None = None,
        **members: Any,
    ) -> None:
        super().__init__(detail)
        self.code = code
        self.status, self.title = KINDS[code]
        self.detail = shorten(detail)
        self.headers = dict(headers or {})
        self.members = members

    def body(self) -> dict[str, Any]:
        return {
            "type": "about:blank",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            **self.members,
        }


@dataclass(frozen=True)
class ParameterProblem:
    """One bad request parameter: what is wrong and, where finite, its valid values."""

    parameter: str
    message: str
    valid_values: list[str] | str | None = None

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"parameter": self.parameter, "message": shorten(self.message)}
        if self.valid_values is not None:
            data["valid_values"] = self.valid_values
        return data


class InvalidParameters(InputError):
    """Parameters outside their valid values (HTTP 422 listing each, CLI exit 2)."""

    def __init__(self, problems: Sequence[ParameterProblem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{p.parameter}: {p.message}" for p in self.problems))


def problem_for(error: BaseException) -> Problem:
    """The problem an error is answered with over HTTP (by its class, never its words)."""
    if isinstance(error, Problem):
        return error
    if isinstance(error, InvalidParameters):
        return Problem(
            "invalid-parameter", str(error), errors=[p.to_json() for p in error.problems]
        )
    kinds: list[tuple[type[BaseException], str]] = [
        (ValidationFailed, "validation-failed"),
        (InputError, "bad-request"),
        (NoGraph, "no-graph"),
        (NotFound, "not-found"),
        (StoreError, "store-unavailable"),
    ]
    for cls, code in kinds:
        if isinstance(error, cls):
            return Problem(code, str(error))
    return Problem("internal", "an internal error occurred; it has been logged")


# OpenAPI: the body of every documented error response
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "parameter": {"type": "string"},
                    "message": {"type": "string"},
                    "valid_values": {
                        "oneOf": [
                            {"type": "array", "items": {"type": "string"}},
                            {"type": "string"},
                        ]
                    },
                },
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}


def problem_doc(description: str, code: str, example_detail: str) -> dict[str, Any]:
    """OpenAPI entry for a problem response (for `responses=` on a route); status and title
    come from the one table."""
    status, title = KINDS[code]
    example = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": example_detail,
    }
    content = {PROBLEM: {"schema": PROBLEM_SCHEMA, "example": example}}
    return {"description": description, "content": content}


def exit_code(error: BaseException) -> int:
    if isinstance(error, ValidationFailed):
        return EXIT_VIOLATIONS
    if isinstance(error, (InputError, NotFound)):
        return EXIT_USAGE
    if isinstance(error, StoreError):
        return EXIT_STORE
    if isinstance(error, Problem) and 400 <= error.status < 500:
        return EXIT_USAGE
    if isinstance(error, Problem) and error.status == 503:
        return EXIT_STORE
    return EXIT_INTERNAL
