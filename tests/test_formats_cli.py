"""`styrgraf ingest` with the files staff get: a PDF is stored with its pages (API and web page
say "sida N"), and unreadable files get one line, exit 2 and an untouched store."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from fpdf import FPDF
from PIL import Image

from graph.settings import Settings
from search_api.app import create_app
from search_api.core import Styrgraf
from tests.conftest import BASE, DOC, PLAN
from tests.support.documents import FONT, write_pdf
from tests.support.server import assert_ingests_refused, one_line_error
from tests.test_cli import run

pytestmark = pytest.mark.skipif(not FONT.exists(), reason=f"{FONT} is missing (fonts-dejavu-core)")


@pytest.fixture(scope="module")
def pdf_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A store holding the plan ingested from its PDF (no manifest: read from the PDF alone)."""
    tmp = tmp_path_factory.mktemp("pdf-cli")
    pdf = write_pdf(
        PLAN.read_text(encoding="utf-8"),
        tmp / "Verksamhetsplan SN Sydväst 2023",  # no extension: the content decides
        title="Verksamhetsplan 2023 – Socialnämnden Sydväst",
    )
    data = tmp / "data"
    done = run(data, "ingest", str(pdf))
    assert done.returncode == 0, done.stderr
    assert "5 Malomrade, 12 Mal, 26 Uppdrag, 7 Program, 18 Plan, 46 Indikator, 28 Bidrag" in (
        done.stdout
    )
    return data, pdf


def test_pdf_pages_in_the_api_and_on_the_web_page(pdf_store: tuple[Path, Path]) -> None:
    data, _ = pdf_store
    doc = "verksamhetsplan-sn-sydvast-2023"  # from the file name, as no manifest names it
    core = Styrgraf(Settings(data_dir=data, base_iri=BASE))
    with TestClient(create_app(core)) as client:
        body = client.get(f"/entities/{doc}/uppdrag/3.1.2.4").json()
        assert body["source"]["page"] == 9
        assert body["source"]["document"]["id"] == f"dokument/{doc}"
        page = client.get(f"/sida/{doc}/uppdrag/3.1.2.4").text
        assert "sida 9" in page
        document = client.get(f"/sida/dokument/{doc}").text
        assert "<dt>Filformat</dt><dd>PDF</dd>" in document
        assert "<dt>Sidor</dt><dd>27</dd>" in document
        assert client.get(f"/entities/dokument/{doc}").json()["page_count"] == 27
    rows = run(
        data,
        "sparql",
        "--format",
        "json",
        "SELECT (MIN(?p) AS ?first) (MAX(?p) AS ?last) (COUNT(?x) AS ?n) WHERE { ?x sg:sida ?p }",
    )
    binding = json.loads(rows.stdout)["results"]["bindings"][0]
    assert binding["first"]["datatype"].endswith("#integer")
    assert (int(binding["first"]["value"]), int(binding["last"]["value"])) == (5, 27)
    assert DOC not in rows.stdout


def _scanned(path: Path) -> Path:
    image = Image.new("L", (400, 560), 255)
    for y in range(40, 500, 12):
        image.paste(0, (40, y, 360, y + 4))  # lines of "text" as pixels
    image.save(path.with_suffix(".png"))
    pdf = FPDF()
    for _ in range(3):
        pdf.add_page()
        pdf.image(str(path.with_suffix(".png")), x=10, y=10, w=190)
    pdf.output(str(path))
    return path


def _protected(path: Path) -> Path:
    pdf = FPDF()
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=10)
    pdf.set_encryption(owner_password="ägare", user_password="hemligt")
    pdf.add_page()
    pdf.multi_cell(0, 5, "Verksamhetsplan 2023. " * 40)
    pdf.output(str(path))
    return path


def test_unreadable_files_get_one_line_and_keep_the_store(
    pdf_store: tuple[Path, Path], tmp_path: Path
) -> None:
    data, pdf = pdf_store
    whole = pdf.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) * 2 // 5])
    word = tmp_path / "plan.doc"
    word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    archive = tmp_path / "bilagor.zip"
    shutil.make_archive(str(archive.with_suffix("")), "zip", root_dir=PLAN.parent)
    cases = {
        _scanned(tmp_path / "skannad.pdf"): "is a scanned PDF without a text layer (3 of 3 "
        "pages are images); run OCR first, e.g. ocrmypdf",
        _protected(tmp_path / "losen.pdf"): "is a password-protected PDF",
        cut: "is a damaged PDF",
        word: "is an old Word .doc",
        archive: "is a zip archive but not a Word document",
    }
    assert_ingests_refused(data, cases, after=": ")


def test_size_limit_holds_for_files_pipes_and_devices(
    pdf_store: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, pdf = pdf_store
    version = json.loads(run(data, "info").stdout)["version"]
    limit = pdf.stat().st_size - 1
    monkeypatch.setenv("STYRGRAF_MAX_DOCUMENT_BYTES", str(limit))
    expected = f"is larger than {limit} bytes, the limit for one document"
    assert expected in one_line_error(run(data, "ingest", "-q", str(pdf)))
    started = time.monotonic()
    assert expected in one_line_error(run(data, "ingest", "-q", "/dev/zero"))
    piped = run(data, "ingest", "-q", "/dev/stdin", stdin="Verksamhetsplan 2023\n" * limit)
    assert expected in one_line_error(piped)
    assert time.monotonic() - started < 60  # stops reading at the limit
    monkeypatch.delenv("STYRGRAF_MAX_DOCUMENT_BYTES")
    assert json.loads(run(data, "info").stdout)["version"] == version
