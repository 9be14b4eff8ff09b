"""Every kind of page passes axe-core's WCAG 2.1 A and AA rules with zero violations (WCAG 2.1
AA is required of Swedish public digital services): the search page with results, an entity
page of each type, the reports and a report table, the målområde overview, the SPARQL editor,
the error page, and the steering chain's pages (indikator with outcomes, KF goal with
assessments, direktiv with its path from budget to follow-up, and their per-document nodes)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from search_api.app import create_app
from search_api.core import Styrgraf
from search_api.entities import EntityQuery, EntityService
from tests.browser.axe import AXE, axe_violations, describe
from tests.support import steering
from tests.support.live import ThreadServer

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
if not AXE.exists():
    pytest.skip(
        "axe-core is not installed: run `npm ci` in tests/browser (make browser does it where "
        "npm is present)",
        allow_module_level=True,
    )

GENERAL_PAGES = [
    "/",
    "/?q=vilka+uppdrag+rör+hemlöshet%3F",
    "/?q=hemlöshet&typ=indikator",
    "/rapporter",
    "/rapporter/mal-utan-indikatorer",
    "/rapporter/uppdrag-per-ursprung",
    "/malomraden",
    "/sparql-editor",
    "/sparql-editor?exempel=delade-uppdrag",
    "/sida/finns/inte",
]
# The steering chain over the hand-made fixture: one page of each new kind, and the reports.
STEERING_PAGES = [
    f"/sida/{steering.HOUSING}",
    f"/sida/{steering.KF_GOAL}",
    f"/sida/{steering.NAMNDMAL}",
    f"/sida/{steering.DIREKTIV}",
    f"/sida/{steering.FOKUS}",
    "/sida/kommun/kungsbacka",
    f"/sida/dokument/{steering.BUDGET}",
    f"/sida/dokument/{steering.REPORT}",
    f"/sida/dokument/{steering.REPORT}/utfall/antal-paborjade-bostader/2024",
    f"/sida/dokument/{steering.BUDGET}/malvarde/antal-paborjade-bostader/2024",
    f"/sida/dokument/{steering.REPORT}/bedomning/mal/en-attraktiv-kommun-att-bo-verka-och-vistas-i",
    f"/sida/dokument/{steering.BUDGET}/omnamnande/direktiv/minskad-sjukfranvaro",
    "/rapporter",
    "/rapporter/direktiv-utan-uppfoljning",
    "/rapporter/mal-utan-utfall",
    "/rapporter/fokusomraden-utan-indikatorer",
    "/rapporter/indikatorer-bort-fran-malet",
]


PLAN_TYPES = (
    "mal", "uppdrag", "program", "plan", "indikator", "malomrade", "bidrag", "ursprung",
    "namnd", "forvaltning", "aktor", "namndgrupp", "dokument",
)  # fmt: skip


# The same kinds over the real Kungsbacka documents (ids looked up where they are long).
KUNGSBACKA_PAGES = [
    "/sida/kungsbacka/indikator/antal-paborjade-bostader",
    "/sida/kungsbacka/mal/en-attraktiv-kommun-att-bo-verka-och-vistas-i",
    "/sida/kungsbacka/direktiv/innovation-och-omstallning-till-nya-arbetssatt",
    "/sida/kommun/kungsbacka",
    f"/sida/{steering.ANNUAL_DOC}",
    f"/sida/{steering.BUDGET_DOC}",
    "/rapporter",
    "/rapporter/direktiv-utan-uppfoljning",
    "/rapporter/mal-utan-utfall",
    "/rapporter/fokusomraden-utan-indikatorer",
    "/rapporter/indikatorer-bort-fran-malet",
]
STEERING_KINDS = ("fokusomrade", "utfall", "malvarde", "bedomning", "omnamnande", "namnd")


def one_of_each_type(core: Styrgraf, kinds: tuple[str, ...] = PLAN_TYPES) -> list[str]:
    """The first entity of every type the graph has (ids are looked up, not written here)."""
    service = EntityService(core)
    paths = []
    for kind in kinds:
        page = service.find(EntityQuery(type=kind, limit=1))
        paths += [f"/sida/{item.id}" for item in page.items]
    return paths


@pytest.fixture(scope="module")
def steering_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    core = steering.steering_core(tmp_path_factory.mktemp("steering-data"))
    with ThreadServer(create_app(core)) as server:
        yield server.base_url


@pytest.fixture(scope="module")
def kungsbacka(
    kungsbacka_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Styrgraf]]:
    core = steering.kungsbacka_copy(kungsbacka_dir, tmp_path_factory.mktemp("kungsbacka") / "data")
    with ThreadServer(create_app(core)) as server:
        yield server.base_url, core


def check(context: BrowserContext, base: str, paths: list[str]) -> dict[str, int]:
    counts, failures = {}, []
    page = context.new_page()
    try:
        for path in paths:
            page.goto(base + path)
            found = axe_violations(page)
            counts[path] = len(found)
            if found:
                failures.append(describe(path, found))
    finally:
        page.close()
    print("\naxe (wcag2a, wcag2aa, wcag21a, wcag21aa) violations per page:")
    for path, count in counts.items():
        print(f"  {count}  {path}")
    assert not failures, "\n".join(failures)
    return counts


def test_every_page_kind_has_no_axe_violations(
    desktop: BrowserContext, live_url: str, ingested: Styrgraf
) -> None:
    paths = GENERAL_PAGES + one_of_each_type(ingested)
    counts = check(desktop, live_url, paths)
    assert len(counts) >= len(GENERAL_PAGES) + 12


def test_steering_pages_have_no_axe_violations(desktop: BrowserContext, steering_url: str) -> None:
    counts = check(desktop, steering_url, STEERING_PAGES)
    assert set(counts) == set(STEERING_PAGES)


def test_axe_is_the_pinned_version() -> None:
    lock = (Path(__file__).parent / "package-lock.json").read_text(encoding="utf-8")
    assert '"node_modules/axe-core"' in lock
    assert AXE.read_text(encoding="utf-8")[:200].find("axe v") >= 0


def test_kungsbacka_pages_have_no_axe_violations(
    desktop: BrowserContext, kungsbacka: tuple[str, Styrgraf], artifacts: Path
) -> None:
    base, core = kungsbacka
    paths = KUNGSBACKA_PAGES + one_of_each_type(core, STEERING_KINDS)
    counts = check(desktop, base, paths)
    assert len(counts) == len(KUNGSBACKA_PAGES) + len(STEERING_KINDS)
    page = desktop.new_page()
    try:  # for a person to look at: the chain's three main pages
        for number, path in enumerate(KUNGSBACKA_PAGES[:3], start=20):
            page.goto(base + path)
            name = path.rsplit("/", 2)[-2]
            page.screenshot(path=artifacts / f"{number}-kungsbacka-{name}.png", full_page=True)
    finally:
        page.close()
