"""Steering-document benchmark (not a test): parse + RDF time per bundled document and the
share of indicator rows whose values went to years.

    python -m bench.steering_bench [--rounds 5]

Documents: Göteborg's verksamhetsplan and news item (corpus/) and Kungsbacka's årsredovisning
and nämndbudget (corpus/kungsbacka/). Each is parsed alone, `--rounds` times, through the
pipeline's template detection and engines (graph.pipeline.parse_documents); the time is the
median, and includes the RDF mapping (engines return graphs). Years are read off each
document's graph:
  rows      indicator rows (a sg:Omnamnande of an sg:Indikator; Göteborg's plan states
            indicators without yearly values, so it has none)
  safe      rows whose values all went to a year by count or by the header's columns
  assumed   rows placed by the template's "earliest" convention (each outcome carries a
            sg:tolkningsvarning)
  none      rows whose values were not assigned (a sg:tolkningsvarning on the mention)
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from rdflib import RDF, Graph

from graph.pipeline import parse_documents
from ingest.iris import Iris
from ontology import SG

ROOT = Path(__file__).resolve().parents[1]
DOCS = [
    ROOT / "corpus" / "verksamhetsplan-2023-socialnamnden-sydvast.txt",
    ROOT / "corpus" / "nyhet-2023-03-07-verksamhetsplan-beslutad.txt",
    ROOT / "corpus" / "kungsbacka" / "kungsbacka_vard-omsorg_arsredovisning2024_maluppfoljning.txt",
    ROOT / "corpus" / "kungsbacka" / "kungsbacka_vard-omsorg_namndbudget2025.txt",
]


def years(graph: Graph) -> tuple[int, int, int, int]:
    """(rows, safe, assumed, none) of one document's graph."""
    rows = [
        m
        for m in graph.subjects(RDF.type, SG.Omnamnande)
        if (graph.value(m, SG.avser), RDF.type, SG.Indikator) in graph
    ]
    guessed = {
        graph.value(u, SG.avserIndikator)
        for u in graph.subjects(RDF.type, SG.Utfall)
        if graph.value(u, SG.tolkningsvarning) is not None
    }
    none = sum(graph.value(m, SG.tolkningsvarning) is not None for m in rows)
    assumed = sum(graph.value(m, SG.avser) in guessed for m in rows)
    return len(rows), len(rows) - none - assumed, assumed, none


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    iris = Iris("http://127.0.0.1:8000/id/")
    print(
        f"{'document':<62} {'parse+RDF ms':>12} {'triples':>8} {'rows':>5} {'safe':>11}"
        f" {'assumed':>8} {'none':>5}"
    )
    for path in DOCS:
        times: list[float] = []
        graphs: dict[str, Graph] = {}
        for _ in range(args.rounds):
            started = time.perf_counter()
            graphs = parse_documents([path], iris, 20_000_000)
            times.append((time.perf_counter() - started) * 1000)
        (graph,) = graphs.values()
        rows, safe, assumed, none = years(graph)
        share = f"{safe}/{rows} {100 * safe / rows:.0f}%" if rows else "–"
        print(
            f"{path.name:<62} {statistics.median(times):>12.1f} {len(graph):>8} {rows:>5} "
            f"{share:>11} {assumed:>8} {none:>5}"
        )


if __name__ == "__main__":
    main()
