"""Compare PDF text extractors on the project's documents: fidelity, speed, and whether the
parser can read the result.

    python -m bench.pdf_bench [--rounds 3]

The plan in corpus/ is written as two PDFs the way tests/support/documents.py writes them
(one column with a running header and page numbers; one with a two-column page), then each
extractor reads them. Fidelity is measured on words (lower case, letters and digits) against
the text the PDFs were made from: `order` is difflib's ratio over the word sequences (1.0 =
same words in the same order), `recall`/`extra` the share of the source's words found and the
share of extracted words the source does not have (headers, page numbers). `parses` runs the
real plan parser on the extracted text. Not a test: figures go to bench/README.md.
"""

from __future__ import annotations

import argparse
import difflib
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from ingest.errors import DocumentError
from ingest.manifest import document_meta
from ingest.plan import header_meta, parse_plan
from ingest.source import SourceText
from tests.conftest import PLAN
from tests.support.documents import write_pdf

TITLE = "Verksamhetsplan 2023 – Socialnämnden Sydväst"


def pypdfium2_raw(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    text = "\f".join(page.get_textpage().get_text_range() for page in document)
    return text.replace("\r\n", "\n")


def styrgraf_reader(path: Path) -> str:
    from ingest.formats.pdf import pdf_lines

    lines, _ = pdf_lines(path, path.read_bytes())
    return "\n".join(line for line, _ in lines)


def pdfminer_six(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return str(extract_text(str(path)))


def pdfplumber_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return "\f".join(page.extract_text() or "" for page in pdf.pages)


EXTRACTORS: dict[str, Callable[[Path], str]] = {
    "pypdfium2 (get_text_range)": pypdfium2_raw,
    "pypdfium2 + styrgraf layout (ingest)": styrgraf_reader,
    "pdfminer.six (extract_text)": pdfminer_six,
    "pdfplumber (extract_text)": pdfplumber_text,
}


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def fidelity(source: str, extracted: str) -> tuple[float, float, float]:
    a, b = words(source), words(extracted)
    order = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    ca, cb = Counter(a), Counter(b)
    recall = sum((ca & cb).values()) / max(1, sum(ca.values()))
    extra = sum((cb - ca).values()) / max(1, sum(cb.values()))
    return order, recall, extra


def parses(path: Path, text: str) -> str:
    source = SourceText(path=path, text=text, sha256="0" * 64)
    try:
        meta = document_meta(source, {"id": "vp", "kind": "verksamhetsplan"}, header_meta(source))
        plan = parse_plan(source, meta)
    except DocumentError as exc:
        return "no: " + exc.problem[:70]
    return f"yes: {len(plan.goals)} mål, {len(plan.assignments)} uppdrag"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=3, help="timing runs (best is shown)")
    args = parser.parse_args()
    text = PLAN.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = {
            "one column": write_pdf(text, Path(tmp) / "plan.pdf", title=TITLE),
            "two-column page": write_pdf(
                text, Path(tmp) / "plan-2.pdf", title=TITLE, two_column=True
            ),
        }
        print("| extractor | PDF | seconds | order | recall | extra | parses |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name, extract in EXTRACTORS.items():
            for kind, pdf in pdfs.items():
                best, out = float("inf"), ""
                for _ in range(args.rounds):
                    started = time.perf_counter()
                    out = extract(pdf)
                    best = min(best, time.perf_counter() - started)
                order, recall, extra = fidelity(text, out)
                print(
                    f"| {name} | {kind} | {best:.2f} | {order:.3f} | {recall:.3f} | "
                    f"{extra:.3f} | {parses(pdf, out)} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
