"""The steering chain's surfaces over the real documents: Kungsbacka's årsredovisning 2024
(Vård & Omsorg) and nämndbudget 2025, ingested into a temporary data dir and served by the
real app. Values are the documents' own (e.g. 'Antal påbörjade bostäder' 2021-2024: 216, 848,
165, 141)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ontology import sparql_prefixes
from search_api.app import create_app
from search_api.core import Styrgraf
from search_api.gaps import run_gap
from search_api.search.storage import index_for
from tests.support.corpus import search_cache
from tests.support.http import entity_json
from tests.support.steering import ANNUAL_DOC, BASE, BUDGET_DOC, kungsbacka_copy

HOUSING = "kungsbacka/indikator/antal-paborjade-bostader"
ATTRACTIVE = "kungsbacka/mal/en-attraktiv-kommun-att-bo-verka-och-vistas-i"
INNOVATION = "kungsbacka/direktiv/innovation-och-omstallning-till-nya-arbetssatt"
CIVIL = "kungsbacka/direktiv/civil-beredskap"


@pytest.fixture(scope="module")
def core(kungsbacka_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Styrgraf:
    return kungsbacka_copy(kungsbacka_dir, tmp_path_factory.mktemp("kungsbacka") / "data")


@pytest.fixture(scope="module")
def client(core: Styrgraf) -> TestClient:
    return TestClient(create_app(core))


def entity(client: TestClient, entity_id: str) -> dict[str, Any]:
    return entity_json(client, entity_id)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_housing_indicator_has_its_outcomes_in_json_and_on_its_page(client: TestClient) -> None:
    body = entity(client, HOUSING)
    annual = [
        (u["year"], u["value"]) for u in body["outcomes"] if u["document"]["id"] == ANNUAL_DOC
    ]
    assert annual == [(2021, 216.0), (2022, 848.0), (2023, 165.0), (2024, 141.0)]
    # The nämndbudget restates 2022-2024 and sets the target 'Öka'.
    budget = [
        (u["year"], u["value"]) for u in body["outcomes"] if u["document"]["id"] == BUDGET_DOC
    ]
    assert budget == [(2022, 848.0), (2023, 165.0), (2024, 141.0)]
    assert [(t["target"], t["direction"]) for t in body["targets"]] == [("Öka", "Öka")]
    html = client.get(f"/sida/{HOUSING}").text
    assert "utfall per år. 2021: 216; 2022: 848; 2023: 165; 2024: 141." in html
    table = html[html.index('<caption id="utfall-tabell">') :]
    found = re.findall(r'<tr><th scope="row">(\d+)</th><td class="num">([\d,]+)</td>', table)
    assert ("2021", "216") in found and ("2024", "141") in found
    assert f'href="/sida/{ANNUAL_DOC}"' in table


def test_kf_goal_shows_the_2024_assessment(client: TestClient) -> None:
    body = entity(client, ATTRACTIVE)
    assert [b["label"] for b in body["decided_by"]] == ["Kommunfullmäktige"]
    found = [(a["year"], a["text"], a["level"]) for a in body["assessments"]]
    assert (2024, "Vi har inte nått målet men är på rätt väg", "Delvis uppfylld") in found
    assert HOUSING in [i["id"] for i in body["indicators"]]
    assert len(body["focus_areas"]) == 4
    text = text_of(client.get(f"/sida/{ATTRACTIVE}").text)
    assert "Bedömningar 2024: Delvis uppfylld (Kommunövergripande bedömning)" in text
    assert "Vi har inte nått målet men är på rätt väg" in text


def test_direktiv_shows_both_documents(client: TestClient) -> None:
    body = entity(client, INNOVATION)
    assert [(m["document"]["id"], m["document_type"]) for m in body["mentions"]] == [
        (ANNUAL_DOC, "årsredovisning"),
        (BUDGET_DOC, "nämndbudget"),
    ]
    assert all(m["page"] and m["section"] for m in body["mentions"])
    assessed = [a for a in body["assessments"] if a["document"]["id"] == ANNUAL_DOC]
    assert assessed and all(a["assessment_kind"] == "Uppföljning direktiv" for a in assessed)
    html = client.get(f"/sida/{INNOVATION}").text
    path = html[html.index('id="vag-rubrik"') :]
    assert path.index(f'href="/sida/{ANNUAL_DOC}"') < path.index(f'href="/sida/{BUDGET_DOC}"')
    assert "DIREKTIV - INNOVATION OCH OMSTÄLLNING TILL NYA ARBETSSÄTT" in path


def test_gap_queries_give_one_row_per_entity(core: Styrgraf) -> None:
    for name, column in (
        ("direktiv-utan-uppfoljning", "direktiv"),
        ("mal-utan-utfall", "mal"),
        ("fokusomraden-utan-indikatorer", "fokusomrade"),
        ("indikatorer-bort-fran-malet", "indikator"),
    ):
        solutions = run_gap(core, name)
        ids = [row[column].value for row in solutions]
        assert ids, name
        assert [i for i, n in Counter(ids).items() if n > 1] == [], name


def test_gap_queries_find_the_documents_facts(core: Styrgraf) -> None:
    unfollowed = [row["direktiv"].value for row in run_gap(core, "direktiv-utan-uppfoljning")]
    assert BASE + CIVIL in unfollowed and BASE + INNOVATION not in unfollowed
    away = {
        row["indikator"].value: (
            row["forra_ar"].value,
            row["forra_varde"].value,
            row["senaste_ar"].value,
            row["senaste_varde"].value,
        )
        for row in run_gap(core, "indikatorer-bort-fran-malet")
    }
    assert away[BASE + HOUSING] == ("2023", "165", "2024", "141")


def test_search_finds_the_new_kinds(
    core: Styrgraf,
) -> None:
    index_for(core, cache_dir=search_cache("kungsbacka"))
    client = TestClient(create_app(core))

    def top(q: str, kind: str) -> str:
        response = client.get("/search", params={"q": q, "type": kind, "k": 3})
        assert response.status_code == 200, response.text
        results = response.json()["results"]
        assert results and {r["type"] for r in results} == {kind}
        first: str = results[0]["id"]
        return first

    assert top("påbörjade bostäder", "indikator") == HOUSING
    assert top("civil beredskap", "direktiv") == CIVIL
    assert top("attraktiv kommun att bo i", "mal") == ATTRACTIVE
    assert top("trygga miljöer", "fokusomrade").startswith("kungsbacka/fokusomrade/")


def test_reading_doubts_are_shown_with_the_outcome(core: Styrgraf, client: TestClient) -> None:
    """Outcomes whose years the parser had to assume carry its warning to the JSON and the page."""
    query = sparql_prefixes("sg") + (
        "SELECT ?i ?w WHERE { ?u sg:avserIndikator ?i ; sg:tolkningsvarning ?w } LIMIT 1"
    )
    [row] = list(core.sparql(query))
    indicator, warning = row["i"].value.removeprefix(BASE), row["w"].value
    doubted = [u for u in entity(client, indicator)["outcomes"] if u["reading_warning"]]
    assert doubted and doubted[0]["reading_warning"] == warning
    html = client.get(f"/sida/{indicator}").text
    assert '<th scope="col">Anmärkning</th>' in html and warning in html
    outcome = entity(client, doubted[0]["id"])
    assert outcome["reading_warning"] == warning
    assert "<dt>Tolkningsvarning</dt>" in client.get(f"/sida/{doubted[0]['id']}").text
