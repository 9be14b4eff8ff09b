"""Where errors become exit codes and HTTP statuses: the one mapping for the whole project.

| exception          | CLI exit | HTTP |
| ------------------ | -------- | ---- |
| InputError (incl. DocumentError, QueryError) | 2 | 400 (422 for request parameters) |
| ValidationFailed   | 1        | 422  |
| NotFound           | 2        | 404  |
| StoreError         | 3        | 503  |
| anything else      | 70       | 500  |
"""

from __future__ import annotations

from graph.errors import (
    InputError,
    NotFound,
    StoreError,
    StyrgrafError,
    ValidationFailed,
)

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_USAGE = 2
EXIT_STORE = 3
EXIT_INTERNAL = 70


def exit_code(error: BaseException) -> int:
    if isinstance(error, ValidationFailed):
        return EXIT_VIOLATIONS
    if isinstance(error, (InputError, NotFound)):
        return EXIT_USAGE
    if isinstance(error, StoreError):
        return EXIT_STORE
    return EXIT_INTERNAL


def http_status(error: BaseException) -> int:
    status = getattr(error, "status", None)  # e.g. QueryRefused: 403 for an update
    if isinstance(error, StyrgrafError) and isinstance(status, int):
        return status
    if isinstance(error, ValidationFailed):
        return 422
    if isinstance(error, InputError):
        return 400
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, StoreError):
        return 503
    return 500


def title_of(error: BaseException) -> str:
    title = getattr(error, "title", None)
    if isinstance(error, StyrgrafError) and isinstance(title, str):
        return title
    if isinstance(error, StyrgrafError):
        return {
            400: "Bad request",
            404: "Not found",
            422: "Validation failed",
            503: "Store unavailable",
        }.get(http_status(error), "Error")
    return "Internal server error"
