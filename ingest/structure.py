"""Recover a document's section tree from its numbered headings.

The table of contents repeats every heading with tabs, dotted leaders and page numbers; the
body is the source, so those lines are ignored. A numbered line is a heading only when its
number is the next one the numbering allows (a sibling, a first child or the next section of
an ancestor): that keeps body lines that happen to start with a number out of the tree, and
accepts headings written as bullets ("- 3.2.1.1 ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.text import Line, clean_inline

# "3.1.2 Uppdrag", "3.1.2. Uppdrag", "- 3.2.1.1 Mål": but "1. Tidiga insatser" is a list item.
_HEADING = re.compile(
    r"^\s*(?:[-•]\s*)?(\d{1,2}(?:\.\d{1,2}){0,6}|\d{1,2}(?:\.\d{1,2}){1,6}\.)\s+(\S.*)$"
)
_TOC_LEADER = re.compile(r"(?:\.{3,}|\t)\s*\d*\s*$")


@dataclass
class Section:
    """A numbered section: its heading and the logical lines of its own body."""

    number: tuple[int, ...]
    title: str
    line: Line
    body: list[Line] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    @property
    def label(self) -> str:
        return ".".join(str(n) for n in self.number)

    def walk(self) -> list[Section]:
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found


@dataclass
class Outline:
    """Front matter (lines before the first heading) and the top-level sections."""

    front: list[Line]
    sections: list[Section]

    def walk(self) -> list[Section]:
        found: list[Section] = []
        for section in self.sections:
            found.extend(section.walk())
        return found


def _is_next(number: tuple[int, ...], path: tuple[int, ...]) -> bool:
    depth = len(number)
    if depth > len(path) + 1:
        return False
    if depth == len(path) + 1:
        return number[:-1] == path and number[-1] == 1
    return number[:-1] == path[: depth - 1] and number[-1] == path[depth - 1] + 1


def heading_of(line: Line) -> tuple[tuple[int, ...], str] | None:
    """The (number, title) a line would have as a heading, ignoring the numbering context."""
    if "\t" in line.raw or _TOC_LEADER.search(line.raw):
        return None
    match = _HEADING.match(line.raw)
    if not match:
        return None
    title = clean_inline(match.group(2))
    if not title or not (title[0].isalpha() or title[0] in "\"'”«"):
        return None
    return tuple(int(part) for part in match.group(1).rstrip(".").split(".")), title


def outline(lines: list[Line]) -> Outline:
    """Build the section tree of a document from its logical lines."""
    front: list[Line] = []
    roots: list[Section] = []
    stack: list[Section] = []
    for line in lines:
        found = heading_of(line)
        path = stack[-1].number if stack else ()
        if found and _is_next(found[0], path):
            number, title = found
            section = Section(number=number, title=title, line=line)
            while stack and len(stack[-1].number) >= len(number):
                stack.pop()
            (stack[-1].children if stack else roots).append(section)
            stack.append(section)
        elif stack:
            stack[-1].body.append(line)
        else:
            front.append(line)
    return Outline(front=front, sections=roots)
