"""Parse a batch of documents: recognise each one (its template, kommun, nämnd, year), run its
template's engine, and collect the named graphs and the engines' parse warnings.

Every document is read and recognised before any is parsed, so an unknown document stops the
batch before work is done (the decoded texts wait on disk meanwhile, graph/held.py); news
items (linking engines) run after the others so they can link to what the others define.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ParamSpec

from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS, SKOS

from graph import years
from graph.held import Waiting
from graph.store import GraphStore, Version
from graph.vector_cache import Progress
from ingest.detect import Detection, detect
from ingest.engines import ENGINES, LINKING
from ingest.errors import DocumentError
from ingest.iris import Iris
from ingest.manifest import load_manifest
from ingest.news import KnownEntity
from ingest.pages import add_pages
from ingest.rdf import kommun_graph
from ingest.source import read_document
from ingest.templates import load_registry
from ontology import SG

P = ParamSpec("P")
# What is already stored, for news items to link to: a list, or a function that reads it (called
# only when the batch holds a news item: at scale the query is the slow part of adding a plan).
Known = Sequence[KnownEntity] | Callable[[], Sequence[KnownEntity]]
KNOWN_KINDS = (SG.Mal, SG.Malomrade, SG.Program, SG.Plan)
DOCUMENT_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")


def corpus_files(directory: Path) -> list[Path]:
    """The documents of a corpus directory: its manifest's files, else every document file
    (.txt, .md, .pdf, .docx, .html, .htm; the readers go by content, the names only choose)
    except a README, which describes the folder."""
    if not directory.is_dir():
        raise DocumentError(
            directory,
            "is not a directory; expected a corpus directory of documents "
            "(with an optional manifest.json)",
        )
    manifest = load_manifest(directory)
    files = [directory / name for name in manifest] or sorted(
        p
        for p in directory.iterdir()
        if p.is_file()
        and p.suffix.lower() in DOCUMENT_SUFFIXES
        and not p.name.lower().startswith("readme")
    )
    if not files:
        raise DocumentError(directory, "holds no documents (.txt, .pdf, .docx, .html)")
    return files


def _known_entities(graph: Graph, kommun: str) -> list[KnownEntity]:
    known = []
    for kind in KNOWN_KINDS:
        for node in sorted(graph.subjects(RDF.type, kind), key=str):
            label = graph.value(node, SKOS.prefLabel)
            if label is not None:
                known.append(KnownEntity(str(node), kind.rsplit("#", 1)[-1], str(label), kommun))
    return known


def known_in_store(version: Version) -> list[KnownEntity]:
    """Goals, areas and programmes already stored, for linking news items to them."""
    store = GraphStore(version.path.parent.parent)
    kinds = " ".join(f"<{k}>" for k in KNOWN_KINDS)
    # Inside GRAPH ?g with DISTINCT: each graph states a thing once. A shared thing lives in
    # its kommun's graph graf/delat/<k>; a document's own items take the kommun of the graph's
    # document (one document per named graph).
    rows = store.query(f"""SELECT DISTINCT ?x ?kind ?label ?k WHERE {{ VALUES ?kind {{ {kinds} }}
        GRAPH ?g {{ ?x a ?kind ; <{SKOS.prefLabel}> ?label
            OPTIONAL {{ ?d <{DCTERMS.identifier}> ?id ; <{SG.kommun}> ?kommun }} }}
        BIND(REPLACE(STR(IF(REGEX(STR(?g), "[/#]graf/delat/[^/]+$"), ?g, ?kommun)), "^.*/", "")
             AS ?k) }} ORDER BY ?kind ?x""")
    return [
        KnownEntity(
            r["x"].value,
            r["kind"].value.rsplit("#", 1)[-1],
            r["label"].value,
            r["k"].value if r["k"] is not None else None,
        )
        for r in rows
    ]


@dataclass
class ParsedBatch:
    graphs: dict[str, Graph]  # document id -> its named graph
    warnings: list[str]  # "<file>: <what the engine could not read>"
    aligned: list[years.Aligned] = field(default_factory=list)  # rows given named years


class BatchStream:
    """The documents of a batch parsed one at a time: `graphs()` yields (document id, graph)
    as each is done, so a caller that validates and serialises it before taking the next holds
    one document's graph, not the batch's. Each document is parsed by the engine of the
    template that recognises it (ingest/detect.py); documents of linking engines (news items)
    after the others, so that they can link to what the others define (and to `known`,
    already stored). Every document is read and recognised before any is parsed.

    Rows whose years were guessed (graph/years.py) need every other document's outcomes, so
    a graph with such rows is held back (on disk, graph/held.py) and yielded last, aligned
    with the outcomes of the batch and of the `stored` version. `warnings` and `aligned` are
    complete once `graphs()` is exhausted; `graphs()` runs once. What waits on disk is in a
    temporary directory inside `spool_dir` (default: the system's), removed when `graphs()`
    ends or fails, or when a stream that never ran is dropped."""

    def __init__(
        self,
        paths: Sequence[Path],
        iris: Iris,
        max_bytes: int,
        known: Known = (),
        progress: Progress = lambda _: None,
        template_dirs: Sequence[Path] = (),
        stored: Version | None = None,
        max_unpacked: int = 200_000_000,
        spool_dir: Path | None = None,
    ) -> None:
        registry = load_registry(template_dirs)
        manifests: dict[Path, dict[str, dict[str, object]]] = {}
        self._waiting = Waiting(spool_dir)
        weakref.finalize(self, self._waiting.close)
        self._names: list[str] = []
        self._found: list[Detection] = []
        try:
            for i, path in enumerate(paths):
                source = read_document(path, max_bytes, max_unpacked)
                folder = source.path.parent
                if folder not in manifests:
                    manifests[folder] = load_manifest(folder)
                entry = manifests[folder].get(source.path.name)
                self._found.append(detect(source, entry, registry))
                self._names.append(source.path.name)
                self._waiting.put_source(i, source)
        except BaseException:
            self._waiting.close()
            raise
        self._iris, self._known, self._progress, self._stored = iris, known, progress, stored
        self.documents = [d.meta.id for d in self._found]
        self.kommuner = sorted({d.kommun.id for d in self._found})
        self.warnings: list[str] = []
        self.aligned: list[years.Aligned] = []

    def graphs(self) -> Iterator[tuple[str, Graph]]:
        try:
            yield from self._parsed()
        finally:
            self._waiting.close()

    def _parsed(self) -> Iterator[tuple[str, Graph]]:
        found, iris, waiting = self._found, self._iris, self._waiting
        order = sorted(range(len(found)), key=lambda i: found[i].template.engine in LINKING)
        links = any(d.template.engine in LINKING for d in found)
        batch: list[KnownEntity] = []  # what the batch's other documents define, for news
        linkable: list[KnownEntity] | None = None
        named: list[years.Named] = []  # outcomes with named years of the yielded graphs
        ours: set[str] = set()  # the batch's document IRIs
        moves: list[years.Move] = []
        warnings: list[str] = []
        for i in order:
            source, d = waiting.take_source(i), found[i]
            self._progress(f"parsing {source.path.name}")
            if d.template.engine in LINKING:
                if linkable is None:
                    known = self._known() if callable(self._known) else self._known
                    linkable = list({e.iri: e for e in [*known, *batch]}.values())
                engine = LINKING[d.template.engine]
                result = engine(source, d.meta, d.template, d.kommun, iris, linkable)
            else:
                result = ENGINES[d.template.engine](source, d.meta, d.template, d.kommun, iris)
            add_pages(result.graph, source)
            result.graph += kommun_graph(iris, d.kommun)
            if links and d.template.engine not in LINKING:
                batch += _known_entities(result.graph, d.kommun.id)
            warnings += [f"{source.path.name}: {w}" for w in result.warnings]
            ours.update(str(x) for x in result.graph.subjects(RDF.type, SG.Dokument))
            if (None, SG.kolumnar, None) in result.graph:
                waiting.hold(d.meta.id, result.graph)
                del result  # on disk now (graph/held.py): not kept while the rest is parsed
                continue
            named += years.named_outcomes(result.graph)
            yield d.meta.id, result.graph
        # After every document is parsed: rows whose years were guessed take the years other
        # documents (of the batch, or stored) name for the same values (graph/years.py).
        if waiting.held:
            self._progress("aligning the years of unanchored indicator rows")
            stored = self._stored
            outcomes = years.stored_outcomes(stored, waiting.held, ours) if stored else []
            moves = years.plan(waiting.held, [*named, *outcomes])
            self.aligned = [m.aligned for m in moves]
        files = {
            str(iris.document(d.meta.id)): name for name, d in zip(self._names, found, strict=True)
        }
        settled = {f"{files[a.document]}: rad {a.line} (" for a in self.aligned}
        self.warnings = [w for w in warnings if not w.startswith(tuple(settled))]
        yield from waiting.release(moves)


def _collected(make: Callable[P, BatchStream]) -> Callable[P, ParsedBatch]:
    def collect(*args: P.args, **kwargs: P.kwargs) -> ParsedBatch:
        stream = make(*args, **kwargs)
        graphs = dict(stream.graphs())
        return ParsedBatch(graphs, stream.warnings, stream.aligned)

    return collect


# Every graph of a `BatchStream` at once, keyed by document id, with its warnings (takes the
# arguments of BatchStream).
parse_batch = _collected(BatchStream)


def _graphs_only(parse: Callable[P, ParsedBatch]) -> Callable[P, dict[str, Graph]]:
    def graphs(*args: P.args, **kwargs: P.kwargs) -> dict[str, Graph]:
        return parse(*args, **kwargs).graphs

    return graphs


# The graphs of `parse_batch` (the same arguments), without its warnings.
parse_documents = _graphs_only(parse_batch)
