"""A batch's graphs with guessed years wait on disk, not in memory (graph/held.py): while the
other documents are yielded the spool directory holds the årsredovisning's graph and no
Graph in the process holds it; its aligned graph equals aligning it in memory; the directory
is gone after the batch, after a failure and after an unknown document."""

from __future__ import annotations

import gc
import hashlib
import pickle
import shutil
import warnings
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from graph import years
from graph.batch import BatchStream, parse_batch
from ingest.errors import DocumentError
from ingest.iris import Iris
from ingest.source import SourceText
from ontology import SG

ROOT = Path(__file__).resolve().parents[1]
KB = ROOT / "corpus" / "kungsbacka"
AR = KB / "kungsbacka_vard-omsorg_arsredovisning2024_maluppfoljning.txt"
BUDGET = KB / "kungsbacka_vard-omsorg_namndbudget2025.txt"
BASE = "http://127.0.0.1:8000/id/"
IRIS = Iris(BASE)
# A copy under another name: a document id no other test's graphs hold, so every Graph in
# memory that states this document is one the stream keeps.
COPY_ID = "kungsbacka-vard-omsorg-arsredovisning2024-kopia"
COPY_DOC = IRIS.document(COPY_ID)
BUDGET_ID = "kungsbacka-vard-omsorg-namndbudget2025"


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(AR, folder / "kungsbacka_vard-omsorg_arsredovisning2024_kopia.txt")
    shutil.copy(BUDGET, folder / BUDGET.name)
    return [folder / "kungsbacka_vard-omsorg_arsredovisning2024_kopia.txt", folder / BUDGET.name]


def graphs_stating(document: URIRef) -> list[Graph]:
    return [
        o for o in live_objects() if isinstance(o, Graph) and (document, RDF.type, SG.Dokument) in o
    ]


def sources_in(folder: Path) -> list[str]:
    """The files of `folder` whose decoded text is in memory."""
    return [
        o.path.name for o in live_objects() if isinstance(o, SourceText) and o.path.parent == folder
    ]


def live_objects() -> list[object]:
    """Every object the collector tracks, after a collection. isinstance on some of them
    (torch's deprecated module attributes) warns, so the warnings of the scan are dropped."""
    gc.collect()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [o for o in gc.get_objects() if isinstance(o, (Graph, SourceText))]


def spooled(spool: Path) -> list[Path]:
    return sorted(f for d in spool.iterdir() for f in d.iterdir())


def test_the_held_graph_waits_on_disk_and_aligns_as_in_memory(
    corpus: list[Path], tmp_path: Path
) -> None:
    spool = tmp_path / "spool"
    stream = BatchStream(corpus, IRIS, 20_000_000, spool_dir=spool)
    # Recognised, not parsed: both decoded texts wait in files, not in the stream.
    assert len(spooled(spool)) == 2
    assert sources_in(corpus[0].parent) == []
    graphs = stream.graphs()
    doc, budget = next(graphs)
    # The årsredovisning (parsed first) is held: on disk, and no Graph in memory states it.
    assert doc == BUDGET_ID
    assert graphs_stating(COPY_DOC) == []
    assert sources_in(corpus[0].parent) == [BUDGET.name]
    (file,) = spooled(spool)
    waiting = pickle.loads(file.read_bytes())
    assert isinstance(waiting, Graph)
    assert (COPY_DOC, RDF.type, SG.Dokument) in waiting
    assert len(waiting) == 3010
    flagged = {
        waiting.value(u, SG.kallrad).toPython()  # type: ignore[union-attr]
        for u in waiting.subjects(RDF.type, SG.Utfall)
        if waiting.value(u, SG.tolkningsvarning) is not None
    }
    assert len(flagged) == 20  # every guessed row, before alignment
    del waiting
    doc, held = next(graphs)
    assert doc == COPY_ID
    assert next(graphs, None) is None
    assert list(spool.iterdir()) == []
    # As aligning the same graph in memory (graph/years.py align) with the budget's outcomes.
    expected = parse_batch(corpus[:1], IRIS, 20_000_000).graphs[COPY_ID]
    assert years.align({COPY_ID: expected}, years.named_outcomes(budget)) == stream.aligned
    assert set(held) == set(expected)
    assert dict(held.namespaces()) == dict(expected.namespaces())
    assert len(stream.aligned) == 14
    assert {a.line: a.years for a in stream.aligned}[46] == (2022, 2023)
    rows = [w.split(": ", 1)[1].split(" (")[0] for w in stream.warnings if ": rad " in w]
    assert rows == ["rad 30", "rad 299", "rad 304", "rad 367", "rad 701", "rad 736"]


def test_a_file_changed_after_recognition_is_parsed_as_recognised(
    corpus: list[Path], tmp_path: Path
) -> None:
    sha = hashlib.sha256(corpus[0].read_bytes()).hexdigest()
    stream = BatchStream(corpus, IRIS, 20_000_000, spool_dir=tmp_path / "spool")
    corpus[0].write_text("Kanelbullar\n", encoding="utf-8")
    graphs = dict(stream.graphs())
    assert len(stream.aligned) == 14
    assert str(graphs[COPY_ID].value(COPY_DOC, SG.sha256)) == sha


def test_the_spool_is_removed_after_a_failure(corpus: list[Path], tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    stream = BatchStream(corpus, IRIS, 20_000_000, spool_dir=spool)
    with pytest.raises(RuntimeError, match="validation failed"):
        for _ in stream.graphs():
            assert spooled(spool)
            raise RuntimeError("validation failed")
    assert list(spool.iterdir()) == []
    recipe = tmp_path / "recept.txt"
    recipe.write_text("Kanelbullar\n\nMjöl, smör och socker.\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="is not a document of a known kind"):
        BatchStream([*corpus, recipe], IRIS, 20_000_000, spool_dir=spool)
    assert list(spool.iterdir()) == []
    # A stream dropped before it ran leaves nothing either.
    BatchStream(corpus, IRIS, 20_000_000, spool_dir=spool)
    gc.collect()
    assert list(spool.iterdir()) == []
