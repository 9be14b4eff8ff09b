"""Document formats: each reader turns one kind of file into the same SourceText.

The kind is decided by content (detect.py), never by the file name. Every reader keeps the page
each line stands on where the source knows pages, so provenance can say "sida 12".
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.errors import DocumentError
from ingest.formats.detect import sniff
from ingest.source import SourceText

# What the document page calls each kind of file.
KIND_LABELS = {"text": "text", "pdf": "PDF", "docx": "Word (DOCX)", "html": "webbsida (HTML)"}


def read_source(path: Path, data: bytes, max_unpacked: int = 200_000_000) -> SourceText:
    """Decode `data` read from `path` by what it is; DocumentError for what cannot be read."""
    kind = sniff(path, data)
    sha = hashlib.sha256(data).hexdigest()
    if kind == "pdf":
        from ingest.formats.pdf import pdf_lines

        lines, count = pdf_lines(path, data)
        return from_lines(path, lines, sha, "pdf", count)
    if kind == "docx":
        from ingest.formats.docx import docx_lines

        lines, pages = docx_lines(path, data, max_unpacked)
        return from_lines(path, lines, sha, "docx", pages)
    if kind == "html":
        from ingest.formats.html import html_lines
        from ingest.formats.text import decode_text

        lines, title = html_lines(decode_text(path, data))
        return from_lines(path, lines, sha, "html", None, title)
    from ingest.formats.text import text_source

    return text_source(path, data, sha)


def from_lines(
    path: Path,
    lines: list[tuple[str, int]],
    sha256: str,
    kind: str,
    page_count: int | None,
    title: str | None = None,
) -> SourceText:
    """A SourceText from (line, page) pairs; pages are kept when the format knows them."""
    text = "\n".join(line for line, _ in lines)
    if not text.strip():
        raise DocumentError(
            path, f"holds no text ({KIND_LABELS[kind]}); expected a steering document"
        )
    pages = tuple(page for _, page in lines) if page_count else ()
    return SourceText(
        path=path,
        text=text,
        sha256=sha256,
        kind=kind,
        pages=pages,
        page_count=page_count,
        title=title,
    )
