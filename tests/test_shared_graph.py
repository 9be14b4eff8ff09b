"""Each fact once: shared things are described in graf/delat/<kommun>, stated once however many
documents mention them; a shared fact stays while one document still states it."""

from __future__ import annotations

from pathlib import Path

from bench.synthetic_plans import generate_corpus
from graph.shared import read_state
from search_api.core import Styrgraf
from tests.conftest import BASE, DOC, make_core, select

REPEATED = """SELECT ?s ?p ?o (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?s ?p ?o
    HAVING (COUNT(*) > 1)"""
SHARED = f"{BASE}graf/delat/goteborg"
QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
FACTS = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"


def _stated_by(core: Styrgraf) -> dict[str, set[str]]:
    """Shared N-Triples line -> the graphs of the documents that state it."""
    found: dict[str, set[str]] = {}
    for graph, entry in read_state(core.version).items():
        for line in entry["triples"]:  # type: ignore[union-attr]
            found.setdefault(line, set()).add(graph)
    return found


def _in_shared_graph(core: Styrgraf, line: str) -> bool:
    s, p, o = line.removesuffix(" .").split(" ", 2)
    return bool(core.sparql(f"ASK {{ GRAPH <{SHARED}> {{ {s} {p} {o} }} }}"))


def test_the_bundled_corpus_states_shared_things_once(ingested: Styrgraf) -> None:
    area = f"<{BASE}goteborg/malomrade/tidiga-insatser>"
    rows = select(ingested, f"SELECT ?g WHERE {{ GRAPH ?g {{ {area} a sg:Malomrade }} }}")
    assert rows == [{"g": SHARED}]
    # what the plan says about the area (where, in which words) stays in the plan's graph
    rows = select(ingested, f"SELECT ?g ?a WHERE {{ GRAPH ?g {{ {area} sg:avsnitt ?a }} }}")
    assert rows == [{"g": f"{BASE}graf/{DOC}", "a": "3.1"}]
    # the kommun node, its origin codes and the nämnder the news item names are stated once
    assert select(ingested, QUADS) == select(ingested, FACTS)


def test_a_shared_fact_stays_while_a_document_states_it(tmp_path: Path) -> None:
    plans = generate_corpus(tmp_path / "corpus", 3, seed=5)
    core = make_core(tmp_path / "data")
    core.ingest(files=plans)
    # Restated are only where each document states a shared thing, when two documents give
    # the same section or source line, and the topic links each document's text gives a shared
    # programme (graph/shared.py PER_DOCUMENT)
    repeated = select(core, REPEATED)
    assert {r["p"].rsplit("#", 1)[-1] for r in repeated} == {"amne", "avsnitt", "kalltext"}
    extra = sum(int(r["n"]) - 1 for r in repeated)  # a fact in k graphs is k - 1 extra quads
    assert int(select(core, QUADS)[0]["n"]) - int(select(core, FACTS)[0]["n"]) == extra
    stated = _stated_by(core)
    docs = sorted(read_state(core.version))
    assert len(docs) == 3
    by_all = next(line for line, g in stated.items() if len(g) == 3)
    only_last = next(line for line, g in sorted(stated.items()) if g == {docs[2]})
    assert _in_shared_graph(core, by_all) and _in_shared_graph(core, only_last)

    core.remove([docs[2].removeprefix(f"{BASE}graf/")])
    assert _in_shared_graph(core, by_all)
    assert not _in_shared_graph(core, only_last)
    core.remove([docs[1].removeprefix(f"{BASE}graf/")])
    assert _in_shared_graph(core, by_all)
    # re-adding a removed plan brings its facts back
    core.ingest(files=[plans[2]])
    assert _in_shared_graph(core, only_last)
    core.remove([d.removeprefix(f"{BASE}graf/") for d in (docs[0], docs[2])])
    graphs = select(core, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert [r["g"] for r in graphs] == [f"{BASE}graf/vokabular"]
    assert read_state(core.version) == {}


def test_a_version_without_its_sidecar_keeps_the_stored_shared_facts(tmp_path: Path) -> None:
    """As when the version was copied from an external store another instance wrote."""
    first, second = generate_corpus(tmp_path / "corpus", 2, seed=7)
    core = make_core(tmp_path / "data")
    core.ingest(files=[first])
    before = {line for line in _stated_by(core)}
    (core.version.path / "shared.json").unlink()
    core.ingest(files=[second])
    assert all(_in_shared_graph(core, line) for line in before)
    core.remove([second.stem])
    assert all(_in_shared_graph(core, line) for line in before)
