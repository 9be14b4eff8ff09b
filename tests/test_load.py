"""A short, bounded load test: concurrent clients against the real server on loopback.

CLIENTS threads with their own httpx clients send MAX_REQUESTS requests in all, cycling through
the standard mix (tests/support/load.py: /sparql counts and joins, /entities lookups and a
listing, a saved gap query and /search). Every answer must be a 200 with
the expected content; latency is printed (pytest -s), not asserted: bench/load_bench.py is the
long form that measures it. Runtime ~10 s on a quiet 2-core machine.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.corpus import copy_corpus
from tests.support.load import api_mix, first_errors, run_load, summarise, table
from tests.support.server import LiveServer, route_exists

CLIENTS = 8
MAX_REQUESTS = 1200
DEADLINE_SECONDS = 90.0


@pytest.fixture(scope="module")
def server(ingested_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data_dir = copy_corpus(ingested_dir, tmp_path_factory.mktemp("load") / "data")
    with LiveServer(data_dir, data_dir.parent / "serve.log") as live:
        yield live


def test_concurrent_clients_get_no_errors(server: LiveServer) -> None:
    assert route_exists(server.base_url, "/search")
    # the first search loads the index the copied store holds: not part of the load
    warm = httpx.get(server.base_url + "/search", params={"q": "hemlöshet"}, timeout=300)
    assert warm.status_code == 200, warm.text
    mix = api_mix(search=True)
    started = time.perf_counter()
    outcomes = run_load(
        server.base_url,
        mix,
        clients=CLIENTS,
        max_requests=MAX_REQUESTS,
        deadline_seconds=DEADLINE_SECONDS,
    )
    wall = time.perf_counter() - started
    print(f"\n{len(outcomes)} requests from {CLIENTS} clients in {wall:.1f} s")
    print(table(summarise(outcomes, wall)))
    assert len(outcomes) == MAX_REQUESTS, f"only {len(outcomes)} requests before the deadline"
    assert not [o for o in outcomes if o.error], first_errors(outcomes)
    assert {c.route for c in mix} == {o.route for o in outcomes}
    assert server.health()["status"] == "ok"  # and it still answers afterwards
