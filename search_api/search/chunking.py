"""Split an entity's texts into chunks of a few sentences: the units both retrievers rank.

A goal's omhändertagande runs to 600 words; embedded whole, its many topics blur into one
vector and the snippet could not point at the relevant part. Chunks are packed from whole
sentences (lines, for the plan's bullet lists) up to `max_words`, and each chunk repeats the
last sentence(s) of the one before, up to `overlap_words`, so a point made across a sentence
boundary is still seen together.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

# A sentence ends at . ! ? followed by space and an upper-case letter or digit; lines (bullets,
# table cells) always end a unit. Abbreviations like "t.ex. stadsplanering" are not split.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])")


@dataclass(frozen=True)
class ChunkParams:
    max_words: int = 80
    overlap_words: int = 20

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def sentences(text: str) -> list[str]:
    units = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            units += [s for s in _SENTENCE_END.split(line) if s]
    return units


def _word_windows(sentence: str, size: int, step: int) -> list[str]:
    """A sentence longer than a chunk is cut into overlapping word windows."""
    tokens = sentence.split()
    return [
        " ".join(tokens[i : i + size]) for i in range(0, max(1, len(tokens) - size + step), step)
    ]


def chunk_text(text: str, params: ChunkParams) -> list[str]:
    """`text` as chunks of whole sentences, each at most `max_words` words (but for the
    overlap carried over), every sentence in at least one chunk."""
    size = params.max_words
    step = max(1, size - params.overlap_words)
    units: list[str] = []
    for sentence in sentences(text):
        units += (
            [sentence] if len(sentence.split()) <= size else _word_windows(sentence, size, step)
        )
    chunks: list[str] = []
    current: list[str] = []
    count = 0
    for unit in units:
        n = len(unit.split())
        if current and count + n > size:
            chunks.append(" ".join(current))
            carry: list[str] = []
            carried = 0
            for previous in reversed(current):  # repeat trailing sentences as overlap
                m = len(previous.split())
                if carried + m > params.overlap_words or carried + m + n > size:
                    break
                carry.insert(0, previous)
                carried += m
            current, count = carry, carried
        current.append(unit)
        count += n
    if current:
        chunks.append(" ".join(current))
    return chunks
