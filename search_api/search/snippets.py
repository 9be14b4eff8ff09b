"""Snippets: the part of the best chunk around the matched words, plain and as HTML.

`snippet` is plain text; `snippet_html` is the same text HTML-escaped with every word that
matched the query (by stem or compound part, synonyms included) wrapped in <mark>...</mark>,
so a page can insert it as is. A chunk longer than `max_words` is cut to the window with the
most matched words, marked by "…" at a cut.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from search_api.search.analysis import STOPWORDS, Analyzer, word_spans

TRAILING = ".,;:!?)\"'”»%"


@dataclass(frozen=True)
class Snippet:
    text: str
    html: str
    marked: list[str]


def make_snippet(
    text: str, marks: frozenset[str], analyzer: Analyzer, max_words: int = 40
) -> Snippet:
    text = re.sub(r"\s*\n\s*", " · ", text.strip())  # a one-chunk entity joins its fields
    spans = list(word_spans(text))
    if not spans:
        return Snippet(text, html.escape(text), [])
    hit = [
        w not in STOPWORDS and bool(marks.intersection(analyzer.word_tokens(w)))
        for _, _, w in spans
    ]
    first = 0
    if len(spans) > max_words:  # slide a window, keep the one with the most matches
        counts = [sum(hit[i : i + max_words]) for i in range(len(spans) - max_words + 1)]
        first = counts.index(max(counts))
        first = max(0, min(first, len(spans) - max_words))
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
        s, e, _ = spans[i]
        if hit[i]:
            parts.append(
                html.escape(text[cursor:s]) + "<mark>" + html.escape(text[s:e]) + "</mark>"
            )
            marked.append(text[s:e])
            cursor = e
    parts.append(html.escape(text[cursor:end]))
    plain = prefix + text[start:end].strip() + suffix
    return Snippet(plain, prefix + "".join(parts).strip() + suffix, marked)
