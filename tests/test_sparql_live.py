"""The SPARQL endpoint under a real uvicorn server on 127.0.0.1, used by real clients:
SPARQLWrapper, rdflib's SPARQLStore and curl; plus the query timeout, which must stop a runaway
query while the server keeps answering other requests."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from xml.dom.minidom import Document

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper

from tests.support.sparql import GOALS, ID, PREFIXES, SLOW, live_server, make_app

HOMELESSNESS = ID + "vp-2023-sn-sydvast/mal/3.4.1.1"


@pytest.fixture(scope="module")
def endpoint(sparql_store: Path) -> Iterator[str]:
    with live_server(make_app(sparql_store)) as base:
        yield base + "/sparql"


def test_sparqlwrapper_select_json(endpoint: str) -> None:
    for method in ("GET", POST):
        client = SPARQLWrapper(endpoint)
        client.setMethod(method)
        client.setQuery(GOALS)
        client.setReturnFormat(JSON)
        result = client.queryAndConvert()
        assert isinstance(result, dict)
        rows = result["results"]["bindings"]
        assert [row["goal"]["value"] for row in rows][1] == HOMELESSNESS
        assert rows[1]["label"]["xml:lang"] == "sv"


def test_sparqlwrapper_ask(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(PREFIXES + f"ASK {{ <{HOMELESSNESS}> sg:indikator ?i }}")
    client.setReturnFormat(JSON)
    as_json = client.queryAndConvert()
    assert isinstance(as_json, dict) and as_json["boolean"] is True
    client.setReturnFormat(XML)
    as_xml = client.queryAndConvert()
    assert isinstance(as_xml, Document)
    assert as_xml.getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[union-attr]
    client.setQuery(PREFIXES + f"ASK {{ <{HOMELESSNESS}> sg:overfort ?x }}")
    client.setReturnFormat(JSON)
    answer = client.queryAndConvert()
    assert isinstance(answer, dict) and answer["boolean"] is False


def test_sparqlwrapper_construct(endpoint: str) -> None:
    query = (
        PREFIXES + "CONSTRUCT { ?m skos:prefLabel ?l } WHERE { ?m a sg:Mal ; skos:prefLabel ?l }"
    )
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(TURTLE)
    turtle = client.queryAndConvert()
    assert isinstance(turtle, bytes)
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert len(graph) == 2
    client.setReturnFormat(XML)  # RDF/XML, converted to an rdflib Graph by SPARQLWrapper
    as_graph = client.queryAndConvert()
    assert isinstance(as_graph, rdflib.Graph)
    assert set(as_graph) == set(graph)


def test_rdflib_sparqlstore(endpoint: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(endpoint))
    rows = list(graph.query(GOALS))
    assert [str(row[2]) for row in rows] == ["3.3.1.1", "3.4.1.1"]  # type: ignore[index]
    assert rows[1][1] == rdflib.Literal("Hemlösheten ska upphöra till 2028.", lang="sv")  # type: ignore[index]
    ask = graph.query(PREFIXES + "ASK { ?m a sg:Mal }")
    assert ask.askAnswer is True
    # triple pattern look-ups go through the store's generated SELECT queries
    subject = rdflib.URIRef(HOMELESSNESS)
    sections = list(graph.objects(subject, rdflib.URIRef("https://w3id.org/styrgraf/ns#avsnitt")))
    assert sections == [rdflib.Literal("3.4.1.1")]
    constructed = graph.query(
        PREFIXES + f"CONSTRUCT {{ <{HOMELESSNESS}> ?p ?o }} WHERE {{ <{HOMELESSNESS}> ?p ?o }}"
    )
    assert constructed.graph is not None and len(constructed.graph) == 8


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl(endpoint: str) -> None:
    def curl(*args: str) -> tuple[int, str, str]:
        out = subprocess.run(
            ["curl", "-sS", "--max-time", "20", "-w", "\n%{http_code} %{content_type}", *args],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        body, _, meta = out.rpartition("\n")
        code, _, content_type = meta.partition(" ")
        return int(code), content_type, body

    code, content_type, body = curl(
        "-G", endpoint, "--data-urlencode", f"query={GOALS}", "-H", "Accept: text/csv"
    )
    assert (code, content_type.split(";")[0]) == (200, "text/csv")
    assert body.splitlines()[0].strip() == "goal,label,section"
    assert "Hemlösheten ska upphöra till 2028." in body
    code, content_type, body = curl(endpoint, "--data-urlencode", "query=ASK {}")
    assert (code, content_type) == (200, "application/sparql-results+json")
    assert '"boolean":true' in body
    code, content_type, body = curl(
        endpoint, "-H", "Content-Type: application/sparql-update", "--data-binary", "CLEAR ALL"
    )
    assert (code, content_type) == (403, "application/problem+json")
    code, content_type, _ = curl("-X", "PUT", endpoint)
    assert (code, content_type) == (405, "application/problem+json")


def _worker_pids() -> set[int]:
    """Query workers started by this process (Linux /proc), all pools together."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == os.getpid() and b"search_api.sparql.worker" in cmdline:
            pids.add(int(entry.name))
    return pids


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_timeout_stops_the_query_and_the_server_keeps_answering(sparql_store: Path) -> None:
    others = _worker_pids()  # e.g. the module's other server
    with live_server(make_app(sparql_store, timeout=1.0, workers=2)) as base:
        before = _worker_pids() - others
        assert len(before) == 2
        outcome: dict[str, object] = {}

        def slow() -> None:
            start = time.monotonic()
            outcome["response"] = httpx.get(base + "/sparql", params={"query": SLOW}, timeout=30)
            outcome["seconds"] = time.monotonic() - start

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.2)  # the slow query is running now
        health_times = []
        while thread.is_alive():
            start = time.monotonic()
            assert httpx.get(base + "/health", timeout=5).status_code == 200
            health_times.append(time.monotonic() - start)
            time.sleep(0.05)
        thread.join()
        response = outcome["response"]
        assert isinstance(response, httpx.Response)
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["title"] == "Query timeout"
        assert "1 s" in problem["detail"]
        assert 1.0 <= float(str(outcome["seconds"])) < 4.0
        assert len(health_times) >= 5
        assert max(health_times) < 0.5
        # the runaway worker was killed and replaced
        after = _worker_pids() - others
        assert len(after) == 2 and after != before
        quick = httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=10)
        assert quick.status_code == 200


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_other_queries_run_while_one_is_slow(sparql_store: Path) -> None:
    others = _worker_pids()
    with live_server(make_app(sparql_store, timeout=1.5, workers=2)) as base:
        assert len(_worker_pids() - others) == 2
        slow = threading.Thread(
            target=httpx.get,
            args=(base + "/sparql",),
            kwargs={"params": {"query": SLOW}, "timeout": 30},
        )
        slow.start()
        time.sleep(0.2)
        start = time.monotonic()
        response = httpx.get(base + "/sparql", params={"query": GOALS}, timeout=10)
        assert response.status_code == 200
        assert time.monotonic() - start < 1.0
        slow.join()
    assert _worker_pids() == others  # this server's pool stopped with it


def test_a_full_pool_answers_503_busy(sparql_store: Path) -> None:
    """One worker, three runaway queries at once: the first is stopped at the timeout, and a
    request that cannot get a worker within the timeout is told the endpoint is busy."""
    with live_server(make_app(sparql_store, timeout=1.0, workers=1)) as base:
        results: list[httpx.Response] = []

        def slow() -> None:
            results.append(httpx.get(base + "/sparql", params={"query": SLOW}, timeout=30))

        threads = [threading.Thread(target=slow) for _ in range(3)]
        for thread in threads:
            thread.start()
            time.sleep(0.05)
        for thread in threads:
            thread.join()
        assert all(r.status_code == 503 for r in results)
        titles = sorted(r.json()["title"] for r in results)
        assert "Query timeout" in titles and "Endpoint busy" in titles
        busy = next(r for r in results if r.json()["title"] == "Endpoint busy")
        assert busy.headers["retry-after"] == "1"
        assert (
            httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=10).status_code == 200
        )
