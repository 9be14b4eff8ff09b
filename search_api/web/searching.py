"""The one place the pages call the semantic search (search_api/search), in-process, the way
its GET /search route does: `index_for(core).search(...)`.

Results are copied into a small dataclass of what a result card shows, so the templates do not
depend on the search package's response model.
"""

from __future__ import annotations

from dataclasses import dataclass

from search_api.core import Styrgraf
from search_api.search import SearchInputError, index_for

__all__ = ["Hit", "SearchInputError", "run_search"]


@dataclass(frozen=True)
class Hit:
    id: str
    type: str
    label: str
    snippet_html: str  # escaped text with <mark> around matched words
    section: str | None
    malomrade: list[str]
    ansvarig: list[str]
    source: str | None


def run_search(
    core: Styrgraf,
    q: str,
    *,
    k: int,
    type: str | None,
    malomrade: str | None,
    namnd: str | None,
    amne: str | None = None,
    kommun: str | None = None,
) -> list[Hit]:
    """The `k` best hits; SearchInputError for input the search refuses. The first search
    after an ingest loads (or builds) the version's index; later ones reuse it."""
    index = index_for(core)
    response = index.search(
        q, k=k, type=type, malomrade=malomrade, namnd=namnd, amne=amne, kommun=kommun
    )
    return [
        Hit(
            id=hit.id,
            type=hit.type,
            label=hit.label,
            snippet_html=hit.snippet_html,
            section=hit.section,
            malomrade=list(hit.goal_areas),
            ansvarig=list(hit.responsible),
            source=hit.source,
        )
        for hit in response.results
    ]
