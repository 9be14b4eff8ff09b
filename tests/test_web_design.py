"""Pieces of the web pages that need no server: escaping of snippets, the picture and chart
layouts, the editor's prefixes, and the stylesheet's colour contrast (WCAG AA)."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

from search_api.sparql.user_query import with_prefixes
from search_api.web.chart_svg import chart, nice_step
from search_api.web.graph_svg import PER_GROUP, WIDTH, Item, layout, shorten
from search_api.web.reports import AreaCounts, Overview
from search_api.web.templating import marked_snippet

CSS = (files("search_api.web") / "static" / "web.css").read_text("utf-8")


def test_snippet_keeps_only_mark_tags() -> None:
    snippet = "a &lt;b&gt; <mark>hemlöshet</mark> &amp; <script>x</script> <mark onclick=1>y</mark>"
    html = str(marked_snippet(snippet))
    assert "<mark>hemlöshet</mark>" in html
    assert "<script>" not in html and "<mark onclick" not in html
    assert "&lt;b&gt;" in html and "&amp;" in html and "&amp;amp;" not in html


@pytest.mark.parametrize(("largest", "step"), [(1, 1), (5, 1), (8, 2), (21, 5), (46, 10)])
def test_chart_ticks(largest: int, step: int) -> None:
    assert nice_step(largest) == step


def test_chart_bars_scale_to_the_largest() -> None:
    areas = [
        AreaCounts("A", "/sida/a", "3.1", [3, 6, 2, 3, 8]),
        AreaCounts("B", "/sida/b", "3.2", [1, 1, 1, 0, 21]),
    ]
    drawn = chart(Overview("t", "d", areas, None))
    assert drawn is not None and len(drawn.groups) == 2
    widths = {bar.value: bar.width for group in drawn.groups for bar in group.bars}
    assert widths[0] == 0 and widths[21] == max(widths.values())
    last_x, last_value = drawn.ticks[-1]
    assert last_value == 25 and last_x >= drawn.bar_x + widths[21]
    assert chart(Overview("t", "d", [], None)) is None


def item(n: int, kind: str = "uppdrag") -> Item:
    return Item(f"x/{n}", f"Uppdrag nummer {n} " * 5, kind, f"3.4.2.{n}", f"/sida/x/{n}")


def test_picture_layout_stays_inside_and_counts_the_rest() -> None:
    picture = layout(
        "Ett mål med en lång text " * 6,
        "mal",
        [("Målområde", [item(1, "malomrade")])],
        [("Uppdrag i målområdet", [item(n) for n in range(1, 10)])],
    )
    assert picture is not None
    assert len(picture.nodes) == 1 + PER_GROUP and len(picture.edges) == len(picture.nodes)
    assert [m.text for m in picture.more] == [f"+ {9 - PER_GROUP} till (se listan)"]
    assert all(n.x >= 0 and n.x + picture.side_w <= WIDTH for n in picture.nodes)
    assert all(n.y + picture.box_h <= picture.height for n in picture.nodes)
    assert picture.centre_lines[-1].endswith("…") and len(picture.centre_lines) <= 5
    assert layout("Ensam", "mal", [], []) is None


def test_item_text_leads_with_section_except_for_indicators() -> None:
    assert item(3).text.startswith("3.4.2.3 Uppdrag nummer 3")
    assert not item(3, "indikator").text.startswith("3.4.2.3")
    assert shorten("ett två tre fyra", 9) == "ett två…"


def test_editor_adds_only_missing_prefixes_on_one_line() -> None:
    query = "PREFIX sg: <urn:own#>\nSELECT * { ?s a sg:Mal }"
    text = with_prefixes(query, {"sg": "urn:own#"})
    first, rest = text.split("\n", 1)
    assert rest == query and "PREFIX skos:" in first and "PREFIX sg:" not in first


# ---------------------------------------------------------------------------- contrast


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


VARIABLES = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))


@pytest.mark.parametrize(
    ("foreground", "background"),
    [
        ("text", "bg"),
        ("muted", "bg"),
        ("muted", "bg-soft"),
        ("link", "bg"),
        ("link", "bg-soft"),
        ("brand-text", "brand"),
        ("error", "bg"),
        ("focus-ring", "focus"),
        ("text", "mark"),
        *((kind, f"{kind}-bg") for kind in ("mal", "uppdrag", "program", "plan", "indikator")),
        *((kind, f"{kind}-bg") for kind in ("malomrade", "org", "ovrigt")),
    ],
)
def test_text_colours_meet_wcag_aa(foreground: str, background: str) -> None:
    assert contrast(VARIABLES[foreground], VARIABLES[background]) >= 4.5


def test_chart_bars_and_button_meet_non_text_contrast() -> None:
    bars = re.findall(r"\.chart \.s\d \{ fill: (#[0-9a-f]{6}); \}", CSS)
    assert len(bars) == 5
    assert all(contrast(bar, "#ffffff") >= 3 for bar in bars)
    assert contrast("#ffffff", "#1d5a2e") >= 4.5  # the button's white text
