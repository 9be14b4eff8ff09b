"""The one way errors reach HTTP: RFC 9457 problem details (application/problem+json).

Routers raise `Problem` (search_api/errors.py) or a domain error; `install_problem_handler`
(called by create_app) registers one handler that turns every exception, FastAPI's request
validation errors and Starlette's 404/405 included, into a Problem and answers it: as
problem+json, or as a Swedish error page (search_api/web/errors.py) on a route that answers
HTML (`response_class=HTMLResponse`). Titles and details are English and at most MAX_DETAIL
characters, whatever input they quote.
"""

from __future__ import annotations

import logging
import typing
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ingest.errors import StyrgrafError
from search_api.errors import (
    PROBLEM,
    InvalidParameters,
    ParameterProblem,
    Problem,
    code_for_status,
    problem_for,
)
from search_api.web.errors import error_page

log = logging.getLogger("styrgraf")


def problem_response(problem: Problem) -> JSONResponse:
    """`problem` as an application/problem+json response."""
    return JSONResponse(
        problem.body(), status_code=problem.status, media_type=PROBLEM, headers=problem.headers
    )


def _literals(annotation: Any) -> list[str]:
    """The values of the Literal in a parameter's type (`list[Literal[...]] | None`), if any."""
    if typing.get_origin(annotation) is typing.Literal:
        return [str(a) for a in typing.get_args(annotation)]
    return next((v for a in typing.get_args(annotation) if (v := _literals(a))), [])


def _valid_values(route: Any, name: str) -> list[str] | str | None:
    """What a parameter of `route` accepts, read from its declaration: the Literal's values,
    or a range such as '1..100' or '0 or more'."""
    dependant = getattr(route, "dependant", None)
    fields = [*getattr(dependant, "query_params", ()), *getattr(dependant, "path_params", ())]
    field = next((f for f in fields if f.alias == name), None)
    if field is None:
        return None
    if values := _literals(field.field_info.annotation):
        return values
    bounds = {
        k: getattr(m, k)
        for m in field.field_info.metadata
        for k in ("ge", "le")
        if getattr(m, k, None) is not None
    }
    if "ge" in bounds and "le" in bounds:
        return f"{bounds['ge']}..{bounds['le']}"
    if "ge" in bounds:
        return f"{bounds['ge']} or more"
    return None


def invalid_parameters(request: Request, exc: RequestValidationError) -> InvalidParameters:
    """FastAPI's validation errors as the domain error for bad parameters, each naming the
    parameter and, where the route declares them, its valid values."""
    route = request.scope.get("route")
    problems = []
    for error in exc.errors():
        # a repeated parameter's loc ends with the index of the bad value: name the parameter
        named = [str(p) for p in error.get("loc", ()) if not isinstance(p, int)]
        name = named[-1] if len(named) > 1 else "request"
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        problems.append(ParameterProblem(name, message, _valid_values(route, name)))
    return InvalidParameters(problems)


def _answers_html(request: Request) -> bool:
    """Whether the matched route is a web page (its errors are Swedish pages too)."""
    return getattr(request.scope.get("route"), "response_class", None) is HTMLResponse


async def answer(request: Request, exc: Exception) -> Response:
    """The one handler: every exception, answered as its Problem."""
    if isinstance(exc, RequestValidationError):
        problem = problem_for(invalid_parameters(request, exc))
    elif isinstance(exc, StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        code = code_for_status(exc.status_code)
        problem = Problem(code, detail, headers=exc.headers)
        if problem.status != exc.status_code:  # a status KINDS lacks keeps its own
            problem.status = exc.status_code
    else:
        problem = problem_for(exc)
        if problem.code == "internal":
            log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    if _answers_html(request):
        return error_page(request, problem)
    return problem_response(problem)


def install_problem_handler(app: FastAPI) -> None:
    # StyrgrafError apart from Exception: Starlette answers the Exception handler only after
    # the middleware stack (and re-raises), so expected errors must not wait for it.
    for cls in (StyrgrafError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(cls, answer)
