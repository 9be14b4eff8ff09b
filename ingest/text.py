"""Clean the extraction noise of PDF-to-text output without losing words.

Lines keep their 1-based line numbers so every parsed node can point at its source.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
_COMMENT = re.compile(r"<!--.*?-->")
_PAGE_MARKER = re.compile(r"^\s*<!--\s*(?:sida|page)\s+\d{1,5}\s*-->\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-•–*]|\u2022)\s+(?=\S)")
_SPACES = re.compile(r"[ \t\u00a0]+")
_NUMBERED_TITLE = re.compile(r"^\s*(?:[-•]\s*)?\d{1,2}(?:\.\d{1,2})*\.?\s+[A-ZÅÄÖ]")
_TERMINAL = tuple('.!?:;)”"»')


@dataclass(frozen=True)
class Line:
    """One logical line of a document: verbatim text (possibly several physical lines joined
    where the extraction broke a sentence) and its first physical line number."""

    raw: str
    number: int

    @property
    def text(self) -> str:
        return clean_inline(self.raw)

    @property
    def indent(self) -> int:
        return len(self.raw) - len(self.raw.lstrip(" "))

    @property
    def is_bullet(self) -> bool:
        return bool(_BULLET.match(self.raw)) and not self.raw.lstrip().startswith("*")

    @property
    def bullet_text(self) -> str:
        """The text after the bullet marker, cleaned."""
        return clean_inline(_BULLET.sub("", self.raw, count=1))


def clean_inline(raw: str) -> str:
    """Strip HTML comments and tags and emphasis markers, unescape entities and collapse
    whitespace."""
    text = _TAG.sub(" ", _COMMENT.sub(" ", raw))
    text = html.unescape(text)
    text = re.sub(r"(?<!\w)\*([^*\n]+)\*(?!\w)", r"\1", text)  # *emphasis* from the extraction
    return _SPACES.sub(" ", text).strip()


def clean_block(raw: str) -> str:
    """Like clean_inline but keeps paragraph and list structure as newlines and '• ' items."""
    text = re.sub(r"</\s*p\s*>\s*<\s*p[^>]*>", "\n", raw)
    text = re.sub(r"<\s*li[^>]*>", "\n• ", text)
    text = re.sub(r"\s*(?:•|\u2022)\s*", "\n• ", text)
    text = re.sub(r"<\s*ul[^>]*>\s*-\s*", "\n• ", text)
    text = re.sub(r"(?<=\S)-\s(?=[A-ZÅÄÖ])", "\n• ", text) if "<ul" in raw else text
    parts = [clean_inline(p) for p in text.split("\n")]
    return "\n".join(p for p in parts if p and p != "•")


def logical_lines(text: str) -> list[Line]:
    """Split text into logical lines, rejoining sentences the extraction broke across blank lines.

    A line that does not end a sentence, followed after one or more blank lines by a line that
    starts in lower case or with a digit (optionally after a stray bullet), continues it:
    "... som riskerar att" / "- komma till långsiktiga boendelösningar."  Tab-separated table
    rows are never joined.
    """
    out: list[Line] = []
    gap = False
    for number, physical in enumerate(text.split("\n"), start=1):
        if not physical.strip() or _PAGE_MARKER.match(physical):
            gap = True  # a page marker (<!-- sida 12 -->) stands where the page broke
            continue
        if gap and out and _continues(out[-1].raw, physical):
            tail = _BULLET.sub("", physical, count=1).strip()
            out[-1] = Line(raw=out[-1].raw.rstrip() + " " + tail, number=out[-1].number)
        else:
            out.append(Line(raw=physical.rstrip(), number=number))
        gap = False
    return out


def _continues(previous: str, current: str) -> bool:
    if "\t" in previous or "\t" in current:
        return False
    prev = clean_inline(previous)
    if not prev or prev.endswith(_TERMINAL):
        return False
    if _NUMBERED_TITLE.match(current):
        return False  # "3 Nämndens mål och uppdrag" after a list item is a heading
    body = _BULLET.sub("", current, count=1).lstrip()
    return bool(body) and (body[0].islower() or body[0].isdigit())


def sentence_case(title: str) -> str:
    """'KULTUR, KVALITET OCH EFFEKTIVITET' -> 'Kultur, kvalitet och effektivitet'."""
    if title.isupper():
        return title[:1] + title[1:].lower()
    return title


def slugify(text: str, max_len: int = 80) -> str:
    """ASCII slug for IRIs: "Göteborgs Stads plan" -> "goteborgs-stads-plan"."""
    norm = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(ch for ch in norm if not unicodedata.combining(ch))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:max_len].rstrip("-") or "x"


def first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]
