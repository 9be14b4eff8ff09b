"""The graph layer's own error; the rest of the tree (StyrgrafError and its kinds) lives in
ingest/errors.py, the lowest layer, and is imported from there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.errors import StyrgrafError

if TYPE_CHECKING:
    from graph.validation import ValidationReport

__all__ = ["ValidationFailed"]


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
