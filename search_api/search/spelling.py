"""Typo tolerance for query words: the nearest corpus word within a small edit distance.

Staff type fast ("hemlöshett", "kriminallitet"). A query word that is not in the corpus, has no
known stem and no compound reading is replaced by the closest corpus word. Lookup uses the
symmetric-delete idea (SymSpell): every corpus word is indexed under its deletions, so a query
word only has to be compared with the few words sharing a deletion, which keeps the lookup
well under a millisecond even though Python does the edit-distance check.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def _deletes(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def max_edits(word: str) -> int:
    """Short words get no correction (too many neighbours), long words up to two edits."""
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


class Speller:
    """Nearest known word for a misspelt query word; ties go to the more frequent word."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self._index: dict[str, list[str]] = defaultdict(list)
        for word in sorted(counts):
            for key in _deletes(word, max_edits(word)):
                self._index[key].append(word)

    @classmethod
    def from_words(cls, words: Iterable[str]) -> Speller:
        counts: dict[str, int] = defaultdict(int)
        for word in words:
            if not word.isdigit():
                counts[word] += 1
        return cls(dict(counts))

    def correct(self, word: str) -> str | None:
        limit = max_edits(word)
        if limit == 0 or word in self.counts:
            return None
        candidates = {c for key in _deletes(word, limit) for c in self._index.get(key, ())}
        best: tuple[int, int, str] | None = None
        for candidate in candidates:
            d = distance(word, candidate)
            if d <= min(limit, max_edits(candidate)):
                rank = (d, -self.counts[candidate], candidate)
                best = rank if best is None or rank < best else best
        return best[2] if best else None
