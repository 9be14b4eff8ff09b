"""Lexical evidence: which labels of which topic an item's own text names, sentence by sentence.

Labels and texts go through the search side's Swedish analysis (Snowball stems, compound parts,
joins of words the extraction split), so "vräkning" finds "vräkningsförebyggande" and
"hemlöshet" finds "hemlöshetsstrategi". A label of several words matches only where all its
words occur in one sentence or list item ("våld i nära relation").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from graph.text_analysis import STOPWORDS, Analyzer, Vocabulary, stem, words
from graph.topics.scheme import Concept


@dataclass
class LexicalEvidence:
    """What the item's text says about one topic."""

    labels: set[str] = field(default_factory=set)  # the topic's labels found
    segments: int = 0  # sentences or list items naming the topic
    in_label: bool = False  # the item's own name names it


class LabelMatcher:
    """Finds the labels of every concept in texts; built once per ingest."""

    def __init__(self, concepts: Sequence[Concept], corpus: Sequence[str]) -> None:
        label_texts = [label for c in concepts for label in c.labels]
        self.analyzer = Analyzer(Vocabulary.from_texts([*corpus, *label_texts]))
        self.keys: list[tuple[str, str, frozenset[str]]] = []  # concept id, label, stems
        for concept in concepts:
            for label in concept.labels:
                kept = [w for w in words(label) if w not in STOPWORDS]
                if kept:
                    self.keys.append((concept.id, label, frozenset(stem(kept))))

    def tokens(self, text: str) -> frozenset[str]:
        """Stems, compound parts and joins of `text` (stopwords kept out, as for search)."""
        return frozenset(self.analyzer.tokens(text))

    def match(self, label: str, segments: Sequence[str]) -> dict[str, LexicalEvidence]:
        """Evidence per concept id for an item with this (masked) label and body segments."""
        found: dict[str, LexicalEvidence] = {}
        for number, text in enumerate([label, *segments]):
            present = self.tokens(text)
            hit: dict[str, set[str]] = {}
            for concept, name, key in self.keys:
                if key <= present:
                    hit.setdefault(concept, set()).add(name)
            for concept, names in hit.items():
                evidence = found.setdefault(concept, LexicalEvidence())
                evidence.labels |= names
                evidence.segments += 1
                evidence.in_label = evidence.in_label or number == 0
        return found
