"""Parse a news item and find the goals, goal areas, programmes and initiatives it mentions.

The news item speaks plain language ("Livsvillkoren ska bli mer jämlika" for the goal
"Livsvillkoren för Göteborgs invånare ska bli mer jämlika"), so a mention is decided per
sentence by how many of an entity's content words (compared by their first six letters, a
crude Swedish stem) the sentence holds. The date pattern, month names, noise lines and stop
words are the template's [words]; the kommun's names are stop words too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ingest.engine_api import KommunInfo, TemplateInfo
from ingest.initiatives import InitiativeMatcher
from ingest.model import DocumentMeta, ParsedNews
from ingest.source import SourceText
from ingest.text import clean_inline


@dataclass(frozen=True)
class NewsWords:
    """The words a news template gives (ingest/templates/goteborg-nyhet.toml)."""

    published: re.Pattern[str]
    months: tuple[str, ...]
    noise: re.Pattern[str]
    stop: frozenset[str]

    @classmethod
    def of(cls, template: TemplateInfo, kommun: KommunInfo) -> NewsWords:
        words = news_words(template.data.get("words", {}))
        # The kommun's own names say nothing about what an item mentions.
        names = [*kommun.data.get("names", []), *kommun.data.get("stop_phrases", [])]
        extra = {w for name in names for w in re.findall(r"[a-zåäöéü0-9]+", name.lower())}
        return cls(words.published, words.months, words.noise, words.stop | extra)


def news_words(words: Mapping[str, Any]) -> NewsWords:
    """Compile and check a news template's [words]; ValueError names the bad key."""
    for key in ("published", "months", "noise", "stop_words"):
        if key not in words:
            raise ValueError(f"[words] misses the key '{key}' (the nyhet engine needs it)")
    try:
        published, noise = re.compile(words["published"]), re.compile(words["noise"])
    except (re.error, TypeError) as exc:
        raise ValueError(f"[words] 'published' or 'noise' is not a valid regex ({exc})") from None
    if published.groups < 3:
        raise ValueError("[words] 'published' must capture (day) (month name) (year)")
    months = words["months"]
    if not isinstance(months, list) or len(months) != 12:
        raise ValueError("[words] 'months' must list the twelve month names in order")
    return NewsWords(
        published=published,
        months=tuple(str(m).lower() for m in months),
        noise=noise,
        stop=frozenset(str(w).lower() for w in words["stop_words"]),
    )


@dataclass(frozen=True)
class KnownEntity:
    """An entity a news item may mention: its IRI, kind ('Mal', 'Malomrade', ...), label and
    kommun (a news item links only to its own kommun's entities)."""

    iri: str
    kind: str
    label: str
    kommun: str | None = None  # id of the kommun of the document that states it


def _stems(text: str, stop: frozenset[str]) -> set[str]:
    words = re.findall(r"[a-zåäöéü0-9]+", text.lower())
    return {w[:6] for w in words if len(w) > 2 and w not in stop}


def published(text: str, words: NewsWords) -> date | None:
    match = words.published.search(text)
    if not match or match.group(2).lower() not in words.months:
        return None
    month = words.months.index(match.group(2).lower()) + 1
    try:
        return date(int(match.group(3)), month, int(match.group(1)))
    except ValueError:
        return None


def _mentions(sentences: list[set[str]], entity: KnownEntity, stop: frozenset[str]) -> bool:
    wanted = _stems(entity.label, stop)
    if not wanted:
        return False
    need = 1.0 if len(wanted) <= 2 else 0.6
    return any(len(wanted & sentence) / len(wanted) >= need for sentence in sentences)


def parse_news(
    source: SourceText,
    meta: DocumentMeta,
    known: list[KnownEntity],
    issuer_key: str | None,
    words: NewsWords,
) -> ParsedNews:
    """A news item as text, with the known entities and initiatives it mentions."""
    lines = [clean_inline(l) for l in source.lines]
    body = [l for l in lines if l and not words.noise.match(l)]
    text = "\n".join(body)
    if meta.date is None:
        meta.date = published(text, words)
    stop = words.stop
    sentences = [_stems(s, stop) for s in re.split(r"(?<=[.!?])\s+|\n", text) if s.strip()]
    mentions = [e.iri for e in known if _mentions(sentences, e, stop)]
    return ParsedNews(
        meta=meta,
        text=text,
        issuer_key=issuer_key,
        mentions=mentions,
        mentions_initiatives=InitiativeMatcher.default().find(text),
    )
