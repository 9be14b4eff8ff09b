"""The bundled corpus, its paths and the one ingest of it per test run.

`seed_corpus` ingests corpus/ once (graph version and search index) into a data dir that no
test changes; the session fixtures of tests/conftest.py hand it out. A test that needs a store
of its own starting from the ingested corpus (ingest, remove, re-ingest, kill) copies it with
`copy_corpus`: versions are immutable directories, so a copy is an equally valid store, and
copying takes milliseconds where an ingest takes 20-60 s on 2 cores.

Under pytest-xdist every worker process runs the session fixtures; a lock file in the run's
common temp dir lets the first worker ingest and the others wait for it and reuse the result.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.settings import Settings
from search_api.core import Styrgraf
from search_api.search import index_for

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
PLAN = CORPUS / "verksamhetsplan-2023-socialnamnden-sydvast.txt"
NEWS = CORPUS / "nyhet-2023-03-07-verksamhetsplan-beslutad.txt"
SYNTHETIC_ID = "verksamhetsplan-2025-idrotts-och-foreningsnamnden"
SYNTHETIC = ROOT / "tests" / "data" / "synthetic" / f"{SYNTHETIC_ID}.txt"
BASE = "http://127.0.0.1:8000/id/"
DOC = "vp-2023-sn-sydvast"
# Passage vectors (topic tagging and search index) cached across runs, keyed by model and
# text: a run embeds only texts no earlier run embedded, with the real model.
EMBEDDING_CACHE = ROOT / ".styrgraf" / "test-embedding-cache"
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


def select(core: Styrgraf, query: str) -> list[dict[str, str]]:
    """SELECT rows as plain dicts of strings (unbound variables left out)."""
    results = core.sparql(query)
    names = [v.value for v in results.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in results]


def search_cache(name: str) -> Path:
    """The passage-vector cache of the search indexes over one set of documents. One per set:
    a search index build keeps only its own passages in the cache it uses."""
    return EMBEDDING_CACHE / "search" / name


def warm_index(core: Styrgraf, documents: str = "corpus") -> None:
    """Build (or load) the search index of the core's current version now, so that no test
    pays for it, with the passage vectors cached for `documents` by earlier runs."""
    index_for(core, cache_dir=search_cache(documents))


def seeded(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]) -> Path:
    """A data dir made once per test run by `build(data_dir)`, whichever pytest process
    (xdist worker) asks first; the others wait for it. Read-only: copy it to change it."""
    base = factory.getbasetemp()
    run_dir = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    seed = run_dir / f"{name}-seed" / "data"
    done = seed.parent / "done"
    seed.parent.mkdir(parents=True, exist_ok=True)
    with (run_dir / f"{name}-seed.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            shutil.rmtree(seed, ignore_errors=True)  # a process that died half-way
            build(seed)
            done.touch()
    return seed


def _ingest_corpus(data_dir: Path) -> None:
    core = make_core(data_dir)
    core.ingest()
    warm_index(core)


def seed_corpus(factory: pytest.TempPathFactory) -> Path:
    """The data dir of the run's one ingest of corpus/ with its search index (read-only)."""
    return seeded(factory, "corpus", _ingest_corpus)


def with_vector_cache(data_dir: Path) -> Path:
    """Put the shared passage vectors where a `styrgraf` process over `data_dir` looks for
    them (<data_dir>/embedding-cache), so that its ingests embed only new texts."""
    target = data_dir / "embedding-cache"
    target.mkdir(parents=True, exist_ok=True)
    for cached in [*EMBEDDING_CACHE.glob("topics-*.npz"), *search_cache("corpus").glob("*.npz")]:
        shutil.copy2(cached, target / cached.name)
    return data_dir


def copy_corpus(seed: Path, target: Path) -> Path:
    """A writable copy at `target` of the ingested corpus in `seed` (see `with_vector_cache`)."""
    shutil.copytree(seed, target, symlinks=True)
    return with_vector_cache(target)
