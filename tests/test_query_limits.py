"""Query limits and the one SPARQL policy, over the real corpus and real worker processes:
nesting depth checked before parsing, result bytes, worker memory, engine errors as 4xx/5xx
problems, and the same refusals and limits (time, rows) for the CLI and the Python API as for
HTTP."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from subprocess import CompletedProcess

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from graph.settings import Settings
from ingest.errors import QueryError, QueryLimitExceeded
from search_api.app import create_app
from search_api.core import Styrgraf
from search_api.gaps import run_gap
from search_api.sparql.policy import QueryRefused, nesting_depth
from tests.conftest import BASE, CORPUS
from tests.support.server import one_line_error, run_cli
from tests.support.sparql import BIG_LITERAL, TRIPLE_TERM

PRODUCT = "SELECT ?o ?o2 { ?s ?p ?o . ?s2 ?p2 ?o2 } ORDER BY ?o ?o2 LIMIT 1"


def core_with(data_dir: Path, **settings: object) -> Styrgraf:
    return Styrgraf(Settings(data_dir=data_dir, corpus_dir=CORPUS, base_iri=BASE, **settings))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def client(ingested: Styrgraf) -> Iterator[TestClient]:
    core = core_with(ingested.settings.data_dir, sparql_timeout=20.0)
    with TestClient(create_app(core)) as test_client:
        yield test_client


def sparql(client: TestClient, query: str, accept: str = "application/json") -> tuple[int, dict]:  # type: ignore[type-arg]
    response = client.post(
        "/sparql",
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
    )
    if response.status_code == 200:
        return 200, {}
    assert response.headers["content-type"] == "application/problem+json"
    return response.status_code, response.json()


def count(client: TestClient) -> int:
    query = "SELECT (COUNT(*) AS ?n) { ?s a <https://w3id.org/styrgraf/ns#Mal> }"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize(
    ("query", "depth"),
    [
        ("SELECT * WHERE " + "{" * 5000 + "}" * 5000, 5000),
        ("SELECT * { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }", 10_002),
        ("SELECT * { FILTER(" + "!" * 20_000 + "true) }", 20_002),
    ],
)
def test_deep_nesting_is_400_before_parsing(client: TestClient, query: str, depth: int) -> None:
    assert nesting_depth(query) == depth
    status, body = sparql(client, query)
    assert status == 400 and body["title"] == "Query too deep"
    assert f"{depth} levels deep; at most 128" in body["detail"]
    assert count(client) == 12  # the workers are alive


def test_depth_ignores_brackets_in_strings_and_iris() -> None:
    assert nesting_depth('SELECT * { ?s ?p "((((((((" . ?s ?p <http://x/((((> }') == 1


def test_literal_over_the_engine_buffer_is_422(client: TestClient) -> None:
    status, body = sparql(client, BIG_LITERAL)
    assert status == 422 and body["title"] == "Query needs too much memory"
    assert "buffer maximal size" in body["detail"]


def test_triple_term_as_json_ld_is_406(client: TestClient) -> None:
    status, body = sparql(client, TRIPLE_TERM, accept="application/ld+json")
    assert status == 406 and "JSON-LD does not support RDF 1.2" in body["detail"]
    assert sparql(client, TRIPLE_TERM, accept="application/n-triples")[0] == 200


def test_memory_hungry_query_is_stopped_by_the_worker_cap(client: TestClient) -> None:
    status, body = sparql(client, PRODUCT)
    assert status == 422 and body["title"] == "Query needs too much memory"
    assert count(client) == 12  # a fresh worker took its place


def test_timeout_503_says_when_to_retry(ingested: Styrgraf) -> None:
    core = core_with(ingested.settings.data_dir, sparql_timeout=0.5)
    with TestClient(create_app(core)) as client:
        query = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        response = client.get("/sparql", params={"query": query})
    assert response.status_code == 503 and response.json()["title"] == "Query timeout"
    assert response.headers["retry-after"] == "1"


def test_result_byte_cap(ingested: Styrgraf) -> None:
    core = core_with(ingested.settings.data_dir, sparql_max_result_bytes=5000)
    with TestClient(create_app(core)) as client:
        status, body = sparql(
            client, "SELECT ?l { ?m <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
        )
        assert status == 422 and "more than the 5000 this endpoint returns" in body["detail"]
        assert sparql(client, "ASK { ?s ?p ?o }")[0] == 200


# ------------------------------------------------------------- one policy, every entry point


@pytest.mark.parametrize(
    ("query", "status", "title"),
    [
        (
            "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            403,
            "SERVICE not allowed",
        ),
        ("INSERT DATA { <a> <b> <c> }", 403, "Updates not allowed"),
        ("SELECT * WHERE " + "{" * 300 + "}" * 300, 400, "Query too deep"),
    ],
)
def test_python_api_refuses_like_http(
    ingested: Styrgraf, client: TestClient, query: str, status: int, title: str
) -> None:
    with pytest.raises(QueryRefused) as refused:
        ingested.sparql(query)
    assert (refused.value.status, refused.value.title) == (status, title)
    http_status, body = sparql(client, query)
    assert (http_status, body["title"]) == (status, title)


def test_python_api_resolves_against_the_configured_base(ingested: Styrgraf) -> None:
    rows = list(ingested.sparql("SELECT ?x { BIND(<rel> AS ?x) }"))
    assert rows[0]["x"].value == BASE + "rel"


def test_cli_refuses_service_without_fetching(ingested: Styrgraf) -> None:
    done = run_cli(
        ["sparql", "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"],
        ingested.settings.data_dir,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("styrgraf: federated queries (SERVICE) are refused")
    assert "ConnectionRefused" not in done.stderr


# ------------------------------------------------------------- saved gap queries, same limits


def test_saved_query_pages_at_the_row_cap(ingested: Styrgraf) -> None:
    """/gaps/{name} runs in the workers with /sparql's row cap: a result over it comes a page
    at a time, each pointing to the next, and the pages together are the whole result."""
    whole = [row["indikator"].value for row in run_gap(ingested, "indikatorer-utan-malvarde")]
    assert len(whole) == 41
    core = core_with(ingested.settings.data_dir, sparql_max_results=10)
    with TestClient(create_app(core)) as client:
        seen: list[str] = []
        url: str | None = "/gaps/indikatorer-utan-malvarde"
        links = []
        while url is not None:
            response = client.get(url)
            assert response.status_code == 200, response.text
            bindings = response.json()["results"]["bindings"]
            seen += [b["indikator"]["value"] for b in bindings]
            link = response.headers.get("link")
            links.append(link)
            url = link[1 : link.index(">")] if link else None
            assert len(bindings) == (10 if link else 1)
        assert links[0] == '</gaps/indikatorer-utan-malvarde?offset=10&limit=10>; rel="next"'
        assert seen == whole
        # a smaller page on request; a larger one is held to the cap
        csv_page = client.get("/gaps/indikatorer-utan-malvarde?format=csv&limit=3&offset=40")
        assert csv_page.text.count("\n") == 1 + 1 and "link" not in csv_page.headers
        assert (
            len(client.get("/gaps/mal-utan-indikatorer?limit=5000").json()["results"]["bindings"])
            == 2
        )
        assert client.get("/gaps/mal-utan-indikatorer?limit=0").status_code == 422
        # the report page shows the first rows and says how many there are
        html = client.get("/rapporter/indikatorer-utan-malvarde").text
        assert "41 rader." in html and "De första 10 raderna visas" in html


def test_saved_query_times_out_like_sparql(ingested: Styrgraf) -> None:
    core = core_with(ingested.settings.data_dir, sparql_timeout=0.001)
    with TestClient(create_app(core)) as client:
        response = client.get("/gaps/mal-utan-utfall")
        assert response.status_code == 503 and response.json()["title"] == "Query timeout"
        assert response.headers["retry-after"] == "1"
        page = client.get("/malomraden")
        assert page.status_code == 503 and "tog för lång tid" in page.text


# ------------------------------------------- the CLI and the Python API: the same workers

CROSS = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # hours, unstopped
UPPDRAG = "SELECT ?u { ?u a <https://w3id.org/styrgraf/ns#Uppdrag> }"  # the plan's 26


def cli_with(core: Styrgraf, setting: str, value: str, *args: str) -> CompletedProcess[str]:
    """`styrgraf ARGS` over `core`'s data with one STYRGRAF_ setting changed."""
    return run_cli(args, core.settings.data_dir, timeout=120, env={setting: value})


