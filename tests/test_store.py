"""The versioned store: atomic swaps, pruning, damaged pointers, SIGKILL in mid-ingest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.store import CURRENT, VERSIONS, GraphStore, current_version, write_version
from ingest.errors import NotFound, StoreError
from tests.conftest import BASE, CORPUS, ROOT, make_core, select
from tests.support.corpus import copy_corpus

NQ_A = {"http://e/g": b'<http://e/a> <http://e/p> "1" .\n'}
NQ_B = {"http://e/g": b'<http://e/b> <http://e/p> "2" .\n'}


def test_no_store_yet_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="run `styrgraf ingest` first"):
        current_version(tmp_path)


def test_versions_are_content_addressed_and_swapped(tmp_path: Path) -> None:
    a = write_version(tmp_path, NQ_A, {})
    store = GraphStore(tmp_path)
    assert store.version == a
    b = write_version(tmp_path, NQ_B, {})
    assert a.id != b.id
    assert store.version == b  # readers follow CURRENT
    rows = list(store.query("SELECT ?s WHERE { ?s ?p ?o }"))
    assert [r["s"].value for r in rows] == ["http://e/b"]
    assert write_version(tmp_path, NQ_A, {}).id == a.id  # same content, same version
    both = write_version(tmp_path, {"http://e/h": NQ_B["http://e/g"]}, {}, base=a)
    assert {r["g"].value for r in store.query("SELECT ?g WHERE { GRAPH ?g {} }")} == {
        "http://e/g",
        "http://e/h",
    }
    assert both.meta()["base"] == a.id
    dropped = write_version(tmp_path, {}, {}, base=both, drop=frozenset({"http://e/g"}))
    assert [r["s"].value for r in store.query("SELECT ?s WHERE { ?s ?p ?o }")] == ["http://e/b"]
    assert dropped.id == write_version(tmp_path, {"http://e/h": NQ_B["http://e/g"]}, {}).id


def test_old_versions_and_leftovers_are_pruned(tmp_path: Path) -> None:
    leftover = tmp_path / VERSIONS / ".tmp-killed"
    leftover.mkdir(parents=True)
    for i in range(5):
        graph = {"http://e/g": f'<http://e/{i}> <http://e/p> "x" .\n'.encode()}
        write_version(tmp_path, graph, {}, keep=2)
    kept = sorted(p.name for p in (tmp_path / VERSIONS).iterdir())
    assert len(kept) == 2 and not leftover.exists()
    assert current_version(tmp_path).id in kept


def test_damaged_pointer_is_a_store_error(tmp_path: Path) -> None:
    write_version(tmp_path, NQ_A, {})
    (tmp_path / CURRENT).write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match="is damaged"):
        current_version(tmp_path)
    (tmp_path / CURRENT).write_text(json.dumps({"version": "0123"}), encoding="utf-8")
    with pytest.raises(StoreError, match="which is missing"):
        current_version(tmp_path)


def test_sigkill_during_ingest_keeps_the_previous_version(
    ingested_dir: Path, tmp_path: Path
) -> None:
    """Kill ingests at different moments; the previous version must keep serving."""
    data = copy_corpus(ingested_dir, tmp_path / "data")
    before = make_core(data).version.id
    synthetic = ROOT / "tests/data/synthetic/verksamhetsplan-2025-idrotts-och-foreningsnamnden.txt"
    env = {
        **os.environ,
        "STYRGRAF_DATA_DIR": str(data),
        "STYRGRAF_BASE_IRI": BASE,
        "STYRGRAF_CORPUS_DIR": str(CORPUS),
    }
    for delay in (0.3, 0.8, 1.3, 1.8):
        proc = subprocess.Popen(
            [sys.executable, "-m", "search_api.cli", "ingest", "-q", str(synthetic)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        version = current_version(data).id
        fresh = make_core(data)
        n_goals = select(fresh, "SELECT (COUNT(?m) AS ?n) WHERE { ?m a sg:Mal }")[0]["n"]
        assert n_goals in ("12", "15")  # old graph, or the complete new one: never a mix
        if version != before:
            assert n_goals == "15"
            break
    # the next ingest cleans up whatever a killed one left
    make_core(data).ingest()
    assert not list((data / VERSIONS).glob(".tmp-*"))
