"""Fixtures for the browser tests: the real server on a free loopback port and headless
Chromium (Debian's package) driven by Playwright. Without Chromium or Playwright the tests
are skipped, with the reason and the command that installs what is missing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from search_api.app import create_app
from search_api.core import Styrgraf
from tests.browser.chromium import chromium_path, new_context
from tests.support.live import ThreadServer

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Playwright

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


# Package scope: Playwright's sync API keeps an event loop running in the main thread while it
# is open, so it must close before the tests outside tests/browser that run asyncio.run().
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright is not installed: pip install -e '.[dev]' (never `playwright install`)",
    )
    if chromium_path() is None:
        pytest.skip(
            "Chromium not found: install Debian's package (`make browser`, i.e. "
            "apt-get update && apt-get install -y chromium) or set STYRGRAF_CHROMIUM"
        )
    with sync_api.sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def live_url(ingested: Styrgraf) -> Iterator[str]:
    """The whole app over the session's ingested graph, served by uvicorn on 127.0.0.1."""
    with ThreadServer(create_app(ingested)) as server:
        yield server.base_url


@pytest.fixture(scope="module")
def desktop(
    playwright: Playwright, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BrowserContext]:
    """One Chromium (with a fresh profile) for a module's tests; each test opens its own page.
    Starting one per test would add seconds each, for no isolation the pages need (they set
    no cookies and keep no state)."""
    context = new_context(playwright, tmp_path_factory.mktemp("chromium-profile"))
    yield context
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Screenshots land here (gitignored), for a person to look at after the run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
