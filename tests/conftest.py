"""Shared fixtures: the real corpus ingested once per session into a temporary data dir."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.settings import Settings
from search_api.core import Styrgraf

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PLAN = CORPUS / "verksamhetsplan-2023-socialnamnden-sydvast.txt"
NEWS = CORPUS / "nyhet-2023-03-07-verksamhetsplan-beslutad.txt"
SYNTHETIC = (
    ROOT / "tests" / "data" / "synthetic" / "verksamhetsplan-2025-idrotts-och-foreningsnamnden.txt"
)
BASE = "http://127.0.0.1:8000/id/"
# Every ingest links items to topics with passage vectors: one cache for all test data dirs
# keeps that to one embedding run per machine instead of one per test.
os.environ.setdefault(
    "STYRGRAF_EMBEDDING_CACHE_DIR", str(ROOT / ".styrgraf" / "test-embedding-cache")
)
DOC = "vp-2023-sn-sydvast"
# Indicators per goal in the bundled plan, counted by hand from its "Uppföljning" sections
# (3.1.1.3 and 3.5.1.4 name one measure in prose; 3.5.1.1 lists six local environmental goals).
INDICATORS_PER_GOAL = {
    "3.1.1.1": 7,
    "3.1.1.2": 0,
    "3.1.1.3": 1,
    "3.2.1.1": 4,
    "3.3.1.1": 5,
    "3.4.1.1": 8,
    "3.4.1.2": 0,
    "3.5.1.1": 6,
    "3.5.1.2": 4,
    "3.5.1.3": 3,
    "3.5.1.4": 1,
    "3.5.1.5": 7,
}


def make_core(data_dir: Path) -> Styrgraf:
    return Styrgraf(Settings(data_dir=data_dir, corpus_dir=CORPUS, base_iri=BASE))


@pytest.fixture(scope="session")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Styrgraf:
    """A core over the real corpus, ingested once; tests must not modify it."""
    core = make_core(tmp_path_factory.mktemp("styrgraf-data"))
    core.ingest()
    return core


@pytest.fixture(scope="session")
def core(ingested: Styrgraf) -> Styrgraf:
    """The ingested real corpus under the name the API tests use; tests must not modify it."""
    return ingested


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Styrgraf]:
    """A core over an empty data dir of its own."""
    yield make_core(tmp_path / "data")
    shutil.rmtree(tmp_path / "data", ignore_errors=True)


def select(core: Styrgraf, query: str) -> list[dict[str, str]]:
    """SELECT rows as plain dicts of strings (unbound variables left out)."""
    results = core.sparql(query)
    names = [v.value for v in results.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in results]
