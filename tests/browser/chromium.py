"""Headless Chromium for the browser tests: Debian's package, driven by Playwright (never a
browser download: `playwright install` is not used)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Playwright

# NOTES.md: without the networking flags Chromium spends its time on refused connections.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    configured = os.environ.get("STYRGRAF_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def new_context(
    playwright: Playwright, profile: Path, width: int = 1280, height: int = 900, js: bool = True
) -> BrowserContext:
    """A fresh Chromium with a profile of its own (nothing carried over between tests)."""
    return playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=chromium_path(),
        args=CHROMIUM_ARGS,
        headless=True,
        viewport={"width": width, "height": height},
        locale="sv-SE",
        java_script_enabled=js,
    )
