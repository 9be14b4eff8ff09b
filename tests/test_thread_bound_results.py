"""pyoxigraph's query results (QuerySolutions) and pattern iterators (QuadIter) are bound to the
thread that made them: dropped in another thread they raise an unraisable RuntimeError
("... is unsendable, but is being dropped on another thread"). The pages and the entity API
read the graph in request threads, so every result must be used up and let go in the thread
that ran the query, never kept alive in a reference cycle (an exception's traceback, a
suspended generator) for the garbage collector to free in some other thread later.

Each test runs real routes over the steering fixture with the cycle collector paused, then
collects in a fresh thread: anything of pyoxigraph's left in cyclic garbage is dropped there,
and the unraisable error fails the test (filterwarnings "error")."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from search_api.core import Styrgraf
from search_api.gaps import list_gaps
from tests.support import steering as s
from tests.support.corpus import search_cache
from tests.support.steering import steering_core

pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> Styrgraf:
    return steering_core(tmp_path_factory.mktemp("thread-bound"))


@pytest.fixture(scope="module")
def client(core: Styrgraf) -> Iterator[TestClient]:
    from search_api.search.storage import index_for

    index_for(core, cache_dir=search_cache("steering"))  # the search pages need the index
    with TestClient(create_app(core)) as client:
        yield client


def collected_elsewhere(requests: Callable[[], None]) -> None:
    """Run `requests` with the cycle collector paused, then collect in a new thread."""
    gc.collect()  # what earlier tests left behind is not this test's business
    gc.disable()
    try:
        requests()
    finally:
        gc.enable()
    collector = threading.Thread(target=gc.collect)
    collector.start()
    collector.join()


def get(client: TestClient, url: str, status: int = 200, **headers: str) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.text[:300])
    return response.text


def test_entity_api_html_and_json_leave_no_results_behind(client: TestClient) -> None:
    def requests() -> None:
        for entity_id in (s.HOUSING, s.DIREKTIV, s.KF_GOAL, s.NAMNDMAL, s.FOKUS):
            assert "<h1>" in get(client, f"/entities/{entity_id}", Accept="text/html")
            get(client, f"/entities/{entity_id}?format=json")
            get(client, f"/entities/{entity_id}?format=turtle")
        get(client, "/entities/kungsbacka/indikator/finns-inte", 404, Accept="text/html")
        get(client, "/entities?type=indikator")

    collected_elsewhere(requests)


def test_entity_pages_leave_no_results_behind(client: TestClient) -> None:
    def requests() -> None:
        for entity_id in (s.HOUSING, s.DIREKTIV, s.KF_GOAL, s.FOKUS, f"dokument/{s.REPORT}"):
            assert '<html lang="sv">' in get(client, f"/sida/{entity_id}")
        get(client, "/sida/kungsbacka/indikator/finns-inte", 404)

    collected_elsewhere(requests)


def test_search_and_report_pages_leave_no_results_behind(client: TestClient) -> None:
    def requests() -> None:
        assert s.DIREKTIV in get(client, "/?q=innovation+och+nya+arbetss%C3%A4tt")
        get(client, "/?q=bost%C3%A4der&typ=finns-inte", 422)
        get(client, "/search?q=byggande")
        get(client, "/rapporter")
        for gap in list_gaps():
            get(client, f"/rapporter/{gap.name}")
        get(client, "/rapporter/finns-inte", 404)
        get(client, "/malomraden")
        get(client, "/sparql-editor?exempel=direktiv-utan-uppfoljning")
        get(client, "/sparql-editor?query=SELECT+*+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D+LIMIT+5")
        get(client, "/sparql-editor?query=SELECT+nonsense", 400)

    collected_elsewhere(requests)
