"""SHACL per document: each document's graph on its own, in worker processes when there are
many, plus the shapes on shared things over what the batch states about them together.

Documents do not constrain each other, so validating one rdflib graph of the whole corpus (the
old way: memory grew with the corpus, ~75 KB per entity) is not needed. A shared thing (a KF
goal, an indicator, a nämnd: id `kommun/<k>` or `<k>/...`) may be described by several documents
(its indicators stated in the budget, not in the follow-up), so the findings on shared things
come from one graph of every triple about them in the batch (and the batch's document nodes),
and the findings on a document's own items from its graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat

from rdflib import Graph, URIRef

from graph.validation import Finding, ValidationReport, validate
from ingest.iris import Iris
from ontology import SG

# pyshacl pays a fixed cost per call (~0.5-1 s: the shapes, the ontology mixed in), so small
# documents are validated a few together; memory stays bounded by this many triples per call
# (or the largest document), not by the corpus. Documents do not constrain each other, so a
# group's findings on its own items are each document's.
GROUP_TRIPLES = 20_000


def _validate_nt(data: bytes, vocabulary: bytes) -> tuple[Finding, ...]:
    graph = Graph().parse(data=data, format="nt")
    return validate(graph.parse(data=vocabulary, format="nt")).findings


def _groups(graphs: Sequence[Graph], limit: int) -> list[list[Graph]]:
    groups: list[list[Graph]] = [[]]
    size = 0
    for graph in graphs:
        if groups[-1] and size + len(graph) > limit:
            groups.append([])
            size = 0
        groups[-1].append(graph)
        size += len(graph)
    return groups


def _merged(group: list[Graph]) -> Graph:
    merged = Graph()
    for graph in group:
        merged += graph
    return merged


def _shared_prefixes(graphs: Sequence[Graph], iris: Iris) -> tuple[str, ...]:
    kommun = str(iris.of("kommun/"))
    found = {
        str(o)[len(kommun) :]
        for g in graphs
        for o in g.objects(None, SG.kommun)
        if isinstance(o, URIRef) and str(o).startswith(kommun)
    }
    return tuple(p for k in sorted(found) for p in (str(iris.of(f"{k}/")), f"{kommun}{k}"))


def validate_documents(
    graphs: Sequence[Graph],
    vocabulary: Graph,
    iris: Iris,
    workers: int = 1,
    group_triples: int = GROUP_TRIPLES,
) -> ValidationReport:
    """The findings of validating every graph in `graphs` (one per document), each together
    with `vocabulary` (the ontology and its instances, e.g. the sg:Engagemang levels)."""
    shared = _shared_prefixes(graphs, iris)
    documents = str(iris.of("dokument/"))

    def is_shared(node: str) -> bool:
        return node.startswith(shared) if shared else False

    view = Graph()  # every triple about a shared thing, and the documents themselves
    view += vocabulary
    for graph in graphs:
        for triple in graph:
            s = str(triple[0])
            if is_shared(s) or s.startswith(documents):
                view.add(triple)
    groups = _groups(graphs, group_triples)
    if workers > 1 and len(groups) > 1:
        vocab = vocabulary.serialize(format="nt", encoding="utf-8")
        with ProcessPoolExecutor(max_workers=workers) as pool:
            data = (_merged(g).serialize(format="nt", encoding="utf-8") for g in groups)
            per_document = list(pool.map(_validate_nt, data, repeat(vocab)))
    else:
        per_document = [validate(_merged(g) + vocabulary).findings for g in groups]
    found = {f for findings in per_document for f in findings if not is_shared(f.focus)}
    found |= {f for f in validate(view).findings if is_shared(f.focus)}
    findings = sorted(
        found, key=lambda f: (f.severity != "Violation", f.focus, f.path or "", f.message)
    )
    return ValidationReport(findings=tuple(findings))
