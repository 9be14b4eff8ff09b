"""Years of the årsredovisning's unanchored indicator rows, aligned with the years the
nämndbudget names (graph/years.py): in one batch, and in the store in the supported order."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, Graph

from graph.batch import ParsedBatch, parse_batch
from graph.pipeline import ingest
from graph.store import GraphStore
from graph.years import choose
from ingest.iris import Iris
from ontology import SG

ROOT = Path(__file__).resolve().parents[1]
KB = ROOT / "corpus" / "kungsbacka"
AR = KB / "kungsbacka_vard-omsorg_arsredovisning2024_maluppfoljning.txt"
BUDGET = KB / "kungsbacka_vard-omsorg_namndbudget2025.txt"
BASE = "http://127.0.0.1:8000/id/"
AR_ID = "kungsbacka-vard-omsorg-arsredovisning2024-maluppfoljning"
BUDGET_DOC = f"{BASE}dokument/kungsbacka-vard-omsorg-namndbudget2025"
BRUKAR = {
    "brukarbedomning-hemtjanst-aldreomsorg-helhetssyn": {"2022": "90", "2023": "91"},
    "brukarbedomning-sarskilt-boende-aldreomsorg-helhetssyn": {"2022": "74", "2023": "76"},
    "brukarbedomning-individ-och-familjeomsorg-totalt-helhetssyn": {"2022": "88"},
}


def d(*values: int) -> list[Decimal]:
    return [Decimal(v) for v in values]


def test_the_one_best_placement_agreeing_with_named_years() -> None:
    cols = [2021, 2022, 2023, 2024]
    budget = {2022: {Decimal(90)}, 2023: {Decimal(91)}, 2024: {Decimal(88)}}
    # 2021+2023 also agrees (on 2023 alone): the placement agreeing on more years wins.
    assert choose(d(90, 91), cols, budget) == (2022, 2023)
    # 74/76 agree both as 2022+2023 and as 2022+2024 (76 again in 2024): the hole in 2023,
    # where the budget has a value, ranks 2022+2024 lower.
    boende = {2022: {Decimal(74)}, 2023: {Decimal(76)}, 2024: {Decimal(76)}}
    assert choose(d(74, 76), cols, boende) == (2022, 2023)
    assert choose(d(88), cols, {2022: {Decimal(88)}}) == (2022,)
    # Nothing agrees, or every placement disagrees somewhere: the guess stays.
    assert choose(d(5, 6), cols, {2022: {Decimal(7)}, 2023: {Decimal(7)}}) is None
    assert choose(d(5), cols, {}) is None
    # Two placements equally good: no choice.
    assert choose(d(5), cols, {2021: {Decimal(5)}, 2023: {Decimal(5)}}) is None


def outcomes(graph: Graph, slug: str) -> dict[str, tuple[str, str | None, bool]]:
    """year -> (value, sg:arEnligt, flagged) of the årsredovisning's outcomes of `slug`."""
    found = {}
    for u in graph.subjects(RDF.type, SG.Utfall):
        if f"{AR_ID}/utfall/{slug}/" in str(u):
            enligt = graph.value(u, SG.arEnligt)
            found[str(graph.value(u, SG.ar))] = (
                str(graph.value(u, SG.varde)),
                str(enligt) if enligt else None,
                graph.value(u, SG.tolkningsvarning) is not None,
            )
    return found


@pytest.fixture(scope="module")
def batch() -> ParsedBatch:
    return parse_batch([AR, BUDGET], Iris(BASE), 20_000_000)


def test_brukarbedomning_rows_take_the_budgets_years(batch: ParsedBatch) -> None:
    graph = batch.graphs[AR_ID]
    for slug, years in BRUKAR.items():
        assert outcomes(graph, slug) == {y: (v, BUDGET_DOC, False) for y, v in years.items()}, slug
    assert not any("Brukarbedömning" in w for w in batch.warnings)


def test_aligned_and_still_assumed_rows(batch: ParsedBatch) -> None:
    # 18 goal rows had guessed years: 14 agree with the budget's named years in exactly one
    # placement; 4 stay guesses (a name the budget changed, or no figure of the budget), as do
    # 2 verksamhetsmått (701, 736: the budget's chapter 7 is not read).
    assert len(batch.aligned) == 14
    assert {a.line: a.years for a in batch.aligned}[46] == (2022, 2023)
    graph = batch.graphs[AR_ID]
    flagged = {
        graph.value(u, SG.kallrad).toPython()  # type: ignore[union-attr]
        for u in graph.subjects(RDF.type, SG.Utfall)
        if graph.value(u, SG.tolkningsvarning) is not None
    }
    assert flagged == {30, 299, 304, 367, 701, 736}
    rows = [w.split(": ", 1)[1].split(" (")[0] for w in batch.warnings if ": rad " in w]
    assert rows == ["rad 30", "rad 299", "rad 304", "rad 367", "rad 701", "rad 736"]


def stored_brukar(data: Path) -> dict[str, tuple[str, str | None, bool]]:
    rows = GraphStore(data).query(f"""PREFIX sg: <{SG._NS}>
        SELECT DISTINCT ?ar ?v ?enligt ?w WHERE {{
            ?u a sg:Utfall ; sg:ar ?ar ; sg:varde ?v ; sg:dokument <{BASE}dokument/{AR_ID}> .
            FILTER(CONTAINS(STR(?u), "/utfall/brukarbedomning-hemtjanst"))
            OPTIONAL {{ ?u sg:arEnligt ?enligt }} OPTIONAL {{ ?u sg:tolkningsvarning ?w }} }}""")
    return {
        r["ar"].value: (
            r["v"].value,
            r["enligt"].value if r["enligt"] else None,
            r["w"] is not None,
        )
        for r in rows
    }


def test_store_order_a_later_arsredovisning_uses_the_stored_budget(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest([AR], data, BASE, replace_all=True)
    assert stored_brukar(data) == {"2021": ("90", None, True), "2022": ("91", None, True)}
    # A budget ingested later does not rewrite the stored årsredovisning (the rule) ...
    ingest([BUDGET], data, BASE, replace_all=False)
    assert stored_brukar(data) == {"2021": ("90", None, True), "2022": ("91", None, True)}
    # ... the årsredovisning ingested again takes the stored budget's years.
    again = ingest([AR], data, BASE, replace_all=False)
    assert stored_brukar(data) == {
        "2022": ("90", BUDGET_DOC, False),
        "2023": ("91", BUDGET_DOC, False),
    }
    assert len(again.parse_warnings) == 4 + 2  # the rows whose years are still guesses
