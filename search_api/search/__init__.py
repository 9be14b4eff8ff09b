"""Semantic search over the graph: hybrid BM25 + dense ranking, /search API, CLI command.

    index = index_for(core)          # core.version's index: from the core, from disk, or built
    response = index.search("vilka uppdrag rör hemlöshet?", k=10, type="uppdrag")

Wiring: `search_router(get_core)` for the HTTP app (search_api/app.py), `add_search_command`
for the CLI parser and `ensure_index` after `styrgraf ingest` and `remove` (search_api/cli.py).
The core holds the loaded index (`core.search_indexes`), so two cores never share one.
"""

from search_api.search.api import search_router
from search_api.search.command import add_search_command, cmd_search, ensure_index
from search_api.search.embedders import Embedder, get_embedder
from search_api.search.index import IndexParams, SearchIndex
from search_api.search.models import SearchHit, SearchInputError, SearchResponse
from search_api.search.ranking import SearchParams
from search_api.search.storage import index_for

__all__ = [
    "Embedder",
    "IndexParams",
    "SearchHit",
    "SearchIndex",
    "SearchInputError",
    "SearchParams",
    "SearchResponse",
    "add_search_command",
    "cmd_search",
    "ensure_index",
    "get_embedder",
    "index_for",
    "search_router",
]
