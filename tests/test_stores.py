"""The same behaviour with the embedded store and with an external SPARQL 1.1 store (a real
Oxigraph server started on a loopback port): ingest, add, remove, refuse, read elsewhere."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.errors import ValidationFailed
from graph.settings import Settings
from search_api.core import Styrgraf
from search_api.gaps import run_gap
from tests.conftest import BASE, CORPUS, NEWS, PLAN, ROOT, SYNTHETIC, select
from tests.support.live import free_port

OXIGRAPH = shutil.which("oxigraph") or str(Path(ROOT / ".venv/bin/oxigraph"))


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server (PyPI package 'oxigraph') is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [
            OXIGRAPH,
            "serve",
            "--location",
            str(tmp_path / "oxigraph"),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(params=["embedded", "external"])
def settings_for(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    external = None
    if request.param == "external":
        external = request.getfixturevalue("oxigraph_server")

    def make(name: str) -> Styrgraf:
        extra = {}
        if external:
            extra = {
                "external_query_url": f"{external}/query",
                "external_update_url": f"{external}/update",
                "external_graph_store_url": f"{external}/store",
                "external_poll_seconds": 0,
            }
        return Styrgraf(
            Settings(data_dir=tmp_path / name, corpus_dir=CORPUS, base_iri=BASE, **extra)
        )

    yield make


COUNT = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a sg:{cls} }}"


def _n(core: Styrgraf, cls: str) -> int:
    return int(select(core, COUNT.format(cls=cls))[0]["n"])


def test_ingest_add_remove(settings_for) -> None:  # type: ignore[no-untyped-def]
    core = settings_for("a")
    result = core.ingest()
    assert (result.counts["Mal"], result.counts["Uppdrag"], result.counts["Plan"]) == (12, 26, 18)
    assert [f.focus.removeprefix(BASE) for f in result.report.warnings] == [
        "vp-2023-sn-sydvast/mal/3.1.1.2",
        "vp-2023-sn-sydvast/mal/3.4.1.2",
    ]
    assert core.ingest().version.id == result.version.id  # same input, same version
    core.ingest(files=[SYNTHETIC])
    assert _n(core, "Mal") == 15
    core.remove(["verksamhetsplan-2025-idrotts-och-foreningsnamnden"])
    assert _n(core, "Mal") == 12 and _n(core, "Nyhet") == 1
    rows = list(run_gap(core, "mal-utan-indikatorer"))
    assert len(rows) == 2


def test_a_second_instance_reads_the_same_graph(settings_for) -> None:  # type: ignore[no-untyped-def]
    writer, reader = settings_for("w"), settings_for("r")
    writer.ingest(files=[PLAN])
    if writer.remote is None:
        pytest.skip("instances share an embedded store only through the same data_dir")
    assert _n(reader, "Mal") == 12 and _n(reader, "Nyhet") == 0
    writer.ingest(files=[NEWS])
    assert _n(reader, "Nyhet") == 1  # the reader follows the external store's new version
    assert reader.version.id == writer.version.id


def test_a_refused_ingest_changes_nothing(settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    core = settings_for("a")
    before = core.ingest().version.id
    broken = tmp_path / "verksamhetsplan-trasig.txt"
    broken.write_text(
        PLAN.read_text(encoding="utf-8").replace(
            "Socialnämnderna får i uppdrag att ta bort egenavgiften",
            "Det behövs ett arbete för att ta bort egenavgiften",
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed):
        core.ingest(files=[broken])
    assert core.version.id == before
    if core.remote is not None:
        assert core.remote.state().version == before
