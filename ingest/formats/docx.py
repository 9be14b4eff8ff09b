"""Read a Word document (DOCX) with the standard library: paragraphs as lines, list items as
"- " lines, table rows as tab-separated lines (the shape the parsers read), pages where Word
recorded them (page breaks and the breaks it rendered when the file was last saved)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from ingest.errors import DocumentError
from ingest.formats.numbering import Numbering

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LIST_STYLE = re.compile(r"list|lista|punkt|bullet", re.IGNORECASE)
_NUMBERING_PARTS = ("word/numbering.xml", "word/styles.xml")


def docx_lines(
    path: Path, data: bytes, max_unpacked: int
) -> tuple[list[tuple[str, int]], int | None]:
    """(line, page) pairs of the document body and its page count (None when Word recorded no
    page breaks: then the pages are not known)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > max_unpacked:
                raise DocumentError(path, _too_big(max_unpacked))
            with archive.open(info) as handle:
                xml = handle.read(max_unpacked + 1)
            parts = [_part(archive, name, max_unpacked) for name in _NUMBERING_PARTS]
        if len(xml) > max_unpacked or any(p is not None and len(p) > max_unpacked for p in parts):
            raise DocumentError(path, _too_big(max_unpacked))
        if info.flag_bits & 0x1:
            raise DocumentError(path, "is an encrypted Word document; save it without a password")
        root = ElementTree.fromstring(xml)
        numbering = Numbering.read(*parts)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, EOFError, ValueError):
        raise DocumentError(
            path, "is a damaged Word document (DOCX); expected a complete file"
        ) from None
    body = root.find(f"{_W}body")
    if body is None:
        raise DocumentError(path, "is a Word document without a body; expected a steering document")
    reader = _Reader(numbering)
    reader.blocks(body)
    return reader.lines, (reader.page if reader.breaks else None)


def _part(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        return b"x" * (limit + 1)  # refused as too big by the caller
    with archive.open(info) as handle:
        return handle.read(limit + 1)


def _too_big(limit: int) -> str:
    return (
        f"unpacks to more than {limit} bytes of text markup, the limit "
        "(STYRGRAF_MAX_UNPACKED_BYTES); expected an ordinary Word document"
    )


class _Reader:
    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.lines: list[tuple[str, int]] = []
        self.page = 1
        self.breaks = False

    def _text(self, paragraph: ElementTree.Element) -> tuple[str, int]:
        """The paragraph's text and the page it starts on; page breaks in it move on."""
        props = paragraph.find(f"{_W}pPr")
        if props is not None and props.find(f"{_W}pageBreakBefore") is not None:
            self.page, self.breaks = self.page + 1, True
        start = self.page
        parts: list[str] = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif (node.tag == f"{_W}br" and node.get(f"{_W}type") == "page") or (
                node.tag == f"{_W}lastRenderedPageBreak"
            ):
                self.breaks = True
                if parts and "".join(parts).strip():
                    self.page += 1
                else:
                    self.page = start = start + 1
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append(" ")
        return "".join(parts), start

    def blocks(self, parent: ElementTree.Element) -> None:
        for block in parent:
            if block.tag == f"{_W}p":
                self.paragraph(block)
            elif block.tag == f"{_W}tbl":
                self.table(block)
            elif block.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
                self.blocks(block)  # content controls (a template's fields, the contents list)

    def paragraph(self, paragraph: ElementTree.Element) -> None:
        text, page = self._text(paragraph)
        props = paragraph.find(f"{_W}pPr")
        style = props.find(f"{_W}pStyle") if props is not None else None
        name = style.get(f"{_W}val", "") if style is not None else ""
        label = self.numbering.label(props)
        if text.strip() and label is not None and label[0] != "•":
            text = f"{label[0]} {text.strip()}"  # "3.1.2 Uppdrag", as Word shows it
        elif text.strip() and (label is not None or _LIST_STYLE.search(name)):
            nested = (label is not None and label[1] > 0) or bool(re.search(r"[2-9]$", name))
            text = (" - " if nested else "- ") + text.strip()
        self.lines.append((text.rstrip(), page))

    def table(self, table: ElementTree.Element) -> None:
        if self.lines and self.lines[-1][0]:
            self.lines.append(("", self.page))
        for row in table.findall(f"{_W}tr"):
            cells = []
            page = self.page
            for i, cell in enumerate(row.findall(f"{_W}tc")):
                texts: list[str] = []
                for paragraph in cell.iter(f"{_W}p"):
                    text, start = self._text(paragraph)
                    page = min(page, start) if i or texts else start
                    texts.append(text.strip())
                cells.append(" ".join(t for t in texts if t))
            self.lines.append(("\t".join(cells), page))
        self.lines.append(("", self.page))
