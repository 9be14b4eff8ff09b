"""A bounded HTTP load generator: N client threads, each with its own httpx client, sending a
fixed mix of requests to a live server on loopback, and per-route latency statistics.

Used by tests/test_load.py and tests/test_reliability_live.py (short, asserting) and by
bench/load_bench.py (long, printing). Every run is bounded twice: by a number of requests and
by a deadline, so a hung server fails a test instead of hanging it.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx

import ontology

# A check looks at a 200 answer and returns what is wrong with it, or None when it is right.
Check = Callable[[httpx.Response], str | None]


def no_check(_: httpx.Response) -> str | None:
    return None


@dataclass(frozen=True)
class Call:
    """One kind of request in the mix."""

    route: str  # the label statistics are grouped by, e.g. "/sparql"
    path: str
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    data: dict[str, str] | None = None
    check: Check = no_check


@dataclass(frozen=True)
class Outcome:
    route: str
    status: int  # 0 when no HTTP answer came (connection refused, reset, timeout)
    seconds: float
    error: str | None  # None for a 200 whose check passed
    started: float  # time.monotonic() when sent, to relate answers to re-ingests


@dataclass(frozen=True)
class RouteStats:
    route: str
    count: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    per_second: float


def percentile(sorted_values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile of already sorted values (0.0 for none)."""
    if not sorted_values:
        return 0.0
    rank = math.ceil(share * len(sorted_values) - 1e-9)  # the epsilon absorbs 0.95 * 100 = 95.0..01
    return sorted_values[min(max(rank, 1), len(sorted_values)) - 1]


def run_load(
    base_url: str,
    mix: Sequence[Call],
    *,
    clients: int,
    max_requests: int,
    deadline_seconds: float,
    min_requests: int = 0,
    until: Callable[[], bool] | None = None,
    timeout: float = 60.0,
) -> list[Outcome]:
    """Send requests from `clients` threads, cycling through `mix`, and return every outcome.

    The run stops at `max_requests` requests or after `deadline_seconds`, whichever comes
    first; with `until`, it also stops once `until()` is true and `min_requests` were sent
    (used to keep clients busy exactly while re-ingests run)."""
    counter = itertools.count()
    lock = threading.Lock()
    outcomes: list[Outcome] = []
    deadline = time.monotonic() + deadline_seconds

    def client() -> None:
        mine: list[Outcome] = []
        with httpx.Client(base_url=base_url, timeout=timeout) as http:
            while time.monotonic() < deadline:
                with lock:
                    number = next(counter)
                if number >= max_requests or (
                    until is not None and number >= min_requests and until()
                ):
                    break
                mine.append(_send(http, mix[number % len(mix)]))
        with lock:
            outcomes.extend(mine)

    threads = [threading.Thread(target=client, name=f"load-{i}") for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(deadline_seconds + timeout + 10)
    return sorted(outcomes, key=lambda o: o.started)


def _send(http: httpx.Client, call: Call) -> Outcome:
    started = time.monotonic()
    clock = time.perf_counter()
    try:
        answer = http.request(
            call.method, call.path, params=call.params, headers=call.headers, data=call.data
        )
        answer.read()
    except httpx.HTTPError as exc:
        seconds = time.perf_counter() - clock
        return Outcome(call.route, 0, seconds, f"{type(exc).__name__}: {exc}", started)
    seconds = time.perf_counter() - clock
    if answer.status_code != 200:
        error: str | None = f"HTTP {answer.status_code}: {answer.text[:300]}"
    else:
        try:
            error = call.check(answer)
        except Exception as exc:  # a check that cannot even read the answer: a wrong answer
            error = f"unreadable answer ({type(exc).__name__}: {exc}): {answer.text[:200]}"
    return Outcome(call.route, answer.status_code, seconds, error, started)


def summarise(outcomes: Sequence[Outcome], wall_seconds: float) -> list[RouteStats]:
    """Per-route count, errors, latency percentiles and throughput (requests per second of
    wall time), plus an "all" row."""
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.route, []).append(outcome)
    groups["all"] = list(outcomes)
    stats = []
    for route, group in groups.items():
        times = sorted(o.seconds * 1000 for o in group)
        stats.append(
            RouteStats(
                route=route,
                count=len(group),
                errors=sum(o.error is not None for o in group),
                p50_ms=percentile(times, 0.50),
                p95_ms=percentile(times, 0.95),
                p99_ms=percentile(times, 0.99),
                max_ms=times[-1] if times else 0.0,
                per_second=len(group) / wall_seconds if wall_seconds > 0 else 0.0,
            )
        )
    return stats


