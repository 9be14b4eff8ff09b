"""PDF, DOCX, HTML and paged text give the same graph as the plain text they were made from.

The documents are written here from the bundled corpus (fpdf2 with DejaVu Sans, python-docx,
an HTML page), read back by the real readers and parsed by the real parser.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SKOS

from graph.pipeline import parse_documents
from ingest.iris import Iris
from ingest.source import decode_document, read_document
from ontology import SG
from tests.conftest import BASE, CORPUS, DOC, NEWS, PLAN
from tests.support.documents import FONT, write_docx, write_html, write_pdf

TITLE = "Verksamhetsplan 2023 – Socialnämnden Sydväst"
NEWS_ID = "nyhet-2023-03-07-vp-beslutad"

pytestmark = pytest.mark.skipif(not FONT.exists(), reason=f"{FONT} is missing (fonts-dejavu-core)")


def corpus_with(tmp: Path, plan: Path | None = None, news: Path | None = None) -> list[Path]:
    """A copy of the corpus (manifest included) with the plan and/or news item replaced."""
    tmp.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    files = []
    for entry, original, given in zip(
        manifest["documents"], (PLAN, NEWS), (plan, news), strict=True
    ):
        source = given or original
        target = tmp / source.name
        if source != target:
            shutil.copyfile(source, target)
        entry["file"] = target.name
        files.append(target)
    (tmp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return files


def graphs_of(files: list[Path]) -> dict[str, Graph]:
    return parse_documents(files, Iris(BASE), 20_000_000)


def shape(graph: Graph) -> tuple[Counter[str], set[tuple[str, str]], set[str]]:
    """What must not depend on the file format: counts per class, labels, IRIs."""
    counts = Counter(str(o) for o in graph.objects(None, RDF.type))
    labels = {(str(s), str(o)) for s, o in graph.subject_objects(SKOS.prefLabel)}
    return counts, labels, {str(s) for s in graph.subjects() if isinstance(s, URIRef)}


@pytest.fixture(scope="module")
def text_graphs() -> dict[str, Graph]:
    return graphs_of([PLAN, NEWS])


@pytest.fixture(scope="module")
def pdf_one_column(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "verksamhetsplan.pdf"
    return write_pdf(PLAN.read_text(encoding="utf-8"), path, title=TITLE)


def _pages_hold_their_items(graph: Graph, pdf: Path) -> int:
    """Every assignment's page (sg:sida) is the PDF page whose text holds its wording's start."""
    document = pdfium.PdfDocument(pdf)
    pages = [
        re.sub(r"\s+", " ", document[i].get_textpage().get_text_range().replace("-\r\n", ""))
        for i in range(len(document))
    ]
    checked = 0
    for node in graph.subjects(RDF.type, SG.Uppdrag):
        page = int(graph.value(node, SG.sida))  # type: ignore[arg-type]
        start = re.sub(r"<[^>]+>", "", str(graph.value(node, SKOS.prefLabel)))[:25]
        assert start in pages[page - 1].replace("<p>", ""), (node, page, start)
        checked += 1
    return checked


def test_pdf_gives_the_graph_of_its_text(
    tmp_path: Path, pdf_one_column: Path, text_graphs: dict[str, Graph]
) -> None:
    source = read_document(pdf_one_column)
    assert (source.kind, source.page_count) == ("pdf", len(pdfium.PdfDocument(pdf_one_column)))
    assert TITLE not in source.text  # the running header is gone, and the page numbers:
    assert not re.search(r"^\d+ \(av \d+\)$", source.text, re.MULTILINE)
    graphs = graphs_of(corpus_with(tmp_path, plan=pdf_one_column))
    for doc in (DOC, NEWS_ID):
        assert shape(graphs[doc]) == shape(text_graphs[doc])
    plan = graphs[DOC]
    assert shape(plan)[0][str(SG.Uppdrag)] == 26
    # Every parsed item knows its page; the text version knows none.
    with_line = set(plan.subjects(SG.kallrad, None))
    assert with_line and with_line == set(plan.subjects(SG.sida, None))
    assert not set(text_graphs[DOC].subjects(SG.sida, None))
    assert _pages_hold_their_items(plan, pdf_one_column) == 26
    doc = URIRef(BASE + f"dokument/{DOC}")
    assert str(plan.value(doc, URIRef("http://purl.org/dc/terms/format"))) == "application/pdf"
    assert int(plan.value(doc, SG.sidantal)) == source.page_count  # type: ignore[arg-type]


def test_two_column_pdf_is_read_column_by_column(
    tmp_path: Path, text_graphs: dict[str, Graph]
) -> None:
    pdf = write_pdf(
        PLAN.read_text(encoding="utf-8"), tmp_path / "plan-2sp.pdf", title=TITLE, two_column=True
    )
    text = read_document(pdf).text
    # The prose of chapters 1-2 stood in two columns: its paragraphs come back whole and in order.
    first = text.index("Kommunfullmäktiges budget är Göteborgs Stads övergripande styrdokument")
    second = text.index("Lagstiftning och ekonomiska ramar står över mål")
    third = text.index("Socialnämnden Sydväst har ansvar för individ- och familjeomsorg")
    assert first < second < third
    graphs = graphs_of(corpus_with(tmp_path / "c", plan=pdf))
    assert shape(graphs[DOC]) == shape(text_graphs[DOC])


def test_docx_gives_the_graph_of_its_text(tmp_path: Path, text_graphs: dict[str, Graph]) -> None:
    docx = write_docx(PLAN.read_text(encoding="utf-8"), tmp_path / "verksamhetsplan.docx")
    source = read_document(docx)
    assert (source.kind, source.page_count) == ("docx", 6)  # a page break before each area
    # Heading numbers are Word's automatic numbering, not text: the reader computes them.
    body = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    assert ">3.1.2 Uppdrag<" not in body and ">Uppdrag<" in body
    assert "3.1.2 Uppdrag" in source.lines
    graphs = graphs_of(corpus_with(tmp_path / "c", plan=docx))
    assert shape(graphs[DOC]) == shape(text_graphs[DOC])
    plan = graphs[DOC]
    area = URIRef(BASE + "goteborg/malomrade/tidiga-insatser")
    goal = URIRef(BASE + f"{DOC}/mal/3.5.1.1")
    assert (int(plan.value(area, SG.sida)), int(plan.value(goal, SG.sida))) == (2, 6)  # type: ignore[arg-type]


def test_html_news_item_gives_the_graph_of_its_text(
    tmp_path: Path, text_graphs: dict[str, Graph]
) -> None:
    html = write_html(NEWS.read_text(encoding="utf-8"), tmp_path / "nyhet.html")
    source = read_document(html)
    assert source.kind == "html" and source.page_count is None
    assert source.title == "Socialnämnden Sydväst har beslutat om årets verksamhetsplan"
    for noise in ("dataLayer", "Kakor", "Uppleva och göra", "Kontakta oss", "font-family"):
        assert noise not in source.text
    graphs = graphs_of(corpus_with(tmp_path / "c", news=html))
    news, text_news = graphs[NEWS_ID], text_graphs[NEWS_ID]
    assert shape(news) == shape(text_news)
    assert set(news.objects(None, SG.namner)) == set(text_news.objects(None, SG.namner))
    assert len(set(news.objects(None, SG.namner))) >= 5


def test_text_pages_from_form_feeds_and_markers(
    tmp_path: Path, text_graphs: dict[str, Graph]
) -> None:
    lines = PLAN.read_text(encoding="utf-8").split("\n")
    # pdftotext style: a form feed before the first line of every page of 50 lines (and one
    # at the end); Markdown style: a marker line opening every page.
    fed = [("\f" if i and i % 50 == 0 else "") + l for i, l in enumerate(lines)]
    fed[-1] += "\f"
    fed_pages = [i // 50 + 1 for i in range(len(lines))]
    marked: list[str] = []
    marked_pages: list[int] = []
    for i, line in enumerate(lines):
        if i % 50 == 0:
            marked.append(f"<!-- sida {i // 50 + 1} -->")
            marked_pages.append(i // 50 + 1)
        marked.append(line)
        marked_pages.append(i // 50 + 1)
    variants = (("\n".join(fed), fed_pages), ("\n".join(marked), marked_pages))
    for n, (text, expected) in enumerate(variants):
        source = decode_document(PLAN, text.encode("utf-8"))
        assert source.page_count == fed_pages[-1] == 12
        assert "\f" not in source.text
        marked_file = tmp_path / str(n) / PLAN.name
        marked_file.parent.mkdir()
        marked_file.write_text(text, encoding="utf-8")
        graph = graphs_of(corpus_with(marked_file.parent, plan=marked_file))[DOC]
        assert shape(graph) == shape(text_graphs[DOC])
        numbered = list(graph.subject_objects(SG.sida))
        assert len(numbered) == len(set(graph.subjects(SG.kallrad, None)))
        for node, page in numbered:
            line = int(graph.value(node, SG.kallrad))  # type: ignore[arg-type]
            assert int(page) == expected[line - 1], (node, line, page)


def _pdf_with(tmp: Path, draw: object) -> Path:
    from fpdf import FPDF

    class Pdf(FPDF):
        def header(self) -> None:
            self.set_font("dejavu", size=8)
            self.cell(0, 5, "Socialnämnden Sydväst – Årsrapport", align="R")
            self.ln(10)
            self.set_font("dejavu", size=10)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("dejavu", size=8)
            self.cell(0, 10, f"Sida {self.page_no()}", align="C")

    pdf = Pdf()
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=10)
    pdf.add_page()
    assert callable(draw)
    draw(pdf)
    path = tmp / "doc.pdf"
    pdf.output(str(path))
    return path


PARAGRAPHS = [
    f"Stycke {n}: förvaltningen redovisar {word} arbete med insatser för barn, unga och vuxna "
    "i stadsområdet, i samverkan med civilsamhället, skolan och regionen, och följer upp "
    "resultaten varje tertial tillsammans med nämnden och de berörda avdelningarna."
    for n, word in enumerate(["första", "andra", "tredje", "fjärde", "femte", "sjätte"] * 2, 1)
]


def test_three_columns_are_read_column_by_column_without_headers(tmp_path: Path) -> None:
    def draw(pdf: object) -> None:
        with pdf.text_columns(ncols=3, gutter=6, text_align="LEFT") as cols:  # type: ignore[attr-defined]
            for text in PARAGRAPHS:
                with cols.paragraph(bottom_margin=4) as par:
                    par.write(text)
        pdf.add_page()  # type: ignore[attr-defined]
        pdf.multi_cell(0, 5, "Slut.")  # type: ignore[attr-defined]

    source = read_document(_pdf_with(tmp_path, draw))
    lines = [line for line in source.lines if line.strip()]
    assert lines == [*PARAGRAPHS, "Slut."]
    assert source.pages == tuple(source.page_of(n) for n in range(1, len(source.lines) + 1))
    assert (source.page_count, source.page_of(len(source.lines))) == (2, 2)


def test_hyphenated_words_are_joined(tmp_path: Path) -> None:
    def draw(pdf: object) -> None:
        for line in (
            "Förvaltningen arbetar vidare med att utveckla samverkan inom social-",
            "tjänsten och med regionens hälso-",
            "och sjukvård under året.",
        ):
            pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")  # type: ignore[attr-defined]

    source = read_document(_pdf_with(tmp_path, draw))
    assert [l for l in source.lines if l.strip()] == [
        "Socialnämnden Sydväst – Årsrapport",  # one page: a header is only known by repeating
        "Förvaltningen arbetar vidare med att utveckla samverkan inom socialtjänsten och med "
        "regionens hälso- och sjukvård under året.",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04broken", "is a damaged zip/DOCX file"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "is a password-protected Word document",
        ),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "is an image"),
        (b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n", "is a damaged PDF"),
    ],
)
def test_unreadable_files_say_what_they_are(data: bytes, expected: str) -> None:
    from ingest.errors import DocumentError

    with pytest.raises(DocumentError) as caught:
        decode_document(Path("fil"), data)
    assert expected in str(caught.value)


def test_docx_unpacked_size_is_limited(tmp_path: Path) -> None:
    from ingest.errors import DocumentError

    docx = write_docx(PLAN.read_text(encoding="utf-8"), tmp_path / "plan.docx")
    with pytest.raises(DocumentError) as caught:
        read_document(docx, max_unpacked=10_000)
    assert "unpacks to more than 10000 bytes" in str(caught.value)
    assert read_document(docx).kind == "docx"


def test_running_headers_that_change_by_chapter_are_dropped(tmp_path: Path) -> None:
    from fpdf import FPDF

    chapters = ["Inledning", "Förutsättningar", "Nämndens mål", "Uppföljning"]

    class Book(FPDF):
        def header(self) -> None:
            # "Kapitel 2: Förutsättningar   3": the printed number is the page index minus one
            self.set_font("dejavu", size=8)
            title = f"Kapitel {self.page_no()}: {chapters[self.page_no() - 1]}"
            self.cell(0, 5, title)
            self.cell(0, 5, str(self.page_no() - 1), align="R", new_x="LMARGIN", new_y="NEXT")
            self.ln(6)
            self.set_font("dejavu", size=10)

    pdf = Book()
    pdf.add_font("dejavu", fname=str(FONT))
    for n, chapter in enumerate(chapters, start=1):
        pdf.add_page()
        pdf.multi_cell(0, 5, chapter)
        pdf.ln(3)
        pdf.multi_cell(0, 5, PARAGRAPHS[n])
    pdf.output(str(tmp_path / "bok.pdf"))
    source = read_document(tmp_path / "bok.pdf")
    assert not [line for line in source.lines if line.startswith("Kapitel")]
    assert [line for line in source.lines if line.strip()][:2] == ["Inledning", PARAGRAPHS[1]]
    assert source.page_of(source.lines.index(chapters[3]) + 1) == 4


def test_dense_two_columns_are_not_taken_for_a_table(tmp_path: Path) -> None:
    long = " ".join(PARAGRAPHS)  # one paragraph filling both columns line by line

    def draw(pdf: object) -> None:
        with pdf.text_columns(ncols=2, gutter=8, balance=True) as cols:  # type: ignore[attr-defined]
            cols.write(long)

    source = read_document(_pdf_with(tmp_path, draw))
    assert [line for line in source.lines if line.strip()][1:] == [long]


def test_docx_content_controls_and_nested_tables_are_read(tmp_path: Path) -> None:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    title = document.add_paragraph("Verksamhetsplan 2023")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Uppdrag"
    inner = table.rows[0].cells[1].add_table(rows=1, cols=1)
    inner.rows[0].cells[0].text = "inre cell"
    control = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtContent/></w:sdt>")
    document.element.body.insert(0, control)
    control[0].append(title._p)  # the title in a template's content control
    document.save(str(tmp_path / "mall.docx"))
    lines = [l for l in read_document(tmp_path / "mall.docx").lines if l.strip()]
    assert lines == ["Verksamhetsplan 2023", "Uppdrag\tinre cell"]


def test_a_folder_of_downloads_is_a_corpus(tmp_path: Path, pdf_one_column: Path) -> None:
    from graph.pipeline import corpus_files

    folder = tmp_path / "nedladdat"
    folder.mkdir()
    shutil.copyfile(pdf_one_column, folder / "VP 2023 SN Sydväst.PDF")
    write_html(NEWS.read_text(encoding="utf-8"), folder / "nyhet.htm")
    (folder / "logga.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    files = corpus_files(folder)
    assert [f.name for f in files] == ["VP 2023 SN Sydväst.PDF", "nyhet.htm"]
    graphs = graphs_of(files)
    assert sorted(graphs) == ["nyhet", "vp-2023-sn-sydvast"]
    news = graphs["nyhet"]
    doc = URIRef(BASE + "dokument/nyhet")
    assert (doc, RDF.type, SG.Nyhet) in news
    assert str(news.value(doc, SKOS.prefLabel)) == (
        "Socialnämnden Sydväst har beslutat om årets verksamhetsplan"
    )
    assert len(set(news.objects(doc, SG.namner))) >= 5  # linked to the plan read from the PDF
