"""Retrieval quality of styrgraf search on bench/queries.json: BM25, dense and hybrid.

    python -m bench.eval_search [--data-dir DIR] [--embedder NAME] [--ablations] [--per-query]

Ingests the bundled corpus into DIR (default .styrgraf/eval, kept so that the embedding
cache makes reruns fast), builds or loads the search index, runs every query in each mode
and prints nDCG@10 (gain 2^rel - 1), recall@10 (share of rel >= 1 items in the top ten) and
MRR@10 (first rel >= 1 item). --ablations also compares the lexical extras and fusion knobs.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from graph.settings import Settings
from search_api.core import Styrgraf
from search_api.search.analysis import AnalyzerOptions
from search_api.search.index import SearchIndex
from search_api.search.lexical import LexicalIndex
from search_api.search.models import Mode
from search_api.search.ranking import SearchParams
from search_api.search.storage import index_for

ROOT = Path(__file__).resolve().parent.parent
QUERIES = Path(__file__).resolve().parent / "queries.json"
K = 10


def ndcg(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    dcg = sum((2 ** relevant.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    best = sum((2**r - 1) / math.log2(i + 2) for i, r in enumerate(ideal))
    return dcg / best if best else 0.0


def recall(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    wanted = {d for d, r in relevant.items() if r > 0}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0


def reciprocal_rank(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    return next((1 / (i + 1) for i, d in enumerate(ranked[:k]) if relevant.get(d, 0) > 0), 0.0)


def load_queries(path: Path = QUERIES) -> list[dict[str, Any]]:
    queries: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))["queries"]
    return queries


def evaluate(
    index: SearchIndex,
    queries: list[dict[str, Any]],
    mode: Mode,
    params: SearchParams | None = None,
) -> dict[str, Any]:
    rows = []
    for query in queries:
        ranked = [h.id for h in index.search(query["q"], k=K, mode=mode, params=params).results]
        rel = query["relevant"]
        rows.append(
            {
                "q": query["q"],
                "kind": query["kind"],
                "ranked": ranked,
                "ndcg": ndcg(ranked, rel),
                "recall": recall(ranked, rel),
                "mrr": reciprocal_rank(ranked, rel),
            }
        )
    mean = {m: sum(r[m] for r in rows) / len(rows) for m in ("ndcg", "recall", "mrr")}
    return {"mean": mean, "rows": rows}


def missing_ids(index: SearchIndex, queries: list[dict[str, Any]]) -> list[str]:
    """Judged ids the graph no longer has (a parser change renamed them): report, not hide."""
    known = {d.id for d in index.docs}
    return sorted({d for q in queries for d in q["relevant"] if d not in known})


def with_lexical(index: SearchIndex, options: AnalyzerOptions, typos: bool) -> SearchIndex:
    """A copy of `index` whose BM25 side is rebuilt with other analyser options (no
    re-embedding: only the lexical side changes)."""
    lexical = LexicalIndex.build([c.text for c in index.chunks], options, typos)
    return SearchIndex(
        index.docs, index.chunks, lexical, index.vectors, index.embedder, index.manifest
    )


def table(title: str, results: dict[str, dict[str, Any]]) -> str:
    lines = [title, f"{'variant':34} {'nDCG@10':>8} {'recall@10':>9} {'MRR@10':>7}"]
    for name, result in results.items():
        m = result["mean"]
        lines.append(f"{name:34} {m['ndcg']:8.3f} {m['recall']:9.3f} {m['mrr']:7.3f}")
    return "\n".join(lines)


def by_kind(queries: list[dict[str, Any]], results: dict[str, dict[str, Any]]) -> str:
    """nDCG@10 per kind of query (a query may have several kinds)."""
    kinds = sorted({k for q in queries for k in q["kind"]})
    lines = ["", f"{'nDCG@10 by kind of query':34} " + " ".join(f"{m:>8}" for m in results)]
    for kind in kinds:
        rows = [i for i, q in enumerate(queries) if kind in q["kind"]]
        means = [sum(r["rows"][i]["ndcg"] for i in rows) / len(rows) for r in results.values()]
        lines.append(f"{kind + f' ({len(rows)})':34} " + " ".join(f"{m:8.3f}" for m in means))
    return "\n".join(lines)


def ablations(index: SearchIndex, queries: list[dict[str, Any]]) -> None:
    plain = AnalyzerOptions(compounds=False, joins=False)
    variants = {
        "stems only": (plain, False, SearchParams(synonyms=False)),
        "+ compound parts": (replace(plain, compounds=True), False, SearchParams(synonyms=False)),
        "+ split-word joins": (AnalyzerOptions(), False, SearchParams(synonyms=False)),
        "+ typo correction": (AnalyzerOptions(), True, SearchParams(synonyms=False)),
        "+ synonyms (weight 0.5) = default": (AnalyzerOptions(), True, SearchParams()),
        "  synonyms at weight 1.0": (AnalyzerOptions(), True, SearchParams(expansion_weight=1)),
    }
    for mode in ("bm25", "hybrid"):
        results = {
            name: evaluate(with_lexical(index, options, typos), queries, mode, params)
            for name, (options, typos, params) in variants.items()
        }
        print(table(f"\nlexical ablation, {mode}", results))
    fusion = {
        f"rrf k={k:g} weights bm25={b:g} dense={d:g}": SearchParams(
            rrf_k=k, bm25_weight=b, dense_weight=d
        )
        for k, b, d in ((60, 1, 1), (20, 1, 1), (10, 1, 1), (60, 1, 1.5), (60, 1.5, 1))
    }
    print(
        table(
            "\nfusion, hybrid",
            {n: evaluate(index, queries, "hybrid", p) for n, p in fusion.items()},
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT / ".styrgraf" / "eval")
    parser.add_argument("--embedder", default=None, help="default: the configured embedder")
    parser.add_argument("--ablations", action="store_true")
    parser.add_argument("--per-query", action="store_true", help="nDCG of every query")
    args = parser.parse_args(argv)
    core = Styrgraf(Settings(data_dir=args.data_dir, corpus_dir=ROOT / "corpus"))
    core.ingest()
    index = index_for(core, args.embedder, progress=lambda m: print(f"… {m}", file=sys.stderr))
    queries = load_queries()
    gone = missing_ids(index, queries)
    if gone:
        print(f"warning: {len(gone)} judged ids are not in the graph: {', '.join(gone)}")
    modes: list[Mode] = ["bm25", "dense", "hybrid"]
    results: dict[str, dict[str, Any]] = {m: evaluate(index, queries, m) for m in modes}
    print(
        f"{len(queries)} queries, embedder {index.embedder.name}, "
        f"{len(index.docs)} entities, {len(index.chunks)} chunks"
    )
    print(table("", results))
    print(by_kind(queries, results))
    if args.per_query:
        print(f"\n{'query':50} " + " ".join(f"{m:>7}" for m in modes))
        for i, query in enumerate(queries):
            print(
                f"{query['q'][:50]:50} "
                + " ".join(f"{results[m]['rows'][i]['ndcg']:7.3f}" for m in modes)
            )
    if args.ablations:
        ablations(index, queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
