"""Steering-document benchmark (not a test): parse + RDF time per bundled document and the
share of indicator rows whose values went to years.

    python -m bench.steering_bench [--rounds 5]

Documents: Göteborg's verksamhetsplan and news item (corpus/) and Kungsbacka's årsredovisning
and nämndbudget (corpus/kungsbacka/). Each is parsed alone, `--rounds` times, through the
pipeline's template detection and engines (graph.pipeline.parse_documents); the time is the
median, and includes the RDF mapping (engines return graphs). Years are read off each
document's graph after all four are parsed as one batch (so that rows whose years were
guessed can take the years another document names, graph/years.py):
  rows      indicator rows (a sg:Omnamnande of an sg:Indikator; Göteborg's plan states
            indicators without yearly values, so it has none)
  safe      rows whose values all went to a year by count or by the header's columns
  aligned   rows without a column position whose values took the years another document
            of the batch names for them (each outcome carries sg:arEnligt)
  assumed   rows still placed by the template's "earliest" convention (each outcome carries
            a sg:tolkningsvarning)
  none      rows whose values were not assigned (a sg:tolkningsvarning on the mention)
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS

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


def years(graph: Graph) -> tuple[int, int, int, int, int]:
    """(rows, safe, aligned, assumed, none) of one document's graph."""
    rows = [
        m
        for m in graph.subjects(RDF.type, SG.Omnamnande)
        if (graph.value(m, SG.avser), RDF.type, SG.Indikator) in graph
    ]

    def of_rows(prop: URIRef) -> set[tuple[object, object]]:
        # (indicator, source line) of the outcomes carrying `prop`: one per row
        return {
            (graph.value(u, SG.avserIndikator), graph.value(u, SG.kallrad))
            for u in graph.subjects(RDF.type, SG.Utfall)
            if graph.value(u, prop) is not None
        }

    guessed, placed = of_rows(SG.tolkningsvarning), of_rows(SG.arEnligt)
    key = {m: (graph.value(m, SG.avser), graph.value(m, SG.kallrad)) for m in rows}
    none = sum(graph.value(m, SG.tolkningsvarning) is not None for m in rows)
    assumed = sum(key[m] in guessed for m in rows)
    aligned = sum(key[m] in placed for m in rows)
    return len(rows), len(rows) - none - assumed - aligned, aligned, assumed, none


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    iris = Iris("http://127.0.0.1:8000/id/")
    print(
        f"{'document':<62} {'parse+RDF ms':>12} {'triples':>8} {'rows':>5} {'safe':>11}"
        f" {'aligned':>8} {'assumed':>8} {'none':>5}"
    )
    # Keyed by file name (dcterms:source): news items are parsed after the other documents.
    together = {
        str(g.value(d, DCTERMS.source)): g
        for g in parse_documents(DOCS, iris, 20_000_000).values()
        for d in g.subjects(RDF.type, SG.Dokument)
    }
    for path in DOCS:
        graph = together[path.name]
        times: list[float] = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            parse_documents([path], iris, 20_000_000)
            times.append((time.perf_counter() - started) * 1000)
        rows, safe, aligned, assumed, none = years(graph)
        share = f"{safe}/{rows} {100 * safe / rows:.0f}%" if rows else "–"
        print(
            f"{path.name:<62} {statistics.median(times):>12.1f} {len(graph):>8} {rows:>5} "
            f"{share:>11} {aligned:>8} {assumed:>8} {none:>5}"
        )


if __name__ == "__main__":
    main()
