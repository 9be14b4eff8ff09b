"""The messages between the web process and a query worker process (pickled over a pipe).

Kept dependency-light (no FastAPI) because worker processes import it at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from search_api.sparql.negotiation import Format


@dataclass(frozen=True)
class Job:
    """One query to evaluate against one store directory."""

    store_path: str
    version: str  # graph version id: the worker's store cache is keyed by (path, version)
    query: str
    base_iri: str | None
    # The protocol dataset (default-graph-uri / named-graph-uri). Both None: not given.
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    # With no protocol dataset: True makes the default graph the union of all named graphs.
    # False when the query has its own FROM / FROM NAMED (pyoxigraph ignores them otherwise).
    union_default_graph: bool
    # The negotiated format per result kind; None when the client accepts none of them.
    select_format: Format | None
    ask_format: Format | None
    graph_format: Format | None
    max_results: int
    prefixes: tuple[tuple[str, str], ...] = field(default=())
    max_bytes: int = 0  # largest serialized result; 0: no cap
    # True: more than max_results rows is a page, not an error: the first max_results rows,
    # with Reply.more set (the saved gap queries' paging).
    truncate: bool = False


# Reply.error values
SYNTAX = "syntax"
TOO_LARGE = "too_large"
NOT_ACCEPTABLE = "not_acceptable"
STORE = "store"
EVALUATION = "evaluation"
MEMORY = "memory"  # the query needed more memory than a worker may use


@dataclass(frozen=True)
class Reply:
    """A serialized result (error == "") or the reason there is none."""

    media_type: str = ""
    body: bytes = b""
    count: int = 0  # rows or triples serialized (1 for ASK)
    error: str = ""
    message: str = ""
    unit: str = ""  # "rows", "triples" or "bytes" for TOO_LARGE
    more: bool = False  # a truncating job's result had rows after these

    @property
    def ok(self) -> bool:
        return not self.error
