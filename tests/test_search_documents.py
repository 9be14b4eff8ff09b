"""The search documents read per named graph (cached by graph hash) are the documents the nine
union-graph queries gave (tests/support/sparql_documents.py), field for field, and adding or
removing a plan reads only the graphs it changed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bench.synthetic_plans import generate_corpus
from graph.settings import Settings
from search_api.core import Styrgraf
from search_api.search.documents import SearchDoc, read_documents
from search_api.search.graph_facts import FactStats, fact_file
from tests.support.corpus import BASE, DOC, make_core
from tests.support.sparql_documents import sparql_documents

SHARED = f"{BASE}graf/delat/goteborg"
VOCABULARY = f"{BASE}graf/vokabular"


def read_as_before(core: Styrgraf, cache: Path) -> tuple[list[SearchDoc], FactStats]:
    """The per-graph read, checked against the union-graph queries."""
    docs, stats = read_documents(core, cache)
    reference = sparql_documents(core.sparql_internal, core.iris.entity_id)
    assert [d.to_json() for d in docs] == [d.to_json() for d in reference]
    return docs, stats


def graphs(core: Styrgraf) -> dict[str, str]:
    found: dict[str, str] = core.version.meta()["graphs"]
    return found


def test_the_bundled_corpus_reads_as_the_union_queries(ingested: Styrgraf, tmp_path: Path) -> None:
    cache = tmp_path / "facts"
    docs, stats = read_as_before(ingested, cache)
    assert stats.read == sorted(graphs(ingested)) and stats.cached == 0
    assert Counter(d.type for d in docs) == {
        "indikator": 46, "uppdrag": 26, "plan": 18, "mal": 12, "program": 7
    }  # fmt: skip
    # a goal's fields join its plan's graph (section, source, topics) and the shared graph
    # (the goal area, the nämnd and the kommun with their labels)
    goal = next(d for d in docs if d.id == f"{DOC}/mal/3.1.1.1")
    assert goal.section == "3.1.1.1"
    assert goal.source == "Verksamhetsplan 2023 – Socialnämnden Sydväst"
    assert [[n.id, n.label] for n in goal.malomrade + goal.ansvarig + goal.kommuner] == [
        ["goteborg/malomrade/tidiga-insatser", "Tidiga insatser"],
        ["goteborg/org/socialnamnden-sydvast", "Socialnämnden Sydväst"],
        ["kommun/goteborg", "Göteborgs Stad"],
    ]
    assert len(goal.amnen) == 18 and goal.amnen[0].id == "arbetsmarknad"
    # read again: every graph's facts from the cache, nothing from the store
    again, stats = read_documents(ingested, cache)
    assert stats.read == [] and stats.cached == len(graphs(ingested))
    assert [d.to_json() for d in again] == [d.to_json() for d in docs]


def test_kungsbacka_reads_as_the_union_queries(kungsbacka_dir: Path, tmp_path: Path) -> None:
    core = Styrgraf(Settings(data_dir=kungsbacka_dir, base_iri=BASE))
    docs, stats = read_as_before(core, tmp_path / "facts")
    assert len(stats.read) == len(graphs(core)) and len(docs) > 50
    assert any(n.id == "kommun/kungsbacka" for d in docs for n in d.kommuner)


def test_adding_a_plan_reads_only_the_graphs_it_changed(tmp_path: Path) -> None:
    plans = generate_corpus(tmp_path / "corpus", 10, seed=3)
    core = make_core(tmp_path / "data")
    core.ingest(files=plans[:9])
    cache = tmp_path / "facts"
    nine, stats = read_as_before(core, cache)
    assert len(stats.read) == 11  # nine plans, the shared graph and the vocabulary
    before = graphs(core)

    core.ingest(files=[plans[9]])
    after = graphs(core)
    tenth = f"{BASE}graf/{plans[9].stem}"
    assert sorted(g for g, h in after.items() if before.get(g) != h) == [SHARED, tenth]
    ten, stats = read_as_before(core, cache)
    assert stats.read == [SHARED, tenth] and stats.cached == 10  # with the vocabulary
    assert len(ten) > len(nine)
    # the cache holds the current graphs' facts only (the old shared graph's were pruned)
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        fact_file(cache, g, h).name for g, h in after.items()
    )

    # a damaged file is read again from the store, and replaced
    first = f"{BASE}graf/{plans[0].stem}"
    damaged = fact_file(cache, first, after[first])
    damaged.write_text('{"format": 1, "graph": ', "utf-8")
    _, stats = read_as_before(core, cache)
    assert stats.read == [first]
    _, stats = read_documents(core, cache)
    assert stats.read == []

    # removing the plan removes its documents: back to the nine plans' documents
    core.remove([plans[9].stem])
    assert graphs(core) == before
    docs, stats = read_as_before(core, cache)
    assert stats.read == [SHARED]  # the nine plans' shared graph again, pruned meanwhile
    assert [d.to_json() for d in docs] == [d.to_json() for d in nine]
    assert {d.id for d in ten} - {d.id for d in nine}
