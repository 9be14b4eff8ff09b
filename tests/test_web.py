"""The staff web pages in-process (TestClient): search and entity pages over the real graph.

Every page is Swedish HTML with the same frame (lang, landmarks, skip link, labelled inputs);
what a user types comes back escaped; bad input gets a Swedish message and a 4xx status.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from search_api.core import Styrgraf

GOAL = "vp-2023-sn-sydvast/mal/3.4.1.1"  # Hemlösheten ska upphöra till 2028.
BOSTAD_FORST = "vp-2023-sn-sydvast/uppdrag/3.4.2.3"
NO_INDICATORS = "vp-2023-sn-sydvast/mal/3.1.1.2"
HOMELESS = "vilka uppdrag rör hemlöshet?"


@pytest.fixture(scope="module")
def client(ingested: Styrgraf) -> Iterator[TestClient]:
    with TestClient(create_app(ingested)) as client:
        yield client


def page(client: TestClient, path: str, status: int = 200, **params: str) -> str:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text[:2000]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def assert_frame(html: str) -> None:
    """What every page has: Swedish, landmarks, a skip link to main, one h1, labelled fields."""
    assert '<html lang="sv">' in html
    assert '<a class="skip-link" href="#innehall">' in html and '<main id="innehall"' in html
    assert "<header" in html and '<nav class="site-nav" aria-label="Huvudmeny">' in html
    assert html.count("<h1") == 1
    for field in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if 'type="hidden"' in field:
            continue
        field_id = re.search(r'\bid="([^"]+)"', field)
        assert field_id, f"a field without id: {field}"
        assert f'<label for="{field_id.group(1)}"' in html, f"no label for {field}"
    # Nothing is fetched from another host: the intranet may have no internet.
    assert not re.search(r'<(?:link|script|img)\b[^>]*(?:src|href)="(?:https?:)?//', html)


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="result-card.*?</li>', html, flags=re.S)


# ---------------------------------------------------------------------------- search


def test_start_page_offers_the_box_and_examples(client: TestClient) -> None:
    html = page(client, "/")
    assert_frame(html)
    assert '<label for="q">Vad söker du?</label>' in html
    assert 'role="search"' in html and 'name="q"' in html
    for example in ("vilka uppdrag rör hemlöshet?", "våld i nära relationer"):
        assert example in html
    assert "träffar för" not in html
    # The filters offer the graph's own values.
    for label in ("Delaktighet och tillit", "Socialnämnden Sydväst", "Grundskolenämnden"):
        assert f">{label}</option>" in html


def test_blank_query_is_the_start_page(client: TestClient) -> None:
    html = page(client, "/", q="   ")
    assert "Prova till exempel" in html and "träffar för" not in html


def test_search_shows_cards_with_what_staff_need(client: TestClient) -> None:
    html = page(client, "/", q=HOMELESS)
    assert_frame(html)
    found = cards(html)
    assert 5 <= len(found) <= 20
    assert f'href="/sida/{BOSTAD_FORST}"' in html
    card = next(c for c in found if f"/sida/{BOSTAD_FORST}" in c)
    assert 'class="badge badge-uppdrag">Uppdrag</span>' in card
    assert "Avsnitt 3.4.2.3" in card
    assert "<dt>Målområde</dt><dd>Delaktighet och tillit</dd>" in card
    assert "Socialnämnden Sydväst" in card
    assert "<mark>" in html  # matched words are marked
    assert f"för »{HOMELESS}«" in html
    assert f'value="{HOMELESS}"' in html  # the query stays in the box


@pytest.mark.parametrize("kind", ["mal", "uppdrag", "program", "plan", "indikator"])
def test_type_filter_keeps_one_type(client: TestClient, kind: str) -> None:
    found = cards(page(client, "/", q="hemlöshet", typ=kind))
    assert found and all(f"result-card type-{kind}" in c for c in found)


def test_area_and_committee_filters(client: TestClient) -> None:
    html = page(client, "/", q="hemlöshet", malomrade="delaktighet-och-tillit")
    found = cards(html)
    assert found and all("Delaktighet och tillit" in c for c in found)
    assert "Avgränsat till målområde: Delaktighet och tillit." in html
    found = cards(page(client, "/", q="skola", namnd="grundskolenamnden"))
    assert found and all("Grundskolenämnden" in c for c in found)


def test_no_results_suggests_what_to_do(client: TestClient) -> None:
    html = page(client, "/", q="hemlöshet", typ="indikator", namnd="grundskolenamnden")
    assert "Inga träffar för »hemlöshet«" in html and not cards(html)
    assert "Sök utan avgränsningar" in html
    assert 'href="/?q=hemlöshet"' not in html  # links carry the query percent-encoded
    assert 'href="/?q=g%C3%A4ngkriminalitet"' in html


def test_query_is_escaped_everywhere(client: TestClient) -> None:
    evil = '<script>alert("x")</script>'
    html = page(client, "/", q=evil)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_over_long_query_is_a_friendly_400(client: TestClient) -> None:
    html = page(client, "/", status=400, q="hemlöshet " * 60)
    assert_frame(html)
    assert "Frågan är för lång: 599 tecken" in html and 'aria-invalid="true"' in html
    assert "Traceback" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"typ": "skola"},
            "Okänd typ. Välj en av: Mål, Fokusområde, Direktiv, Uppdrag, Program, Plan, Indikator.",
        ),
        ({"malomrade": "<b>okänt</b>"}, "Det finns inget sådant målområde"),
        ({"namnd": "finansnamnden"}, "Det finns ingen sådan nämnd"),
        ({"antal": "tusen"}, "Antal träffar ska vara 1–100."),
    ],
)
def test_bad_filter_values_are_a_friendly_422(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    html = page(client, "/", status=422, q="hemlöshet", **params)
    assert message in html and "Sökningen kunde inte göras" in html
    assert "<b>okänt</b>" not in html


def test_more_results_link_keeps_the_search(client: TestClient) -> None:
    html = page(client, "/", q="barn", typ="uppdrag", antal="5")
    assert len(cards(html)) == 5
    assert 'href="/?q=barn&amp;typ=uppdrag&amp;antal=50"' in html


# ---------------------------------------------------------------------------- entity pages


def test_goal_page_shows_text_indicators_neighbourhood_and_source(client: TestClient) -> None:
    html = page(client, f"/sida/{GOAL}")
    assert_frame(html)
    assert "<h1>Hemlösheten ska upphöra till 2028.</h1>" in html
    assert "Nämndens omhändertagande" in html and "Göteborgs Stads plan mot hemlöshet" in html
    assert "Antal hushåll i hemlöshet" in html  # an indicator
    assert 'href="/sida/goteborg/malomrade/delaktighet-och-tillit"' in html
    assert f'href="/sida/{BOSTAD_FORST}"' in html  # an assignment of the same goal area
    assert 'href="/sida/goteborg/org/socialnamnden-sydvast"' in html  # the committee of the plan
    assert "Uppdrag i målområdet" in html and "Program och planer i målområdet" in html
    assert '<svg class="graph"' in html and 'role="img"' in html
    assert "Var det står i källdokumentet" in html and "<dd>327</dd>" in html
    assert "<summary>Visa källtexten ordagrant</summary>" in html
    assert f'href="/entities/{GOAL}?format=json"' in html


def test_assignment_page_shows_origin_and_partners(client: TestClient) -> None:
    html = page(client, f"/sida/{BOSTAD_FORST}")
    assert "KF uppdrag utanför budget 2022" in html
    assert "<dt>Budgetår</dt><dd>2022</dd>" in html
    assert "<dt>Utfärdat av</dt><dd>Kommunfullmäktige (KF)</dd>" in html
    assert 'href="/sida/goteborg/org/socialnamnden-centrum"' in html  # samverkanspart
    # The verbatim source keeps the extraction's stray tags, escaped.
    source = html.split("Visa källtexten ordagrant", 1)[1]
    assert "&lt;p&gt;Socialnämnd Sydväst får i uppdrag" in source


def test_goal_without_indicators_says_so(client: TestClient) -> None:
    assert "Målet saknar indikatorer" in page(client, f"/sida/{NO_INDICATORS}")


@pytest.mark.parametrize(
    "entity_id",
    [
        "goteborg/malomrade/delaktighet-och-tillit",
        "goteborg/org/socialnamnden-sydvast",
        "goteborg/program/goteborgs-stads-program-och-plan-for-jamlik-stad",
        "vp-2023-sn-sydvast/bidrag/3.4.3.2",
        "vp-2023-sn-sydvast/mal/3.4.1.1/indikator/5",
        "dokument/vp-2023-sn-sydvast",
    ],
)
def test_every_kind_of_entity_has_a_page(client: TestClient, entity_id: str) -> None:
    html = page(client, f"/sida/{entity_id}")
    assert_frame(html)
    assert "Kopplingar i grafen" in html


@pytest.mark.parametrize("entity_id", ["vp-2023-sn-sydvast/mal/9.9.9", "a//b", "x%20y"])
def test_unknown_entity_is_a_swedish_404(client: TestClient, entity_id: str) -> None:
    html = page(client, f"/sida/{entity_id}", status=404)
    assert_frame(html)
    assert "<h1>Sidan finns inte</h1>" in html and 'href="/"' in html


def test_entity_id_is_escaped_on_the_404_page(client: TestClient) -> None:
    html = page(client, "/sida/<img src=x onerror=alert(1)>", status=404)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
