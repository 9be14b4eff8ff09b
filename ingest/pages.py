"""Put the page each parsed item stands on into its provenance.

The parsers record the line an item starts on; the source knows the page of every line (PDF,
Word with recorded page breaks, text with form feeds or `<!-- sida N -->` markers). Doing
this after parsing keeps the parsers free of page bookkeeping.
"""

from __future__ import annotations

from dataclasses import replace

from ingest.model import ParsedPlan, Provenance
from ingest.source import SourceText


def with_pages(plan: ParsedPlan, source: SourceText) -> ParsedPlan:
    """`plan` with Provenance.page set from `source` wherever the source knows pages."""
    if not source.pages:
        return plan

    def paged(prov: Provenance) -> Provenance:
        return replace(prov, page=source.page_of(prov.line))

    for area in plan.areas:
        area.prov = paged(area.prov)
    for goal in plan.goals:
        goal.prov = paged(goal.prov)
        for indicator in goal.indicators:
            indicator.prov = paged(indicator.prov)
    for assignment in plan.assignments:
        assignment.prov = paged(assignment.prov)
    for contribution in plan.contributions:
        contribution.prov = paged(contribution.prov)
    return plan
