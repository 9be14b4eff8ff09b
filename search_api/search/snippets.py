"""Snippets: the part of the best chunk around the matched words, plain and as HTML.

`snippet` is plain text; `snippet_html` is the same text HTML-escaped with every word that
matched the query (by stem or compound part, synonyms included) wrapped in <mark>...</mark>,
so a page can insert it as is. A chunk longer than `max_words` is cut to the window with the
most matched words, marked by "…" at a cut.

A chunk's words and their stems do not depend on the query, so `chunk_words` computes them
once per chunk (the index keeps them); a request only intersects them with its marks. Stemming
every shown chunk's words on every request was two thirds of a search's Python time.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from itertools import accumulate

from search_api.search.analysis import STOPWORDS, Analyzer, word_spans

TRAILING = ".,;:!?)\"'”»%"


@dataclass(frozen=True)
class Snippet:
    text: str
    html: str
    marked: list[str]


@dataclass(frozen=True)
class ChunkWords:
    """A chunk's text as a snippet shows it, its words' spans and each word's tokens (stem
    and compound parts; None for a stopword, which is never marked)."""

    text: str
    spans: list[tuple[int, int]]
    tokens: list[frozenset[str] | None]


def chunk_words(text: str, analyzer: Analyzer) -> ChunkWords:
    text = re.sub(r"\s*\n\s*", " · ", text.strip())  # a one-chunk entity joins its fields
    spans, tokens = [], []
    for start, end, word in word_spans(text):
        spans.append((start, end))
        tokens.append(None if word in STOPWORDS else frozenset(analyzer.word_tokens(word)))
    return ChunkWords(text, spans, tokens)


def make_snippet(
    text: str, marks: frozenset[str], analyzer: Analyzer, max_words: int = 40
) -> Snippet:
    return snippet_of(chunk_words(text, analyzer), marks, max_words)


def snippet_of(chunk: ChunkWords, marks: frozenset[str], max_words: int = 40) -> Snippet:
    text, spans = chunk.text, chunk.spans
    if not spans:
        return Snippet(text, html.escape(text), [])
    hit = [tokens is not None and not marks.isdisjoint(tokens) for tokens in chunk.tokens]
    first = 0
    if len(spans) > max_words:  # slide a window, keep the (first) one with the most matches
        before = [0, *accumulate(hit)]  # matches before each word
        counts = [before[i + max_words] - before[i] for i in range(len(spans) - max_words + 1)]
        first = counts.index(max(counts))
    last = min(len(spans), first + max_words) - 1
    start = 0 if first == 0 else spans[first][0]
    end = spans[last][1]
    while end < len(text) and text[end] in TRAILING:
        end += 1
    if last == len(spans) - 1:
        end = len(text)
    prefix = "…" if first > 0 else ""
    suffix = "…" if end < len(text) else ""
    parts, marked = [], []
    cursor = start
    for i in range(first, last + 1):
        if hit[i]:
            s, e = spans[i]
            parts.append(
                html.escape(text[cursor:s]) + "<mark>" + html.escape(text[s:e]) + "</mark>"
            )
            marked.append(text[s:e])
            cursor = e
    parts.append(html.escape(text[cursor:end]))
    plain = prefix + text[start:end].strip() + suffix
    return Snippet(plain, prefix + "".join(parts).strip() + suffix, marked)