def test_cli_stops_a_query_at_the_time_limit(ingested: Styrgraf) -> None:
    done = cli_with(ingested, "STYRGRAF_SPARQL_TIMEOUT", "0.5", "sparql", CROSS)
    assert one_line_error(done) == (
        "styrgraf: the query ran longer than the 0.5 s time limit (STYRGRAF_SPARQL_TIMEOUT) "
        "and was stopped; narrow it or add a LIMIT"
    )
    assert done.stdout == ""
    # as /gaps/mal-utan-utfall above
    done = cli_with(ingested, "STYRGRAF_SPARQL_TIMEOUT", "0.001", "gaps", "mal-utan-utfall")
    assert "0.001 s time limit (STYRGRAF_SPARQL_TIMEOUT)" in one_line_error(done)


def test_cli_refuses_rows_over_the_cap_as_sparql_does(ingested: Styrgraf) -> None:
    """`styrgraf sparql` refuses a result over the row cap, as /sparql answers it with 422."""
    done = cli_with(ingested, "STYRGRAF_SPARQL_MAX_RESULTS", "10", "sparql", UPPDRAG)
    assert one_line_error(done) == (
        "styrgraf: the result has more than 10 rows, the most a query may return "
        "(STYRGRAF_SPARQL_MAX_RESULTS): add LIMIT 10 or narrow the query"
    )
    core = core_with(ingested.settings.data_dir, sparql_max_results=10)
    with TestClient(create_app(core)) as client:
        status, body = sparql(client, UPPDRAG)
    assert status == 422 and body["title"] == "Result too large"
    assert "more than 10 rows" in body["detail"]
    done = cli_with(ingested, "STYRGRAF_SPARQL_MAX_RESULTS", "10", "sparql", UPPDRAG + " LIMIT 10")
    assert done.returncode == 0 and done.stdout.endswith("(10 rows)\n"), done.stderr


