"""What an entity page shows of the steering chain: an indicator's outcomes as a chart, and
a shared thing's path through the documents (budget -> follow-up), one step per document that
states it, with what that document says and how it assesses it."""

from __future__ import annotations

from dataclasses import dataclass, field

from search_api.entities import Entity, Ref
from search_api.entities.model import Assessment, Mention
from search_api.web.outcome_chart import OutcomeChart, outcome_chart


@dataclass(frozen=True)
class Step:
    """One document on a shared thing's path: where it states it and what it assesses."""

    document: Ref
    document_type: str | None
    year: int | None
    mentions: list[Mention] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)


@dataclass(frozen=True)
class SteeringView:
    chart: OutcomeChart | None
    steps: list[Step]

    @property
    def shown(self) -> bool:
        return self.chart is not None or bool(self.steps)


def path_through_documents(entity: Entity) -> list[Step]:
    """Every document that states or assesses the entity, in the mentions' order (by year, a
    budget before the follow-ups of its year), then documents that only assess it."""
    steps: dict[str, Step] = {}
    for mention in entity.mentions:
        if mention.document is None:
            continue
        key = mention.document.id
        if key not in steps:
            steps[key] = Step(mention.document, mention.document_type, mention.year)
        steps[key].mentions.append(mention)
    for assessment in entity.assessments:
        if assessment.document is None:
            continue
        key = assessment.document.id
        if key not in steps:
            steps[key] = Step(assessment.document, None, None)
        steps[key].assessments.append(assessment)
    return list(steps.values())


def steering_view(entity: Entity) -> SteeringView:
    chart = outcome_chart(entity.label, entity.outcomes) if entity.type == "indikator" else None
    return SteeringView(chart=chart, steps=path_through_documents(entity))
