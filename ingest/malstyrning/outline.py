"""The numbered outline: chapters and sections with their body lines.

A line is a heading when it matches the template's `heading` pattern AND its number is a
plausible next number of the outline (a first child, or the next sibling of the current
section or of one of its ancestors). That keeps wrapped table cells such as "4 i % -" or a
value "3" from becoming chapters. A heading title may continue over the next lines (also
across one blank line) when the next line starts in lower case, the heading ends with a
joining word ("&", "och"), or both are all capitals ("... TILL NYA" / "ARBETSSÄTT").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest.malstyrning.pages import Line

_MAX_TITLE_LINES = 4


@dataclass
class Section:
    number: str
    title: str
    line: Line  # the heading's first line
    body: list[Line] = field(default_factory=list)
    heading: list[Line] = field(default_factory=list)  # all its lines (a wrapped title)
    chapter: str = ""  # "goal" | "direktiv" | "skip" | "measure" | ""

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1

    @property
    def parent(self) -> str:
        return self.number.rsplit(".", 1)[0] if "." in self.number else ""


def _plausible(number: str, current: str | None) -> bool:
    parts = [int(p) for p in number.split(".")]
    if current is None:
        return len(parts) == 1
    cur = [int(p) for p in current.split(".")]
    if parts == [*cur, 1]:
        return True
    return any(parts == [*cur[: depth - 1], cur[depth - 1] + 1] for depth in range(len(cur), 0, -1))


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _continues(title: str, nxt: str, joiners: Sequence[str], stops: set[str]) -> bool:
    if not nxt or _norm(nxt) in stops:
        return False
    last = title.split()[-1] if title.split() else ""
    return nxt[0].islower() or last in joiners or (_is_caps(title) and _is_caps(nxt))


def outline(lines: list[Line], words: Mapping[str, Any]) -> list[Section]:
    """Split cleaned lines into sections; text before the first heading is dropped."""
    heading = re.compile(words["heading"])
    joiners = list(words.get("heading_joiners", []))
    stops = stop_words(words)
    chapters = {
        **{_norm(t): "goal" for t in words.get("goal_chapters", [])},
        **{_norm(t): "direktiv" for t in words.get("direktiv_chapters", [])},
        **{_norm(t): "skip" for t in words.get("skip_chapters", [])},
        **{_norm(t): "measure" for t in words.get("measure_chapters", [])},
    }
    sections: list[Section] = []
    current: str | None = None
    chapter = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        match = heading.match(line.text.strip())
        if match and _plausible(match["number"], current):
            title = match["title"].strip()
            j = i + 1
            for _ in range(_MAX_TITLE_LINES):
                k = j + 1 if j < len(lines) and not lines[j].text.strip() else j
                if k < len(lines) and _continues(title, lines[k].text.strip(), joiners, stops):
                    title = f"{title} {lines[k].text.strip()}"
                    j = k + 1
                else:
                    break
            current = match["number"]
            section = Section(number=current, title=" ".join(title.split()), line=line)
            section.heading = [x for x in lines[i:j] if x.text.strip()]
            if section.depth == 1:
                chapter = chapters.get(_norm(section.title), "")
            section.chapter = chapter
            sections.append(section)
            i = j
            continue
        if sections:
            sections[-1].body.append(line)
        i += 1
    return sections


def stop_words(words: Mapping[str, Any]) -> set[str]:
    """The marker lines (normalised) that end a list, a block or a table."""
    return {_norm(w) for w in _marker_words(words)}


def _marker_words(words: Mapping[str, Any]) -> list[str]:
    keys = ("decided_by", "fokus_heading", "fokus_link_heading", "formulering")
    found = [str(words[k]) for k in keys if k in words]
    found += [str(a["heading"]) for a in words.get("assessments", [])]
    return found
