"""The staff pages in a real browser: headless Chromium against the real server.

A member of staff types a question, submits it with the keyboard, reads the results, follows
one to its page, opens a gap report and the målområde overview; an analyst runs a query with
Ctrl+Enter. Screenshots go to tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.chromium import new_context

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Playwright, Request

# Skips this module (with the reason) where Playwright is not installed; tests/browser/
# conftest.py skips it where Chromium is missing.
expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[dev]'"
).expect

QUESTION = "vilka uppdrag rör hemlöshet?"


@pytest.fixture
def page(desktop: BrowserContext, live_url: str) -> Iterator[Page]:
    """A page that records console errors and any request to another host."""
    page = desktop.new_page()
    problems: list[str] = []
    documents: set[str] = set()
    page.on(
        "response",
        lambda r: documents.add(r.url) if r.request.resource_type == "document" else None,
    )

    def on_console(message: ConsoleMessage) -> None:
        # A page answered with 404 (on purpose) is logged as a failed load: not a problem.
        if message.type == "error" and message.location.get("url") not in documents:
            problems.append(f"console: {message.text} ({message.location.get('url')})")

    def on_request(request: Request) -> None:
        if not request.url.startswith(live_url):
            problems.append(f"request to another host: {request.url}")

    page.on("console", on_console)
    page.on("request", on_request)
    yield page
    assert problems == []


def test_search_with_the_keyboard_and_follow_a_result(
    page: Page, live_url: str, artifacts: Path
) -> None:
    page.goto(live_url + "/")
    page.screenshot(path=artifacts / "01-start.png", full_page=True)
    box = page.get_by_label("Vad söker du?")
    expect(box).to_be_focused()  # the start page puts the cursor in the box
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=*")
    assert "q=vilka+uppdrag" in page.url  # the result list can be shared as a link
    heading = page.get_by_role("heading", level=2, name="träffar för")
    expect(heading).to_contain_text(f"»{QUESTION}«")
    results = page.locator("li.result-card")
    assert 5 <= results.count() <= 20
    expect(results.first.locator(".badge")).to_be_visible()
    expect(page.locator(".snippet mark").first).to_be_visible()
    page.screenshot(path=artifacts / "02-results.png", full_page=True)

    card = results.filter(has=page.locator("a[href$='/uppdrag/3.4.2.3']"))
    expect(card).to_contain_text("Avsnitt 3.4.2.3")
    expect(card).to_contain_text("Delaktighet och tillit")
    card.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/sida/vp-2023-sn-sydvast/uppdrag/3.4.2.3")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bostad först")
    expect(page.get_by_role("heading", name="Nämndens omhändertagande")).to_be_visible()
    expect(page.locator("svg.graph")).to_be_visible()
    source = page.locator("details.source-text")
    expect(source.locator("pre")).to_be_hidden()
    source.locator("summary").click()
    expect(source.locator("pre")).to_contain_text("<p>Socialnämnd Sydväst får i uppdrag")
    page.screenshot(path=artifacts / "03-entity-uppdrag.png", full_page=True)

    page.get_by_role("link", name="Delaktighet och tillit").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delaktighet och tillit")
    page.goto(live_url + "/sida/vp-2023-sn-sydvast/mal/3.4.1.1")
    expect(page.get_by_role("heading", name="Indikatorer", exact=True)).to_be_visible()
    page.screenshot(path=artifacts / "04-entity-mal.png", full_page=True)


def test_filter_the_results_by_type(page: Page, live_url: str, artifacts: Path) -> None:
    page.goto(live_url + "/?q=hemlöshet")
    page.get_by_text("Avgränsa efter typ, målområde eller nämnd").click()
    page.get_by_label("Typ").select_option(label="Indikator")
    page.get_by_role("button", name="Sök").click()
    page.wait_for_url("**typ=indikator*")
    badges = page.locator("li.result-card .badge")
    assert badges.count() > 0
    assert set(badges.all_inner_texts()) == {"Indikator"}
    page.screenshot(path=artifacts / "05-filtered.png", full_page=True)


def test_gap_report_and_overview(page: Page, live_url: str, artifacts: Path) -> None:
    page.goto(live_url + "/")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Rapporter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporter")
    page.screenshot(path=artifacts / "06-reports.png", full_page=True)
    page.get_by_role("link", name="Mål utan indikatorer").click()
    table = page.get_by_role("table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("Segregationen i Göteborg ska minska.")
    page.screenshot(path=artifacts / "07-report-mal-utan-indikatorer.png", full_page=True)

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Målområden").click()
    chart = page.get_by_role("img", name="Antal per målområde")
    expect(chart).to_be_visible()
    assert page.locator("svg.chart rect.bar").count() == 25
    expect(page.get_by_role("table").locator("tfoot")).to_contain_text("46")
    page.screenshot(path=artifacts / "08-malomraden.png", full_page=True)


def test_skip_link_and_visible_focus(page: Page, live_url: str) -> None:
    page.goto(live_url + "/?q=hemlöshet")  # a results page: nothing has focus yet
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0  # shown when focused
    assert skip.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 221, 0)"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "innehall"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert outline != "none" or shadow != "none"


def test_sparql_editor_runs_with_ctrl_enter(page: Page, live_url: str, artifacts: Path) -> None:
    page.goto(live_url + "/sparql-editor")
    editor = page.get_by_label("Fråga (SPARQL 1.1)")
    editor.fill("SELECT ?mal ?avsnitt WHERE { ?mal a sg:Mal ; sg:avsnitt ?avsnitt }")
    editor.press("Control+Enter")
    expect(page.get_by_text("12 rader")).to_be_visible()
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(12)
    page.get_by_role("link", name="Delade uppdrag").click()
    expect(page.get_by_label("Fråga (SPARQL 1.1)")).to_contain_text("# title: Delade uppdrag")
    page.screenshot(path=artifacts / "09-sparql.png", full_page=True)


def test_search_works_without_javascript(
    playwright: Playwright, live_url: str, tmp_path: Path
) -> None:
    context = new_context(playwright, tmp_path / "nojs", js=False)
    try:
        page = context.new_page()
        page.goto(live_url + "/")
        page.get_by_label("Vad söker du?").fill("våld i nära relationer")
        page.get_by_label("Vad söker du?").press("Enter")
        page.wait_for_url("**/?q=*")
        assert page.locator("li.result-card").count() > 0
    finally:
        context.close()


def test_phone_width_has_no_sideways_scrolling(page: Page, live_url: str, artifacts: Path) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    for name, path in (
        ("10-phone-results", "/?q=vilka+uppdrag+rör+hemlöshet%3F"),
        ("11-phone-entity", "/sida/vp-2023-sn-sydvast/mal/3.4.1.1"),
        ("12-phone-malomraden", "/malomraden"),
        ("13-phone-sparql", "/sparql-editor?exempel=delade-uppdrag"),
    ):
        page.goto(live_url + path)
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, f"{path} scrolls sideways at 390 px"
        page.screenshot(path=artifacts / f"{name}.png", full_page=True)


def test_not_found_page(page: Page, live_url: str, artifacts: Path) -> None:
    response = page.goto(live_url + "/sida/vp-2023-sn-sydvast/mal/9.9.9")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    page.get_by_label("Sök i styrdokumenten").fill("hemlöshet")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=*")
    expect(page.get_by_label("Vad söker du?")).to_have_value("hemlöshet")
    page.screenshot(path=artifacts / "14-not-found-then-search.png", full_page=True)
