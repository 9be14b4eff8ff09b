"""The web pages for analysts in-process (TestClient): gap reports, the målområde overview,
the SPARQL editor with the endpoint's safety, and the vendored static files."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from search_api.core import Styrgraf
from search_api.entities import EntityService
from search_api.gaps import list_gaps
from search_api.sparql.service import QueryService
from search_api.web.sparql_page import QueryOutcome, QueryRunner
from search_api.web.tables import CellMaker
from tests.test_web import assert_frame, page


@pytest.fixture(scope="module")
def client(ingested: Styrgraf) -> Iterator[TestClient]:
    with TestClient(create_app(ingested)) as client:
        yield client


def rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>.*?</tr>", body, flags=re.S)


# ---------------------------------------------------------------------------- reports


def test_report_list_names_every_saved_query(client: TestClient) -> None:
    html = page(client, "/rapporter")
    assert_frame(html)
    for gap in list_gaps():
        assert f'href="/rapporter/{gap.name}">{gap.title}</a>' in html
    assert "2 rader" in html  # two goals without indicators


@pytest.mark.parametrize("name", [g.name for g in list_gaps()])
def test_every_report_is_a_table(client: TestClient, name: str) -> None:
    html = page(client, f"/rapporter/{name}")
    assert_frame(html)
    assert '<table class="data">' in html and '<th scope="col"' in html
    assert f'href="/sparql-editor?exempel={name}"' in html
    assert f'href="/gaps/{name}?format=csv"' in html


def test_goals_without_indicators_link_to_their_pages(client: TestClient) -> None:
    html = page(client, "/rapporter/mal-utan-indikatorer")
    assert len(rows(html)) == 2
    # The IRI column and its text column read as one linked column named in Swedish.
    assert (
        '<a href="/sida/vp-2023-sn-sydvast/mal/3.1.1.2">Segregationen i Göteborg ska minska.</a>'
        in html
    )
    assert '<th scope="col">Mål</th>' in html and "Mal text</th>" not in html
    assert '<a href="/sida/goteborg/malomrade/tidiga-insatser">Tidiga insatser</a>' in html


def test_booleans_and_numbers_read_well(client: TestClient) -> None:
    html = page(client, "/rapporter/uppdrag-per-ursprung")
    assert '<th scope="col" class="num">Antal</th>' in html
    assert "<td>Ja</td>" in html and "<td>Nej</td>" in html and "true" not in html


def test_unknown_report_is_a_swedish_404(client: TestClient) -> None:
    html = page(client, "/rapporter/finns-inte", status=404)
    assert "Det finns ingen rapport med det namnet." in html
    assert 'href="/rapporter"' in html


def test_overview_is_a_chart_with_a_table(client: TestClient) -> None:
    html = page(client, "/malomraden")
    assert_frame(html)
    assert '<svg class="chart"' in html and 'role="img"' in html and "<desc " in html
    assert html.count('<rect class="bar s') == 5 * 5  # five areas, five kinds each
    table = html.split("Samma siffror som tabell", 1)[1]
    assert len(rows(table)) == 5
    total = table.split("<tfoot>", 1)[1]
    numbers = re.findall(r'<td class="num">(\d+)</td>', total)
    assert numbers == ["12", "26", "7", "18", "46"]  # the plan's own totals
    assert '<a href="/sida/goteborg/malomrade/tidiga-insatser">Tidiga insatser</a>' in table


def test_overview_report_page_also_draws_the_chart(client: TestClient) -> None:
    assert '<svg class="chart"' in page(client, "/rapporter/malomraden-oversikt")


# ---------------------------------------------------------------------------- SPARQL editor


def test_editor_offers_the_saved_queries(client: TestClient) -> None:
    html = page(client, "/sparql-editor")
    assert_frame(html)
    assert '<label for="query">' in html and "<textarea" in html
    assert len(re.findall(r'href="/sparql-editor\?exempel=', html)) == len(list_gaps())
    assert '<script src="/static/web/sparql-editor.js" defer></script>' in html


def test_example_loads_and_runs(client: TestClient) -> None:
    html = page(client, "/sparql-editor", exempel="mal-utan-indikatorer")
    assert "# title: Mål utan indikatorer" in html  # in the editor
    assert "2 rader" in html and '<th scope="col">mal</th>' in html  # raw variable names
    assert 'href="/sida/vp-2023-sn-sydvast/mal/3.1.1.2"' in html


def test_posted_select_with_predefined_prefixes(client: TestClient) -> None:
    query = "SELECT ?m WHERE { ?m a sg:Mal } ORDER BY ?m LIMIT 3"
    response = client.post("/sparql-editor", data={"query": query})
    assert response.status_code == 200
    assert "3 rader" in response.text and "sg:Mal } ORDER BY" in response.text


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "Grafen kan bara läsas här: INSERT"),
        ("DROP ALL", 403, "Grafen kan bara läsas här: DROP"),
        ("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }", 403, "SERVICE"),
        ("SELECT WHERE {", 400, "Frågan kunde inte tolkas."),
        ("   ", 400, "Skriv en fråga först."),
    ],
)
def test_editor_refuses_like_the_endpoint(
    client: TestClient, query: str, status: int, message: str
) -> None:
    response = client.post("/sparql-editor", data={"query": query})
    assert response.status_code == status
    assert message in response.text and 'role="alert"' in response.text


def test_ask_and_construct(client: TestClient) -> None:
    assert "Ja (true)" in page(client, "/sparql-editor", query="ASK { ?m a sg:Mal }")
    html = page(client, "/sparql-editor", query="CONSTRUCT WHERE { ?m a sg:Indikator } LIMIT 4")
    assert "4 rader" in html and '<th scope="col">subjekt</th>' in html


def test_editor_escapes_the_query_and_the_results(client: TestClient) -> None:
    html = page(client, "/sparql-editor", query='SELECT ("<script>x</script>" AS ?v) {}')
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


def test_unknown_example_is_404(client: TestClient) -> None:
    page(client, "/sparql-editor", status=404, exempel="finns-inte")


def _runner(timeout: float, max_results: int) -> QueryRunner:
    service = QueryService(
        workers=1,
        per_client=1,
        queue_seconds=1,
        timeout=timeout,
        max_results=max_results,
        max_bytes=1_000_000,
        memory_bytes=0,
    )
    return QueryRunner(service, max_query_chars=10_000)


def _run(core: Styrgraf, query: str, timeout: float, max_results: int) -> QueryOutcome:
    runner = _runner(timeout, max_results)
    try:
        cells = CellMaker(EntityService(core).read, lambda i: "/sida/" + i)
        return asyncio.run(runner.run(core, "127.0.0.1", query, cells))
    finally:
        runner.queries.close()


def test_runaway_query_is_stopped(ingested: Styrgraf) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    outcome = _run(ingested, query, timeout=0.5, max_results=100)
    assert outcome.status == 503 and outcome.error and "stoppades" in outcome.error


def test_oversized_result_is_refused(ingested: Styrgraf) -> None:
    outcome = _run(ingested, "SELECT * WHERE { ?s ?p ?o }", timeout=10, max_results=10)
    assert outcome.status == 422 and outcome.error and "fler än 10 rader" in outcome.error


# ---------------------------------------------------------------------------- static files


@pytest.mark.parametrize(
    ("name", "media"), [("web.css", "text/css"), ("sparql-editor.js", "text/javascript")]
)
def test_vendored_assets(client: TestClient, name: str, media: str) -> None:
    response = client.get(f"/static/web/{name}")
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert "http://" not in response.text and "https://" not in response.text
    assert "@import" not in response.text and "url(" not in response.text


@pytest.mark.parametrize("name", ["nope.css", "..%2F__init__.py", "router.py"])
def test_no_other_files_are_served(client: TestClient, name: str) -> None:
    assert client.get(f"/static/web/{name}").status_code == 404
