"""Problem responses of the SPARQL endpoint, built by the app-wide `search_api.problems`."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi.responses import JSONResponse

from search_api.problems import PROBLEM as PROBLEM_MEDIA_TYPE
from search_api.problems import problem

__all__ = ["PROBLEM_MEDIA_TYPE", "ProblemError", "problem"]


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
