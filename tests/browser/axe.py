"""axe-core (installed from npm with `npm ci` in tests/browser/, pinned by package-lock.json)
injected into a page with Playwright, run against WCAG 2.1 A and AA."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))
  }));
}"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations axe finds on the page as loaded."""
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does
    # not govern (an injected <script> tag would be refused, as any inline script must be).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(_RUN, TAGS)
    return found


def describe(path: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{path}: {len(violations)} axe violation(s)"]
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    at {node['target']}: {node['summary']}".replace("\n", " / "))
    return "\n".join(lines)
