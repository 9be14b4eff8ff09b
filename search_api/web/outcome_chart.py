"""Layout of an indicator's outcomes over the years (inline SVG, drawn by
templates/_steering.html): one bar per year, its value written above it and the year below,
so the chart reads without colours. The same values are in a table right below it.

Where two documents give a value for the same year (a later report may restate it), the
chart shows the latest document's; the table lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from search_api.entities.model import Outcome

WIDTH, HEIGHT = 560, 240
TOP, BOTTOM, LEFT = 28, 32, 16  # room for the values above and the years below
MAX_BAR_W = 64


@dataclass(frozen=True)
class YearBar:
    x: int
    y: int
    width: int
    height: int
    year: int
    value: float
    text: str  # the value as written: '141', '7,5 %'


@dataclass(frozen=True)
class OutcomeChart:
    width: int
    height: int
    bars: list[YearBar]
    baseline: int
    summary: str  # the text alternative: every year and value in words


def number(value: float, unit: str | None = None) -> str:
    """A value as a Swedish text: '141', '7,5' (decimal comma), with the unit where known."""
    text = f"{value:.10g}".replace(".", ",").replace("-", "−")
    return f"{text} {unit}" if unit else text


def per_year(outcomes: list[Outcome]) -> list[Outcome]:
    """One outcome per year, the latest document's (outcomes come in year, document order)."""
    chosen: dict[int, Outcome] = {}
    for outcome in outcomes:
        if outcome.year is not None and outcome.value is not None:
            chosen[outcome.year] = outcome
    return [chosen[year] for year in sorted(chosen)]


def outcome_chart(label: str, outcomes: list[Outcome]) -> OutcomeChart | None:
    """The chart for an indicator called `label`, or None without numeric outcomes."""
    rows = per_year(outcomes)
    if not rows:
        return None
    values = [o.value or 0.0 for o in rows]
    high, low = max(0.0, *values), min(0.0, *values)
    span = (high - low) or 1.0
    plot_h = HEIGHT - TOP - BOTTOM
    baseline = TOP + round(plot_h * high / span)
    slot = (WIDTH - 2 * LEFT) // len(rows)
    width = min(MAX_BAR_W, slot * 2 // 3)
    bars = []
    for index, outcome in enumerate(rows):
        value = outcome.value or 0.0
        height = max(1, round(plot_h * abs(value) / span))
        y = baseline - height if value >= 0 else baseline
        x = LEFT + index * slot + (slot - width) // 2
        text = number(value, outcome.unit)
        bars.append(YearBar(x, y, width, height, outcome.year or 0, value, text))
    told = "; ".join(f"{b.year}: {b.text}" for b in bars)
    return OutcomeChart(WIDTH, HEIGHT, bars, baseline, f"{label}, utfall per år. {told}.")
