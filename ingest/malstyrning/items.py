"""Goals, fokusområden, nämndmål, assessments and direktiv out of the outline's sections.

A section is a goal (in a goal chapter) or a direktiv (in a direktiv chapter) when its body
says "Beslutats av" and a level word; the level decides KF goal or nämndmål. Numbered
sub-sections of a direktiv without a level are its points' follow-ups, in the order of the
points (4.1.1 -> first point). Sections with neither (5.6 "Initiativ från nämnden") are
reported as not read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ingest.malstyrning.model import Assessment, Directive, Fokus, Goal, Mention, Parsed, Point
from ingest.malstyrning.outline import Section
from ingest.malstyrning.pages import Line


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _nonblank(body: Sequence[Line]) -> list[Line]:
    return [line for line in body if line.text.strip()]


def _after(lines: list[Line], word: str) -> int | None:
    """Index just after the line that is exactly `word` (spaces and case ignored)."""
    for i, line in enumerate(lines):
        if norm(line.text) == norm(word):
            return i + 1
    return None


def level_of(lines: list[Line], words: Mapping[str, Any]) -> str | None:
    i = _after(lines, words["decided_by"])
    if i is None or i >= len(lines):
        return None
    levels = {norm(k): v for k, v in words["levels"].items()}
    return levels.get(norm(lines[i].text))


def mention(section: Section, line: Line, lines: Sequence[Line], wording: str) -> Mention:
    return Mention(section.number, line, "\n".join(x.raw for x in lines), " ".join(wording.split()))


def _heading_mention(section: Section) -> Mention:
    return mention(section, section.line, section.heading or [section.line], section.title)


def fokus_bullets(
    section: Section, lines: list[Line], words: Mapping[str, Any], stops: set[str]
) -> list[Fokus]:
    i = _after(lines, words["fokus_heading"])
    if i is None:
        return []
    bullet = str(words["fokus_bullet"])
    found: list[tuple[list[Line], str]] = []
    for line in lines[i:]:
        text = line.text.strip()
        if line.text.startswith(bullet):
            found.append(([line], text[len(bullet.strip()) :].strip()))
        elif found and text[:1].islower() and norm(text) not in stops:
            found[-1][0].append(line)
            found[-1] = (found[-1][0], f"{found[-1][1]} {text}")
        else:
            break
    return [
        Fokus(label=label, mention=mention(section, src[0], src, label)) for src, label in found
    ]


def level_from_text(text: str, words: Mapping[str, Any]) -> str | None:
    low = text.casefold()
    for item in words.get("level_phrases", []):
        if str(item["phrase"]).casefold() in low:
            return str(item["level"])
    return None


def assessments(
    section: Section, lines: list[Line], words: Mapping[str, Any], stops: set[str]
) -> list[Assessment]:
    header = re.compile(words["indicator_header"])
    found: list[Assessment] = []
    for spec in words.get("assessments", []):
        i = _after(lines, spec["heading"])
        if i is None or i >= len(lines):
            continue
        if spec.get("scope") == "line":
            taken = lines[i : i + 1]
        else:
            taken = []
            for line in lines[i:]:
                if (
                    norm(line.text) in stops
                    or header.match(line.text.strip())
                    or line.text.lstrip().startswith("|")
                ):
                    break
                taken.append(line)
        if not taken:
            continue
        text = " ".join(" ".join(x.text for x in taken).split())
        level = level_from_text(text, words)
        found.append(
            Assessment(str(spec["heading"]), text, level, mention(section, taken[0], taken, text))
        )
    return found


def goal(section: Section, level: str, words: Mapping[str, Any], stops: set[str]) -> Goal:
    lines = _nonblank(section.body)
    found = Goal(section.number, section.title, level, _heading_mention(section))
    found.fokus = fokus_bullets(section, lines, words, stops)
    i = _after(lines, words["fokus_link_heading"])
    if i is not None:
        text = " ".join(x.text for x in lines[i : i + 4])
        match = re.search(words["fokus_link"], text)
        if match:
            found.fokus_link = " ".join(match["label"].split())
    found.assessments = assessments(section, lines, words, stops)
    return found


def directive(section: Section, level: str, words: Mapping[str, Any]) -> Directive:
    lines = _nonblank(section.body)
    found = Directive(section.number, section.title, level, _heading_mention(section))
    i = _after(lines, words["formulering"]) or 0
    bullet = str(words["direktiv_bullet"])
    header = re.compile(words["indicator_header"])
    prose: list[str] = []
    points: list[tuple[list[Line], str]] = []
    for line in lines[i:]:
        text = line.text.strip()
        if header.match(text) or text.startswith("|"):
            break
        if text.startswith(bullet):
            points.append(([line], text[len(bullet) :].strip()))
        elif points and text[:1].islower():
            points[-1][0].append(line)
            points[-1] = (points[-1][0], f"{points[-1][1]} {text}")
        elif points:
            break
        else:
            prose.append(text)
    found.formulering = " ".join(" ".join(prose + [p for _, p in points]).split())
    found.points = [
        Point(n, label, mention(section, src[0], src, label))
        for n, (src, label) in enumerate(points, 1)
    ]
    return found


def read(sections: list[Section], words: Mapping[str, Any], stops: set[str]) -> Parsed:
    parsed = Parsed()
    directives: dict[str, Directive] = {}
    for section in sections:
        if section.depth < 2 or section.chapter not in ("goal", "direktiv"):
            continue
        level = level_of(_nonblank(section.body), words)
        if level and section.chapter == "goal":
            parsed.goals.append(goal(section, level, words, stops))
        elif level:
            directives[section.number] = directive(section, level, words)
            parsed.directives.append(directives[section.number])
        elif section.parent in directives:
            _followup(directives[section.parent], section, words)
        elif section.chapter == "goal" or section.depth > 2:
            parsed.warnings.append(
                f"avsnitt {section.number} '{section.title}' lästes inte:"
                f" inget '{words['decided_by']}'"
            )
    return parsed


def _followup(owner: Directive, section: Section, words: Mapping[str, Any]) -> None:
    order = int(section.number.rsplit(".", 1)[1])
    lines = _nonblank(section.body)
    text = " ".join(" ".join(x.text for x in lines).split())
    if order > len(owner.points) or not text:
        return
    kind = str(words.get("direktiv_followup", "Uppföljning direktiv"))
    first = lines[0] if lines else section.line
    assessment = Assessment(
        kind, text, level_from_text(text, words), mention(section, first, lines, text)
    )
    owner.points[order - 1].followups.append(assessment)
