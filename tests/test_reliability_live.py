"""The real server under load while the graph changes under it, crashes, and bad input.

A `styrgraf serve` subprocess on a loopback port answers client threads while other processes
run `styrgraf ingest` back and forth between two graph versions:

    A = the bundled corpus                                      12 sg:Mal
    B = A + the synthetic Idrotts- och föreningsnämnden plan    15 sg:Mal

Every answer must be a 200 and must belong to exactly one of the two versions: a /sparql count
must match the version its X-Graph-Version header names, and an entity or listing answer must be
byte-for-byte that version's answer for its ETag (ETags are derived from the version). A mix, a
half-written store or an error during the swap fails the test.

Runtime: ~55 s on a quiet 2-core machine, several times that when other jobs share the cores
(three server starts, ~9 ingests, each followed by its search index, ~1000 requests; the first
live test of a run also pays the one-off ingest of the corpus that the others copy).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from graph.store import VERSIONS, current_version
from search_api.entities.caching import etag
from tests.support.corpus import CORPUS, SYNTHETIC, SYNTHETIC_ID, copy_corpus
from tests.support.load import COUNT_GOALS, Call, Check, first_errors, run_load
from tests.support.server import LiveServer, alive, route_exists, run_cli

GOAL = "vp-2023-sn-sydvast/mal/3.4.1.1"  # Hemlösheten ska upphöra till 2028: in both versions
LISTING = {"type": "mal", "limit": "1"}
JSON = "application/json"
SPARQL_JSON = "application/sparql-results+json"
SWITCHES = 4  # re-ingests during the load: A -> B -> A -> B -> A, ~4 s each
CLIENTS = 3  # leaves the ingest processes some CPU on 2 cores
MAX_REQUESTS = 4000  # bounds for the load: requests and seconds, whichever ends first
DEADLINE_SECONDS = 150.0
MIN_REQUESTS = 200


@dataclass
class Graphs:
    """The data dir and what each of the two versions must answer."""

    data_dir: Path
    a: str
    b: str
    goals: dict[str, int]
    entity: dict[str, bytes] = field(default_factory=dict)  # ETag -> body, per version
    entity_version: dict[str, str] = field(default_factory=dict)  # ETag -> version
    listing_version: dict[str, str] = field(default_factory=dict)  # ETag -> version
    seen: set[str] = field(default_factory=set)  # versions that answered /sparql counts


def ingest_a(data_dir: Path) -> str:
    done = run_cli(["ingest", "-q", "--corpus", str(CORPUS)], data_dir)
    assert done.returncode == 0, done.stderr
    return current_version(data_dir).id


def ingest_b(data_dir: Path) -> str:
    done = run_cli(["ingest", "-q", str(SYNTHETIC)], data_dir)
    assert done.returncode == 0, done.stderr
    return current_version(data_dir).id


@pytest.fixture(scope="module")
def graphs(ingested_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Graphs:
    data_dir = copy_corpus(ingested_dir, tmp_path_factory.mktemp("reliability") / "data")
    a = current_version(data_dir).id
    b = ingest_b(data_dir)
    assert ingest_a(data_dir) == a  # content-addressed: the same input is the same version
    assert a != b
    return Graphs(data_dir, a, b, goals={a: 12, b: 15})


@pytest.fixture(scope="module")
def server(graphs: Graphs, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    log = tmp_path_factory.mktemp("reliability-logs") / "serve.log"
    with LiveServer(graphs.data_dir, log) as live:
        yield live


def sparql_count(base_url: str) -> tuple[str, int]:
    answer = httpx.get(
        base_url + "/sparql",
        params={"query": COUNT_GOALS},
        headers={"Accept": SPARQL_JSON},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    n = int(answer.json()["results"]["bindings"][0]["n"]["value"])
    return answer.headers["X-Graph-Version"], n


# ---------------------------------------------------------------- checks of single answers
def check_count(graphs: Graphs, only: str | None = None) -> Check:
    """The goal count matches the version the answer names (which must be `only`, if given)."""

    def check(answer: httpx.Response) -> str | None:
        version = answer.headers.get("X-Graph-Version", "")
        if version not in graphs.goals:
            return f"X-Graph-Version {version!r} is neither A nor B"
        if only is not None and version != only:
            return f"version {version} answered, but {only} should have stayed current"
        graphs.seen.add(version)
        n = int(answer.json()["results"]["bindings"][0]["n"]["value"])
        if n != graphs.goals[version]:
            return f"{n} goals from version {version}, which has {graphs.goals[version]}"
        return None

    return check


def check_entity(graphs: Graphs) -> Check:
    def check(answer: httpx.Response) -> str | None:
        tag = answer.headers.get("ETag", "")
        if tag not in graphs.entity:
            return f"ETag {tag} belongs to neither version"
        if answer.content != graphs.entity[tag]:
            return f"body differs from version {graphs.entity_version[tag]}'s answer"
        return None

    return check


def check_listing(graphs: Graphs) -> Check:
    def check(answer: httpx.Response) -> str | None:
        version = graphs.listing_version.get(answer.headers.get("ETag", ""))
        if version is None:
            return f"ETag {answer.headers.get('ETag')} belongs to neither version"
        total = answer.json()["total"]
        if total != graphs.goals[version]:
            return f"total {total} from version {version}, which has {graphs.goals[version]}"
        return None

    return check


def check_health(graphs: Graphs) -> Check:
    def check(answer: httpx.Response) -> str | None:
        version = answer.json().get("graph_version")
        return None if version in graphs.goals else f"graph_version {version!r}"

    return check


def check_search(graphs: Graphs) -> Check:
    """Search answers carry no version header (yet); a hit from the synthetic plan can only
    come from version B, so an answer naming version A must have none."""

    def check(answer: httpx.Response) -> str | None:
        body = answer.json()
        hits = body.get("results", body.get("hits", []))
        version = answer.headers.get("X-Graph-Version") or body.get("graph_version")
        synthetic = [h.get("id", "") for h in hits if SYNTHETIC_ID in str(h.get("id", ""))]
        if version == graphs.a and synthetic:
            return f"version A answered with hits of the synthetic plan: {synthetic[:3]}"
        if version is not None and version not in graphs.goals:
            return f"search names version {version!r}, neither A nor B"
        return None

    return check


def remember_answers(graphs: Graphs, base_url: str, version: str) -> None:
    """Record what `version` (now current) answers for the entity and the listing."""
    assert httpx.get(base_url + "/health", timeout=10).json()["graph_version"] == version
    entity = httpx.get(base_url + f"/entities/{GOAL}", headers={"Accept": JSON}, timeout=30)
    assert entity.status_code == 200, entity.text
    assert entity.headers["ETag"] == etag(version, GOAL, JSON)  # the ETag names the version
    graphs.entity[entity.headers["ETag"]] = entity.content
    graphs.entity_version[entity.headers["ETag"]] = version
    listing = httpx.get(base_url + "/entities", params=LISTING, timeout=30)
    assert listing.status_code == 200, listing.text
    assert listing.json()["total"] == graphs.goals[version]
    graphs.listing_version[listing.headers["ETag"]] = version
    # the search index of this version (built by its ingest) answers too
    found = httpx.get(base_url + "/search", params={"q": "hemlöshet"}, timeout=300)
    assert found.status_code == 200, found.text


# ---------------------------------------------------------------- the tests
def test_answers_stay_consistent_during_reingests(graphs: Graphs, server: LiveServer) -> None:
    data = graphs.data_dir
    if current_version(data).id != graphs.a:  # another test of this module ran first
        assert ingest_a(data) == graphs.a
    remember_answers(graphs, server.base_url, graphs.a)
    assert ingest_b(data) == graphs.b
    remember_answers(graphs, server.base_url, graphs.b)
    assert ingest_a(data) == graphs.a

    mix = [
        Call(
            "/sparql GET",
            "/sparql",
            params={"query": COUNT_GOALS},
            headers={"Accept": SPARQL_JSON},
            check=check_count(graphs),
        ),
        Call(
            "/entities/{id}",
            f"/entities/{GOAL}",
            headers={"Accept": JSON},
            check=check_entity(graphs),
        ),
        Call(
            "/sparql POST",
            "/sparql",
            method="POST",
            data={"query": COUNT_GOALS},
            headers={"Accept": SPARQL_JSON},
            check=check_count(graphs),
        ),
        Call("/entities", "/entities", params=LISTING, check=check_listing(graphs)),
        Call("/health", "/health", check=check_health(graphs)),
    ]
    assert route_exists(server.base_url, "/search")
    mix.append(Call("/search", "/search", params={"q": "hemlöshet"}, check=check_search(graphs)))

    done = threading.Event()
    switches: list[tuple[float, float, str, int, str]] = []  # start, end, target, rc, stderr

    def reingest() -> None:
        try:
            time.sleep(0.5)  # let the clients get going on version A first
            for i in range(SWITCHES):
                started = time.monotonic()
                if i % 2 == 0:
                    args, target = ["ingest", "-q", str(SYNTHETIC)], graphs.b
                else:
                    args, target = ["ingest", "-q", "--corpus", str(CORPUS)], graphs.a
                run = run_cli(args, data)
                switches.append((started, time.monotonic(), target, run.returncode, run.stderr))
                time.sleep(0.3)  # some answers from each version between the swaps
        finally:
            done.set()

    graphs.seen.clear()
    worker = threading.Thread(target=reingest, name="reingest")
    worker.start()
    outcomes = run_load(
        server.base_url,
        mix,
        clients=CLIENTS,
        max_requests=MAX_REQUESTS,
        deadline_seconds=DEADLINE_SECONDS,
        min_requests=MIN_REQUESTS,
        until=done.is_set,
    )
    worker.join(timeout=120)
    assert done.is_set(), "the re-ingests did not finish"

    failed_ingests = [(target, rc, err) for _, _, target, rc, err in switches if rc != 0]
    assert not failed_ingests, failed_ingests
    assert len(switches) == SWITCHES
    assert not [o for o in outcomes if o.error], first_errors(outcomes)
    # The load really overlapped the swaps: answers from both versions, from every route.
    assert graphs.seen == {graphs.a, graphs.b}, graphs.seen
    assert {c.route for c in mix} <= {o.route for o in outcomes}
    during = [o for o in outcomes if switches[0][0] <= o.started <= switches[-1][1]]
    assert len(during) >= MIN_REQUESTS // 2, f"only {len(during)} requests during the re-ingests"
    assert current_version(data).id == graphs.a  # the last switch went back to A
    assert sparql_count(server.base_url) == (graphs.a, 12)


def test_bad_documents_while_serving_keep_the_version(
    graphs: Graphs, server: LiveServer, tmp_path: Path
) -> None:
    data = graphs.data_dir
    assert ingest_b(data) == graphs.b
    before = sorted(p.name for p in (data / VERSIONS).iterdir())
    binary = tmp_path / "notes.txt"
    binary.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    plan = (CORPUS / "verksamhetsplan-2023-socialnamnden-sydvast.txt").read_text("utf-8")
    lines = plan.splitlines(keepends=True)
    truncated = tmp_path / "plan-cut-off.txt"
    truncated.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")

    count = Call(
        "/sparql",
        "/sparql",
        params={"query": COUNT_GOALS},
        headers={"Accept": SPARQL_JSON},
        check=check_count(graphs, only=graphs.b),
    )
    done = threading.Event()
    results: dict[str, tuple[int, str]] = {}

    def bad_ingests() -> None:
        try:
            for name, path in (("binary", binary), ("truncated", truncated)):
                run = run_cli(["ingest", "-q", str(path)], data)
                results[name] = (run.returncode, run.stderr)
        finally:
            done.set()

    worker = threading.Thread(target=bad_ingests, name="bad-ingests")
    worker.start()
    outcomes = run_load(
        server.base_url,
        [count],
        clients=2,
        max_requests=1000,
        deadline_seconds=60,
        min_requests=20,
        until=done.is_set,
    )
    worker.join(timeout=60)

    for name, (code, stderr) in results.items():
        assert code == 2, (name, code, stderr)
        lines_out = stderr.strip().splitlines()
        assert len(lines_out) == 1 and lines_out[0].startswith("styrgraf: "), (name, stderr)
        assert "Traceback" not in stderr
    assert "is a damaged PDF" in results["binary"][1]
    assert "looks truncated" in results["truncated"][1]
    assert not [o for o in outcomes if o.error], first_errors(outcomes)
    assert server.health()["graph_version"] == graphs.b
    assert current_version(data).id == graphs.b
    assert sorted(p.name for p in (data / VERSIONS).iterdir()) == before  # nothing half-written


def test_remove_while_serving_switches_back(graphs: Graphs, server: LiveServer) -> None:
    """`styrgraf remove ID` is the documented way back from B to A."""
    data = graphs.data_dir
    assert ingest_b(data) == graphs.b
    assert sparql_count(server.base_url) == (graphs.b, 15)
    run = run_cli(["remove", SYNTHETIC_ID], data)
    assert run.returncode == 0, run.stderr
    assert current_version(data).id == graphs.a  # the same graph as A, so the same version
    assert sparql_count(server.base_url) == (graphs.a, 12)
    assert server.health()["graph_version"] == graphs.a


def test_sigkill_and_restart_serves_the_last_version(graphs: Graphs, tmp_path: Path) -> None:
    data = graphs.data_dir
    assert ingest_b(data) == graphs.b
    log = tmp_path / "serve.log"
    first = LiveServer(data, log).start()
    try:
        assert sparql_count(first.base_url) == (graphs.b, 15)  # starts the SPARQL workers
        workers = first.kill()
        # The SPARQL workers notice that their parent is gone and exit (no orphans left).
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if alive(pid)], "orphaned SPARQL workers"
    finally:
        first.stop()
    assert current_version(data).id == graphs.b
    with LiveServer(data, log, port=first.port) as second:  # same port: a plain restart
        assert second.health()["graph_version"] == graphs.b
        assert sparql_count(second.base_url) == (graphs.b, 15)
        listing = httpx.get(second.base_url + "/entities", params=LISTING, timeout=30)
        assert listing.status_code == 200 and listing.json()["total"] == 15
        assert json.loads(httpx.get(second.base_url + f"/entities/{GOAL}", timeout=30).content)[
            "id"
        ].endswith(GOAL)
