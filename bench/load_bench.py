"""Load benchmark: throughput and latency per route of the real server on loopback.

    python -m bench.load_bench [--clients 1,4,8,16] [--requests 3000] [--deadline 120]
                               [--synthetic N] [--url http://127.0.0.1:8000]
                               [--mix api|search] [--queries repeated|distinct] [--env K=V]

Without --url it ingests the bundled corpus (plus N synthetic plans with --synthetic, added
with `styrgraf ingest FILE...`) into a temporary data directory and starts `styrgraf serve` on
a free loopback port. For each client count it sends --requests requests (bounded by
--deadline seconds) cycling through the standard mix of tests/support/load.py and prints
requests per second and p50/p95/p99 per route as Markdown tables. tests/test_load.py is the
short form that asserts zero errors.

`--mix search` sends only /search: the standard mix's three queries (`--queries repeated`,
what a query-vector cache serves) or the 67 evaluation questions of bench/queries.json in
turn (`--queries distinct`; run the server with `--env STYRGRAF_QUERY_CACHE=0` so that none
is served from the cache). It prints searches per second and each client count's p95 against
one client's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

import httpx

from bench.synthetic_plans import generate_corpus
from tests.support.load import (
    SEARCH_QUERIES,
    Call,
    api_mix,
    first_errors,
    has_results,
    run_load,
    summarise,
    table,
)
from tests.support.server import CORPUS, LiveServer, route_exists, run_cli


def prepare(data_dir: Path, synthetic: int) -> None:
    done = run_cli(["ingest", "-q", "--corpus", str(CORPUS)], data_dir)
    if done.returncode != 0:
        raise SystemExit(f"ingest failed: {done.stderr}")
    if synthetic:
        plans = generate_corpus(data_dir.parent / "synthetic", synthetic, seed=7)
        done = run_cli(["ingest", "-q", *map(str, plans)], data_dir, timeout=3600)
        if done.returncode != 0:
            raise SystemExit(f"ingest of the synthetic plans failed: {done.stderr}")


QUESTIONS = Path(__file__).with_name("queries.json")


def search_mix(queries: str) -> list[Call]:
    """Only /search: the standard mix's three queries, or the 67 evaluation questions."""
    if queries == "repeated":
        texts = list(SEARCH_QUERIES)
    else:
        texts = [q["q"] for q in json.loads(QUESTIONS.read_text("utf-8"))["queries"]]
    return [Call("/search", "/search", {"q": q}, check=has_results) for q in texts]


def bench(
    base_url: str, clients: list[int], requests: int, deadline: float, mix_name: str = "api"
) -> int:
    search = route_exists(base_url, "/search")
    if search:  # load (or build) the index before timing anything
        started = time.perf_counter()
        warm = httpx.get(base_url + "/search", params={"q": "hemlöshet"}, timeout=3600)
        print(
            f"first /search (index load or build): {time.perf_counter() - started:.1f} s "
            f"-> {warm.status_code}"
        )
    else:
        print("no /search route in this app: the mix has no search")
    mix = search_mix(mix_name.split(":")[1]) if mix_name.startswith("search") else api_mix(search)
    errors = 0
    single_p95 = None
    for count in clients:
        started = time.perf_counter()
        outcomes = run_load(
            base_url, mix, clients=count, max_requests=requests, deadline_seconds=deadline
        )
        wall = time.perf_counter() - started
        print(f"\n### {count} client(s): {len(outcomes)} requests in {wall:.1f} s\n")
        stats = summarise(outcomes, wall)
        print(table(stats))
        searches = [s for s in stats if s.route == "/search"]
        if searches:
            single_p95 = single_p95 or searches[0].p95_ms
            print(
                f"\n/search: {searches[0].per_second:.1f} per second, p95 "
                f"{searches[0].p95_ms:.0f} ms = {searches[0].p95_ms / single_p95:.1f}x the first "
                f"client count's; load average {os.getloadavg()[0]:.1f}"
            )
        failed = [o for o in outcomes if o.error]
        if failed:
            errors += len(failed)
            print("\n" + first_errors(outcomes))
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="1,4,8,16", help="comma-separated client counts")
    parser.add_argument("--requests", type=int, default=3000, help="requests per client count")
    parser.add_argument("--deadline", type=float, default=120.0, help="seconds per client count")
    parser.add_argument("--synthetic", type=int, default=0, help="synthetic plans to add")
    parser.add_argument("--url", help="an already running server (nothing is ingested)")
    parser.add_argument("--mix", choices=["api", "search"], default="api")
    parser.add_argument("--queries", choices=["repeated", "distinct"], default="repeated")
    parser.add_argument("--env", action="append", default=[], help="K=V for the server")
    args = parser.parse_args()
    mix = f"search:{args.queries}" if args.mix == "search" else "api"
    clients = [int(c) for c in args.clients.split(",")]
    print(
        f"# load bench: {platform.processor() or platform.machine()}, "
        f"{platform.python_version()}, clients {clients}, {args.requests} requests each\n"
    )
    if args.url:
        errors = bench(args.url.rstrip("/"), clients, args.requests, args.deadline, mix)
    else:
        work = Path(tempfile.mkdtemp(prefix="styrgraf-load-"))
        try:
            prepare(work / "data", args.synthetic)
            env = dict(pair.split("=", 1) for pair in args.env)
            with LiveServer(work / "data", work / "serve.log", env=env) as server:
                errors = bench(server.base_url, clients, args.requests, args.deadline, mix)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    raise SystemExit(1 if errors else 0)


if __name__ == "__main__":
    main()
