"""SHACL per document: each document's graph on its own, in worker processes when there are
many, plus the shapes on shared things over what the documents state about them together.

Documents do not constrain each other, so validating one rdflib graph of the whole corpus (the
old way: memory grew with the corpus, ~75 KB per entity) is not needed. A shared thing (a KF
goal, an indicator, a nämnd: id `kommun/<k>` or `<k>/...`) may be described by several documents
(its indicators stated in the budget, not in the follow-up), so the findings on shared things
come from one graph of every triple about them (and the documents' nodes), and the findings on
a document's own items from its graph.

`DocumentValidation` takes the documents' graphs one at a time (ingest parses, validates and
serialises a document before it parses the next), so memory is bounded by a group of documents
and the shared things, not by the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from rdflib import Graph, URIRef

from graph.validation import Finding, ValidationReport, validate
from ingest.iris import Iris
from ontology import SG

# pyshacl pays a fixed cost per call (~0.5-1 s: the shapes, the ontology mixed in), so small
# documents are validated a few together; memory stays bounded by this many triples per call
# (or the largest document), not by the corpus. Documents do not constrain each other, so a
# group's findings on its own items are each document's.
GROUP_TRIPLES = 20_000
# Groups handed to the worker processes and not yet finished, per worker: enough to keep them
# busy while the next documents are parsed, few enough to bound the serialised groups waiting.
PENDING_PER_WORKER = 2


def _validate_nt(data: bytes, vocabulary: bytes) -> tuple[Finding, ...]:
    graph = Graph().parse(data=data, format="nt")
    return validate(graph.parse(data=vocabulary, format="nt")).findings


def _kommuner(graph: Graph, iris: Iris) -> set[str]:
    kommun = str(iris.of("kommun/"))
    return {
        str(o)[len(kommun) :]
        for o in graph.objects(None, SG.kommun)
        if isinstance(o, URIRef) and str(o).startswith(kommun)
    }


class DocumentValidation:
    """Validate documents' graphs as they are added (`add`), then the shapes on shared things
    (`report`). `kommuner`: the kommun ids of the documents, when known before their graphs
    (a kommun first named by a later graph still counts, for the graphs from then on)."""

    def __init__(
        self,
        vocabulary: Graph,
        iris: Iris,
        workers: int = 1,
        group_triples: int = GROUP_TRIPLES,
        kommuner: Iterable[str] = (),
    ) -> None:
        self._vocabulary, self._iris = vocabulary, iris
        self._limit, self._workers = group_triples, workers
        self._kommuner: set[str] = set()
        self._prefixes: tuple[str, ...] = ()
        self._documents = str(iris.of("dokument/"))
        self._learn(set(kommuner))
        self._view = Graph()  # every triple about a shared thing, and the documents themselves
        self._view += vocabulary
        # What each document adds to the view, as N-Triples, parsed into it by `report`: grown
        # as an rdflib graph (~40 triples a document, each several objects in its indexes) the
        # view was most of what Python's cyclic GC scanned at every full collection (one every
        # few documents), so a document's cost grew with the corpus (1000x: 11.8x the 100x
        # time). One bytes object a document costs the collector nothing.
        self._stated: list[bytes] = []
        self._group: list[Graph] = []
        self._size = 0
        self._found: set[Finding] = set()
        self._pool: ProcessPoolExecutor | None = None
        self._pending: list[Future[tuple[Finding, ...]]] = []
        self._vocab_nt = b""
        self._waiting: Graph | None = None  # the first group, until a second one comes

    def _learn(self, kommuner: set[str]) -> None:
        if kommuner <= self._kommuner:
            return
        self._kommuner |= kommuner
        kommun = str(self._iris.of("kommun/"))
        self._prefixes = tuple(
            p for k in sorted(self._kommuner) for p in (str(self._iris.of(f"{k}/")), f"{kommun}{k}")
        )

    def _is_shared(self, node: str) -> bool:
        return node.startswith(self._prefixes) if self._prefixes else False

    def add(self, graph: Graph) -> None:
        """One document's graph (it may be dropped by the caller afterwards; it is held until
        its group is validated)."""
        self._learn(_kommuner(graph, self._iris))
        stated = Graph()
        for triple in graph:
            s = str(triple[0])
            if self._is_shared(s) or s.startswith(self._documents):
                stated.add(triple)
        self._stated.append(stated.serialize(format="nt", encoding="utf-8"))
        if self._group and self._size + len(graph) > self._limit:
            self._flush()
        self._group.append(graph)
        self._size += len(graph)

    def add_shared(self, graph: Graph) -> None:
        """Triples about shared things stated by no single document added (a stored shared
        graph): they count for the shapes on shared things only."""
        self._learn(_kommuner(graph, self._iris))
        self._view += graph

    def _flush(self) -> None:
        if not self._group:
            return
        merged = Graph()
        for graph in self._group:
            merged += graph
        self._group, self._size = [], 0
        if self._workers <= 1:
            self._found.update(validate(merged + self._vocabulary).findings)
            return
        if self._pool is None and self._waiting is None:
            self._waiting = merged  # one group alone is validated here: no processes to start
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self._workers)
            self._vocab_nt = self._vocabulary.serialize(format="nt", encoding="utf-8")
        if self._waiting is not None:
            self._submit(self._waiting)
            self._waiting = None
        self._submit(merged)

    def _submit(self, merged: Graph) -> None:
        assert self._pool is not None
        data = merged.serialize(format="nt", encoding="utf-8")
        self._pending.append(self._pool.submit(_validate_nt, data, self._vocab_nt))
        while len(self._pending) > self._workers * PENDING_PER_WORKER:
            self._found.update(self._pending.pop(0).result())

    def close(self) -> None:
        """Stop the worker processes (after `report`, or when the ingest fails)."""
        if self._pool is not None:
            for future in self._pending:
                future.cancel()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool, self._pending = None, []

    def report(self) -> ValidationReport:
        """The findings on every document's own items and, from the shared view, on the
        shared things."""
        try:
            self._flush()
            if self._waiting is not None:
                self._found.update(validate(self._waiting + self._vocabulary).findings)
                self._waiting = None
            for future in self._pending:
                self._found.update(future.result())
            self._pending = []
        finally:
            self.close()
        found = {f for f in self._found if not self._is_shared(f.focus)}
        while self._stated:
            self._view.parse(data=self._stated.pop(), format="nt")
        found |= {f for f in validate(self._view).findings if self._is_shared(f.focus)}
        findings = sorted(
            found, key=lambda f: (f.severity != "Violation", f.focus, f.path or "", f.message)
        )
        return ValidationReport(findings=tuple(findings))


def validate_documents(
    graphs: Sequence[Graph],
    vocabulary: Graph,
    iris: Iris,
    workers: int = 1,
    group_triples: int = GROUP_TRIPLES,
) -> ValidationReport:
    """The findings of validating every graph in `graphs` (one per document), each together
    with `vocabulary` (the ontology and its instances, e.g. the sg:Engagemang levels)."""
    kommuner = {k for graph in graphs for k in _kommuner(graph, iris)}
    validation = DocumentValidation(vocabulary, iris, workers, group_triples, kommuner)
    try:
        for graph in graphs:
            validation.add(graph)
        return validation.report()
    finally:
        validation.close()
