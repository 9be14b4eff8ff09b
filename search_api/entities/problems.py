"""Errors as RFC 9457 problem documents (application/problem+json), raised inside a router.

`ProblemRoute` turns the project's errors and FastAPI's parameter validation errors into
problem responses in the router itself, so the entity and gap routers answer the same way
whichever app includes them, also one without search_api.problems' handlers installed, and a
422 can list the valid values of the route's parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any, ClassVar

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from graph.errors import StyrgrafError
from search_api.entities.listing import InvalidFilter
from search_api.errors import http_status, title_of
from search_api.problems import PROBLEM, problem


def error_problem(error: StyrgrafError) -> JSONResponse:
    if isinstance(error, InvalidFilter):
        return problem(
            422,
            "Invalid parameter",
            str(error),
            errors=[
                {"parameter": error.parameter, "message": str(error), "valid_values": error.valid}
            ],
        )
    return problem(http_status(error), title_of(error), str(error))


def not_acceptable(offers: Sequence[str]) -> JSONResponse:
    return problem(
        406,
        "Not acceptable",
        "none of the formats in Accept can be delivered; available: " + ", ".join(offers),
        available=list(offers),
    )


class ProblemRoute(APIRoute):
    """An APIRoute that answers errors with problem+json. Subclasses name the valid values of
    their enumerated parameters so a 422 can list them."""

    valid_values: ClassVar[dict[str, Sequence[str]]] = {}

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                return self._invalid(exc)
            except StyrgrafError as exc:
                return error_problem(exc)

        return answer

    def _invalid(self, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for error in exc.errors():
            # a repeated parameter's loc ends with the index of the bad value: name the parameter
            named = [str(p) for p in error.get("loc", ()) if not isinstance(p, int)]
            name = named[-1] if named else ""
            item: dict[str, Any] = {"parameter": name, "message": error.get("msg", "")}
            if name in self.valid_values:
                item["valid_values"] = list(self.valid_values[name])
            errors.append(item)
        detail = "; ".join(
            f"{e['parameter']}: {e['message']}"
            + (f" (valid values: {', '.join(e['valid_values'])})" if "valid_values" in e else "")
            for e in errors
        )
        return problem(422, "Invalid parameter", detail, errors=errors)


PROBLEM_RESPONSE: dict[str, Any] = {
    "content": {
        PROBLEM: {
            "schema": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                },
                "required": ["type", "title", "status", "detail"],
            }
        }
    },
}


def problem_doc(description: str, example_detail: str, status: int) -> dict[str, Any]:
    """OpenAPI entry for a problem response (for `responses=` on a route)."""
    return {
        "description": description,
        "content": {
            PROBLEM: {
                **PROBLEM_RESPONSE["content"][PROBLEM],
                "example": {
                    "type": "about:blank",
                    "title": title_for(status),
                    "status": status,
                    "detail": example_detail,
                },
            }
        },
    }


def title_for(status: int) -> str:
    return {
        400: "Bad request",
        404: "Not found",
        406: "Not acceptable",
        422: "Invalid parameter",
        503: "Store unavailable",
    }.get(status, "Error")
