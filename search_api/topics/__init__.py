"""Topics (ämnen) on the HTTP API and the web pages; the links themselves are made at ingest
(graph/topics/)."""

from search_api.topics.router import topics_router

__all__ = ["topics_router"]
