"""Property-based tests of the parser: whatever the text, only styrgraf's own errors come out."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.detect import detect
from ingest.engines import ENGINES
from ingest.errors import StyrgrafError
from ingest.iris import Iris
from ingest.source import decode_document
from ingest.templates import load_registry
from tests.conftest import BASE, PLAN

REGISTRY = load_registry()

LINES = PLAN.read_text(encoding="utf-8").split("\n")
HEADER = "\n".join(LINES[:12])


def _parse(data: bytes) -> None:
    try:
        source = decode_document(Path("fuzz.txt"), data)
        found = detect(source, None, REGISTRY)
        ENGINES[found.template.engine](source, found.meta, found.template, found.kommun, Iris(BASE))
    except StyrgrafError:
        pass


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _parse(data)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(
    st.text(
        alphabet=st.sampled_from(list("3.1 2\t-•<p></p>*\nabcÅÄÖ§KFSN uppdrag budget")),
        max_size=3000,
    )
)
def test_plan_like_text(text: str) -> None:
    _parse((HEADER + "\n" + text).encode("utf-8"))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(
    st.lists(st.integers(min_value=0, max_value=len(LINES) - 1), min_size=1, max_size=40),
    st.randoms(use_true_random=False),
)
def test_mutated_real_plan(drops: list[int], rnd) -> None:  # type: ignore[no-untyped-def]
    """Drop, duplicate and shuffle lines of the real plan."""
    lines = list(LINES)
    for index in sorted(set(drops), reverse=True):
        action = rnd.random()
        if action < 0.5:
            del lines[index]
        elif action < 0.8:
            lines.insert(index, lines[index])
        else:
            lines[index] = lines[index][: rnd.randint(0, len(lines[index]))]
    _parse("\n".join(lines).encode("utf-8"))


def test_found_by_fuzzing_a_plan_without_its_nämnd_line() -> None:
    """Dropping the title line 'Socialnämnden Sydväst' once crashed the parser (IndexError)."""
    lines = [line for i, line in enumerate(LINES) if i != 6]
    assert LINES[6] == "Socialnämnden Sydväst"
    _parse("\n".join(lines).encode("utf-8"))
    source = decode_document(Path("x.txt"), "\n".join(lines).encode("utf-8"))
    meta = detect(source, None, REGISTRY).meta
    assert (meta.year, meta.issuer) == (2023, None)
