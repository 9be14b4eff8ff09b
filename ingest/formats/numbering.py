"""Word's automatic numbering: the "3.1.2" of a numbered heading and the bullet of a list item
are not in a DOCX's text but computed from numbering.xml (and the paragraph's style), as Word
does when it shows or prints the document. The parsers need them as text ("3.1.2 Uppdrag",
"- item"), the way a PDF or pdftotext would give them."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree import ElementTree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str  # "decimal", "bullet", "lowerLetter", ...
    text: str  # "%1.%2." or the bullet character


def _val(node: ElementTree.Element | None, default: str = "") -> str:
    return node.get(f"{W}val", default) if node is not None else default


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass
class Numbering:
    """Numbering definitions and the running counters of one document."""

    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstract -> levels
    styles: dict[str, tuple[str | None, int | None, str | None]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def read(cls, numbering: bytes | None, styles: bytes | None) -> Numbering:
        found = cls()
        if numbering:
            root = ElementTree.fromstring(numbering)
            for abstract in root.iter(f"{W}abstractNum"):
                levels = {}
                for lvl in abstract.iter(f"{W}lvl"):
                    start = _val(lvl.find(f"{W}start"), "1")
                    levels[int(lvl.get(f"{W}ilvl", "0"))] = _Level(
                        start=int(start) if start.isdigit() else 1,
                        fmt=_val(lvl.find(f"{W}numFmt"), "decimal"),
                        text=_val(lvl.find(f"{W}lvlText")),
                    )
                found.levels[abstract.get(f"{W}abstractNumId", "")] = levels
            for num in root.iter(f"{W}num"):
                found.nums[num.get(f"{W}numId", "")] = _val(num.find(f"{W}abstractNumId"))
        if styles:
            for style in ElementTree.fromstring(styles).iter(f"{W}style"):
                num_pr = style.find(f"{W}pPr/{W}numPr")
                num_id = _val(num_pr.find(f"{W}numId")) if num_pr is not None else None
                level = _val(num_pr.find(f"{W}ilvl")) if num_pr is not None else ""
                found.styles[style.get(f"{W}styleId", "")] = (
                    num_id or None,
                    int(level) if level.isdigit() else None,
                    _val(style.find(f"{W}basedOn")) or None,
                )
        return found

    def _style_num(self, style: str | None) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        while style and style not in seen:
            seen.add(style)
            num_id, level, based_on = self.styles.get(style, (None, None, None))
            if num_id:
                return num_id, level
            style = based_on
        return None, None

    def label(self, props: ElementTree.Element | None) -> tuple[str, int] | None:
        """The label Word shows before the paragraph ("3.1.2", "•") and its level, counting
        the paragraph; None when it is not numbered."""
        if props is None:
            return None
        num_pr = props.find(f"{W}numPr")
        num_id, level = self._style_num(_val(props.find(f"{W}pStyle")) or None)
        if num_pr is not None:
            num_id = _val(num_pr.find(f"{W}numId")) or num_id
            ilvl = _val(num_pr.find(f"{W}ilvl"))
            level = int(ilvl) if ilvl.isdigit() else level
        abstract = self.nums.get(num_id or "")
        if not num_id or num_id == "0" or abstract is None:
            return None
        levels = self.levels.get(abstract, {})
        level = level or 0
        if level not in levels:
            return None
        counts = self.counters.setdefault(abstract, [0] * 10)
        for deeper in range(level + 1, len(counts)):
            counts[deeper] = 0
        counts[level] = counts[level] + 1 if counts[level] else levels[level].start
        this = levels[level]
        if this.fmt in ("bullet", "none"):
            return "•", level
        text = this.text
        for k in range(level + 1):
            lvl = levels.get(k, _Level(1, "decimal", ""))
            value = counts[k] or lvl.start
            text = text.replace(f"%{k + 1}", _format(value, lvl.fmt))
        return text, level
