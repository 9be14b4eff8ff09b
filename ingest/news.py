"""Parse a news item and find the goals, goal areas, programmes and initiatives it mentions.

The news item speaks plain language ("Livsvillkoren ska bli mer jämlika" for the goal
"Livsvillkoren för Göteborgs invånare ska bli mer jämlika"), so a mention is decided per
sentence by how many of an entity's content words (compared by their first six letters, a
crude Swedish stem) the sentence holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.initiatives import InitiativeMatcher
from ingest.model import DocumentMeta, ParsedNews
from ingest.source import SourceText
from ingest.text import clean_inline

_STOP = {
    "och",
    "att",
    "för",
    "ska",
    "som",
    "med",
    "till",
    "den",
    "det",
    "ett",
    "en",
    "av",
    "i",
    "på",
    "är",
    "mer",
    "vara",
    "bli",
    "stads",
    "göteborgs",
    "göteborg",
    "stad",
    "staden",
}
_MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
_PUBLISHED = re.compile(
    r"publicerad\s+(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})", re.IGNORECASE
)
_NOISE = re.compile(r"^(till sidans huvudinnehåll|\$\{\w+\})$", re.IGNORECASE)


@dataclass(frozen=True)
class KnownEntity:
    """An entity a news item may mention: its IRI, kind ('Mal', 'Malomrade', ...) and label."""

    iri: str
    kind: str
    label: str


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-zåäöéü0-9]+", text.lower())
    return {w[:6] for w in words if len(w) > 2 and w not in _STOP}


def published(text: str) -> date | None:
    match = _PUBLISHED.search(text)
    if not match:
        return None
    return date(int(match.group(3)), _MONTHS.index(match.group(2).lower()) + 1, int(match.group(1)))


def _mentions(sentences: list[set[str]], entity: KnownEntity) -> bool:
    wanted = _stems(re.sub(r"^Göteborgs?\s+Stads?\s+", "", entity.label))
    if not wanted:
        return False
    need = 1.0 if len(wanted) <= 2 else 0.6
    return any(len(wanted & sentence) / len(wanted) >= need for sentence in sentences)


def parse_news(
    source: SourceText, meta: DocumentMeta, known: list[KnownEntity], issuer_key: str | None
) -> ParsedNews:
    """A news item as text, with the known entities and initiatives it mentions."""
    lines = [clean_inline(l) for l in source.lines]
    body = [l for l in lines if l and not _NOISE.match(l)]
    text = "\n".join(body)
    if meta.date is None:
        meta.date = published(text)
    sentences = [_stems(s) for s in re.split(r"(?<=[.!?])\s+|\n", text) if s.strip()]
    mentions = [e.iri for e in known if _mentions(sentences, e)]
    return ParsedNews(
        meta=meta,
        text=text,
        issuer_key=issuer_key,
        mentions=mentions,
        mentions_initiatives=InitiativeMatcher.default().find(text),
    )
