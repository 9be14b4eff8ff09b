"""BM25 over chunk texts with Swedish stemming, compound parts, typo correction and synonyms.

The query side: words -> (typo-corrected) stems and compound parts -> BM25 scores per chunk,
plus the synonym expansion scored separately with a lower weight, so that an added term never
outweighs a word the user actually typed.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import bm25s
import numpy as np
from numpy.typing import NDArray

from search_api.search.analysis import (
    QUERY_FILLERS,
    STOPWORDS,
    Analyzer,
    AnalyzerOptions,
    Vocabulary,
    stem,
    words,
)
from search_api.search.spelling import Speller

VOCAB_FILE = "vocabulary.json"


@dataclass(frozen=True)
class QueryTerms:
    """What the lexical side made of a query; `marks` are the stems snippets highlight."""

    tokens: list[str]
    expansions: list[str]
    corrections: dict[str, str]

    @property
    def marks(self) -> frozenset[str]:
        return frozenset(self.tokens) | frozenset(self.expansions)


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """The groups of synonyms.txt (comment lines start with '#')."""
    text = resources.files("search_api.search").joinpath("synonyms.txt").read_text("utf-8")
    groups = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            groups.append(tuple(t.strip().lower() for t in line.split(",") if t.strip()))
    return tuple(groups)


class LexicalIndex:
    """bm25s index over chunks plus the vocabulary the analyser and the speller need."""

    def __init__(self, bm25: bm25s.BM25, counts: dict[str, int], options: AnalyzerOptions,
                 typos: bool = True) -> None:
        self.bm25 = bm25
        self.counts = counts
        self.options = options
        self.typos = typos
        vocabulary = Vocabulary(frozenset(counts), frozenset(stem(sorted(counts))))
        self.analyzer = Analyzer(vocabulary, options)
        self.speller = Speller(counts) if typos else None
        self._synonyms: list[list[tuple[frozenset[str], list[str]]]] | None = None

    @classmethod
    def build(cls, texts: list[str], options: AnalyzerOptions | None = None,
              typos: bool = True) -> LexicalIndex:
        counts = Counter(w for text in texts for w in words(text))
        options = options or AnalyzerOptions()
        analyzer = Analyzer(Vocabulary(frozenset(counts), frozenset(stem(sorted(counts)))),
                            options)
        bm25 = bm25s.BM25(k1=1.2, b=0.75)
        bm25.index([analyzer.tokens(t) or [""] for t in texts], show_progress=False)
        return cls(bm25, dict(counts), options, typos)

    def save(self, directory: Path) -> None:
        self.bm25.save(str(directory / "bm25"), show_progress=False)
        data = {"options": asdict(self.options), "typos": self.typos, "counts": self.counts}
        (directory / VOCAB_FILE).write_text(json.dumps(data, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        data = json.loads((directory / VOCAB_FILE).read_text("utf-8"))
        bm25 = bm25s.BM25.load(str(directory / "bm25"), show_progress=False)
        return cls(bm25, data["counts"], AnalyzerOptions(**data["options"]), data["typos"])

    def _corrected(self, query: str) -> tuple[str, dict[str, str]]:
        """The query with unknown words replaced by their nearest corpus word."""
        if self.speller is None:
            return query, {}
        fixes = {}
        for word in set(words(query)) - STOPWORDS - QUERY_FILLERS:
            if not self.analyzer.vocabulary.knows(word) and self.analyzer.split(word) is None:
                fixed = self.speller.correct(word)
                if fixed is not None:
                    fixes[word] = fixed
        if not fixes:
            return query, {}
        return " ".join(fixes.get(w, w) for w in words(query)), fixes

    def analyse(self, query: str, synonyms: bool = True) -> QueryTerms:
        text, fixes = self._corrected(query)
        tokens = self.analyzer.query_tokens(text)
        expansions: list[str] = []
        if synonyms:
            present = set(tokens)
            for group in self._groups():
                if any(key and key <= present for key, _ in group):
                    for _, term_tokens in group:
                        expansions += [t for t in term_tokens
                                       if t not in present and t not in expansions]
        return QueryTerms(tokens, expansions, fixes)

    def _groups(self) -> list[list[tuple[frozenset[str], list[str]]]]:
        """Per synonym group and term: the stems that must all be in the query (the key) and
        the tokens the term adds (stems and compound parts)."""
        if self._synonyms is None:
            self._synonyms = [
                [(frozenset(stem([w for w in words(term) if w not in STOPWORDS])),
                  self.analyzer.tokens(term)) for term in group]
                for group in synonym_groups()]
        return self._synonyms

    def scores(self, terms: QueryTerms, expansion_weight: float) -> NDArray[np.float32]:
        """BM25 score of every chunk: typed words plus down-weighted expansions."""
        total = np.zeros(self.bm25.scores["num_docs"], dtype=np.float32)
        if terms.tokens:
            total += self.bm25.get_scores(terms.tokens)
        if terms.expansions and expansion_weight > 0:
            total += expansion_weight * self.bm25.get_scores(terms.expansions)
        return total
