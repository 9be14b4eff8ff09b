"""SHACL per document (and on shared things over the batch) finds exactly what validating the
whole corpus as one graph finds: the bundled corpus, Kungsbacka's documents, and synthetic plans
validated by worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synthetic_plans import generate_corpus
from graph.batch import corpus_files, parse_batch
from graph.pipeline import build_dataset, union_of, vocabulary_graph
from graph.validate_documents import validate_documents
from graph.validation import validate
from ingest.iris import Iris
from tests.conftest import BASE, CORPUS

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
