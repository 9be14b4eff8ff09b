"""/docs and /redoc in a real browser: the vendored Swagger UI and ReDoc render the API under
the pages' Content-Security-Policy, with no request to another host and no console error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[dev]'"
).expect


@pytest.fixture
def page(desktop: BrowserContext, live_url: str) -> Iterator[Page]:
    page = desktop.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console: {message.text} ({message.location.get('url')})")

    def on_request(request: Request) -> None:
        if not request.url.startswith((live_url, "blob:", "data:")):
            problems.append(f"request to another host: {request.url}")

    page.on("console", on_console)
    page.on("request", on_request)
    yield page
    assert problems == []


def test_swagger_ui_renders_the_api(page: Page, live_url: str) -> None:
    page.goto(live_url + "/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("styrgraf", timeout=20_000)
    expect(page.locator(".opblock-summary-path").first).to_be_visible()


def test_redoc_renders_the_api(page: Page, live_url: str) -> None:
    page.goto(live_url + "/redoc")
    expect(page.locator("h1").first).to_contain_text("styrgraf", timeout=20_000)
