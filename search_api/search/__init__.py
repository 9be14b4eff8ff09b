"""Semantic search over the graph: hybrid BM25 + dense ranking, /search API, CLI command.

    index = SearchIndex.for_version(core)          # load or (re)build for core.version
    response = index.search("vilka uppdrag rör hemlöshet?", k=10, type="uppdrag")

Wiring: `search_router(get_core)` for the HTTP app, `add_search_command` for the CLI parser
and `post_ingest` after `styrgraf ingest` (see search_api/cli.py EXTENSIONS and POST_INGEST).
"""

from search_api.search.api import search_router
from search_api.search.command import add_search_command, cmd_search, post_ingest
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
    "get_embedder",
    "index_for",
    "post_ingest",
    "search_router",
]
