"""BM25 over chunk texts with Swedish stemming, compound parts, typo correction and synonyms.

The query side: words -> (typo-corrected) stems and compound parts -> BM25 scores per chunk,
plus the synonym expansion scored separately with a lower weight, so that an added term never
outweighs a word the user actually typed.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import bm25s
import numpy as np
from numpy.typing import NDArray

from graph.topics.scheme import load_concepts
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
Synonym = list[list[str]]  # one name of a synonym group: its words, each as BM25 tokens
SynonymGroup = list[Synonym]


@dataclass(frozen=True)
class QueryTerms:
    """What the lexical side made of a query; `marks` are the stems snippets highlight."""

    text: str  # the query with typos corrected (what the dense side embeds)
    tokens: list[str]
    expansions: list[SynonymGroup]  # synonym groups the query hit, without the terms it used
    corrections: dict[str, str]

    @property
    def marks(self) -> frozenset[str]:
        added = {t for group in self.expansions for term in group for word in term for t in word}
        return frozenset(self.tokens) | added


def synonym_groups(topics_dir: Path | None = None) -> tuple[tuple[str, ...], ...]:
    """One group per topic of the vocabulary the graph uses (ontology/amnen.ttl plus
    `topics_dir`, the core's STYRGRAF_TOPICS_DIR): its name and the words people use.
    Misspellings (hiddenLabel) stay out: they must not count as known words, or the speller
    would leave them uncorrected."""
    concepts = load_concepts(topics_dir)
    groups = []
    for concept in concepts:
        labels = (concept.pref, *concept.alt)
        terms = dict.fromkeys(t.strip().lower() for t in labels if t.strip())
        groups.append(tuple(terms))
    return tuple(groups)


class LexicalIndex:
    """bm25s index over chunks plus the vocabulary the analyser and the speller need."""

    def __init__(
        self,
        bm25: bm25s.BM25,
        counts: dict[str, int],
        options: AnalyzerOptions,
        typos: bool = True,
        topics_dir: Path | None = None,
    ) -> None:
        self.bm25 = bm25
        self.counts = counts
        self.options = options
        self.typos = typos
        vocabulary = Vocabulary(frozenset(counts), frozenset(stem(sorted(counts))))
        self.analyzer = Analyzer(vocabulary, options)
        self.speller = Speller(self._spelling_counts(counts)) if typos else None
        self.synonym_groups = synonym_groups(topics_dir)  # read here, never process-wide
        self.synonym_words = frozenset(
            w for group in self.synonym_groups for term in group for w in words(term)
        )
        self._synonyms: list[list[tuple[frozenset[str], Synonym]]] | None = None
        self._by_stem: dict[str, tuple[int, ...]] | None = None

    @classmethod
    def build(
        cls,
        texts: list[str],
        options: AnalyzerOptions | None = None,
        typos: bool = True,
        topics_dir: Path | None = None,
    ) -> LexicalIndex:
        # Plans quote the same passages (KF goals, shared programmes): each distinct text is
        # analysed once (at 1000x, 42,714 texts for 114,211 passages); counts stay per passage.
        split = {text: words(text) for text in dict.fromkeys(texts)}
        counts = Counter(w for text in texts for w in split[text])
        options = options or AnalyzerOptions()
        analyzer = Analyzer(Vocabulary(frozenset(counts), frozenset(stem(sorted(counts)))), options)
        analysed = {text: analyzer.tokens(text) or [""] for text in split}
        bm25 = bm25s.BM25(k1=1.2, b=0.75)
        bm25.index([analysed[t] for t in texts], show_progress=False)
        return cls(bm25, dict(counts), options, typos, topics_dir)

    def save(self, directory: Path) -> None:
        self.bm25.save(str(directory / "bm25"), show_progress=False)
        data = {"options": asdict(self.options), "typos": self.typos, "counts": self.counts}
        (directory / VOCAB_FILE).write_text(json.dumps(data, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, directory: Path, topics_dir: Path | None = None) -> LexicalIndex:
        data = json.loads((directory / VOCAB_FILE).read_text("utf-8"))
        bm25 = bm25s.BM25.load(str(directory / "bm25"), show_progress=False)
        options = AnalyzerOptions(**data["options"])
        return cls(bm25, data["counts"], options, data["typos"], topics_dir)

    @staticmethod
    def _spelling_counts(counts: dict[str, int]) -> dict[str, int]:
        """Corpus words and their stems: 'kvinojour' is one edit from the stem 'kvinnojour'
        but three from the nearest word, 'kvinnojourer'."""
        merged = dict(counts)
        for word, stemmed in zip(sorted(counts), stem(sorted(counts)), strict=True):
            merged[stemmed] = merged.get(stemmed, 0) + counts[word]
        return merged

    def corrected(self, query: str) -> tuple[str, dict[str, str]]:
        """The query with unknown words replaced by their nearest corpus word or stem. Words
        of the synonym list are known Swedish ('slagen' must not become 'lagen')."""
        if self.speller is None:
            return query, {}
        fixes = {}
        for word in set(words(query)) - STOPWORDS - QUERY_FILLERS - self.synonym_words:
            if not self.analyzer.vocabulary.knows(word) and self.analyzer.split(word) is None:
                fixed = self.speller.correct(word)
                if fixed is not None:
                    fixes[word] = fixed
        if not fixes:
            return query, {}
        return " ".join(fixes.get(w, w) for w in words(query)), fixes

    def analyse(
        self, query: str, synonyms: bool = True, ignore: frozenset[str] = frozenset()
    ) -> QueryTerms:
        """Tokens, synonym expansions and corrections of `query`; `ignore` holds words that
        say what kind of result is wanted rather than what it is about ('uppdrag')."""
        text, fixes = self.corrected(query)
        tokens = self.analyzer.query_tokens(text, ignore)
        expansions: list[SynonymGroup] = []
        if synonyms:
            present = set(tokens)
            groups, by_stem = self._groups(), self._groups_by_stem()
            # only the groups one of whose stems the query has, in the vocabulary's order
            for number in sorted({g for t in present for g in by_stem.get(t, ())}):
                group = groups[number]
                if any(key and key <= present for key, _ in group):
                    expansions.append([term for key, term in group if not key <= present])
        return QueryTerms(text, tokens, expansions, fixes)

    def _groups_by_stem(self) -> dict[str, tuple[int, ...]]:
        """Per stem, the numbers of the synonym groups with a term that has it: a query
        looks at those groups only, not at all of them."""
        if self._by_stem is None:
            found: dict[str, set[int]] = {}
            for number, group in enumerate(self._groups()):
                for key, _ in group:
                    for one in key:
                        found.setdefault(one, set()).add(number)
            self._by_stem = {one: tuple(sorted(g)) for one, g in found.items()}
        return self._by_stem

    def _groups(self) -> list[list[tuple[frozenset[str], Synonym]]]:
        """Per synonym group and term: the stems that must all be in the query (the key) and
        the term's words as BM25 tokens. Only stems: the documents' compound parts already
        let 'vräkning' match 'vräkningsförebyggande', while splitting an added term would
        spread it ('kompetensförsörjning' must not match every 'försörjningsstöd')."""
        if self._synonyms is None:
            self._synonyms = [
                [
                    (frozenset(stems), [[t] for t in stems])
                    for term in group
                    for stems in [stem([w for w in words(term) if w not in STOPWORDS])]
                ]
                for group in self.synonym_groups
            ]
        return self._synonyms

    def scores(self, terms: QueryTerms, expansion_weight: float) -> NDArray[np.float32]:
        """BM25 score of every chunk: the typed words, plus for each synonym group the best
        of its terms, down-weighted. A group counts once however many terms it has (they
        name one concept); a term of several words counts only where all its words occur
        ('bostad först' must not match 'första linjens chefer'), with their mean score, as
        one concept again."""
        n = self.bm25.scores["num_docs"]
        total = np.zeros(n, dtype=np.float32)
        if terms.tokens:
            total += self.bm25.get_scores(terms.tokens)
        if not expansion_weight:
            return total
        for group in terms.expansions:
            best = np.zeros(n, dtype=np.float32)
            for term in group:
                per_word = [self.bm25.get_scores(word) for word in term]
                if per_word:
                    matched = np.all([w > 0 for w in per_word], axis=0)
                    best = np.maximum(best, np.where(matched, np.mean(per_word, axis=0), 0))
            total += expansion_weight * best
        return total
