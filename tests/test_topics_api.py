"""Topics on the HTTP API and the web pages: /amnen, /amne/{id}, the search facet `amne`,
and the topics of an entity (real corpus, real store, real model, FastAPI's test client)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from search_api.core import Styrgraf
from tests.support.corpus import DOC

GOAL = f"{DOC}/mal/3.4.1.1"  # "Hemlösheten ska upphöra till 2028."
EVICTIONS = f"{DOC}/uppdrag/3.1.2.4"  # vräkningar av barnfamiljer


@pytest.fixture(scope="module")
def client(ingested: Styrgraf) -> TestClient:
    return TestClient(create_app(ingested))


def test_topic_list(client: TestClient) -> None:
    body = client.get("/amnen").json()
    by_id = {t["id"]: t for t in body}
    assert 40 <= len(body) <= 80
    assert by_id["hemloshet"]["label"] == "Hemlöshet"
    assert by_id["hemloshet"]["count"] >= 10


def test_topic_json_has_labels_hierarchy_items_and_evidence(client: TestClient) -> None:
    body = client.get("/amnen/hemloshet").json()
    assert body["label"] == "Hemlöshet"
    assert "bostadslösa" in body["alt_labels"]
    assert {n["id"] for n in body["narrower"]} == {"bostad-forst", "vrakningsforebyggande"}
    items = {i["id"]: i for i in body["items"]}
    assert items[GOAL]["type"] == "mal"
    assert items[GOAL]["evidence"]["in_label"] is True
    assert "vräkning" in items[EVICTIONS]["evidence"]["words"]
    assert "Socialnämnden Sydväst" in items[EVICTIONS]["committees"]


def test_unknown_topic_is_problem_json_and_a_swedish_page(client: TestClient) -> None:
    response = client.get("/amnen/finns-inte")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "finns-inte" in response.json()["detail"]
    page = client.get("/amne/finns-inte")
    assert page.status_code == 404
    assert "Det finns inget ämne med id »finns-inte«." in page.text


def test_topic_page(client: TestClient) -> None:
    page = client.get("/amne/hemloshet")
    assert page.status_code == 200
    assert 'lang="sv"' in page.text
    assert "<h1>Hemlöshet</h1>" in page.text
    assert "Varför: ämnet nämns i namnet" in page.text
    assert f'href="/sida/{GOAL}"' in page.text
    assert "<h3>Uppdrag</h3>" in page.text or "Uppdrag</h3>" in page.text


def test_search_facet(client: TestClient) -> None:
    response = client.get("/search", params={"q": "bostad", "amne": "hemloshet", "k": 50})
    ids = [h["id"] for h in response.json()["results"]]
    assert GOAL in ids and EVICTIONS in ids
    by_label = client.get("/search", params={"q": "bostad", "amne": "Hemlöshet", "k": 50})
    assert [h["id"] for h in by_label.json()["results"]] == ids
    bad = client.get("/search", params={"q": "bostad", "amne": "nej"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["parameter"] == "amne"
    assert "Hemlöshet" in bad.json()["errors"][0]["valid_values"]


def test_web_search_topic_filter(client: TestClient) -> None:
    page = client.get("/", params={"q": "bostad", "amne": "hemloshet"})
    assert page.status_code == 200
    assert '<label for="amne">Ämne</label>' in page.text
    assert "ämne: Hemlöshet" in page.text
    bad = client.get("/", params={"q": "bostad", "amne": "nej"})
    assert bad.status_code == 422
    assert "Det finns inget sådant ämne" in bad.text


def test_entity_json_and_page_list_topics(client: TestClient) -> None:
    body = client.get(f"/entities/{EVICTIONS}").json()
    topics = {t["id"]: t for t in body["topics"]}
    assert topics["hemloshet"]["label"] == "Hemlöshet"
    assert "vräkning" in topics["hemloshet"]["words"]
    assert topics["hemloshet"]["similarity"] >= 0.83
    assert all(link["relation"] != "belagtObjekt" for link in body["links"])
    page = client.get(f"/sida/{EVICTIONS}")
    assert 'href="/amne/hemloshet"' in page.text
