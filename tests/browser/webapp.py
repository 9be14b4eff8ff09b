"""The app with the web pages over a real ingested graph, for the TestClient tests
(tests/test_web*.py) and, served by uvicorn on a free loopback port, for the browser tests."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from types import TracebackType

import pytest
import uvicorn
from fastapi import FastAPI

from search_api.app import create_app
from search_api.core import Styrgraf
from search_api.search import index_for
from search_api.web import web_router

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def web_app(core: Styrgraf) -> FastAPI:
    """The whole HTTP app; the web router is added here until search_api/app.py includes it."""
    app = create_app(core)
    if not any(getattr(route, "name", None) == "web_search" for route in app.routes):
        app.include_router(web_router(lambda: core))
    return app


def warm_search(core: Styrgraf, factory: pytest.TempPathFactory) -> None:
    """Build the search index now, with the embedding cache the search tests share, so that
    no page test pays for embedding the plan (and the session embeds it once)."""
    index_for(core, cache_dir=factory.getbasetemp() / "search-embedding-cache")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ThreadServer:
    """uvicorn serving `app` on 127.0.0.1:<free port> in a thread of this process, so that it
    shares the already built search index; a context manager that stops it again."""

    def __init__(self, app: FastAPI) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="web-test-server")

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
