"""The HTTP app (FastAPI). Routers for search, SPARQL, entities and pages plug in here."""

from __future__ import annotations

from fastapi import FastAPI

from search_api.core import Styrgraf


def create_app(core: Styrgraf | None = None) -> FastAPI:
    core = core or Styrgraf()
    app = FastAPI(title="styrgraf", version="0.1.0",
                  description="Kommunala styrdokument som en validerad kunskapsgraf: sök, "
                              "SPARQL och uppslag av mål, uppdrag, program, planer och "
                              "indikatorer.")
    app.state.core = core

    @app.get("/health", tags=["drift"], summary="Hälsokontroll")
    def health() -> dict[str, object]:
        try:
            version = core.version.id
        except Exception:  # health must answer even before the first ingest
            version = None
        return {"status": "ok", "graph_version": version}

    return app
