"""Errors of the graph layer (the base tree lives in ingest/errors.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.errors import DocumentError, InputError, NotFound, QueryError, StoreError, StyrgrafError

if TYPE_CHECKING:
    from graph.validation import ValidationReport

__all__ = [
    "DocumentError",
    "InputError",
    "NotFound",
    "QueryError",
    "StoreError",
    "StyrgrafError",
    "ValidationFailed",
]


class ValidationFailed(StyrgrafError):
    """The graph violates SHACL constraints; nothing was stored."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        violations = report.violations
        first = violations[0].describe() if violations else ""
        super().__init__(
            f"SHACL validation failed with {len(violations)} violation(s); the stored "
            f"graph is unchanged. First: {first}"
        )
