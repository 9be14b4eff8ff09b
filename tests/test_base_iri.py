"""The canonical base IRI: derived from host and port unless set, shared by ingest and serve."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.settings import Settings
from search_api.cli import base_iri_mismatch, serving_core
from search_api.core import Styrgraf


def test_derived_from_host_and_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STYRGRAF_BASE_IRI", raising=False)
    monkeypatch.setenv("STYRGRAF_PORT", "8765")
    assert Settings().base_iri == "http://127.0.0.1:8765/id/"
    assert Settings(host="0.0.0.0", port=80).base_iri == "http://127.0.0.1:80/id/"
    assert Settings(host="::1", port=9000).base_iri == "http://[::1]:9000/id/"


def test_an_explicit_base_iri_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STYRGRAF_BASE_IRI", "https://styrgraf.example/id/")
    monkeypatch.setenv("STYRGRAF_PORT", "8765")
    assert Settings().base_iri == "https://styrgraf.example/id/"


def test_serve_port_option_moves_a_derived_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STYRGRAF_BASE_IRI", raising=False)
    monkeypatch.delenv("STYRGRAF_PORT", raising=False)
    served = serving_core(Styrgraf(Settings()), None, 8765)
    assert (served.settings.port, served.settings.base_iri) == (8765, "http://127.0.0.1:8765/id/")
    fixed = serving_core(Styrgraf(Settings(base_iri="https://x.example/id/")), None, 8765)
    assert fixed.settings.base_iri == "https://x.example/id/"


def test_serve_warns_when_the_graph_was_minted_elsewhere(ingested: Styrgraf) -> None:
    data_dir: Path = ingested.settings.data_dir
    same = Styrgraf(Settings(data_dir=data_dir, base_iri=ingested.settings.base_iri))
    other = Styrgraf(Settings(data_dir=data_dir, base_iri="http://127.0.0.1:8765/id/"))
    assert base_iri_mismatch(same) is None
    warning = base_iri_mismatch(other)
    assert warning is not None
    assert "start with http://127.0.0.1:8000/id/ but this server's base IRI is" in warning
