"""The typed search request limits, result objects and the input error the API and CLI share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

from pydantic import BaseModel, Field

from search_api.errors import InvalidParameters, ParameterProblem

# The entity types a search finds (a subset of the entity API's ENTITY_TYPES), in the order
# the filters offer them.
SearchableType = Literal[
    "mal", "fokusomrade", "direktiv", "uppdrag", "program", "plan", "indikator"
]
SEARCHABLE_TYPES: tuple[str, ...] = get_args(SearchableType)
Mode = Literal["hybrid", "bm25", "dense"]
MAX_SEARCH_QUERY_CHARS = 500  # the search question (API, CLI and web page alike)
MAX_K = 100


class SearchHit(BaseModel):
    """One matching entity with the chunk of its text that matched best."""

    id: str = Field(
        description="Entitetens id (IRI minus bas), t.ex. 'vp-2023-sn-sydvast/uppdrag/3.4.2.3'."
    )
    iri: str = Field(description="Entitetens fullständiga IRI.")
    type: SearchableType = Field(
        description="mal, fokusomrade, direktiv, uppdrag, program, plan eller indikator."
    )
    label: str = Field(description="Entitetens namn (skos:prefLabel), i sin helhet.")
    snippet: str = Field(description="Det textstycke som matchade bäst, som ren text.")
    snippet_html: str = Field(
        description="Samma stycke HTML-escapat, med matchade ord inom <mark>…</mark>."
    )
    score: float = Field(
        description="Rangordningens poäng (hybrid: reciprocal rank fusion; "
        "bm25: BM25; dense: cosinuslikhet). Högre är bättre."
    )
    section: str | None = Field(description="Avsnitt i källdokumentet, t.ex. '3.4.2.3'.")
    goal_areas: list[str] = Field(description="Målområden entiteten hör till.")
    responsible: list[str] = Field(
        description="Ansvariga nämnder: uppdragets sg:ansvarig, annars nämnden som utfärdat planen."
    )
    source: str | None = Field(description="Källdokumentets namn.")
    url: str = Field(description="Sökväg till entitetens sida: /entities/{id}.")


class SearchResponse(BaseModel):
    query: str = Field(description="Frågan som den ställdes.")
    took_ms: float = Field(description="Söktid i millisekunder (i processen).")
    results: list[SearchHit]
    hint: str | None = Field(
        None,
        description="Set when nothing matches: why, and what to try instead (results is empty).",
    )


class SearchInputError(InvalidParameters):
    """Bad search input; every problem names the parameter and, where finite, valid values."""


def check_request(
    q: str | None, k: int | None, type: str | Sequence[str] | None
) -> list[ParameterProblem]:
    """Problems with the plain parameters (filters are checked against the index)."""
    problems = []
    if q is None or not q.strip():
        problems.append(
            ParameterProblem(
                "q",
                "the question is missing or empty; write what you are looking for, "
                "e.g. 'vilka uppdrag rör hemlöshet?'",
            )
        )
    elif len(q) > MAX_SEARCH_QUERY_CHARS:
        problems.append(
            ParameterProblem(
                "q", f"the question has {len(q)} characters; at most {MAX_SEARCH_QUERY_CHARS}"
            )
        )
    if k is None or not 1 <= k <= MAX_K:
        problems.append(
            ParameterProblem(
                "k", f"the number of hits must be an integer from 1 to {MAX_K}", f"1..{MAX_K}"
            )
        )
    for one in [type] if isinstance(type, str) else list(type or []):
        if one not in SEARCHABLE_TYPES:
            problems.append(
                ParameterProblem("type", f"unknown type {one[:100]!r}", list(SEARCHABLE_TYPES))
            )
    return problems
