"""Parse a batch of documents: recognise each one (its template, kommun, nämnd, year), run its
template's engine, and collect the named graphs and the engines' parse warnings.

Every document is read and recognised before any is parsed, so an unknown document stops the
batch before work is done; news items (linking engines) run after the others so they can link
to what the others define.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ParamSpec

from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS, SKOS

from graph import years
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


def parse_batch(
    paths: Sequence[Path],
    iris: Iris,
    max_bytes: int,
    known: Sequence[KnownEntity] = (),
    progress: Progress = lambda _: None,
    template_dirs: Sequence[Path] = (),
    stored: Version | None = None,
    max_unpacked: int = 200_000_000,
) -> ParsedBatch:
    """Parse documents into one graph each, keyed by document id, each by the engine of the
    template that recognises it (ingest/detect.py); documents of linking engines (news items)
    after the others, so that they can link to what the others define (and to `known`,
    already stored). Every document is read and recognised before any is parsed. Then rows
    whose years were guessed are aligned with the outcomes of the other documents and of the
    `stored` version (graph/years.py)."""
    registry = load_registry(template_dirs)
    manifests: dict[Path, dict[str, dict[str, object]]] = {}
    found: list[Detection] = []
    sources = [read_document(p, max_bytes, max_unpacked) for p in paths]
    for source in sources:
        folder = source.path.parent
        if folder not in manifests:
            manifests[folder] = load_manifest(folder)
        found.append(detect(source, manifests[folder].get(source.path.name), registry))
    order = sorted(range(len(found)), key=lambda i: found[i].template.engine in LINKING)
    graphs: dict[str, Graph] = {}
    kommuner: dict[str, str] = {}  # document id -> kommun id
    warnings: list[str] = []
    linkable: list[KnownEntity] | None = None
    for i in order:
        source, d = sources[i], found[i]
        progress(f"parsing {source.path.name}")
        if d.template.engine in LINKING:
            if linkable is None:
                batch = [e for doc, g in graphs.items() for e in _known_entities(g, kommuner[doc])]
                linkable = list({e.iri: e for e in [*known, *batch]}.values())
            engine = LINKING[d.template.engine]
            result = engine(source, d.meta, d.template, d.kommun, iris, linkable)
        else:
            result = ENGINES[d.template.engine](source, d.meta, d.template, d.kommun, iris)
        add_pages(result.graph, source)
        result.graph += kommun_graph(iris, d.kommun)
        graphs[d.meta.id] = result.graph
        kommuner[d.meta.id] = d.kommun.id
        warnings += [f"{source.path.name}: {w}" for w in result.warnings]
    # After every document is parsed: rows whose years were guessed take the years other
    # documents (of the batch, or stored) name for the same values (graph/years.py).
    done: list[years.Aligned] = []
    if any((None, SG.kolumnar, None) in g for g in graphs.values()):
        progress("aligning the years of unanchored indicator rows")
        done = years.align(graphs, years.stored_outcomes(stored, graphs) if stored else [])
    files = {
        str(iris.document(d.meta.id)): s.path.name for s, d in zip(sources, found, strict=True)
    }
    settled = {f"{files[a.document]}: rad {a.line} (" for a in done}
    warnings = [w for w in warnings if not w.startswith(tuple(settled))]
    return ParsedBatch(graphs, warnings, done)


def _graphs_only(parse: Callable[P, ParsedBatch]) -> Callable[P, dict[str, Graph]]:
    def graphs(*args: P.args, **kwargs: P.kwargs) -> dict[str, Graph]:
        return parse(*args, **kwargs).graphs

    return graphs


# The graphs of `parse_batch` (the same arguments), without its warnings.
parse_documents = _graphs_only(parse_batch)
