"""Parse the body of one goal: omhändertagande, utvecklingsområden, uppföljning, indikatorer.

Indicators are recognised by where they stand, not by what they say:
  1. bullet items under an "Uppföljning" label (a trailing '*' points at a footnote that
     names the data source);
  2. a bullet list in the body that the very next paragraph calls indicators ("Utvecklingen
     för indikatorer till respektive lokalt miljömål ...");
  3. with no bullets, a follow-up sentence "... uppföljning av X som ..." names one measure X,
     unless the text says indicators are missing ("saknas").
A paragraph starting "Uppföljning av måluppfyllelse" opens the follow-up part even without
the label.
"""

from __future__ import annotations

from ingest.model import Goal, Indicator, Provenance
from ingest.planwords import PlanWords
from ingest.text import Line, clean_inline, first_upper


def _emphasised(line: Line) -> bool:
    body = line.raw.strip().lstrip("-• ").strip()
    return len(body) > 2 and body.startswith("*") and body.endswith("*")


def _provenance(section: str, lines: list[Line]) -> Provenance:
    return Provenance(
        section=section, source_text="\n".join(l.raw for l in lines), line=lines[0].number
    )


def _development_areas(lines: list[Line], words: PlanWords) -> list[str]:
    """Bullets after an '... utvecklingsområden:' line; nested bullets join their parent."""
    areas: list[str] = []
    active = False
    titled = False  # bullets written as *Title* followed by prose paragraphs
    for line in lines:
        if words.development_intro.search(line.text):
            active, titled = True, False
            continue
        if not active:
            continue
        if line.is_bullet:
            if _emphasised(line):
                titled = True
                areas.append(clean_inline(line.raw.strip().lstrip("-• ")))
            elif areas and line.indent > 0 and not titled:
                areas[-1] = areas[-1].rstrip(".") + "; " + line.bullet_text
            else:
                areas.append(line.bullet_text)
        elif areas and line.text.startswith("(") and not titled:
            areas[-1] = areas[-1] + " " + line.text
        elif not titled:
            active = False
    return areas


def _split_target(label: str, words: PlanWords) -> str | None:
    match = words.target.search(label)
    return match.group(1).rstrip(".") if match else None


def _follow_up_indicators(section: str, lines: list[Line], words: PlanWords) -> list[Indicator]:
    indicators: list[Indicator] = []
    footnote: str | None = None
    for line in lines:
        if line.is_bullet:
            label = line.bullet_text.rstrip(".")
            starred = label.endswith("*")
            indicator = Indicator(
                label=first_upper(label.rstrip("*").strip()),
                prov=_provenance(section, [line]),
                target=_split_target(label, words),
            )
            indicator.data_source = "*" if starred else None
            indicators.append(indicator)
        elif line.raw.lstrip().startswith("*") and not line.raw.strip().endswith("*"):
            footnote = clean_inline(line.raw.lstrip().lstrip("*"))
    for indicator in indicators:
        if indicator.data_source == "*":
            indicator.data_source = footnote
    if indicators:
        return indicators
    prose = " ".join(line.text for line in lines)
    if words.no_indicators.search(prose):
        return []
    found: list[Indicator] = []
    for line in lines:
        match = words.prose_measure.search(line.text)
        if match:
            label = first_upper(match.group(1).strip().rstrip("."))
            found.append(Indicator(label=label, prov=_provenance(section, [line])))
    return found


def _indicators_in_body(section: str, lines: list[Line], words: PlanWords) -> list[Indicator]:
    """Rule 2: a bullet list directly followed by a paragraph that calls it indicators."""
    found: list[Indicator] = []
    run: list[Line] = []
    for line in lines:
        if line.is_bullet and line.indent == 0:
            run.append(line)
            continue
        if run and words.indicator_word.search(line.text):
            for item in run:
                label = item.bullet_text.rstrip(".")
                found.append(
                    Indicator(
                        label=first_upper(label),
                        prov=_provenance(section, [item]),
                        target=_split_target(label, words),
                    )
                )
        run = []
    return found


def parse_goal(
    number: str, statement: str, area: str, heading: Line, body: list[Line], words: PlanWords
) -> Goal:
    """Turn a goal heading and its body lines into a Goal."""
    care: list[Line] = []
    follow: list[Line] = []
    target = care
    for line in body:
        if words.care_label.match(line.text):
            target = care
            continue
        if words.follow_label.match(line.text):
            target = follow
            continue
        if target is care and words.follow_start.match(line.text):
            target = follow
        target.append(line)
    goal = Goal(
        number=number, statement=statement, area=area, prov=_provenance(number, [heading, *body])
    )
    goal.care = "\n".join(line.text for line in care)
    goal.development_areas = _development_areas(care, words)
    goal.follow_up = "\n".join(line.text for line in follow)
    goal.indicators = _follow_up_indicators(number, follow, words) or _indicators_in_body(
        number, care, words
    )
    if not goal.follow_up and goal.indicators:
        # Rule 2: the paragraphs that named the list as indicators are the follow-up text.
        goal.follow_up = "\n".join(l.text for l in care if words.indicator_word.search(l.text))
    return goal
