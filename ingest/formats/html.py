"""Read a saved web page (HTML) with the standard library's parser: headings, paragraphs and
list items become lines, table rows tab-separated lines; scripts, styles, navigation and the
page's own header and footer are left out."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "nav", "aside", "iframe"}
_FRAME = {"header", "footer"}  # left out unless inside the page's main content
_CONTENT = {"main", "article"}
_BLOCK = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "address",
    "br",
    "hr",
    "form",
    "details",
    "summary",
    "body",
    "caption",
}
_VOID = {"br", "hr", "img", "meta", "link", "input", "wbr", "source", "area", "col", "base"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[str, str]] = []  # (text, kind: "p" | "li" | "tr")
        self.stack: list[str] = []
        self.skip = 0
        self.current: list[str] = []
        self.cells: list[str] | None = None
        self.kind = "p"
        self.heading: str | None = None  # the first <h1>: the page's title
        self.in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        hidden = any(k == "hidden" or (k == "aria-hidden" and v == "true") for k, v in attrs)
        inside = any(t in _CONTENT for t in self.stack)
        if tag not in _VOID:
            self.stack.append(tag)
        if self.skip or tag in _SKIP or hidden or (tag in _FRAME and not inside):
            if tag not in _VOID:
                self.skip += 1
            return
        if tag == "tr":
            self.flush()
            self.cells = []
        elif tag in ("td", "th") and self.cells is not None:
            self.cell_done()
        elif tag in _BLOCK:
            self.flush()
            if tag == "li":
                self.kind = "li"
            self.in_h1 = tag == "h1" and self.heading is None

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if self.skip:
                self.skip -= 1
                if open_tag == tag:
                    return
                continue
            if open_tag == "tr" and self.cells is not None:
                self.cell_done()
                row = "\t".join(self.cells)
                if row.strip():
                    self.lines.append((row, "tr"))
                self.cells = None
            elif open_tag in _BLOCK:
                self.flush()
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.current.append(data)

    def cell_done(self) -> None:
        if self.cells is not None and (self.current or self.cells):
            self.cells.append(_squash("".join(self.current)))
        self.current = []

    def flush(self) -> None:
        if self.cells is not None:
            return
        text = _squash("".join(self.current))
        if self.in_h1 and text:
            self.heading, self.in_h1 = text, False
        if text:
            self.lines.append(("- " + text if self.kind == "li" else text, self.kind))
        self.current = []
        self.kind = "p"


def _squash(text: str) -> str:
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


def html_lines(text: str) -> tuple[list[tuple[str, int]], str | None]:
    """(line, page) pairs (a web page has no pages: every page is 0, not kept) and the page's
    title (its first <h1>)."""
    parser = _Text()
    parser.feed(text)
    parser.close()
    parser.flush()
    out: list[tuple[str, int]] = []
    previous = ""
    for line, kind in parser.lines:
        # Paragraphs are separated by blank lines; list items and table rows follow each other.
        if out and not (kind == previous and kind in ("li", "tr")):
            out.append(("", 0))
        out.append((line, 0))
        previous = kind
    return out, parser.heading
