"""Write a corpus text as the documents staff get: a PDF (fpdf2), a DOCX (python-docx), HTML.

The PDFs are laid out like the plan's original: a running header and a page number on every
page, numbered headings in bold, paragraphs with spacing, the tab-separated Uppdrag rows as a
two-column table and the Program/Plan rows as one-column table rows. `two_column` sets the
text before the first table in two columns, as a page of a brochure would be.
"""

from __future__ import annotations

import re
from pathlib import Path

from fpdf import FPDF

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\s+\S")
LINE = 4.6  # mm, 1.3 times the 10 pt body text
GAP = 2.0  # mm between paragraphs (lines of the source without a blank line between)


class _Pdf(FPDF):
    running_header = ""

    def header(self) -> None:
        self.set_font("dejavu", size=8)
        self.cell(0, 5, self.running_header, align="R", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)
        self.set_font("dejavu", size=10)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("dejavu", size=8)
        self.cell(0, 10, f"{self.page_no()} (av {{nb}})", align="C")
        self.set_font("dejavu", size=10)


def _blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Group source lines: ("blank", []), ("table", rows), ("line", [text])."""
    blocks: list[tuple[str, list[str]]] = []
    for line in lines:
        if not line.strip():
            blocks.append(("blank", []))
        elif "\t" in line:
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(line)
            else:
                blocks.append(("table", [line]))
        else:
            blocks.append(("line", [line.rstrip()]))
    return blocks


def write_pdf(text: str, path: Path, *, title: str, two_column: bool = False) -> Path:
    """Render `text` (one paragraph per line, blank lines as space) to a PDF at `path`."""
    pdf = _Pdf(format="A4")
    pdf.running_header = title
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.add_font("dejavu", style="B", fname=str(FONT_BOLD))
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_margins(20, 15, 20)
    pdf.add_page()
    pdf.set_font("dejavu", size=10)
    blocks = _blocks(text.split("\n"))
    start = 0
    if two_column:
        # The front matter up to and including the table of contents stays one column; the
        # prose after it until the first table is set in two columns on a page of its own.
        first_table = next(i for i, (kind, _) in enumerate(blocks) if kind == "table")
        second_table = next(
            i for i, (kind, _) in enumerate(blocks) if kind == "table" and i > first_table
        )
        _write_blocks(pdf, blocks[: first_table + 1])
        prose = [b[1][0] for b in blocks[first_table + 1 : second_table] if b[0] == "line"]
        pdf.add_page()
        with pdf.text_columns(ncols=2, gutter=10, text_align="LEFT", line_height=1.3) as cols:
            for paragraph in prose:
                with cols.paragraph(bottom_margin=4) as par:
                    par.write(paragraph.strip())
        pdf.add_page()
        start = second_table
    _write_blocks(pdf, blocks[start:])
    pdf.output(str(path))
    return path


def _write_blocks(pdf: FPDF, blocks: list[tuple[str, list[str]]]) -> None:
    width = pdf.epw
    for kind, lines in blocks:
        if kind == "blank":
            pdf.ln(LINE)
        elif kind == "table":
            cells = max(line.count("\t") + 1 for line in lines)
            with pdf.table(
                col_widths=(1, 6, 1) if cells == 3 else (1,) * cells,
                first_row_as_headings=False,
                line_height=LINE,
                padding=2,
                text_align="LEFT",
                v_align="TOP",
            ) as table:
                for line in lines:
                    row = table.row()
                    parts = line.split("\t")
                    for cell in parts + [""] * (cells - len(parts)):
                        row.cell(cell.strip())
            pdf.ln(GAP)
        else:
            line = lines[0].strip()
            indent = 6.0 if lines[0].startswith(" ") else 0.0  # a nested list item
            heading = bool(_HEADING.match(line))
            pdf.set_font("dejavu", style="B" if heading else "", size=12 if heading else 10)
            pdf.set_x(pdf.l_margin + indent)
            pdf.multi_cell(width - indent, LINE * (1.2 if heading else 1), line, align="L")
            pdf.set_font("dejavu", size=10)
            pdf.ln(GAP)


def _numbered_headings(document: object) -> str:
    """Add a multilevel decimal list ("1", "1.1", "1.1.1", ...) to the document's numbering
    part, as Word's heading numbering is; returns its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{".".join(f"%{k}" for k in range(1, i + 2))}"/></w:lvl>'
        for i in range(7)
    )
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    return "90"


def write_docx(text: str, path: Path) -> Path:
    """Render `text` as a Word document: the numbered headings (those the parser takes for
    headings) as Heading paragraphs numbered by Word, not in their text; list items in list
    styles, tab-separated rows as tables, a page break before each goal area ('N.N TITLE')
    so that the document records its pages."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from ingest.structure import outline
    from ingest.text import logical_lines

    document = Document()
    num_id = _numbered_headings(document)
    headings = {
        s.line.raw.strip(): (s.title, len(s.number)) for s in outline(logical_lines(text)).walk()
    }
    area = re.compile(r"^\d\.\d\s+[A-ZÅÄÖ ,]+$")
    for kind, lines in _blocks(text.split("\n")):
        if kind == "blank":
            document.add_paragraph("")
        elif kind == "table":
            cells = max(line.count("\t") + 1 for line in lines)
            table = document.add_table(rows=0, cols=cells)
            for line in lines:
                row = table.add_row().cells
                for i, cell in enumerate(line.split("\t")):
                    row[i].text = cell.strip()
        else:
            line = lines[0]
            if area.match(line.strip()):
                document.add_page_break()
            if line.strip() in headings:
                title, depth = headings[line.strip()]
                paragraph = document.add_paragraph(title, style=f"Heading {min(depth, 9)}")
                paragraph._p.get_or_add_pPr().append(
                    parse_xml(
                        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{depth - 1}"/>'
                        f'<w:numId w:val="{num_id}"/></w:numPr>'
                    )
                )
            elif line.startswith(" - "):
                document.add_paragraph(line[3:], style="List Bullet 2")
            elif line.startswith("- "):
                document.add_paragraph(line[2:], style="List Bullet")
            else:
                document.add_paragraph(line)
    document.save(str(path))
    return path


def write_html(text: str, path: Path) -> Path:
    """Render a news item's text as a saved web page: a navigation menu, scripts and styles,
    the item in <main> (its title line as <h1>) and a site footer."""
    from html import escape

    lines = [line for line in text.split("\n") if line.strip()]
    title = next(line for line in lines if "beslutat" in line)
    body = []
    for line in lines:
        tag = "h1" if line == title else "h2" if line.startswith("Målområde") else "p"
        body.append(f"<{tag}>{escape(line)}</{tag}>")
    page = f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>{escape(title)} - Göteborgs Stad</title>
<style>body {{ font-family: sans-serif; }} .x::before {{ content: "Meny"; }}</style>
<script>window.dataLayer = [{{"event": "Startsida"}}]; document.write("Kakor");</script>
</head><body>
<header><a href="/">Göteborgs Stad</a><form><input name="q"> Sök</form></header>
<nav aria-label="Huvudmeny"><ul><li><a href="/a">Uppleva och göra</a></li>
<li><a href="/b">Kommun och politik</a></li></ul></nav>
<main id="main">
{chr(10).join(body)}
</main>
<footer><p>Kontakta oss: 031-365 00 00</p><p>Om webbplatsen</p></footer>
<script src="/analytics.js"></script>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path
