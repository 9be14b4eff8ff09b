"""Scale, short form: a corpus of ~10x the real plan's entities ingests completely, and adding,
replacing or removing one document of it touches that document's named graph only.

The expectations come from the generated texts themselves (each synthetic plan states its
totals, as real plans do), not from the parser. Timings are bench/scale_bench.py's business;
this asserts behaviour only. The 10x corpus is ingested once; the test that changes it works on
a copy of that data dir.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from bench.synthetic_plans import AREAS, PLANS, PROGRAMMES, generate_corpus, generate_plan
from graph.pipeline import IngestResult
from search_api.core import Styrgraf
from tests.conftest import BASE, make_core, select

PLANS_10X = 26  # x ~53 entities per synthetic plan ~ 10 x the real plan's 137
SEED = 5
INTRO = re.compile(
    r"Nämnden ska bidra till (\d+) mål och genomföra (\d+) uppdrag som ingår i budget \d+\. "
    r"Från föregående år kvarstår (\d+) uppdrag\. "
    r"Nämnden ska även bidra till (\d+) program och (\d+) planer\."
)
PROGRAMME_ROW = re.compile(r"^<p>Göteborgs? Stads (.+?)</p> <p>Nämndens omhändertagande", re.M)
INDICATORS_INTRO = "Uppföljning av måluppfyllelse görs utifrån följande indikatorer:"
GOALS_PER_GRAPH = """SELECT ?g (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?m a sg:Mal } }
GROUP BY ?g"""
SHARED = f"{BASE}graf/delat/goteborg"  # the kommun's shared things (graph/shared.py)
TRIPLES_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def stated(text: str) -> Counter[str]:
    """What one generated plan says it contains."""
    match = INTRO.search(text)
    assert match, "a generated plan states its totals"
    goals, this_year, carried, _, _ = map(int, match.groups())
    blocks = text.split("\n\n")
    indicators = sum(
        line.startswith("- ")
        for i, block in enumerate(blocks)
        if block.startswith(INDICATORS_INTRO)
        for line in blocks[i + 1].splitlines()
    )
    return Counter(
        Mal=goals,
        Uppdrag=this_year + carried,
        Indikator=indicators,
        Bidrag=len(PROGRAMME_ROW.findall(text)),
    )


def expected_counts(paths: list[Path]) -> dict[str, int]:
    texts = [p.read_text("utf-8") for p in paths]
    total: Counter[str] = sum((stated(t) for t in texts), Counter())
    rows = {name for t in texts for name in PROGRAMME_ROW.findall(t)}
    # Programmes, plans and goal areas are shared nodes: one per name over all documents.
    total["Program"] = len(rows & set(PROGRAMMES))
    total["Plan"] = len(rows & set(PLANS))
    total["Malomrade"] = sum(
        any(re.search(rf"^\d+(\.\d+)? {re.escape(a.upper())}$", t, re.M) for t in texts)
        for a in AREAS
    )
    total["Dokument"] = len(paths)
    return dict(total)


def per_graph(core: Styrgraf, query: str) -> dict[str, int]:
    return {row["g"]: int(row["n"]) for row in select(core, query)}


def graph_of(core: Styrgraf, path: Path) -> str:
    return str(core.iris.graph(path.stem))


def inodes(directory: Path) -> set[tuple[int, int]]:
    return {(f.stat().st_dev, f.stat().st_ino) for f in directory.rglob("*") if f.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate_corpus(tmp_path_factory.mktemp("scale") / "corpus", PLANS_10X, seed=SEED)


@pytest.fixture(scope="module")
def ingested_10x(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> IngestResult:
    """The 10x corpus ingested once for the module (the slowest step of the test run): the
    first test checks this ingest, the second changes a copy of its data dir."""
    core = make_core(tmp_path_factory.mktemp("scale-data") / "data")
    return core.ingest(corpus=corpus[0].parent)


def test_a_10x_corpus_ingests_completely(corpus: list[Path], ingested_10x: IngestResult) -> None:
    result = ingested_10x
    core = make_core(result.version.path.parents[1])
    counts = {k: v for k, v in result.counts.items() if k != "triples"}
    # classes the synthetic plans never have (fokusområden, outcomes, ...) count 0
    assert {k: v for k, v in counts.items() if v} == expected_counts(corpus)
    entities = sum(counts[k] for k in ("Mal", "Uppdrag", "Program", "Plan", "Indikator", "Bidrag"))
    assert 8 * 137 <= entities <= 13 * 137  # about ten times the real plan
    goals = per_graph(core, GOALS_PER_GRAPH)
    assert goals == {graph_of(core, p): stated(p.read_text("utf-8"))["Mal"] for p in corpus}
    assert result.report.conforms


def test_one_document_changes_only_its_named_graph(
    corpus: list[Path], ingested_10x: IngestResult, tmp_path: Path
) -> None:
    shutil.copytree(ingested_10x.version.path.parents[1], tmp_path / "data", symlinks=True)
    core = make_core(tmp_path / "data")
    base = core.version
    assert base.id == ingested_10x.version.id
    hashes = dict(base.meta()["graphs"])
    triples = per_graph(core, TRIPLES_PER_GRAPH)

    # Add a new plan: one more graph, every other graph byte-for-byte as it was, except the
    # kommun's shared graph when the plan states something new about a shared thing.
    extra = generate_corpus(tmp_path / "extra", 1, seed=SEED + 1)[0]
    added = core.ingest(files=[extra])
    new_graph = graph_of(core, extra)
    after = added.version.meta()["graphs"]
    assert set(after) == set(hashes) | {new_graph}
    assert {g: h for g, h in after.items() if g not in (new_graph, SHARED)} == {
        g: h for g, h in hashes.items() if g != SHARED
    }
    now = per_graph(core, TRIPLES_PER_GRAPH)
    assert {g: n for g, n in now.items() if g not in (new_graph, SHARED)} == {
        g: n for g, n in triples.items() if g != SHARED
    }
    assert per_graph(core, GOALS_PER_GRAPH)[new_graph] == stated(extra.read_text("utf-8"))["Mal"]
    assert added.counts["Dokument"] == PLANS_10X + 1
    assert added.version.meta()["base"] == base.id
    # The new version was made from the old one, not rewritten: they share store files.
    assert inodes(base.store_path) & inodes(added.version.store_path)

    # Remove it again: the same graphs, hence the same (content-addressed) version.
    assert core.remove([extra.stem]).id == base.id
    assert per_graph(core, TRIPLES_PER_GRAPH) == triples

    # Replace one document with a changed text: only its graph changes.
    changed = tmp_path / "changed" / corpus[3].name
    changed.parent.mkdir()
    changed.write_text(generate_plan(SEED * 7919), encoding="utf-8")
    replaced = core.ingest(files=[changed]).version.meta()["graphs"]
    target = graph_of(core, changed)
    assert set(replaced) == set(hashes)
    assert [g for g in hashes if replaced[g] != hashes[g] and g != SHARED] == [target]
    goals = per_graph(core, GOALS_PER_GRAPH)
    assert goals[target] == stated(changed.read_text("utf-8"))["Mal"]
    assert {
        g: n for g, n in per_graph(core, TRIPLES_PER_GRAPH).items() if g not in (target, SHARED)
    } == {g: n for g, n in triples.items() if g not in (target, SHARED)}
