"""SHACL per document (and on shared things over the batch) finds exactly what validating the
whole corpus as one graph finds: the bundled corpus, Kungsbacka's documents, synthetic plans
validated by worker processes, and the stored graph validated one named graph at a time."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from rdflib import Dataset

from bench.synthetic_plans import generate_corpus
from graph.batch import corpus_files, parse_batch
from graph.pipeline import build_dataset, union_of, vocabulary_graph
from graph.settings import Settings
from graph.validate_documents import validate_documents
from graph.validation import validate
from ingest.iris import Iris
from search_api.core import Styrgraf
from tests.conftest import BASE, CORPUS, NEWS, PLAN

IRIS = Iris(BASE)


def _both(files: list[Path], workers: int, group_triples: int = 1) -> tuple[list[str], list[str]]:
    graphs = parse_batch(files, IRIS, 20_000_000).graphs
    whole = validate(union_of(build_dataset(IRIS, graphs)))
    per_document = validate_documents(
        list(graphs.values()), vocabulary_graph(), IRIS, workers, group_triples
    )
    return (
        sorted(f.describe(BASE) for f in whole.findings),
        sorted(f.describe(BASE) for f in per_document.findings),
    )


def test_bundled_corpus() -> None:
    whole, per_document = _both(corpus_files(CORPUS), workers=1)
    assert (
        per_document
        == whole
        == [
            "Warning: vp-2023-sn-sydvast/mal/3.1.1.2 [sg:indikator]: Målet saknar indikatorer.",
            "Warning: vp-2023-sn-sydvast/mal/3.4.1.2 [sg:indikator]: Målet saknar indikatorer.",
        ]
    )


def test_kungsbacka_shared_goals_are_judged_over_both_documents() -> None:
    whole, per_document = _both(corpus_files(CORPUS / "kungsbacka"), workers=1)
    assert per_document == whole
    assert whole and all(line.startswith("Warning: ") for line in whole)


@pytest.mark.parametrize(("workers", "group_triples"), [(2, 1), (2, 2000)])
def test_synthetic_plans_in_worker_processes(
    tmp_path: Path, workers: int, group_triples: int
) -> None:
    files = generate_corpus(tmp_path, 8, seed=3)
    whole, per_document = _both(files, workers, group_triples)
    assert per_document == whole


def _stored_both(core: Styrgraf) -> tuple[list[str], list[str]]:
    dataset = Dataset()
    dataset.parse(data=core.graph.dump(), format="nquads")
    whole = validate(union_of(dataset))
    return (
        sorted(f.describe(BASE) for f in whole.findings),
        sorted(f.describe(BASE) for f in core.validate().findings),
    )


def test_stored_graph_per_document(tmp_path: Path) -> None:
    """`styrgraf validate` of the stored graph, one document's graph at a time, finds what
    validating the union of every stored graph finds, and what ingest reported: Kungsbacka's
    two documents (goals shared between them) with a Göteborg plan and its news item added,
    then without the shared-graph sidecar (a version copied from an external store)."""
    core = Styrgraf(Settings(data_dir=tmp_path / "d", base_iri=BASE, topics_dense=False))
    kungsbacka = core.ingest(corpus=CORPUS / "kungsbacka")
    whole, per_document = _stored_both(core)
    assert per_document == whole == sorted(f.describe(BASE) for f in kungsbacka.report.findings)
    assert len(whole) > 2 and all(line.startswith("Warning: ") for line in whole)
    core.ingest(files=[PLAN, NEWS])
    whole, per_document = _stored_both(core)
    assert per_document == whole
    assert [line for line in whole if "sydvast" in line] == [
        "Warning: vp-2023-sn-sydvast/mal/3.1.1.2 [sg:indikator]: Målet saknar indikatorer.",
        "Warning: vp-2023-sn-sydvast/mal/3.4.1.2 [sg:indikator]: Målet saknar indikatorer.",
    ]
    (core.version.path / "shared.json").unlink()
    assert _stored_both(core) == (whole, whole)


def test_ingest_leaves_the_collector_as_it_was(tmp_path: Path) -> None:
    """Ingest keeps its set-up state out of the cyclic GC's scans while documents stream
    (graph/pipeline.py) and hands it back afterwards: nothing stays frozen, and the report
    on shared things (judged from the documents' statements kept as N-Triples) is the
    union's."""
    frozen = gc.get_freeze_count()
    core = Styrgraf(Settings(data_dir=tmp_path / "d", base_iri=BASE, topics_dense=False))
    done = core.ingest(corpus=CORPUS / "kungsbacka")
    assert gc.get_freeze_count() == frozen
    whole, _ = _both(corpus_files(CORPUS / "kungsbacka"), workers=1)
    assert whole and sorted(f.describe(BASE) for f in done.report.findings) == whole
