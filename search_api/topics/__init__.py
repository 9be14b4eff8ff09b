"""Topics (ämnen) on the HTTP API and the web pages (router.py) and their data (data.py); the
links themselves are made at ingest (graph/topics/)."""
