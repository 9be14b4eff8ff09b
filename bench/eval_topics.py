"""Precision and recall of the topic tagger against hand judgements (bench/topic_judgements.json).

    python -m bench.eval_topics [--tune] [--cache-dir DIR]

Parses the bundled corpus (no store needed), computes every item's lexical evidence and
passage similarity to every topic once, and scores per judged concept:

* keyword: linked when any label of the topic occurs in the item's text (the baseline);
* tagger:  the rules of graph/topics/tagger.py with the default TopicParams.

--tune searches the five similarity thresholds on a grid and prints the best by the smaller
of mean precision and recall (this is how the defaults were chosen; the judgements were
committed before it was run).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from graph.embedders import get_embedder
from graph.pipeline import corpus_files, parse_documents
from graph.settings import Settings
from graph.topics.items import items_of, org_names
from graph.topics.scheme import load_concepts
from graph.topics.tagger import ItemFeatures, TopicParams, decide, features
from graph.vector_cache import VectorCache
from ingest.iris import Iris

ROOT = Path(__file__).resolve().parent.parent
JUDGEMENTS = Path(__file__).resolve().parent / "topic_judgements.json"


def corpus_features(cache_dir: Path) -> tuple[list[ItemFeatures], Iris]:
    settings = Settings()
    iris = Iris(settings.base_iri)
    graphs = parse_documents(corpus_files(ROOT / "corpus"), iris, settings.max_document_bytes)
    concepts = list(load_concepts())
    embedder = get_embedder(settings.embedder)
    found: list[ItemFeatures] = []
    for graph in graphs.values():
        found += features(
            items_of(graph),
            concepts,
            org_names(graph),
            embedder,
            VectorCache(cache_dir, embedder.name),
            lambda m: print(f"… {m}", file=sys.stderr),
        )
    return found, iris


def predicted(found: list[ItemFeatures], iris: Iris, concept: str, params: TopicParams) -> set[str]:
    return {
        iris.entity_id(f.item.iri) or f.item.iri
        for f in found
        if decide(f, concept, params) is not None
    }


def scores(
    found: list[ItemFeatures], iris: Iris, judged: dict[str, list[str]], params: TopicParams
) -> dict[str, tuple[float, float, int, int]]:
    out = {}
    for concept, relevant in judged.items():
        got, want = predicted(found, iris, concept, params), set(relevant)
        hit = len(got & want)
        precision = hit / len(got) if got else (1.0 if not want else 0.0)
        recall = hit / len(want) if want else 1.0
        out[concept] = (precision, recall, len(got), len(want))
    return out


def mean_f1(result: dict[str, tuple[float, float, int, int]]) -> float:
    f1 = [2 * p * r / (p + r) if p + r else 0.0 for p, r, _, _ in result.values()]
    return sum(f1) / len(f1)


def balanced(result: dict[str, tuple[float, float, int, int]]) -> tuple[float, float]:
    """The smaller of mean precision and mean recall (the aim is both high), then mean F1."""
    p = sum(v[0] for v in result.values()) / len(result)
    r = sum(v[1] for v in result.values()) / len(result)
    return min(p, r), mean_f1(result)


KEYWORD = TopicParams(dense=False)


def table(base: dict[str, Any], tagged: dict[str, Any]) -> str:
    lines = [
        "| topic | judged | keyword P | keyword R | tagger P | tagger R | tagger links |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for concept in sorted(tagged):
        bp, br, _, want = base[concept]
        tp, tr, got, _ = tagged[concept]
        lines.append(f"| {concept} | {want} | {bp:.2f} | {br:.2f} | {tp:.2f} | {tr:.2f} | {got} |")
    for name, result in (("keyword", base), ("tagger", tagged)):
        p = sum(v[0] for v in result.values()) / len(result)
        r = sum(v[1] for v in result.values()) / len(result)
        lines.append(f"mean {name}: precision {p:.3f}, recall {r:.3f}, F1 {mean_f1(result):.3f}")
    return "\n".join(lines)


def tune(found: list[ItemFeatures], iris: Iris, judged: dict[str, list[str]]) -> TopicParams:
    grid = [round(0.78 + 0.01 * i, 2) for i in range(13)]
    best: tuple[tuple[float, float], TopicParams] | None = None
    for label_min, lexical_min, narrower_min, dense_min, top_min in itertools.product(
        grid, grid, grid, grid, grid
    ):
        if not (label_min <= lexical_min <= narrower_min <= dense_min and top_min <= dense_min):
            continue
        params = TopicParams(label_min, lexical_min, narrower_min, dense_min, top_min)
        score = balanced(scores(found, iris, judged, params))
        if best is None or score > best[0]:
            best = (score, params)
    assert best is not None
    print(f"best min(P, R) {best[0][0]:.3f} (mean F1 {best[0][1]:.3f}) with {best[1]}")
    return best[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / ".styrgraf" / "eval-topics")
    args = parser.parse_args(argv)
    judged: dict[str, list[str]] = json.loads(JUDGEMENTS.read_text("utf-8"))["concepts"]
    found, iris = corpus_features(args.cache_dir)
    params = tune(found, iris, judged) if args.tune else TopicParams()
    print(f"{len(found)} items, {len(judged)} judged topics, {params}")
    print(table(scores(found, iris, judged, KEYWORD), scores(found, iris, judged, replace(params))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
