"""Layout of the målområde bar chart (inline SVG, drawn by templates/_chart.html).

Horizontal grouped bars: one group per målområde, one bar per kind of item, each bar named on
its left and numbered at its end, so the chart is readable without telling colours apart. The
same numbers are in a table right below it, for screen readers and for copying.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from search_api.web.reports import Overview

WIDTH = 720
NAME_W = 112  # room for the series names left of the bars
BAR_X, BAR_MAX = 120, 520
BAR_H, BAR_GAP, HEADING_H, GROUP_GAP = 16, 5, 26, 14
AXIS_H = 22


@dataclass(frozen=True)
class Bar:
    y: int
    width: int
    value: int
    series: int  # index into Overview.series (the CSS class picks the colour)
    name: str


@dataclass(frozen=True)
class BarGroup:
    y: int  # baseline of the heading
    label: str
    href: str | None
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    groups: list[BarGroup]
    ticks: list[tuple[int, int]]  # (x, value) of each grid line
    bar_x: int
    bar_h: int
    axis_top: int
    axis_bottom: int


def nice_step(largest: int) -> int:
    """A tick step of 1, 2 or 5 times a power of ten giving about five ticks."""
    if largest <= 5:
        return 1
    rough = largest / 5
    power = int(10 ** math.floor(math.log10(rough)))
    return next(s * power for s in (1, 2, 5, 10) if s * power >= rough)


def chart(data: Overview) -> Chart | None:
    if not data.areas:
        return None
    largest = max(max(area.counts) for area in data.areas) or 1
    step = nice_step(largest)
    top = step * math.ceil(largest / step)
    scale = BAR_MAX / top
    y = AXIS_H
    groups = []
    for area in data.areas:
        heading = y + 18
        y += HEADING_H
        bars = []
        for index, (name, value) in enumerate(zip(data.series, area.counts, strict=True)):
            bars.append(Bar(y, round(value * scale), value, index, name))
            y += BAR_H + BAR_GAP
        groups.append(BarGroup(heading, area.label, area.href, bars))
        y += GROUP_GAP
    ticks = [(BAR_X + round(v * scale), v) for v in range(0, top + 1, step)]
    return Chart(
        width=WIDTH,
        height=y + 4,
        groups=groups,
        ticks=ticks,
        bar_x=BAR_X,
        bar_h=BAR_H,
        axis_top=AXIS_H - 4,
        axis_bottom=y - GROUP_GAP,
    )
