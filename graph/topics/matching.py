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
    own: bool = False  # a label of the topic itself matched (not only one of a narrower topic)


def labels_with_narrower(concept: Concept, concepts: Sequence[Concept]) -> list[str]:
    """The labels of `concept` and of every concept below it: a text about sick leave
    ("sjukfrånvaro", narrower) is evidence for the work environment (its broader topic)."""
    below: dict[str, list[Concept]] = {}
    for other in concepts:
        for parent in other.broader:
            below.setdefault(parent, []).append(other)
    labels: list[str] = []
    seen, todo = {concept.id}, [concept]
    while todo:
        current = todo.pop()
        labels += current.labels
        for child in below.get(current.id, []):
            if child.id not in seen:
                seen.add(child.id)
                todo.append(child)
    return list(dict.fromkeys(labels))


class LabelMatcher:
    """Finds the labels of every concept in texts; built once per ingest."""

    def __init__(self, concepts: Sequence[Concept], corpus: Sequence[str]) -> None:
        label_texts = [label for c in concepts for label in c.labels]
        self.analyzer = Analyzer(Vocabulary.from_texts([*corpus, *label_texts]))
        # concept id, label, stems, whether the label is the concept's own
        self.keys: list[tuple[str, str, frozenset[str], bool]] = []
        seen: set[tuple[str, frozenset[str]]] = set()
        for concept in concepts:
            own = set(concept.labels)
            for label in labels_with_narrower(concept, concepts):
                kept = [w for w in words(label) if w not in STOPWORDS]
                key = frozenset(stem(kept))
                # a misspelling with the stems of a real label would only repeat it as evidence
                if kept and (concept.id, key) not in seen:
                    seen.add((concept.id, key))
                    self.keys.append((concept.id, label, key, label in own))

    def tokens(self, text: str) -> frozenset[str]:
        """Stems, compound parts and joins of `text` (stopwords kept out, as for search)."""
        return frozenset(self.analyzer.tokens(text))

    def match(self, label: str, segments: Sequence[str]) -> dict[str, LexicalEvidence]:
        """Evidence per concept id for an item with this (masked) label and body segments."""
        found: dict[str, LexicalEvidence] = {}
        for number, text in enumerate([label, *segments]):
            present = self.tokens(text)
            hit: dict[str, set[str]] = {}
            own: set[str] = set()
            for concept, name, key, is_own in self.keys:
                if key <= present:
                    hit.setdefault(concept, set()).add(name)
                    if is_own:
                        own.add(concept)
            for concept, names in hit.items():
                evidence = found.setdefault(concept, LexicalEvidence())
                evidence.labels |= names
                evidence.segments += 1
                evidence.in_label = evidence.in_label or (number == 0 and concept in own)
                evidence.own = evidence.own or concept in own
        return found
