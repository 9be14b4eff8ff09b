"""faiss index over L2-normalised chunk vectors, scored by inner product (= cosine).

Exact search (IndexFlatIP) is both fastest and exact at this corpus's size (a few hundred
chunks); past `approximate_from` vectors the index switches to HNSW, whose search cost grows
roughly logarithmically, trading a little recall (tests/test_search_vectors.py measures it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import faiss
import numpy as np
from numpy.typing import NDArray

from search_api.search.embedders import Vectors

FILE = "vectors.faiss"


@dataclass(frozen=True)
class DenseParams:
    # vectors; below this exact search is cheap enough (~1.8 ms per 11,000 passages on 2 cores,
    # while HNSW found 83 % of the exact top 10 at 100x: bench/dense_recall.py)
    approximate_from: int = 200_000
    hnsw_m: int = 32
    ef_construction: int = 80
    ef_search: int = 128

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class VectorIndex:
    def __init__(self, index: Any, params: DenseParams) -> None:
        self.index = index
        self.params = params
        if self.kind == "hnsw":
            index.hnsw.efSearch = params.ef_search  # not part of the saved file

    @property
    def kind(self) -> str:
        return "hnsw" if isinstance(self.index, faiss.IndexHNSWFlat) else "flat"

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @classmethod
    def build(cls, vectors: Vectors, params: DenseParams | None = None) -> VectorIndex:
        params = params or DenseParams()
        n, dim = vectors.shape
        index: Any
        if n >= params.approximate_from:
            index = faiss.IndexHNSWFlat(dim, params.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = params.ef_construction
        else:
            index = faiss.IndexFlatIP(dim)
        if n:
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index, params)

    def save(self, directory: Path) -> None:
        faiss.write_index(self.index, str(directory / FILE))

    @classmethod
    def load(cls, directory: Path, params: DenseParams) -> VectorIndex:
        return cls(faiss.read_index(str(directory / FILE)), params)

    def search(self, query: Vectors, k: int) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
        """Scores and row numbers of the `k` nearest chunks (fewer when the index is small)."""
        k = min(k, self.size)
        if k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        scores, ids = self.index.search(np.ascontiguousarray(query.reshape(1, -1)), k)
        keep = ids[0] >= 0  # HNSW pads with -1 when it finds fewer than k
        return scores[0][keep], ids[0][keep]
