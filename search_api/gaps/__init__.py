"""Saved coverage-gap queries for analysts: .rq files, /gaps routes and `styrgraf gaps`.

    from search_api.gaps import list_gaps, run_gap, gaps_router, add_gaps_command
    rows = list(run_gap(core, "mal-utan-indikatorer"))

`gaps_router` is imported lazily so that `styrgraf gaps` does not pay for importing FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from search_api.gaps.cli import add_gaps_command
from search_api.gaps.loader import GapQuery, get_gap, list_gaps
from search_api.gaps.run import run_gap

if TYPE_CHECKING:
    from search_api.gaps.router import gaps_router

__all__ = ["GapQuery", "add_gaps_command", "gaps_router", "get_gap", "list_gaps", "run_gap"]


def __getattr__(name: str) -> Any:
    if name == "gaps_router":
        from search_api.gaps.router import gaps_router

        return gaps_router
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
