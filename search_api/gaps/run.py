"""Running a saved gap query against the stored graph."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from search_api.gaps.loader import get_gap

if TYPE_CHECKING:
    from search_api.core import Styrgraf


def run_gap(core: Styrgraf, name: str) -> ox.QuerySolutions:
    """Every row of saved query `name` over all documents (NotFound for an unknown name), in
    this process without timeout or row cap: the saved queries are the app's own texts (for
    code and tests; `styrgraf gaps NAME` and /gaps/{name} run them in the query workers).

    The solutions are an iterator: read or serialize them once."""
    results = core.sparql_internal(get_gap(name).query)
    # Every saved query is a SELECT (tests/test_gaps.py checks each file).
    assert isinstance(results, ox.QuerySolutions), f"{name}.rq is not a SELECT query"
    return results