def test_cli_pages_a_saved_query_as_gaps_does(ingested: Styrgraf) -> None:
    """`styrgraf gaps NAME` pages at the row cap, as /gaps/{name} does (a page and the
    offset of the next instead of a Link header); the pages together are the whole result."""
    whole = [row["indikator"].value for row in run_gap(ingested, "indikatorer-utan-malvarde")]
    assert len(whole) == 41
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        args = ["gaps", "indikatorer-utan-malvarde", "--format", "csv", "--offset", str(offset)]
        done = cli_with(ingested, "STYRGRAF_SPARQL_MAX_RESULTS", "10", *args)
        assert done.returncode == 0, done.stderr
        rows = list(csv.DictReader(io.StringIO(done.stdout)))
        seen += [row["indikator"] for row in rows]
        if offset == 0:
            assert done.stderr == (
                "styrgraf: rows 1-10 shown, more follow (a page holds at most 10 rows, "
                "STYRGRAF_SPARQL_MAX_RESULTS); the next: styrgraf gaps "
                "indikatorer-utan-malvarde --offset 10\n"
            )
        next_offset = re.search(r"--offset (\d+)", done.stderr)
        offset = int(next_offset.group(1)) if next_offset else None
        assert len(rows) == (10 if offset is not None else 1)
    assert seen == whole


def test_python_api_raises_at_the_limits(ingested: Styrgraf) -> None:
    slow = core_with(ingested.settings.data_dir, sparql_timeout=0.5)
    with pytest.raises(QueryLimitExceeded) as stopped:
        slow.sparql(CROSS)
    assert stopped.value.setting == "STYRGRAF_SPARQL_TIMEOUT"
    assert isinstance(stopped.value, QueryError)  # the documented tree: exit 2 in the CLI
    assert len(list(slow.sparql(UPPDRAG))) == 26  # a fresh worker took the stopped one's place
    slow.close()
    capped = core_with(ingested.settings.data_dir, sparql_max_results=10)
    with pytest.raises(QueryLimitExceeded, match="more than 10 rows") as refused:
        capped.sparql(UPPDRAG)
    assert refused.value.setting == "STYRGRAF_SPARQL_MAX_RESULTS"
    with pytest.raises(QueryLimitExceeded, match="more than 10 triples"):
        capped.sparql("CONSTRUCT { ?u a sg:Uppdrag } WHERE { ?u a sg:Uppdrag }")
    assert len(list(capped.sparql(UPPDRAG + " LIMIT 10"))) == 10
    assert len(list(capped.sparql_internal(UPPDRAG))) == 26  # the app's own: never capped
    capped.close()


def test_python_api_answers_as_before(ingested: Styrgraf) -> None:
    """Through the workers, the same rows, booleans and triples as in this process."""
    query = "SELECT ?m ?l { ?m a sg:Mal ; skos:prefLabel ?l ; sg:avsnitt ?a } ORDER BY ?a"
    pooled, local = ingested.sparql(query), ingested.sparql_internal(query)
    assert [v.value for v in pooled.variables] == ["m", "l"]
    rows = [(r["m"], r["l"]) for r in pooled]
    assert len(rows) == 12 and rows == [(r["m"], r["l"]) for r in local]
    assert rows[0][1] == ox.Literal(
        "Livsvillkoren för Göteborgs invånare ska bli mer jämlika.", language="sv"
    )
    assert bool(ingested.sparql("ASK { ?m a sg:Mal }")) is True
    construct = "CONSTRUCT { ?m a sg:Mal } WHERE { ?m a sg:Mal }"
    assert set(ingested.sparql(construct)) == set(ingested.sparql_internal(construct))
    with pytest.raises(QueryError, match="malformed SPARQL query"):
        ingested.sparql("SELEKT ?x")