def table(stats: Sequence[RouteStats]) -> str:
    """A Markdown table of `stats` (what bench/README-scale.md and the benches print)."""
    rows = [
        "| route | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows += [
        f"| {s.route} | {s.count} | {s.errors} | {s.per_second:.1f} | {s.p50_ms:.1f} | "
        f"{s.p95_ms:.1f} | {s.p99_ms:.1f} | {s.max_ms:.1f} |"
        for s in stats
    ]
    return "\n".join(rows)


def first_errors(outcomes: Sequence[Outcome], limit: int = 5) -> str:
    """The first few failed outcomes, for an assertion message."""
    bad = [o for o in outcomes if o.error is not None]
    lines = [f"{o.route} -> {o.status}: {o.error}" for o in bad[:limit]]
    return f"{len(bad)} failed of {len(outcomes)}:\n" + "\n".join(lines)


# ------------------------------------------------------------------ the standard API mix
SG = str(ontology.SG)
SKOS = "http://www.w3.org/2004/02/skos/core#"
COUNT_GOALS = f"PREFIX sg: <{SG}> SELECT (COUNT(?m) AS ?n) WHERE {{ ?m a sg:Mal }}"
GOALS_AND_INDICATORS = f"""PREFIX sg: <{SG}> PREFIX skos: <{SKOS}>
SELECT ?mal ?label (COUNT(?i) AS ?indikatorer) WHERE {{
  ?mal a sg:Mal ; skos:prefLabel ?label . OPTIONAL {{ ?mal sg:indikator ?i }}
}} GROUP BY ?mal ?label ORDER BY ?mal"""
ENTITY_IDS = (
    "vp-2023-sn-sydvast/mal/3.4.1.1",
    "vp-2023-sn-sydvast/uppdrag/3.4.2.3",
    "goteborg/malomrade/tidiga-insatser",
)
SEARCH_QUERIES = ("vilka uppdrag rör hemlöshet?", "vad gör vi mot gängkriminalitet?", "vräkning")
SPARQL_JSON = "application/sparql-results+json"


def has_rows(answer: httpx.Response) -> str | None:
    bindings = answer.json()["results"]["bindings"]
    return None if bindings else "no rows"


def is_entity(entity_id: str) -> Check:
    def check(answer: httpx.Response) -> str | None:
        found = answer.json().get("id")
        return None if found == entity_id else f"asked for {entity_id}, got {found}"

    return check


def has_items(answer: httpx.Response) -> str | None:
    return None if answer.json().get("items") else "empty listing"


def has_results(answer: httpx.Response) -> str | None:
    return None if answer.json().get("results") else "no search results"


def api_mix(search: bool) -> list[Call]:
    """What staff, analysts and intranet systems ask, in one cycle: SPARQL counts and joins,
    entity lookups and listings, a saved gap query and (when the app has it) search."""
    mix = [
        Call("/sparql", "/sparql", {"query": COUNT_GOALS}, {"Accept": SPARQL_JSON}, check=has_rows),
        Call(
            "/entities/{id}",
            f"/entities/{ENTITY_IDS[0]}",
            headers={"Accept": "application/json"},
            check=is_entity(ENTITY_IDS[0]),
        ),
        Call(
            "/sparql",
            "/sparql",
            {"query": GOALS_AND_INDICATORS},
            {"Accept": SPARQL_JSON},
            check=has_rows,
        ),
        Call("/entities", "/entities", {"type": "uppdrag", "limit": "20"}, check=has_items),
        Call(
            "/entities/{id}",
            f"/entities/{ENTITY_IDS[1]}",
            headers={"Accept": "application/json"},
            check=is_entity(ENTITY_IDS[1]),
        ),
        Call("/gaps/{name}", "/gaps/mal-utan-indikatorer", check=has_rows),
        Call(
            "/entities/{id}",
            f"/entities/{ENTITY_IDS[2]}",
            headers={"Accept": "application/json"},
            check=is_entity(ENTITY_IDS[2]),
        ),
    ]
    if search:
        mix += [Call("/search", "/search", {"q": q}, check=has_results) for q in SEARCH_QUERIES]
    return mix
