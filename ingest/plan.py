"""Parse a verksamhetsplan: find the goal areas and read their goals, assignments and
programme rows.

A goal area is any section with sub-sections whose titles say what they hold: goals
("... mål"), assignments ("Uppdrag") or programmes and plans ("Program och planer"), as the
template's [words] name them. Nothing here knows the titles, numbers or counts of a
particular plan, nor the words of a particular kommun.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.errors import DocumentError
from ingest.goals import parse_goal
from ingest.initiatives import InitiativeMatcher
from ingest.model import (
    Assignment,
    Contribution,
    DocumentMeta,
    GoalArea,
    ParsedPlan,
    Programme,
    Provenance,
)
from ingest.organisations import KommunRules, OrganisationIndex
from ingest.planwords import PlanWords
from ingest.programmes import programme_identity
from ingest.source import SourceText
from ingest.structure import Outline, Section, outline
from ingest.tables import assignment_rows, engagement, parse_origin, programme_rows
from ingest.text import Line, logical_lines, sentence_case, slugify


def _role(title: str, words: PlanWords) -> str | None:
    if words.assignment_section.search(title):
        return "assignments"
    if words.programme_section.search(title):
        return "programmes"
    if words.goal_section.search(title):
        return "goals"
    return None


def _areas(tree: Outline, words: PlanWords) -> list[Section]:
    return [
        s
        for s in tree.walk()
        if any(_role(c.title, words) for c in s.children) and not _role(s.title, words)
    ]


def _area_label(section: Section, front_and_body: list[str]) -> str:
    """The area's name as the document writes it in running text, else its heading."""
    wanted = section.title.lower()
    for text in front_and_body:
        candidate = re.sub(r"^\s*\d+\.\s*", "", text).strip()
        if candidate.lower() == wanted and not candidate.isupper():
            return candidate
    return sentence_case(section.title)


def parse_plan(
    source: SourceText, meta: DocumentMeta, words: PlanWords, rules: KommunRules
) -> ParsedPlan:
    """Parse one plan; raise DocumentError when it has no recognisable goal areas."""
    tree = outline(logical_lines(source.text))
    areas = _areas(tree, words)
    if not areas:
        raise DocumentError(
            source.path,
            f"is not a {meta.kind}: found no numbered goal-area sections with goal, assignment "
            f"or programme sub-sections (as its template {meta.template} names them)",
        )
    if not meta.issuer:
        raise DocumentError(
            source.path,
            "names no issuing nämnd in its title lines (expected e.g. 'Verksamhetsplan 2023' / "
            "'Socialnämnden X', or 'issuer' in the manifest)",
        )
    orgs = OrganisationIndex(meta.issuer, rules, words)
    matcher = InitiativeMatcher.default()
    all_text = [l.text for l in logical_lines(source.text)]
    plan = ParsedPlan(
        meta=meta,
        issuer=orgs.issuer,
        areas=[],
        goals=[],
        assignments=[],
        contributions=[],
        programmes={},
        organisations=orgs.found,
    )
    for section in areas:
        label = _area_label(section, all_text)
        area = GoalArea(
            key=slugify(label),
            label=label,
            number=section.label,
            prov=Provenance(section.label, section.line.raw, section.line.number),
        )
        plan.areas.append(area)
        for child in section.children:
            role = _role(child.title, words)
            if role == "goals":
                for goal_section in child.children:
                    goal = parse_goal(
                        goal_section.label,
                        goal_section.title,
                        area.key,
                        goal_section.line,
                        goal_section.body,
                        words,
                    )
                    plan.goals.append(goal)
                    plan.initiatives[f"mal/{goal.number}"] = matcher.find(
                        goal.statement + " " + goal.care
                    )
            elif role == "assignments":
                _assignments(plan, orgs, matcher, child, area.key, source.path, words)
            elif role == "programmes":
                _contributions(plan, matcher, child, area.key, words)
    before_areas = [l.text for l in logical_lines(source.text) if l.number < areas[0].line.number]
    check_complete(source, "\n".join(before_areas), plan, words)
    return plan


def check_complete(source: SourceText, front: str, plan: ParsedPlan, words: PlanWords) -> None:
    """Compare what was parsed with the totals the plan announces about itself ("ska bidra
    till 12 mål och genomföra 12 uppdrag ... kvarstår 14 uppdrag"); finding fewer means the
    document was cut off or its tables were lost in extraction."""
    found = {
        "goals": len(plan.goals),
        "assignments": len(plan.assignments),
        "programmes": sum(p.kind == "Program" for p in plan.programmes.values()),
        "plans": sum(p.kind == "Plan" for p in plan.programmes.values()),
    }
    for what, pattern in words.announced.items():
        announced = sum(int(n) for n in pattern.findall(front))
        if announced and found[what] < announced:
            raise DocumentError(
                source.path,
                f"looks truncated: it announces {announced} {what} but only "
                f"{found[what]} were found; expected the complete plan text",
            )


def _assignments(
    plan: ParsedPlan,
    orgs: OrganisationIndex,
    matcher: InitiativeMatcher,
    section: Section,
    area: str,
    source_path: Path,
    words: PlanWords,
) -> None:
    body: list[Line] = [*section.body, *(l for c in section.children for l in [c.line, *c.body])]
    for order, (line, wording, cell) in enumerate(assignment_rows(body, words), start=1):
        origin, care = parse_origin(cell, words)
        if origin is None:
            raise DocumentError(
                source_path,
                f"line {line.number}: the assignment row in {section.label} "
                "does not end with its origin (e.g. 'KF uppdrag budget 2023'); the table looks "
                "cut off",
            )
        body_name = orgs.rules.origin_bodies.get(origin.issuer)
        if body_name:
            orgs.resolve(body_name)  # the body that gave it (KF) is in the graph
        roles = orgs.roles(wording, care)
        assignment = Assignment(
            section=section.label,
            order=order,
            wording=wording,
            care=care,
            area=area,
            prov=Provenance(f"{section.label}.{order}", line.raw, line.number),
            origin=origin,
            responsible=roles["responsible"],
            partners=roles["partners"],
            led_by=roles["led_by"],
            performer=roles["performer"],
        )
        plan.assignments.append(assignment)
        plan.initiatives[f"uppdrag/{assignment.number}"] = matcher.find(wording + " " + care)


def _contributions(
    plan: ParsedPlan, matcher: InitiativeMatcher, section: Section, area: str, words: PlanWords
) -> None:
    body: list[Line] = [*section.body, *(l for c in section.children for l in [c.line, *c.body])]
    for order, (line, name, care) in enumerate(programme_rows(body, words), start=1):
        key, label, sub_area, kind = programme_identity(name, words)
        plan.programmes.setdefault(key, Programme(key=key, label=label, kind=kind))
        contribution = Contribution(
            section=section.label,
            order=order,
            programme=key,
            area=area,
            prov=Provenance(f"{section.label}.{order}", line.raw, line.number),
            care=care,
            sub_area=sub_area,
            engagement=engagement(care, words),
        )
        plan.contributions.append(contribution)
        plan.initiatives[f"bidrag/{contribution.number}"] = matcher.find(name + " " + care)
