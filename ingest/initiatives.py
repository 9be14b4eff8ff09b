"""Find mentions of the named initiatives in ontology/initiativ.ttl in a text."""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from ontology import INITIATIV_TTL, SG


class InitiativeMatcher:
    """Case-insensitive matcher of initiative labels at word starts."""

    def __init__(self, labels: dict[str, list[str]]) -> None:
        self.labels = labels
        self._patterns = {
            key: re.compile(
                r"(?<![\wåäö])(?:" + "|".join(re.escape(n) for n in names) + r")", re.IGNORECASE
            )
            for key, names in labels.items()
        }

    @staticmethod
    @lru_cache(maxsize=1)
    def default() -> InitiativeMatcher:
        graph = Graph().parse(INITIATIV_TTL, format="turtle")
        labels: dict[str, list[str]] = {}
        for concept in sorted(graph.subjects(RDF.type, SG.Initiativ), key=str):
            key = str(concept).rsplit("/", 1)[-1]
            names = [
                str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(concept, p)
            ]
            labels[key] = sorted(names, key=len, reverse=True)
        return InitiativeMatcher(labels)

    def find(self, text: str) -> list[str]:
        """Keys of the initiatives `text` mentions, in vocabulary order."""
        return [key for key, pattern in self._patterns.items() if pattern.search(text)]
