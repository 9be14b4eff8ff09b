"""/entities and /id over HTTP: negotiation, RDF forms, HTML escaping, errors, listing filters,
pagination, ETags and the /id redirect. Real graph from the corpus, no mocks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ontology import SG
from search_api.core import Styrgraf
from search_api.entities import Entity, Ref, Source
from search_api.entities.html import render_entity
from tests.support.http import entities_client, get_json

BASE = "http://127.0.0.1:8000/id/"
VP = "vp-2023-sn-sydvast"
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


@pytest.fixture(scope="module")
def client(core: Styrgraf) -> TestClient:
    return entities_client(core)


def listing(client: TestClient, query: str) -> dict[str, Any]:
    return get_json(client, f"/entities?{query}")


# ---------------------------------------------------------------------------- negotiation


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("text/turtle;q=0.5, application/ld+json", "application/ld+json"),
        ("text/*;q=0.9, application/json;q=0.1", "text/turtle"),
    ],
)
def test_negotiation(client: TestClient, accept: str | None, expected: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get(f"/entities/{VP}/mal/3.4.1.1", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected
    assert response.headers["vary"] == "Accept"
    assert response.headers["cache-control"] == "public, max-age=60"


def test_not_acceptable(client: TestClient) -> None:
    response = client.get(f"/entities/{VP}/mal/3.4.1.1", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    refused = client.get(
        f"/entities/{VP}/mal/3.4.1.1", headers={"Accept": "application/json;q=0, text/plain"}
    )
    assert refused.status_code == 406


def test_format_parameter_overrides_accept(client: TestClient) -> None:
    response = client.get(
        f"/entities/{VP}/mal/3.4.1.1?format=turtle", headers={"Accept": "application/json"}
    )
    assert response.headers["content-type"].startswith("text/turtle")
    bad = client.get(f"/entities/{VP}/mal/3.4.1.1?format=pdf")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["valid_values"] == ["json", "jsonld", "turtle", "html"]


# ---------------------------------------------------------------------------- RDF forms


@pytest.mark.parametrize(
    "entity_id",
    [
        f"{VP}/mal/3.4.1.1",
        f"{VP}/uppdrag/3.1.2.6",
        f"{VP}/bidrag/3.4.3.3",
        "goteborg/program/goteborgs-stads-program-och-plan-for-jamlik-stad",
        "goteborg/org/socialnamnden-sydvast",
        f"dokument/{VP}",
    ],
)
def test_jsonld_parses_to_the_same_triples_as_turtle(client: TestClient, entity_id: str) -> None:
    turtle = client.get(f"/entities/{entity_id}", headers={"Accept": "text/turtle"})
    jsonld = client.get(f"/entities/{entity_id}", headers={"Accept": "application/ld+json"})
    from_turtle = Graph().parse(data=turtle.text, format="turtle")
    from_jsonld = Graph().parse(data=jsonld.text, format="json-ld")
    assert len(from_turtle) > 5
    assert isomorphic(from_turtle, from_jsonld)


def test_turtle_holds_origin_and_linked_labels(client: TestClient) -> None:
    # Line 214: "... KF uppdrag utanför budget, KF 2022-10-06 §14, punkt 5"
    text = client.get(f"/entities/{VP}/uppdrag/3.1.2.6", headers={"Accept": "text/turtle"}).text
    graph = Graph().parse(data=text, format="turtle")
    origin = URIRef(f"{BASE}{VP}/uppdrag/3.1.2.6/ursprung")
    assert (origin, SG.paragraf, Literal("§14")) in graph
    assert (origin, SG.beslutsdatum, None) in graph
    nordost = URIRef(f"{BASE}goteborg/org/socialnamnden-nordost")
    assert (nordost, RDFS_LABEL, Literal("Socialnämnden Nordost", lang="sv")) in graph
    # Linked nodes contribute their labels, not their own links.
    assert (nordost, SG.dokument, None) not in graph


def test_turtle_holds_incoming_links(client: TestClient) -> None:
    text = client.get("/entities/goteborg/org/framtiden-ab?format=turtle").text
    graph = Graph().parse(data=text, format="turtle")
    assignment = URIRef(f"{BASE}{VP}/uppdrag/3.1.2.4")
    assert (
        assignment,
        SG.samverkanspart,
        URIRef(f"{BASE}goteborg/org/framtiden-ab"),
    ) in graph
    assert (assignment, RDFS_LABEL, None) in graph


# ---------------------------------------------------------------------------- HTML


def test_html_page(client: TestClient) -> None:
    response = client.get(f"/entities/{VP}/uppdrag/3.1.2.4", headers={"Accept": "text/html"})
    page = response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<html lang="sv">' in page
    assert "Socialnämnderna får i uppdrag att i samverkan med Framtiden AB" in page
    assert '<a href="/entities/goteborg/org/framtiden-ab">Framtiden AB</a>' in page
    assert '<a href="/entities/goteborg/malomrade/tidiga-insatser">Tidiga insatser</a>' in page
    assert "KF uppdrag budget 2023" in page
    assert "Nämndens omhändertagande" in page


def test_html_escapes_graph_text(client: TestClient) -> None:
    # The source text of programme rows keeps the extraction's <p> and <i> tags (line 219).
    page = client.get(f"/entities/{VP}/bidrag/3.1.3.1?format=html").text
    assert "&lt;p&gt;Göteborgs Stads program och plan" in page
    assert "<p>Göteborgs Stads program" not in page
    # A label with quotes (line 535).
    page = client.get(f"/entities/{VP}/mal/3.5.1.5/indikator/1?format=html").text
    assert "Chefsenkäten - frågor om &#34;Ledning och stöd&#34;" in page


def test_html_escapes_every_field() -> None:
    evil = '<script>alert("x")</script>'
    entity = Entity(
        id="a/b",
        iri=BASE + "a/b",
        type="mal",
        type_label="Mål",
        label=evil,
        text=evil,
        care=evil,
        development_areas=[evil],
        goal_areas=[Ref(id="goteborg/malomrade/x", label=evil, type="malomrade")],
        source=Source(document=Ref(id="dokument/d", label=evil), source_text=evil),
    )
    page = render_entity(entity, lambda entity_id: "/entities/" + entity_id)
    assert "<script>" not in page
    assert page.count("&lt;script&gt;") >= 6


# ---------------------------------------------------------------------------- errors


def test_unknown_id_is_404_problem(client: TestClient) -> None:
    response = client.get(f"/entities/{VP}/mal/9.9.9.9")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail"}
    assert body["status"] == 404


@pytest.mark.parametrize(
    "path",
    [
        "/entities/a%20b",
        "/entities/m%C3%A5l/1",
        "/entities/x%3E%20%7D%20DROP%20ALL",
        "/entities/a%22b",
        "/entities/",
        "/id/a%3Cb",
    ],
)
def test_invalid_id_is_400_problem(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 400


# ---------------------------------------------------------------------------- listing


def test_listing_by_type_in_section_order(client: TestClient) -> None:
    body = listing(client, "type=bidrag&limit=500")
    assert body["total"] == 28
    sections = [i["section"] for i in body["items"]]
    # 3.4.3.10 comes after 3.4.3.9, not after 3.4.3.1
    assert sections.index("3.4.3.10") == sections.index("3.4.3.9") + 1
    first = body["items"][0]
    assert first == {
        "id": f"{VP}/bidrag/3.1.3.1",
        "type": "bidrag",
        "section": "3.1.3.1",
        "label": first["label"],
        "url": f"/entities/{VP}/bidrag/3.1.3.1",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=mal", 12),
        ("type=uppdrag", 26),
        ("type=program", 7),
        ("type=plan", 18),
        ("type=indikator", 46),
        ("type=malomrade", 5),
        ("ursprung=KF", 22),
        ("ursprung=kf", 22),
        ("ursprung=SN", 4),
        ("ursprung=budget", 14),
        ("ursprung=utanfor-budget", 12),
        ("ursprung=2023", 12),
        ("ursprung=2021", 3),
        ("ursprung=KF&ursprung=2022", 9),
        ("type=mal&ursprung=KF", 0),
        ("malomrade=tidiga-insatser&type=program", 2),
        ("malomrade=malomrade/delaktighet-och-tillit&type=plan", 8),
        ("malomrade=arbete-och-sysselsattning", 8),
        ("namnd=framtiden-ab", 1),
        ("namnd=org/socialforvaltningen-centrum", 2),
        ("namnd=alla-namnder-och-styrelser", 4),
    ],
)
def test_listing_filters(client: TestClient, query: str, expected: int) -> None:
    assert listing(client, query)["total"] == expected


def test_listing_filter_contents(client: TestClient) -> None:
    items = listing(client, "ursprung=2021")["items"]
    # Lines 309, 546, 548: the three assignments from 2021
    assert [i["id"] for i in items] == [
        f"{VP}/uppdrag/3.3.2.6",
        f"{VP}/uppdrag/3.5.2.1",
        f"{VP}/uppdrag/3.5.2.3",
    ]
    items = listing(client, "namnd=framtiden-ab")["items"]
    assert [i["id"] for i in items] == [f"{VP}/uppdrag/3.1.2.4"]


def test_listing_pagination(client: TestClient) -> None:
    everything = listing(client, "type=indikator&limit=500")["items"]
    pages = []
    url: str | None = "/entities?type=indikator&limit=20"
    while url:
        body = client.get(url).json()
        assert body["total"] == 46
        pages.append(body)
        url = body["next"]
    assert [len(p["items"]) for p in pages] == [20, 20, 6]
    assert [i for p in pages for i in p["items"]] == everything
    assert pages[0]["previous"] is None
    assert pages[2]["previous"] == "/entities?type=indikator&limit=20&offset=20"
    assert listing(client, "type=indikator&offset=100")["items"] == []
    assert listing(client, "")["limit"] == 50


@pytest.mark.parametrize(
    ("query", "parameter", "valid"),
    [
        ("type=uppdragen", "type", "uppdrag"),
        ("malomrade=hemloshet", "malomrade", "tidiga-insatser"),
        ("namnd=socialnamnden-vast", "namnd", "socialnamnden-sydvast"),
        ("ursprung=KS", "ursprung", "utanfor-budget"),
        ("limit=0", "limit", "1..500"),
        ("limit=501", "limit", "1..500"),
        ("limit=abc", "limit", "1..500"),
        ("offset=-1", "offset", "0 or more"),
    ],
)
def test_listing_bad_values_are_422_with_valid_values(
    client: TestClient, query: str, parameter: str, valid: str
) -> None:
    response = client.get(f"/entities?{query}")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    error = body["errors"][0]
    assert error["parameter"] == parameter
    assert valid in error["valid_values"]


# ---------------------------------------------------------------------------- caching


def test_etag_and_304(client: TestClient) -> None:
    url = f"/entities/{VP}/mal/3.4.1.1"
    first = client.get(url)
    tag = first.headers["etag"]
    assert tag.startswith('"') and tag.endswith('"')
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag and again.headers["vary"] == "Accept"
    assert client.get(url, headers={"If-None-Match": f'"other", W/{tag}'}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    turtle = client.get(url, headers={"Accept": "text/turtle", "If-None-Match": tag})
    assert turtle.status_code == 200 and turtle.headers["etag"] != tag
    other = client.get(f"/entities/{VP}/mal/3.4.1.2")
    assert other.headers["etag"] != tag


def test_listing_etag(client: TestClient) -> None:
    first = client.get("/entities?type=mal")
    assert (
        client.get(
            "/entities?type=mal", headers={"If-None-Match": first.headers["etag"]}
        ).status_code
        == 304
    )
    assert client.get("/entities?type=uppdrag").headers["etag"] != first.headers["etag"]


# ---------------------------------------------------------------------------- /id redirect


def test_id_redirects_with_303(client: TestClient) -> None:
    response = client.get(f"/id/{VP}/mal/3.4.1.1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/entities/{VP}/mal/3.4.1.1"
    followed = client.get(f"/id/{VP}/mal/3.4.1.1", headers={"Accept": "text/turtle"})
    assert followed.status_code == 200
    assert followed.headers["content-type"].startswith("text/turtle")
    kept = client.get(f"/id/{VP}/mal/3.4.1.1?format=html", follow_redirects=False)
    assert kept.headers["location"] == f"/entities/{VP}/mal/3.4.1.1?format=html"
    assert client.get("/id/finns/inte", follow_redirects=False).status_code == 404


def test_entity_iri_resolves_through_id(client: TestClient) -> None:
    body = client.get(f"/entities/{VP}/uppdrag/3.1.2.4").json()
    path = body["iri"].removeprefix("http://127.0.0.1:8000")
    assert client.get(path).json()["id"] == body["id"]


# ---------------------------------------------------------------------------- OpenAPI


def test_openapi_documents_every_parameter(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    text = json.dumps(spec, ensure_ascii=False)
    assert f"{VP}/mal/3.4.1.1" in text
    for path in ("/entities", "/entities/{entity_id}", "/id/{entity_id}"):
        operation = spec["paths"][path]["get"]
        assert operation["summary"] and operation["description"]
        for parameter in operation["parameters"]:
            assert parameter.get("description"), (path, parameter["name"])
        assert {"404", "503"} <= set(operation["responses"])
    responses = spec["paths"]["/entities/{entity_id}"]["get"]["responses"]
    assert {"application/json", "application/ld+json", "text/turtle", "text/html"} <= set(
        responses["200"]["content"]
    )
    assert "application/problem+json" in responses["404"]["content"]
    type_param = next(
        p for p in spec["paths"]["/entities"]["get"]["parameters"] if p["name"] == "type"
    )
    assert "mal" in json.dumps(type_param["schema"])
