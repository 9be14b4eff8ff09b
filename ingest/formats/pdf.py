"""Read a PDF's text layer with PDFium (pypdfium2) and lay it out as lines (reading.py).

pypdfium2 was chosen by measurement (bench/pdf_bench.py, bench/README.md): on the plan's PDFs
it gives the same words as pdfminer.six/pdfplumber about ten times faster, it is one wheel
with PDFium inside (Apache-2.0/BSD), and it tells a password-protected file from a damaged
one. Only characters and their positions are taken from it; reading order is ours.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

from ingest.errors import DocumentError
from ingest.formats.layout import Char
from ingest.formats.reading import read_pages

_PASSWORD = 4  # FPDF_ERR_PASSWORD
_SECURITY = 5  # FPDF_ERR_SECURITY: an encryption handler PDFium does not support
_MIN_CHARS = 20  # fewer text characters than this on a page: the page is an image


def pdf_lines(path: Path, data: bytes) -> tuple[list[tuple[str, int]], int]:
    """(line, page) pairs of a PDF and its page count; DocumentError when it has no usable
    text layer, is password-protected or damaged."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (_PASSWORD, _SECURITY):
            raise DocumentError(
                path,
                "is a password-protected PDF; expected an unprotected PDF (save a copy "
                "without a password, e.g. qpdf --decrypt)",
            ) from None
        raise DocumentError(
            path, "is a damaged PDF (PDFium cannot open it); expected a complete PDF file"
        ) from None
    try:
        pages = [_chars(document[i]) for i in range(len(document))]
        boxes = [_vertical(document[i]) for i in range(len(document))]
    except pdfium.PdfiumError:
        raise DocumentError(
            path, "is a damaged PDF (a page cannot be read); expected a complete PDF file"
        ) from None
    finally:
        document.close()
    if not pages:
        raise DocumentError(path, "is a PDF without pages; expected a steering document")
    text_pages = sum(len(p) >= _MIN_CHARS for p in pages)
    if text_pages * 2 < len(pages):
        raise DocumentError(
            path,
            f"is a scanned PDF without a text layer ({len(pages) - text_pages} of "
            f"{len(pages)} pages are images); run OCR first, e.g. ocrmypdf -l swe in.pdf "
            "out.pdf",
        )
    return read_pages(pages, boxes), len(pages)


def _vertical(page: object) -> tuple[float, float]:
    import pypdfium2 as pdfium

    assert isinstance(page, pdfium.PdfPage)
    _, bottom, _, top = page.get_bbox()
    return float(bottom), float(top)


def _chars(page: object) -> list[Char]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    assert isinstance(page, pdfium.PdfPage)
    textpage = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    chars = []
    space = False
    try:
        for i in range(textpage.count_chars()):
            code = raw.FPDFText_GetUnicode(textpage, i)
            if code in (0, 0xFFFE) or 0xD800 <= code <= 0xDFFF:
                continue
            if chr(code).isspace():
                # Line ends are recovered from positions; a space marks the next character
                # (some fonts leave almost no gap for a space).
                space = chr(code) not in "\r\n"
                continue
            if raw.FPDFText_IsGenerated(textpage, i) == 1 and code != 0x02:
                continue
            raw.FPDFText_GetCharOrigin(textpage, i, x, y)
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            size = raw.FPDFText_GetFontSize(textpage, i)
            if not 0.3 * size <= top - bottom <= 3 * size:
                # A font set at size 1 and scaled by the text matrix (common in Word's PDFs)
                # reports the unscaled size; the box's height (ascent to descent) does not.
                size = (top - bottom) / 1.2 if top > bottom else 10.0
            text = "-" if code == 0x02 else chr(code)  # PDFium marks a line-end hyphen 0x02
            chars.append(Char(text, left, right, y.value, size, space_before=space))
            space = False
    finally:
        textpage.close()
    return chars
