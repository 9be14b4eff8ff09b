"""Load benchmark: throughput and latency per route of the real server on loopback.

    python -m bench.load_bench [--clients 1,4,8,16] [--requests 3000] [--deadline 120]
                               [--synthetic N] [--url http://127.0.0.1:8000]

Without --url it ingests the bundled corpus (plus N synthetic plans with --synthetic, added
with `styrgraf ingest FILE...`) into a temporary data directory and starts `styrgraf serve` on
a free loopback port. For each client count it sends --requests requests (bounded by
--deadline seconds) cycling through the standard mix of tests/support/load.py and prints
requests per second and p50/p95/p99 per route as Markdown tables. tests/test_load.py is the
short form that asserts zero errors.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import tempfile
import time
from pathlib import Path

import httpx

from bench.synthetic_plans import generate_corpus
from tests.support.load import api_mix, first_errors, run_load, summarise, table
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


def bench(base_url: str, clients: list[int], requests: int, deadline: float) -> int:
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
    mix = api_mix(search)
    errors = 0
    for count in clients:
        started = time.perf_counter()
        outcomes = run_load(
            base_url, mix, clients=count, max_requests=requests, deadline_seconds=deadline
        )
        wall = time.perf_counter() - started
        print(f"\n### {count} client(s): {len(outcomes)} requests in {wall:.1f} s\n")
        print(table(summarise(outcomes, wall)))
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
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",")]
    print(
        f"# load bench: {platform.processor() or platform.machine()}, "
        f"{platform.python_version()}, clients {clients}, {args.requests} requests each\n"
    )
    if args.url:
        errors = bench(args.url.rstrip("/"), clients, args.requests, args.deadline)
    else:
        work = Path(tempfile.mkdtemp(prefix="styrgraf-load-"))
        try:
            prepare(work / "data", args.synthetic)
            with LiveServer(work / "data", work / "serve.log") as server:
                errors = bench(server.base_url, clients, args.requests, args.deadline)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    raise SystemExit(1 if errors else 0)


if __name__ == "__main__":
    main()
