"""Plain UTF-8 text, with pages where it marks them: form feeds (pdftotext writes one
between pages) or Markdown comments `<!-- sida 12 -->` on a line of their own."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.errors import DocumentError
from ingest.source import SourceText

# Control characters other than tab/newline/carriage return/form feed are rare in extracted
# text; many of them mean the file is binary (a PDF, an image, a zip) rather than text.
_ALLOWED_CONTROL = {"\t", "\n", "\r", "\f"}
_MAX_CONTROL_RATIO = 0.01
_MARKER = re.compile(r"^\s*<!--\s*(?:sida|page)\s+(\d{1,5})\s*-->\s*$", re.IGNORECASE)


def decode_text(path: Path, data: bytes) -> str:
    """Decode UTF-8 text; DocumentError when it is empty, binary or another encoding."""
    if not data.strip():
        raise DocumentError(path, "is empty; expected the text of a steering document")
    if b"\x00" in data[:65536]:
        raise DocumentError(
            path,
            "looks binary (contains NUL bytes) and is no PDF, DOCX or HTML; expected one of "
            "those or plain UTF-8 text",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            path,
            f"is not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "expected UTF-8 text: re-save or convert it, e.g. iconv -f latin1 -t utf-8",
        ) from None
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in _ALLOWED_CONTROL)
    if control > max(3, _MAX_CONTROL_RATIO * len(text)):
        raise DocumentError(path, "looks binary (many control characters); expected plain text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_source(path: Path, data: bytes, sha256: str) -> SourceText:
    """A text file as SourceText; its pages when it marks them. Line numbers are kept: a form
    feed is dropped from its line, a marker line stays (engines read the markers too; the
    plan parser takes it for the page break it is)."""
    lines = decode_text(path, data).split("\n")
    marked = "\f" in "".join(lines) or any(_MARKER.match(l) for l in lines)
    if not marked:
        return SourceText(path=path, text="\n".join(lines), sha256=sha256)
    pages: list[int] = []
    page = 1
    for i, line in enumerate(lines):
        marker = _MARKER.match(line)
        if marker:
            page = int(marker.group(1))
        lead = len(line) - len(line.lstrip("\f"))
        page += lead  # a form feed before a line's text starts a new page with it
        pages.append(page)
        page += line.count("\f") - lead
        lines[i] = lines[i].replace("\f", "")
    count = max((p for p, l in zip(pages, lines, strict=True) if l.strip()), default=1)
    return SourceText(
        path=path,
        text="\n".join(lines),
        sha256=sha256,
        kind="text",
        pages=tuple(pages),
        page_count=count,
    )
