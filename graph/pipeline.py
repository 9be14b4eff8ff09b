"""Ingest: documents -> parsed -> RDF (one named graph each) -> SHACL -> a new store version.

Nothing is written until every document has parsed and the whole graph has validated, so bad
input or a violation leaves the stored graph as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import SKOS

from graph.errors import ValidationFailed
from graph.store import GraphStore, Version, current_version, write_version
from graph.validation import ValidationReport, ontology_graph, validate
from ingest.errors import DocumentError, NotFound
from ingest.iris import Iris
from ingest.manifest import document_meta, load_manifest
from ingest.model import ParsedPlan
from ingest.news import KnownEntity, parse_news
from ingest.organisations import OrganisationIndex
from ingest.plan import header_meta, parse_plan
from ingest.rdf import news_graph, plan_graph
from ingest.source import SourceText, read_document
from ontology import INITIATIV_TTL, SG

Progress = Callable[[str], None]


@dataclass
class IngestResult:
    version: Version
    changed: bool
    documents: list[str]
    report: ValidationReport
    counts: dict[str, int] = field(default_factory=dict)


def corpus_files(directory: Path) -> list[Path]:
    """The documents of a corpus directory: its manifest's files, else every *.txt file."""
    if not directory.is_dir():
        raise DocumentError(
            directory,
            "is not a directory; expected a corpus directory of .txt "
            "files (with an optional manifest.json)",
        )
    manifest = load_manifest(directory)
    files = [directory / name for name in manifest] or sorted(directory.glob("*.txt"))
    if not files:
        raise DocumentError(directory, "holds no .txt documents")
    return files


def _known_entities(graph: Graph) -> list[KnownEntity]:
    known = []
    for kind in (SG.Mal, SG.Malomrade, SG.Program, SG.Plan):
        for node in sorted(graph.subjects(RDF.type, kind), key=str):
            label = graph.value(node, SKOS.prefLabel)
            if label is not None:
                known.append(KnownEntity(str(node), kind.rsplit("#", 1)[-1], str(label)))
    return known


def parse_documents(
    paths: Sequence[Path],
    iris: Iris,
    max_bytes: int,
    context: Graph | None = None,
    progress: Progress = lambda _: None,
) -> dict[str, Graph]:
    """Parse documents into one graph each, keyed by document id; plans before news items so
    that news items can link to what the plans define (and to `context`, already stored)."""
    manifests: dict[Path, dict[str, dict[str, object]]] = {}
    sources: list[SourceText] = [read_document(p, max_bytes) for p in paths]
    plans, news = [], []
    for source in sources:
        folder = source.path.parent
        if folder not in manifests:
            manifests[folder] = load_manifest(folder)
        meta = document_meta(source, manifests[folder].get(source.path.name), header_meta(source))
        if meta.kind == "verksamhetsplan":
            plans.append((source, meta))
        elif meta.kind == "nyhet":
            news.append((source, meta))
        else:
            raise DocumentError(
                source.path,
                "is neither a verksamhetsplan (title lines "
                "'Verksamhetsplan <år>' and the nämnd) nor a news item "
                "('Publicerad <dag> <månad> <år>'), nor listed in a manifest",
            )
    graphs: dict[str, Graph] = {}
    for source, meta in plans:
        progress(f"parsing {source.path.name}")
        parsed: ParsedPlan = parse_plan(source, meta)
        graphs[meta.id] = plan_graph(iris, parsed)
    union = Graph()
    for g in [*graphs.values(), *([context] if context is not None else [])]:
        union += g
    known = _known_entities(union)
    for source, meta in news:
        progress(f"parsing {source.path.name}")
        issuer = OrganisationIndex(meta.issuer).issuer if meta.issuer else None
        graphs[meta.id] = news_graph(iris, parse_news(source, meta, known, issuer))
    return graphs


def vocabulary_graph() -> Graph:
    graph = Graph()
    graph += ontology_graph()
    graph.parse(INITIATIV_TTL, format="turtle")
    return graph


def build_dataset(iris: Iris, graphs: dict[str, Graph], keep: Dataset | None = None) -> Dataset:
    """A dataset with the vocabulary graph, the kept graphs of earlier ingests and `graphs`."""
    dataset = Dataset()
    dataset.graph(iris.vocabulary_graph()).__iadd__(vocabulary_graph())
    if keep is not None:
        replaced = {iris.graph(doc) for doc in graphs} | {iris.vocabulary_graph()}
        for ctx in keep.graphs():
            if isinstance(ctx.identifier, URIRef) and ctx.identifier not in replaced and len(ctx):
                dataset.graph(ctx.identifier).__iadd__(ctx)
    for doc, graph in graphs.items():
        dataset.graph(iris.graph(doc)).__iadd__(graph)
    return dataset


def stored_dataset(data_dir: Path) -> Dataset | None:
    """The current stored version as an rdflib Dataset, or None before the first ingest."""
    try:
        current_version(data_dir)
    except NotFound:
        return None
    dataset = Dataset()
    dataset.parse(data=GraphStore(data_dir).dump(), format="nquads")
    return dataset


def union_of(dataset: Dataset) -> Graph:
    union = Graph()
    for ctx in dataset.graphs():
        union += ctx
    return union


def ingest(
    paths: Sequence[Path],
    data_dir: Path,
    base_iri: str,
    *,
    replace_all: bool,
    keep_versions: int = 3,
    max_bytes: int = 20_000_000,
    progress: Progress = lambda _: None,
) -> IngestResult:
    """Parse, validate and store `paths`. With replace_all the stored graph becomes exactly
    these documents; otherwise they are added to (or replace) the stored ones."""
    iris = Iris(base_iri)
    previous = None if replace_all else stored_dataset(data_dir)
    context = union_of(previous) if previous is not None else None
    graphs = parse_documents(paths, iris, max_bytes, context, progress)
    dataset = build_dataset(iris, graphs, previous)
    progress("validating with SHACL")
    union = union_of(dataset)
    report = validate(union)
    if not report.conforms:
        raise ValidationFailed(report)
    progress("writing the store")
    nquads = dataset.serialize(format="nquads").encode("utf-8")
    try:
        before = current_version(data_dir).id
    except NotFound:
        before = None
    counts = {
        kind.rsplit("#", 1)[-1]: len(set(union.subjects(RDF.type, kind)))
        for kind in (SG.Malomrade, SG.Mal, SG.Uppdrag, SG.Program, SG.Plan, SG.Indikator, SG.Bidrag)
    }
    documents = sorted(
        {
            str(d)
            for kind in (SG.Dokument, SG.Verksamhetsplan, SG.Nyhet)
            for d in union.subjects(RDF.type, kind)
        }
    )
    counts["Dokument"] = len(documents)
    counts["triples"] = len(union)
    meta = {
        "documents": documents,
        "counts": counts,
        "base_iri": base_iri,
        "warnings": [f.describe() for f in report.warnings],
    }
    version = write_version(data_dir, nquads, meta, keep_versions)
    return IngestResult(
        version=version,
        changed=version.id != before,
        documents=[iris.entity_id(d) or d for d in documents],
        report=report,
        counts=counts,
    )
