"""Security headers on every response, vendored API docs (no CDN), HEAD wherever GET is, and
problem+json for static files that do not exist."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from search_api.core import Styrgraf

ENTITY = "vp-2023-sn-sydvast/uppdrag/3.1.2.4"


@pytest.fixture(scope="module")
def client(core: Styrgraf) -> Iterator[TestClient]:
    with TestClient(create_app(core)) as test_client:
        yield test_client


def csp(response: object) -> dict[str, str]:
    header: str = response.headers["content-security-policy"]  # type: ignore[attr-defined]
    return {
        part.split()[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in header.split(";"))
        if part
    }


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?q=hemlöshet",
        f"/sida/{ENTITY}",
        "/rapporter",
        "/malomraden",
        "/sparql-editor",
        f"/entities/{ENTITY}?format=html",
        "/sida/finns/inte",
    ],
)
def test_html_pages_carry_a_strict_policy(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["content-type"].startswith("text/html")
    policy = csp(response)
    assert policy["default-src"] == "'none'" and policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and "unsafe-inline" not in policy["style-src"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    # no inline script; every inline <style> block is allowed by its hash
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text)
    for block in re.findall(r"<style>(.*?)</style>", response.text, re.DOTALL):
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy["style-src"]


def test_json_is_nosniff_and_unframeable(client: TestClient) -> None:
    response = client.get("/health")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert csp(response) == {"default-src": "'none'", "frame-ancestors": "'none'"}


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_load_nothing_from_elsewhere(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert "http://" not in response.text and "https://" not in response.text
    assert "integrity" not in response.text  # nothing to check: every file is ours
    scripts = re.findall(r'<script src="([^"]+)"', response.text)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', response.text)
    assert scripts and not re.search(r"<script>", response.text)
    for src in scripts + styles:
        asset = client.get("/" + src)
        assert asset.status_code == 200 and len(asset.content) > 100, src
    assert csp(response)["script-src"] == "'self'"


def test_vendored_docs_carry_their_licences(client: TestClient) -> None:
    assert "Apache License" in client.get("/static/docs/LICENSE-swagger-ui.txt").text
    assert "MIT License" in client.get("/static/docs/LICENSE-redoc.txt").text


@pytest.mark.parametrize("path", ["/static/web/nope.css", "/static/docs/nope.js"])
def test_missing_static_file_is_problem_json(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/health",
        "/search?q=hemlöshet",
        f"/entities/{ENTITY}",
        "/gaps",
        "/gaps/mal-utan-indikatorer",
        "/entities?type=mal",
        "/sparql?query=ASK%20%7B%7D",
        "/docs",
    ],
)
def test_head_wherever_get_is(client: TestClient, path: str) -> None:
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    # the GET's length (a search's took_ms may differ by a digit between the two requests)
    assert abs(int(head.headers["content-length"]) - len(get.content)) <= 2


@pytest.mark.parametrize("path", ["/search?q=%FF%FE", "/sparql?query=%FF%FE", "/?q=%C3"])
def test_invalid_utf8_in_the_query_string_is_400_everywhere(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "Bad encoding"


# ------------------------------------------------------------------ uniform errors


def test_long_input_is_not_echoed_in_full(client: TestClient) -> None:
    name = "x" * 50_000
    response = client.get(f"/gaps/{name}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert detail.startswith("there is no saved query 'xxx") and len(detail) < 1000
    search = client.get("/search", params={"q": "hemlöshet", "namnd": "y" * 20_000})
    assert search.status_code == 422 and len(search.text) < 5000


def test_listing_refuses_formats_it_cannot_give(client: TestClient) -> None:
    response = client.get("/entities", params={"type": "mal"}, headers={"Accept": "text/turtle"})
    assert response.status_code == 406
    assert response.json()["available"] == ["application/json"]


def test_listing_takes_a_malomrade_by_name_like_search(client: TestClient) -> None:
    by_slug = client.get("/entities", params={"malomrade": "tidiga-insatser"}).json()
    by_name = client.get("/entities", params={"malomrade": "Tidiga insatser"}).json()
    assert by_slug["total"] == by_name["total"] > 0
    assert by_slug["items"] == by_name["items"]
    search = client.get("/search", params={"q": "barn", "malomrade": "tidiga-insatser"})
    assert search.status_code == 200 and search.json()["results"]


def test_listing_repeated_type_means_any_of_them(client: TestClient) -> None:
    goals = client.get("/entities", params={"type": "mal", "limit": 500}).json()["total"]
    tasks = client.get("/entities", params={"type": "uppdrag", "limit": 500}).json()["total"]
    both = client.get("/entities", params={"type": ["mal", "uppdrag"], "limit": 500}).json()
    assert both["total"] == goals + tasks == 12 + 26
    assert {i["type"] for i in both["items"]} == {"mal", "uppdrag"}
