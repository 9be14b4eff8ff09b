"""Checks of the dense indexes against exact search, shared by the vector and search tests."""

from __future__ import annotations

import numpy as np

from search_api.search.dense import VectorIndex


def hnsw_recall(
    exact: VectorIndex, approximate: VectorIndex, vectors: np.ndarray, queries: np.ndarray
) -> float:
    """Assert that `exact` finds every query's true top 10 (in order, ties in either order)
    with exact scores, and that `approximate` scores what it finds exactly; return the
    approximate index's recall@10."""
    found = 0
    for query in queries:
        scores_all = vectors @ query
        top = np.argsort(-scores_all, kind="stable")[:10]
        scores, rows = exact.search(query, 10)
        assert set(rows) == set(top)
        np.testing.assert_allclose(scores, scores_all[top], atol=1e-5)
        h_scores, h_rows = approximate.search(query, 10)
        np.testing.assert_allclose(h_scores, scores_all[h_rows], atol=1e-5)
        found += len(set(h_rows) & set(top))
    return found / (10 * len(queries))
