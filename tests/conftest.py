"""Shared fixtures: the real corpus ingested once per run (tests/support/corpus.py).

The names below are re-exported for the test modules that import them from here; new code
imports them from tests.support.corpus."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from search_api.core import Styrgraf
from tests.support.corpus import BASE as BASE
from tests.support.corpus import CORPUS as CORPUS
from tests.support.corpus import DOC as DOC
from tests.support.corpus import EMBEDDING_CACHE, copy_corpus, make_core, seed_corpus, seeded
from tests.support.corpus import INDICATORS_PER_GOAL as INDICATORS_PER_GOAL
from tests.support.corpus import NEWS as NEWS
from tests.support.corpus import PLAN as PLAN
from tests.support.corpus import ROOT as ROOT
from tests.support.corpus import SYNTHETIC as SYNTHETIC
from tests.support.corpus import select as select
from tests.support.sparql import build_store
from tests.support.steering import kungsbacka_core

# Every ingest links items to topics with passage vectors: one cache for all test data dirs
# keeps that to one embedding run per machine instead of one per test.
os.environ.setdefault("STYRGRAF_EMBEDDING_CACHE_DIR", str(EMBEDDING_CACHE))


@pytest.fixture(scope="session")
def ingested_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data dir of the run's one ingest of the bundled corpus, with its search index.
    Tests must not change it: `copy_corpus(ingested_dir, target)` gives a writable copy."""
    return seed_corpus(tmp_path_factory)


@pytest.fixture(scope="session")
def ingested(ingested_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Styrgraf:
    """A core over the real corpus, ingested once; tests must not modify it. Each pytest
    process reads a copy of its own, as a store that stays with one process."""
    return make_core(copy_corpus(ingested_dir, tmp_path_factory.mktemp("ingested") / "data"))


@pytest.fixture(scope="session")
def core(ingested: Styrgraf) -> Styrgraf:
    """The ingested real corpus under the name the API tests use; tests must not modify it."""
    return ingested


@pytest.fixture(scope="session")
def kungsbacka_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Kungsbacka's årsredovisning and nämndbudget ingested once per run (read-only)."""
    return seeded(tmp_path_factory, "kungsbacka", kungsbacka_core)


@pytest.fixture(scope="session")
def sparql_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SPARQL tests' store (tests/data/sparql, one named graph per file); read-only."""
    return build_store(tmp_path_factory.mktemp("sparql") / "store")


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Styrgraf]:
    """A core over an empty data dir of its own."""
    yield make_core(tmp_path / "data")
    shutil.rmtree(tmp_path / "data", ignore_errors=True)


@pytest.fixture
def corpus_copy(ingested_dir: Path, tmp_path: Path) -> Styrgraf:
    """A core over a writable copy of the ingested corpus, for a test that changes it."""
    return make_core(copy_corpus(ingested_dir, tmp_path / "data"))
