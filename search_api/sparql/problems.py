"""RFC 9457 problem details: the one place where the SPARQL endpoint builds an error body.

Kept free of SPARQL specifics so that it can be folded into the app-wide error handler.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi.responses import JSONResponse

PROBLEM_MEDIA_TYPE = "application/problem+json"


def problem(
    status: int, title: str, detail: str, *, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """A `application/problem+json` response: {"type", "title", "status", "detail"}."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


class ProblemError(Exception):
    """Raised inside the endpoint to end a request with a problem response."""

    def __init__(
        self, status: int, title: str, detail: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(f"{status} {title}: {detail}")
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = dict(headers or {})

    def response(self) -> JSONResponse:
        return problem(self.status, self.title, self.detail, headers=self.headers)
