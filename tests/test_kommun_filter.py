"""The `kommun` filter over a graph of two kommuner: the bundled Göteborg corpus (plan and
news item) and Kungsbacka's årsredovisning and nämndbudget, ingested into one temporary data
dir and served by the real app (GET /search, GET /entities, the search page, the CLI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from search_api.core import Styrgraf
from search_api.search.dense import DenseParams
from search_api.search.documents import SearchDoc
from search_api.search.index import IndexParams
from search_api.search.storage import index_for, is_current, read_manifest
from tests.support.corpus import copy_corpus, make_core, warm_index
from tests.support.http import parameter_problem
from tests.support.server import run_cli
from tests.support.steering import ANNUAL_REPORT, NAMNDBUDGET

HOUSING = "kungsbacka/indikator/antal-paborjade-bostader"
KF_GOALS = {
    "kungsbacka/mal/basta-foretagsklimatet-i-vastsverige",
    "kungsbacka/mal/en-attraktiv-kommun-att-bo-verka-och-vistas-i",
    "kungsbacka/mal/en-hallbar-utveckling-och-en-halsosam-miljo",
    "kungsbacka/mal/ett-medskapande-samhalle-och-oppen-attityd",
    "kungsbacka/mal/i-kungsbacka-utvecklas-vi-hela-livet",
}
NAMNDMAL = "kungsbacka/namnden-for-vard-omsorg/mal/"


@pytest.fixture(scope="module")
def core(ingested_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Styrgraf:
    core = make_core(copy_corpus(ingested_dir, tmp_path_factory.mktemp("kommun") / "data"))
    core.ingest([ANNUAL_REPORT, NAMNDBUDGET])
    warm_index(core, "kommun")
    return core


@pytest.fixture(scope="module")
def client(core: Styrgraf) -> TestClient:
    return TestClient(create_app(core))


def search_ids(client: TestClient, **params: str | int) -> list[str]:
    response = client.get("/search", params=params)
    assert response.status_code == 200, response.text
    return [hit["id"] for hit in response.json()["results"]]


def kommun_of(entity_id: str) -> str:
    return "kungsbacka" if entity_id.startswith("kungsbacka/") else "goteborg"


def test_every_search_document_knows_its_kommun(core: Styrgraf) -> None:
    docs = index_for(core).docs
    by_kommun = {d.id: [(n.id, n.label) for n in d.kommuner] for d in docs}
    assert by_kommun[HOUSING] == [("kommun/kungsbacka", "Kungsbacka kommun")]
    assert by_kommun["vp-2023-sn-sydvast/mal/3.4.1.1"] == [("kommun/goteborg", "Göteborgs Stad")]
    assert all(len(kommuner) == 1 for kommuner in by_kommun.values())
    # Göteborg's document ids do not carry the kommun; Kungsbacka's shared ids do.
    assert all(by_kommun[d.id][0][0] == "kommun/" + kommun_of(d.id) for d in docs)


def test_search_within_goteborg(client: TestClient) -> None:
    everything = search_ids(client, q="hemlöshet", k=100)
    assert {kommun_of(i) for i in everything} == {"goteborg", "kungsbacka"}
    ids = search_ids(client, q="hemlöshet", kommun="goteborg", k=100)
    assert "vp-2023-sn-sydvast/mal/3.4.1.1" in ids  # "Hemlösheten ska upphöra till 2028."
    assert {kommun_of(i) for i in ids} == {"goteborg"}
    # by name, by id, in any case: the same results
    assert search_ids(client, q="hemlöshet", kommun="göteborgs stad", k=100) == ids
    assert search_ids(client, q="hemlöshet", kommun="KOMMUN/GOTEBORG", k=100) == ids


def test_search_within_kungsbacka(client: TestClient) -> None:
    ids = search_ids(client, q="bostäder", kommun="kungsbacka")
    assert HOUSING in ids[:3]
    assert {kommun_of(i) for i in ids} == {"kungsbacka"}
    assert search_ids(client, q="bostäder", kommun="Kungsbacka kommun") == ids
    # combined with another filter
    only = search_ids(client, q="bostäder", kommun="kungsbacka", type="indikator")
    assert HOUSING in only and all("/indikator/" in i for i in only)


def test_unknown_kommun_is_a_problem_listing_the_kommuner(client: TestClient) -> None:
    error = parameter_problem(client, "/search", q="bostäder", kommun="malmo")
    assert error["parameter"] == "kommun"
    assert error["valid_values"] == ["goteborg", "kungsbacka"]


def test_openapi_documents_the_kommun_parameter(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/search", "/entities"):
        params = {p["name"]: p for p in spec["paths"][path]["get"]["parameters"]}
        assert "kommun" in params and params["kommun"]["description"]


def test_entities_of_kungsbacka(client: TestClient) -> None:
    body = client.get("/entities", params={"kommun": "kungsbacka", "type": "mal"}).json()
    ids = [item["id"] for item in body["items"]]
    assert body["total"] == 11
    assert set(ids) >= KF_GOALS
    assert len([i for i in ids if i.startswith(NAMNDMAL)]) == 6
    assert set(ids) == KF_GOALS | {i for i in ids if i.startswith(NAMNDMAL)}
    by_name = client.get("/entities", params={"kommun": "Kungsbacka kommun", "type": "mal"})
    assert by_name.json()["total"] == 11
    goteborg = client.get("/entities", params={"kommun": "goteborg", "type": "mal"}).json()
    assert goteborg["total"] == 12
    assert all(i["id"].startswith("vp-2023-sn-sydvast/mal/") for i in goteborg["items"])
    # organisations carry their kommun themselves
    orgs = client.get("/entities", params={"kommun": "goteborg", "type": "namnd", "limit": 500})
    assert "goteborg/org/socialnamnden-sydvast" in [i["id"] for i in orgs.json()["items"]]


def test_entities_unknown_kommun(client: TestClient) -> None:
    error = parameter_problem(client, "/entities", kommun="malmo")
    assert error["parameter"] == "kommun"
    assert error["valid_values"] == ["goteborg", "kungsbacka"]


def test_search_page_offers_and_keeps_the_kommun(client: TestClient) -> None:
    page = client.get("/", params={"q": "bostäder", "kommun": "kungsbacka"})
    assert page.status_code == 200
    html = page.text
    assert '<label for="kommun">Kommun</label>' in html
    assert '<select id="kommun" name="kommun">' in html
    assert '<option value="">Alla kommuner</option>' in html
    assert '<option value="goteborg">Göteborgs Stad</option>' in html
    assert '<option value="kungsbacka" selected>Kungsbacka kommun</option>' in html
    assert "Avgränsa efter kommun, typ, målområde eller nämnd" in html
    assert "Avgränsat till kommun: Kungsbacka kommun." in html
    assert f'href="/sida/{HOUSING}"' in html
    assert "/sida/vp-2023-sn-sydvast/" not in html
    bad = client.get("/", params={"q": "bostäder", "kommun": "malmo"})
    assert bad.status_code == 422
    assert '<a href="#kommun">Det finns ingen sådan kommun; välj i listan.</a>' in bad.text
    assert '<select id="kommun" name="kommun" aria-invalid="true">' in bad.text


def test_search_page_of_one_kommun_has_no_kommun_select(ingested: Styrgraf) -> None:
    html = TestClient(create_app(ingested)).get("/").text
    assert 'name="amne"' in html
    assert 'name="kommun"' not in html
    assert "Avgränsa efter typ, målområde eller nämnd" in html


def test_cli_search_kommun(core: Styrgraf) -> None:
    data = core.settings.data_dir
    done = run_cli(["search", "--json", "--kommun", "kungsbacka", "bostäder"], data)
    assert done.returncode == 0, done.stderr
    ids = [hit["id"] for hit in json.loads(done.stdout)["results"]]
    assert HOUSING in ids and {kommun_of(i) for i in ids} == {"kungsbacka"}
    bad = run_cli(["search", "--json", "--kommun", "malmo", "bostäder"], data)
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert "kommun: unknown value 'malmo'" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_an_index_saved_without_kommuner_still_loads_and_is_rebuilt(core: Styrgraf) -> None:
    index = index_for(core)
    old = {k: v for k, v in index.docs[0].to_json().items() if k != "kommuner"}
    loaded = SearchDoc.from_json(old)
    assert loaded.kommuner == [] and loaded.label == index.docs[0].label
    manifest = read_manifest(core.version.index_path)
    assert manifest is not None and manifest["format"] == 3
    params = IndexParams(dense=DenseParams(approximate_from=core.settings.dense_exact_below))
    embedder = manifest["embedder"]
    assert is_current(manifest, core.version.id, embedder, params)
    # an index of the format before kommuner is stale: index_for builds a new one
    assert not is_current({**manifest, "format": 2}, core.version.id, embedder, params)
