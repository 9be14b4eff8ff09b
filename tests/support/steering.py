"""The steering-chain graph for the surface tests: the hand-made TriG fixture
(tests/data/steering/, written after the contract) stored as a real store version, next to the
vocabulary graph, so that the entity API, the pages, the gap queries and the search read it
exactly as they read an ingested graph."""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import Dataset, URIRef

from graph.pipeline import vocabulary_graph
from graph.settings import Settings
from graph.store import write_version
from search_api.core import Styrgraf

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "steering" / "kungsbacka-steering.trig"
BASE = "http://127.0.0.1:8000/id/"
BUDGET = "kungsbacka-budget-2024"
REPORT = "kungsbacka-arsredovisning-2024"
KF_GOAL = "kungsbacka/mal/en-attraktiv-kommun-att-bo-verka-och-vistas-i"
NAMNDMAL = "kungsbacka/namnden-for-vard-omsorg/mal/fler-aldre-kanner-sig-trygga-i-sitt-boende"
HOUSING = "kungsbacka/indikator/antal-paborjade-bostader"
DIREKTIV = "kungsbacka/direktiv/innovation-och-omstallning-till-nya-arbetssatt"
DIREKTIV_UTAN = "kungsbacka/direktiv/minskad-sjukfranvaro"
FOKUS = "kungsbacka/fokusomrade/hallbart-byggande"
FOKUS_UTAN = "kungsbacka/fokusomrade/trygga-offentliga-miljoer"


def steering_core(data_dir: Path) -> Styrgraf:
    """A core over a new store version in `data_dir` holding the fixture's two documents."""
    dataset = Dataset()
    dataset.parse(FIXTURE, format="trig")
    graphs = {
        str(g.identifier): g.serialize(format="nt", encoding="utf-8")
        for g in dataset.graphs()
        if len(g) and isinstance(g.identifier, URIRef) and str(g.identifier).startswith(BASE)
    }
    graphs[BASE + "graf/vokabular"] = vocabulary_graph().serialize(format="nt", encoding="utf-8")
    meta = {"documents": [BUDGET, REPORT], "base_iri": BASE, "warnings": []}
    write_version(data_dir, graphs, meta)
    return Styrgraf(Settings(data_dir=data_dir, base_iri=BASE))


# ---------------------------------------------------------------- the real Kungsbacka documents
KUNGSBACKA = ROOT / "corpus" / "kungsbacka"
ANNUAL_REPORT = KUNGSBACKA / "kungsbacka_vard-omsorg_arsredovisning2024_maluppfoljning.txt"
NAMNDBUDGET = KUNGSBACKA / "kungsbacka_vard-omsorg_namndbudget2025.txt"
ANNUAL_DOC = "dokument/kungsbacka-vard-omsorg-arsredovisning2024-maluppfoljning"
BUDGET_DOC = "dokument/kungsbacka-vard-omsorg-namndbudget2025"


def kungsbacka_copy(seed: Path, target: Path) -> Styrgraf:
    """A core over a copy at `target` of the Kungsbacka data dir `seed` (the session's
    `kungsbacka_dir`), which tests may change."""
    shutil.copytree(seed, target, symlinks=True)
    return Styrgraf(Settings(data_dir=target, base_iri=BASE))


def kungsbacka_core(data_dir: Path) -> Styrgraf:
    """A core over Kungsbacka's årsredovisning 2024 and nämndbudget 2025, ingested the way
    `styrgraf ingest FILE FILE` does."""
    core = Styrgraf(Settings(data_dir=data_dir, base_iri=BASE))
    core.ingest([ANNUAL_REPORT, NAMNDBUDGET])
    return core
