"""Layout of the small neighbourhood picture on an entity page (rendered as inline SVG).

Three columns: what the entity belongs to on the left (målområde, nämnd, ursprung), the entity
in the middle, what it leads to or sits beside on the right (indikatorer, the målområde's
uppdrag and program). Positions are computed here; templates/_graph.html draws them, escaped
like everything else. No JavaScript and no external library: a picture an intranet can show.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

WIDTH = 900
SIDE_W, CENTRE_W = 280, 220
LEFT_X, CENTRE_X, RIGHT_X = 1, 340, 619
ROW, BOX_H, HEADING_H, GROUP_GAP = 30, 24, 22, 8
PER_GROUP = 4  # nodes drawn per group; the rest are counted ("+ 3 till") and listed below
NODE_CHARS = 37  # what fits in SIDE_W at the stylesheet's font size
CENTRE_CHARS, CENTRE_LINES = 21, 5
LIST_CHARS = 130  # labels in the link lists: a whole assignment text would drown the list


@dataclass(frozen=True)
class Item:
    """A linked entity as pictured and listed: label, section and where its page is."""

    id: str
    label: str
    type: str | None
    section: str | None
    href: str

    @property
    def text(self) -> str:
        """The label led by the section number: many assignments begin with the same words.
        (Not for indicators: they carry their goal's number, the same for all of them.)"""
        if self.section and self.type != "indikator" and not self.label.startswith(self.section):
            return f"{self.section} {self.label}"
        return self.label

    @property
    def short_label(self) -> str:
        return shorten(self.label, LIST_CHARS)


@dataclass(frozen=True)
class Label:
    x: int
    y: int
    text: str


@dataclass(frozen=True)
class Node(Label):
    """A label that stands for a neighbour (`item`)."""

    item: Item


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    centre_x: int
    centre_y: int
    centre_h: int
    centre_lines: list[str]
    centre_type: str | None
    nodes: list[Node]
    headings: list[Label]
    more: list[Label]
    edges: list[str]  # SVG path data
    side_w: int = SIDE_W
    centre_w: int = CENTRE_W
    box_h: int = BOX_H


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _column(
    x: int, groups: list[tuple[str, list[Item]]]
) -> tuple[int, list[Node], list[Label], list[Label]]:
    y, nodes, headings, more = 8, [], [], []
    for title, items in groups:
        headings.append(Label(x, y + 14, title))
        y += HEADING_H
        for item in items[:PER_GROUP]:
            nodes.append(Node(x, y, shorten(item.text, NODE_CHARS), item))
            y += ROW
        if len(items) > PER_GROUP:
            more.append(Label(x + 4, y + 12, f"+ {len(items) - PER_GROUP} till (se listan)"))
            y += ROW - 8
        y += GROUP_GAP
    return y, nodes, headings, more


def layout(
    label: str,
    entity_type: str | None,
    left: list[tuple[str, list[Item]]],
    right: list[tuple[str, list[Item]]],
) -> Picture | None:
    """The picture, or None when the entity has no neighbours worth drawing."""
    if not any(items for _, items in left + right):
        return None
    lines = textwrap.wrap(" ".join(label.split()), CENTRE_CHARS) or [label]
    if len(lines) > CENTRE_LINES:
        lines = lines[:CENTRE_LINES]
        lines[-1] = shorten(lines[-1] + " …", CENTRE_CHARS)
    centre_h = 34 + 18 * len(lines)
    left_h, left_nodes, left_heads, left_more = _column(LEFT_X, left)
    right_h, right_nodes, right_heads, right_more = _column(RIGHT_X, right)
    height = max(left_h, right_h, centre_h + 16, 120)
    centre_y = (height - centre_h) // 2
    edges = []
    for nodes, start, end in (
        (left_nodes, CENTRE_X, LEFT_X + SIDE_W),
        (right_nodes, CENTRE_X + CENTRE_W, RIGHT_X),
    ):
        # Fan the edges out along the box's side, so that a dozen links stay a readable fan.
        bend = (end - start) // 2
        for number, node in enumerate(nodes):
            y_from = centre_y + 8 + round((number + 0.5) * (centre_h - 16) / len(nodes))
            y_to = node.y + BOX_H // 2
            edges.append(
                f"M{start},{y_from} C{start + bend},{y_from} {end - bend},{y_to} {end},{y_to}"
            )
    return Picture(
        width=WIDTH,
        height=height,
        centre_x=CENTRE_X,
        centre_y=centre_y,
        centre_h=centre_h,
        centre_lines=lines,
        centre_type=entity_type,
        nodes=left_nodes + right_nodes,
        headings=left_heads + right_heads,
        more=left_more + right_more,
        edges=edges,
    )
