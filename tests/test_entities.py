"""EntityService and the JSON form of /entities/{id}, on a graph ingested from the real corpus.
Expected values are read off corpus/verksamhetsplan-2023-socialnamnden-sydvast.txt."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from ingest.errors import NotFound
from search_api.core import Styrgraf
from search_api.entities import EntityQuery, EntityService, InvalidEntityId
from search_api.entities.docs import ENTITY_EXAMPLE
from tests.support.http import entities_client, entity_json

BASE = "http://127.0.0.1:8000/id/"
VP = "vp-2023-sn-sydvast"
SOCIALNAMNDER = [
    "goteborg/org/socialnamnden-centrum",
    "goteborg/org/socialnamnden-hisingen",
    "goteborg/org/socialnamnden-nordost",
    "goteborg/org/socialnamnden-sydvast",
]
JAMLIK_STAD = "goteborg/program/goteborgs-stads-program-och-plan-for-jamlik-stad"


@pytest.fixture(scope="module")
def service(core: Styrgraf) -> EntityService:
    return EntityService(core)


@pytest.fixture(scope="module")
def client(core: Styrgraf) -> TestClient:
    return entities_client(core)


def get_json(client: TestClient, entity_id: str) -> dict[str, Any]:
    return entity_json(client, entity_id)


def ids(refs: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in refs]


def test_goal_3_4_1_1(client: TestClient) -> None:
    body = get_json(client, f"{VP}/mal/3.4.1.1")
    assert body["id"] == f"{VP}/mal/3.4.1.1"
    assert body["iri"] == f"{BASE}{VP}/mal/3.4.1.1"
    assert body["url"] == f"/entities/{VP}/mal/3.4.1.1"
    assert (body["type"], body["type_label"]) == ("mal", "Mål")
    assert body["label"] == body["text"] == "Hemlösheten ska upphöra till 2028."  # line 327
    assert body["section"] == "3.4.1.1"
    assert body["goal_areas"] == [
        {
            "id": "goteborg/malomrade/delaktighet-och-tillit",
            "label": "Delaktighet och tillit",
            "type": "malomrade",
        }
    ]
    # Lines 357-364: eight indicators, in document order.
    assert [i["label"] for i in body["indicators"]] == [
        "Antal hushåll som blir avhysta från sin bostad",
        "Antal barnfamiljer som blir avhysta från sin bostad",
        "Antal personer inom avdelning Boende och hemlöshet som flyttar till kommunalt "
        "kontrakt/Bo kvar, till eget boende och till hemlöshet",
        "Antal Bostad först",
        "Antal hushåll i hemlöshet",
        "Antal barnfamiljer i hemlöshet",
        "Antal personer i hemlöshet",
        "Antal barn i hemlöshet",
    ]
    assert body["indicators"][1]["id"] == f"{VP}/mal/3.4.1.1/indikator/2"
    assert body["care"].startswith("Göteborgs Stads plan mot hemlöshet")
    # Lines 343-351, in the order the text lists them.
    assert body["development_areas"][0].startswith("Inom ramen för folkhälsoavtalet")
    assert body["development_areas"][-1].startswith("Fortsätta arbetet med Projektet Mutual")
    assert {c["label"] for c in body["initiatives"]} == {"Bostad först", "Mutual benefits"}
    assert body["source"]["document"]["id"] == "dokument/vp-2023-sn-sydvast"
    assert (body["source"]["section"], body["source"]["line"]) == ("3.4.1.1", 327)
    assert body["source"]["source_text"].startswith("3.4.1.1 Hemlösheten ska upphöra")
    assert body["origin"] is None and body["responsible"] == []
    # The news item mentions the goal: an incoming link.
    assert {
        "relation": "namner",
        "direction": "in",
        "id": "dokument/nyhet-2023-03-07-vp-beslutad",
        "type": "dokument",
    }.items() <= next(link for link in body["links"] if link["relation"] == "namner").items()


def test_assignment_3_1_2_4(client: TestClient) -> None:
    # Line 212: "Socialnämnderna får i uppdrag att i samverkan med Framtiden AB ...",
    # ending "KF uppdrag budget 2023".
    body = get_json(client, f"{VP}/uppdrag/3.1.2.4")
    assert body["type"] == "uppdrag"
    assert ids(body["responsible"]) == SOCIALNAMNDER
    assert [r["label"] for r in body["partners"]] == ["Framtiden AB"]
    assert body["led_by"] == []
    # The API docs' example is this entity: its origin is the one read from the plan.
    assert ENTITY_EXAMPLE["id"] == f"{VP}/uppdrag/3.1.2.4"
    assert body["origin"] == ENTITY_EXAMPLE["origin"]
    assert body["origin"]["text"] == "KF uppdrag budget 2023" and body["origin"]["year"] == 2023
    assert body["carried_over"] is False
    assert ids(body["goal_areas"]) == ["goteborg/malomrade/tidiga-insatser"]
    assert body["care"].startswith("En avsiktsförklaring har tecknats")
    assert body["source"]["line"] == 212


def test_assignment_with_decision_and_lead(service: EntityService) -> None:
    # Line 209: "... KF uppdrag utanför budget, KF 2022-09-15 §18", led by stadsledningskontoret.
    entity = service.get(f"{VP}/uppdrag/3.1.2.1")
    assert entity.origin is not None
    assert (entity.origin.kind, entity.origin.year, entity.origin.in_budget) == ("KF", 2022, False)
    assert (entity.origin.decision_date, entity.origin.paragraph) == ("2022-09-15", "§18")
    assert entity.carried_over is True
    assert [r.id for r in entity.responsible] == ["goteborg/org/kommunstyrelsen", *SOCIALNAMNDER]
    assert [r.label for r in entity.led_by] == ["Stadsledningskontoret"]


def test_programme_in_several_areas(client: TestClient) -> None:
    body = get_json(client, JAMLIK_STAD)
    assert body["type"] == "program"
    # Lines 219, 260, 317, 409; areas in section order 3.1 ... 3.4.
    assert ids(body["goal_areas"]) == [
        "goteborg/malomrade/tidiga-insatser",
        "goteborg/malomrade/arbete-och-sysselsattning",
        "goteborg/malomrade/trygghet-och-stadsutveckling",
        "goteborg/malomrade/delaktighet-och-tillit",
    ]
    assert ids(body["contributions"]) == [
        f"{VP}/bidrag/3.1.3.1",
        f"{VP}/bidrag/3.2.3.1",
        f"{VP}/bidrag/3.3.3.3",
        f"{VP}/bidrag/3.4.3.2",
    ]
    incoming = [link for link in body["links"] if link["direction"] == "in"]
    assert {link["relation"] for link in incoming} == {"avser"}


def test_contribution_row(service: EntityService) -> None:
    # Line 562: "Förvaltningen planerar inga aktiviteter kopplade till programmet ..."
    entity = service.get(f"{VP}/bidrag/3.5.3.5")
    assert (
        entity.refers_to is not None
        and entity.refers_to.id == "goteborg/program/goteborgs-stads-innovationsprogram"
    )
    assert entity.engagement is not None and entity.engagement.label == "Följer"
    # Line 260: a row with a sub-area
    row = service.get(f"{VP}/bidrag/3.2.3.1")
    assert row.area == "skapa förutsättningar för arbete"


def test_indicator_knows_its_goal(service: EntityService) -> None:
    entity = service.get(f"{VP}/mal/3.5.1.1/indikator/1")  # line 433
    assert entity.type == "indikator"
    assert entity.goal is not None and entity.goal.id == f"{VP}/mal/3.5.1.1"
    assert entity.target == "minska med 50% till 2026"
    hemloshet = service.get(f"{VP}/mal/3.4.1.1/indikator/5")  # line 361, footnote line 366
    assert (hemloshet.data_source or "").startswith("Indikatorerna hämtas från Göteborgs Stads")


def test_area_lists_what_belongs_to_it(service: EntityService) -> None:
    entity = service.get("goteborg/malomrade/tidiga-insatser")
    assert (entity.type, entity.label, entity.section) == ("malomrade", "Tidiga insatser", "3.1")
    incoming = {
        (link.type, link.id)
        for link in entity.links
        if link.direction == "in" and link.relation == "malomrade"
    }
    programmes = sorted(i for t, i in incoming if t == "program")
    assert programmes == ["goteborg/program/goteborgs-stads-folkhalsoprogram", JAMLIK_STAD]
    assert len([i for t, i in incoming if t == "mal"]) == 3
    assert len([i for t, i in incoming if t == "uppdrag"]) == 6


def test_committee_lists_its_assignments(service: EntityService) -> None:
    entity = service.get("goteborg/org/socialnamnden-sydvast")
    assert (entity.type, entity.label) == ("namnd", "Socialnämnden Sydväst")
    responsible = [
        link.id for link in entity.links if link.direction == "in" and link.relation == "ansvarig"
    ]
    # Every assignment but those given to all committees (3.5.2.1, 3.5.2.4-6) and to
    # "Göteborgs Stad" (3.5.2.2) names Sydväst or the four socialnämnder.
    assert len(responsible) == 21
    assert responsible[0] == f"{VP}/uppdrag/3.1.2.1"
    centrum = service.get("goteborg/org/socialforvaltningen-centrum")
    assert centrum.type == "forvaltning"
    assert {link.id for link in centrum.links if link.relation == "ledsAv"} == {
        f"{VP}/uppdrag/3.3.2.1",
        f"{VP}/uppdrag/3.4.2.5",
    }


def test_origin_and_document_entities(service: EntityService) -> None:
    origin = service.get(f"{VP}/uppdrag/3.1.2.6/ursprung")  # line 214
    assert origin.type == "ursprung"
    assert origin.origin is not None and origin.origin.point == "5"
    assert [link.id for link in origin.links if link.relation == "ursprung"] == [
        f"{VP}/uppdrag/3.1.2.6"
    ]
    document = service.get(f"dokument/{VP}")
    assert (document.type, document.label) == (
        "dokument",
        "Verksamhetsplan 2023 – Socialnämnden Sydväst",
    )


def test_unknown_and_invalid_ids(service: EntityService) -> None:
    with pytest.raises(NotFound):
        service.get(f"{VP}/mal/9.9.9.9")
    with pytest.raises(NotFound):
        service.get("graf/vp-2023-sn-sydvast")  # a named graph, not a described entity
    for bad in ("", "a b", "mål/1", "x> } DROP ALL", "/abs", "a//b", "x" * 301, 'a"b'):
        with pytest.raises(InvalidEntityId):
            service.get(bad)


def test_python_listing(service: EntityService) -> None:
    page = service.find(EntityQuery(type="mal"))
    assert page.total == 12
    assert [i.section for i in page.items][:4] == ["3.1.1.1", "3.1.1.2", "3.1.1.3", "3.2.1.1"]
    assert service.area_ids() == [
        "goteborg/malomrade/arbete-och-sysselsattning",
        "goteborg/malomrade/delaktighet-och-tillit",
        "goteborg/malomrade/kultur-kvalitet-och-effektivitet",
        "goteborg/malomrade/tidiga-insatser",
        "goteborg/malomrade/trygghet-och-stadsutveckling",
    ]
    assert "goteborg/org/framtiden-ab" in service.organisation_ids()
