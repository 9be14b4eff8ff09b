"""Search benchmark (not a test): build time, latency in process and over HTTP, memory.

    python -m bench.search_bench [--rounds 5] [--requests 200]

1. ingest the bundled corpus into a fresh data dir and build the search index with an empty
   embedding cache (cold), then again into a second data dir reusing the cache (warm: what a
   re-ingest that changed nothing costs);
2. run every query of bench/queries.json `--rounds` times in process (hybrid and bm25);
3. start `uvicorn` on 127.0.0.1 with a free port (the project's app, plus the search router
   if the app does not have it yet), send `--requests` GET /search requests over one
   keep-alive connection, and read the server's resident memory from /proc.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.eval_search import ROOT, load_queries
from graph.settings import Settings
from search_api.core import Styrgraf
from search_api.search.models import Mode
from search_api.search.storage import index_for


def rss_mb(pid: int | str = "self", field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentiles(ms: list[float]) -> tuple[float, float]:
    ordered = sorted(ms)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


def build(data_dir: Path, cache: Path) -> tuple[Styrgraf, float, float, int]:
    core = Styrgraf(Settings(data_dir=data_dir, corpus_dir=ROOT / "corpus"))
    started = time.perf_counter()
    core.ingest()
    ingested = time.perf_counter()
    index = index_for(core, cache_dir=cache)
    return core, ingested - started, time.perf_counter() - ingested, index.manifest["embedded"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def http_bench(data_dir: Path, queries: list[str], requests: int) -> dict[str, float]:
    port = free_port()
    env = {**os.environ, "STYRGRAF_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "search_api.app:create_app",  # the app `styrgraf serve` runs, over STYRGRAF_DATA_DIR
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        url = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=url, timeout=60) as client:
            for _ in range(600):  # up to a minute for the server to come up
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            idle = rss_mb(server.pid)
            for q in queries[:10]:  # warm-up: loads the index and the model
                client.get("/search", params={"q": q}).raise_for_status()
            ms = []
            for i in range(requests):
                started = time.perf_counter()
                client.get("/search", params={"q": queries[i % len(queries)]}).raise_for_status()
                ms.append((time.perf_counter() - started) * 1000)
        p50, p95 = percentiles(ms)
        return {
            "p50": p50,
            "p95": p95,
            "idle_mb": idle,
            "rss_mb": rss_mb(server.pid),
            "peak_mb": rss_mb(server.pid, "VmHWM"),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="passes over the queries")
    parser.add_argument("--requests", type=int, default=200, help="HTTP requests")
    args = parser.parse_args(argv)
    queries = [q["q"] for q in load_queries()]
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="styrgraf-bench-") as tmp:
        work, cache = Path(tmp), Path(tmp) / "embedding-cache"
        rss_start = rss_mb()
        _, ingest_s, cold_s, embedded = build(work / "cold", cache)
        core, _, warm_s, _ = build(work / "warm", cache)
        rows += [
            ("ingest (parse, SHACL, store)", f"{ingest_s:.2f} s"),
            (f"index build, cold cache ({embedded} passages)", f"{cold_s:.2f} s"),
            ("index build, warm cache", f"{warm_s:.2f} s"),
        ]
        index = index_for(core)
        modes: tuple[Mode, ...] = ("hybrid", "bm25")
        for mode in modes:
            index.search(queries[0], mode=mode)  # warm-up
            ms = []
            for _ in range(args.rounds):
                for q in queries:
                    started = time.perf_counter()
                    index.search(q, mode=mode)
                    ms.append((time.perf_counter() - started) * 1000)
            p50, p95 = percentiles(ms)
            rows.append(
                (
                    f"search in process, {mode} ({len(ms)} queries)",
                    f"p50 {p50:.1f} ms, p95 {p95:.1f} ms",
                )
            )
        rows.append(
            ("RSS of this process: start / with index", f"{rss_start:.0f} / {rss_mb():.0f} MB")
        )
        http = http_bench(work / "warm", queries, args.requests)
        rows += [
            (
                f"search over HTTP, loopback ({args.requests} requests)",
                f"p50 {http['p50']:.1f} ms, p95 {http['p95']:.1f} ms",
            ),
            (
                "server RSS: idle / after requests / peak",
                f"{http['idle_mb']:.0f} / {http['rss_mb']:.0f} / {http['peak_mb']:.0f} MB",
            ),
        ]
        shutil.rmtree(work, ignore_errors=True)
    width = max(len(name) for name, _ in rows)
    print(f"{'measure':{width}}  value\n{'-' * width}  {'-' * 30}")
    for name, value in rows:
        print(f"{name:{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
